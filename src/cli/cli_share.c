/* Finding the files motcua ships (the web pages, and data/: the seed
 * catalogue, the official calendars, the common passwords) when it is not
 * started from the checkout (issue 15): a relative default such as "web"
 * or "data" is looked for in the working directory, then beside the
 * binary's folder (build/motcua of a checkout: ../web), then in the
 * install prefix (bin/motcua: ../share/motcua/web), then in the data
 * folder meson installs to. A path the operator gave (command line or
 * configuration file) is used as given. Layer: cli.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/path.h"
#include "cli/cli.h"

#ifndef MOTCUA_SHARE_DIR
#define MOTCUA_SHARE_DIR "/usr/local/share/motcua"
#endif

/* Whether rel/probe exists under base ("" = the working directory). */
static bool has(const char *base, const char *rel, const char *probe, char *out, size_t len)
{
	char p[PATH_MAX];
	struct stat st;
	int rc = *base ? path_fmt(out, len, "%s/%s", base, rel) : path_fmt(out, len, "%s", rel);
	if (rc < 0)
		return false;
	if (probe && *probe) {
		if (path_fmt(p, sizeof p, "%s/%s", out, probe) < 0)
			return false;
	} else if (path_fmt(p, sizeof p, "%s", out) < 0)
		return false;
	return stat(p, &st) == 0;
}

int cli_share_path(const char *rel, const char *probe, char *out, size_t len)
{
	if (rel[0] == '/')
		return has("", rel, probe, out, len) ? 0 : -1;
	if (has("", rel, probe, out, len))
		return 0;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0; /* the binary's folder */
			char up[PATH_MAX];
			if (path_fmt(up, sizeof up, "%s/..", exe) == 0 &&
			    (has(up, rel, probe, out, len) ||
			     (path_fmt(up, sizeof up, "%s/../share/motcua", exe) == 0 &&
			      has(up, rel, probe, out, len))))
				return 0;
		}
	}
	if (has(MOTCUA_SHARE_DIR, rel, probe, out, len))
		return 0;
	if (path_fmt(out, len, "%s", rel) < 0)
		out[0] = 0;
	return -1;
}

/* One option whose default names a shipped file: found, or an error. */
static int locate_option(struct config *cfg, const char *name, const char *probe, const char *who)
{
	int i = config_find(name);
	if (i < 0 || strcmp(cfg->sources[i], "default") != 0 || !*cfg->values[i])
		return 0;
	char found[PATH_MAX];
	if (cli_share_path(cfg->values[i], probe, found, sizeof found) < 0) {
		fprintf(stderr,
			"motcua %s: cannot find %s (%s) in the working folder, beside the "
			"binary or in %s; give --%s\n",
			who, cfg->values[i], name, MOTCUA_SHARE_DIR, name);
		return -1;
	}
	if (!strcmp(found, cfg->values[i]))
		return 0; /* where it was said to be */
	struct buf e = BUF_INIT;
	int rc = config_set(cfg, name, found, "found beside the binary", &e);
	if (rc < 0)
		fprintf(stderr, "motcua %s: %s\n", who, buf_str(&e));
	buf_release(&e);
	return rc;
}

int cli_locate_shipped(struct config *cfg, const char *who)
{
	if (locate_option(cfg, "web_root", "index.html", who) < 0 ||
	    locate_option(cfg, "password.common_file", NULL, who) < 0)
		return -1;
	return 0;
}
