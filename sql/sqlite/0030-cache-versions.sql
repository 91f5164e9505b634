-- Issue 16: what servers keep in memory of rows that rarely change (units),
-- and how each learns that another changed them. Every change to the table
-- named gives its row here a new random version (random, not counted: a
-- rolled-back change or a restored copy never meets a version a cache was
-- built at with other rows); a server reads the version once per request
-- and drops its copies when it differs.
CREATE TABLE cache_versions (
  name TEXT PRIMARY KEY,
  v INTEGER NOT NULL
);
INSERT INTO cache_versions (name, v) VALUES ('units', random());
CREATE TRIGGER units_cache_version_insert AFTER INSERT ON units
BEGIN
  UPDATE cache_versions SET v = random() WHERE name = 'units';
END;
CREATE TRIGGER units_cache_version_update AFTER UPDATE ON units
BEGIN
  UPDATE cache_versions SET v = random() WHERE name = 'units';
END;
CREATE TRIGGER units_cache_version_delete AFTER DELETE ON units
BEGIN
  UPDATE cache_versions SET v = random() WHERE name = 'units';
END;
