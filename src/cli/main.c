/* motcua: the electronic one-stop shop for Vietnamese administrative
 * procedures. This file only finds the command in the table and runs it.
 * Layer: cli. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli.h"

static void usage(FILE *out)
{
	fputs("usage: motcua <command> [options]\n\ncommands:\n", out);
	for (const struct cli_command *c = cli_commands; c->name; c++)
		fprintf(out, "  %-20s %s\n", c->name, c->summary);
	fputs("\n'motcua <command> --help' describes a command.\n", out);
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fputs("motcua: cannot initialise libsodium\n", stderr);
		return EXIT_FAIL;
	}
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		puts("motcua " MOTCUA_VERSION);
		return EXIT_OK;
	}
	/* Two-word commands first ("user add"), then one word. */
	if (argc >= 3) {
		char two[64];
		snprintf(two, sizeof two, "%s %s", argv[1], argv[2]);
		const struct cli_command *c = cli_find(two);
		if (c)
			return c->run(argc - 2, argv + 2);
	}
	const struct cli_command *c = cli_find(argv[1]);
	if (!c) {
		bool group = false;
		for (const struct cli_command *k = cli_commands; k->name; k++)
			if (!strncmp(k->name, argv[1], strlen(argv[1])) &&
			    k->name[strlen(argv[1])] == ' ')
				group = true;
		if (group) {
			fprintf(stderr, "motcua: '%s' needs a subcommand:\n", argv[1]);
			for (const struct cli_command *k = cli_commands; k->name; k++)
				if (!strncmp(k->name, argv[1], strlen(argv[1])) &&
				    k->name[strlen(argv[1])] == ' ')
					fprintf(stderr, "  motcua %s %s\n", k->name, k->usage);
		} else {
			fprintf(stderr, "motcua: unknown command '%s'\n\n", argv[1]);
			usage(stderr);
		}
		return EXIT_USAGE;
	}
	return c->run(argc - 1, argv + 1);
}
