-- Dossier codes that a restore put out of use (issue 10, backup and
-- restore). A database restored from a backup has forgotten the codes
-- handed out after it; `motcua restore` finds those it can (in the files
-- and the history) and moves the day's counter past them, so that none is
-- handed out twice. Each range it skips is recorded here, so that `motcua
-- audit verify` can still prove that every code 1..last of a counter is
-- either a dossier or a recorded skip, and nothing went missing unseen.
CREATE TABLE dossier_code_voids (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  day INTEGER NOT NULL,
  first_seq INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL,
  CHECK (first_seq >= 1 AND last_seq >= first_seq),
  PRIMARY KEY (unit_id, day, first_seq)
);
