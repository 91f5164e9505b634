/* `motcua backup DIR` and `motcua restore DIR`: everything a server needs
 * to come back after losing its machine — the database, the file store
 * (data_dir/blobs) and the signing keys (data_dir/pki) — with a manifest of
 * SHA-256 hashes; and the way back, verified, with the dossier code
 * counters moved past every code the restore can learn was handed out
 * after the backup. Layer: svc. */
#ifndef MOTCUA_SVC_SVC_BACKUP_H
#define MOTCUA_SVC_SVC_BACKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/config.h"

/* Writes a backup of the configured database, data_dir/blobs and
 * data_dir/pki into dir while a server may be running: first a consistent
 * copy of the database (db_backup_to_file), then every file of the store
 * (content-addressed and never rewritten, so every file the copy refers to
 * is there; files added meanwhile do no harm), then the keys (mode 0600),
 * and last dir/manifest.json: every file with its SHA-256 and size, the
 * motcua and schema versions, the time and the highest code of every
 * counter. dir must be empty or absent unless force (then a backup already
 * in it is brought up to date: files whose bytes match are kept). Progress
 * goes to out. Returns 0, or -1 with a message in err (a store file whose
 * bytes no longer match its name is left out and named in err, after the
 * rest of the backup is written). */
int svc_backup(const struct config *cfg, const char *dir, bool force, FILE *out, char *err,
	       size_t errlen) __attribute__((warn_unused_result));

/* Restores the backup in dir into the configured database and data_dir:
 * checks every file against the manifest (a missing or altered file is
 * named and nothing is restored); refuses a database that holds anything,
 * and key files that differ from the backup's, unless force; loads the
 * database (SQLite: into a staging copy first, so that a backup whose
 * history does not verify changes nothing), brings its schema up to date
 * and verifies the history (svc_audit_verify); copies the files and keys
 * (a file already in the store is kept if its bytes match its name);
 * checks that every file the database refers to is in the store; then
 * finds the dossier codes written in the history and in every file of the
 * store (also files that were there before: a surviving store knows the
 * codes handed out after the backup) and moves each day's counter past
 * the highest, recording what it skipped (dossier_code_voids). Progress to
 * out. Returns 0, or -1 with a message in err. */
int svc_restore(const struct config *cfg, const char *dir, bool force, FILE *out, char *err,
		size_t errlen) __attribute__((warn_unused_result));

#endif
