// Any hash route that no page claims.
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';

export async function render(ctx) {
  ctx.setTitle(t('notFound.title'));
  replace(ctx.main,
    h('h1', null, t('notFound.title')),
    h('p', null, t('notFound.text')),
    h('p', null, h('a', { href: '#/' }, t('notFound.back'))));
}
