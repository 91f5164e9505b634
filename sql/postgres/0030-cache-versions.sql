-- Issue 16: what servers keep in memory of rows that rarely change (units),
-- and how each learns that another changed them. Every change to the table
-- named gives its row here a new random version (random, not counted: a
-- rolled-back change or a restored copy never meets a version a cache was
-- built at with other rows); a server reads the version once per request
-- and drops its copies when it differs.
CREATE TABLE cache_versions (
  name TEXT PRIMARY KEY,
  v BIGINT NOT NULL
);
INSERT INTO cache_versions (name, v) VALUES ('units', floor(random() * 9007199254740991)::bigint);
CREATE FUNCTION cache_units_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cache_versions SET v = floor(random() * 9007199254740991)::bigint WHERE name = 'units';
  RETURN NULL;
END
$$;
CREATE TRIGGER units_cache_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION cache_units_changed();
