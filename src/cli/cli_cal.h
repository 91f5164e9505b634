/*
 * cli_cal.h — `motcua cal`: the calendar from the command line (lunar and
 * solar conversion, days off of a year, due times). Layer: cli/.
 */
#ifndef MOTCUA_CLI_CAL_H
#define MOTCUA_CLI_CAL_H

/* Run `motcua cal ...`: argv[0] is "cal", argv[1] the subcommand (lunar,
 * solar, holidays, due). Writes results to stdout and messages to stderr.
 * Returns the process exit code: 0 success, 1 failure (a file that cannot be
 * read or parsed), 2 usage error (malformed date, unknown limit unit, year out
 * of range, overlapping periods, a pause ending before it starts...). */
int cli_cal(int argc, char **argv);

#endif /* MOTCUA_CLI_CAL_H */
