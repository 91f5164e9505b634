/* The embedded migrations (generated from sql/ at build time). Layer: db. */
#ifndef MOTCUA_DB_MIGRATIONS_H
#define MOTCUA_DB_MIGRATIONS_H

struct db_migration {
	int version; /* 0 ends the list */
	const char *name;
	const char *sql;
};

extern const struct db_migration db_migrations_sqlite[];
extern const struct db_migration db_migrations_postgres[];

#endif
