-- The officers' inbox at a million dossiers (issue 4's inbox target).
-- dossiers_open_due holds only the open dossiers (the inbox's states), in
-- the inbox's order: the due time (the extended due time, else the
-- appointment, else the current step's due time; those without any last, by
-- the largest 64-bit integer, so one index walk gives the order and a
-- page's LIMIT stops early), then the id. It carries every column the
-- visibility and box conditions read, so the counts never touch the table.
-- repo_dossiers.c's OPEN_STATES and DUE_EXPR must stay textually the same
-- as this WHERE and this expression, or the planner will not use it.
-- dossiers_open_who, over the same rows, is keyed by who may see a dossier
-- (state, assignee, step unit, step role): the counts add up disjoint parts
-- (assigned to me; my unit's pool; one box each for a whole agency), each a
-- range of it or of dossiers_open_due, instead of testing every open row.
-- Its WHERE names the closed states instead of the open ones: the counts
-- say both, the page only the open ones, so that the page cannot take its
-- seek on state (which, without statistics, the planner thinks narrow) and
-- sort a quarter of a million rows. dossiers_assignee and
-- dossiers_step_unit served only the inbox, over every dossier ever
-- received; they go. dossiers_state_due (state, due_at) goes too: without
-- statistics SQLite's planner takes its six IN lookups as cheaper than the
-- walk above and sorts a quarter of a million rows; the worker's due-soon
-- scan (repo_worker_due) gets its own partial index, whose WHERE is that
-- query's.
CREATE INDEX dossiers_open_due ON dossiers (
  COALESCE(extended_due_at, due_at, step_due_at, 9223372036854775807), id,
  state, assignee_id, step_unit_id, step_role, approved, extension, procedure_code,
  extended_due_at, due_at, step_due_at)
  WHERE state IN ('submitted', 'received', 'in_process', 'awaiting_supplement',
    'awaiting_payment', 'result_ready');
CREATE INDEX dossiers_open_who ON dossiers (state, assignee_id, step_unit_id, step_role,
  extended_due_at, due_at, step_due_at)
  WHERE state NOT IN ('refused', 'withdrawn', 'stopped', 'returned');
DROP INDEX dossiers_assignee;
DROP INDEX dossiers_step_unit;
DROP INDEX dossiers_state_due;
CREATE INDEX dossiers_due_working ON dossiers (due_at, id)
  WHERE state IN ('received', 'in_process');
