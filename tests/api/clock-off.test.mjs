// Without testing.clock_api the clock route does not exist.
import { test } from 'node:test';
import { useServer, assertError, Client } from './helpers.mjs';

const env = useServer({ demo: false });

test('the testing clock route is absent by default', async () => {
  assertError(await new Client(env.base).put('/api/v1/testing/clock', { now_ms: 1 }), 404, 'NOT_FOUND');
});
