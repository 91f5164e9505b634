#!/bin/bash
# Copies a SQLite database of motcua into an empty PostgreSQL database of
# the same schema version, table by table (COPY, triggers and foreign keys
# off while copying, identity sequences set after), so that a benchmark can
# read on PostgreSQL the very data `gen dossiers` wrote in SQLite (which
# generates ten times faster: no round trip per statement).
#
#   bash bench/sqlite-to-pg.sh FILE.db POSTGRESQL_URL [BUILD]
#
# The PostgreSQL database is migrated by BUILD/motcua (default build) and
# then emptied; the SQLite file must be at the same migration. Every column
# of each PostgreSQL table is read from the SQLite table of that name.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$1
url=$2
B=${3:-build}/motcua
$B migrate --db "$url" >/dev/null
$B migrate --db "sqlite:$src" >/dev/null
tables=$(psql "$url" -qAtc "SELECT table_name FROM information_schema.tables WHERE \
table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY 1")
psql "$url" -qAtc "TRUNCATE $(echo $tables | tr ' ' ',') CASCADE" >/dev/null
for t in $tables; do
	cols=$(psql "$url" -qAtc "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) \
FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '$t'")
	sqlite3 -csv -cmd '.nullvalue \\N' "$src" "SELECT $cols FROM $t" |
		psql "$url" -qc "SET session_replication_role = replica" \
			-c "\\copy $t ($cols) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
	printf '%s %s\n' "$t" "$(psql "$url" -qAtc "SELECT count(*) FROM $t")" >&2
done
# Identity and serial columns go on from the copied rows' largest id.
psql "$url" -qAt <<'EOF' >/dev/null
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.table_name, c.column_name FROM information_schema.columns c
           WHERE c.table_schema = 'public'
             AND pg_get_serial_sequence(c.table_name, c.column_name) IS NOT NULL LOOP
    EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), COALESCE(MAX(%I), 0) + 1, false) FROM %I',
                   r.table_name, r.column_name, r.column_name, r.table_name);
  END LOOP;
END $$;
ANALYZE;
EOF
