/* `motcua pki ...`: the demo certificate authority, and signing and
 * checking a file by hand with the configured signer (the same code the
 * server runs when a result is issued). Layer: cli. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/clock.h"
#include "base/path.h"
#include "cli/cli.h"
#include "svc/svc_documents.h"

static int read_file(const char *path, struct buf *out)
{
	if (path_read(path, SIZE_MAX, out) != 0) {
		fprintf(stderr, "motcua: cannot read %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int write_file(const char *path, const struct buf *b)
{
	char tmp[4096];
	FILE *f = path_fmt(tmp, sizeof tmp, "%s.tmp", path) == 0 ? fopen(tmp, "wb") : NULL;
	if (!f || fwrite(b->p, 1, b->len, f) != b->len || fclose(f) != 0 ||
	    rename(tmp, path) != 0) {
		fprintf(stderr, "motcua: cannot write %s\n", path);
		return -1;
	}
	return 0;
}

/* The demo agency's name in its certificate. */
static const char demo_agency[] = "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH NINH BÌNH";

int cli_pki_demo_keys(const struct config *cfg, FILE *out)
{
	char dir[2048], err[512];
	if (path_fmt(dir, sizeof dir, "%s/pki", cfg->v.data_dir) < 0) {
		fprintf(stderr, "motcua: data_dir is too long: %s\n", cfg->v.data_dir);
		return -1;
	}
	/* The folder is made first, alone: of two demos run at once only the
	 * one that made it writes the keys, never two halves of two pairs. */
	if (path_mkdir(cfg->v.data_dir, 0750) < 0 || mkdir(dir, 0700) < 0) {
		if (errno == EEXIST) {
			fprintf(out, "signing keys: %s exists, kept\n", dir);
			return 0;
		}
		fprintf(stderr, "motcua: cannot create %s: %s\n", dir, strerror(errno));
		return -1;
	}
	if (pki_init_demo(dir, demo_agency, clock_now_ms(), false, err, sizeof err) != PKI_OK) {
		fprintf(stderr, "motcua: %s\n", err);
		return -1;
	}
	fprintf(out, "signing keys: a demo CA and agency key in %s (not for production)\n", dir);
	return 0;
}

int cli_pki_init(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("pki init");
	struct config cfg;
	config_init(&cfg);
	const char *agency = demo_agency;
	bool force = false;
	size_t npos;
	struct cli_flag flags[] = {
		{"--agency", true, &agency, NULL, "the agency's name in its certificate"},
		{"--force", false, NULL, &force, "replace existing demo keys"},
	};
	CLI_PARSE(flags, 2, NULL, 0, &npos);
	char dir[2048], err[512];
	int rc = PKI_EIO;
	if (path_fmt(dir, sizeof dir, "%s/pki", cfg.v.data_dir) < 0)
		snprintf(err, sizeof err, "data_dir is too long: %s", cfg.v.data_dir);
	else
		rc = pki_init_demo(dir, agency, clock_now_ms(), force, err, sizeof err);
	if (rc == PKI_OK)
		printf("demo CA and agency certificate written to %s (ca.pem, agency.pem, "
		       "agency.key, chain.pem)\n",
		       dir);
	else
		fprintf(stderr, "motcua: %s\n", err);
	config_release(&cfg);
	return rc == PKI_OK ? EXIT_OK : EXIT_FAIL;
}

int cli_pki_sign(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("pki sign");
	struct config cfg;
	config_init(&cfg);
	const char *out_path = NULL, *reason = NULL, *pos[1];
	size_t npos = 0;
	struct cli_flag flags[] = {
		{"--out", true, &out_path, NULL, "the signed PDF, or the .p7s of any other file"},
		{"--reason", true, &reason, NULL, "the reason written in the signature"},
	};
	CLI_PARSE(flags, 2, pos, 1, &npos);
	if (npos != 1 || !out_path) {
		fprintf(stderr, "usage: motcua pki sign FILE --out FILE\n");
		config_release(&cfg);
		return EXIT_USAGE;
	}
	struct buf in = BUF_INIT, so = BUF_INIT, sig = BUF_INIT;
	struct pki_signer *s = NULL;
	char err[512];
	int rc = EXIT_FAIL;
	if (read_file(pos[0], &in) != 0)
		goto out;
	if (svc_signer_open(&cfg, &s, err, sizeof err) != PKI_OK) {
		fprintf(stderr, "motcua: %s\n", err);
		goto out;
	}
	struct svc_sign_in si = {
		.data = in.p, .len = in.len, .now_ms = clock_now_ms(), .reason = reason};
	if (svc_sign_bytes(s, &si, &so, &sig, err, sizeof err) != PKI_OK) {
		fprintf(stderr, "motcua: %s\n", err);
		goto out;
	}
	if (write_file(out_path, so.len ? &so : &sig) == 0) {
		printf("%s signed by %s (%s key): %s\n", pos[0], pki_signer_name(s),
		       pki_signer_kind(s), so.len ? "PAdES, embedded" : "detached CMS");
		rc = EXIT_OK;
	}
out:
	pki_signer_free(s);
	buf_release(&in);
	buf_release(&so);
	buf_release(&sig);
	config_release(&cfg);
	return rc;
}

int cli_pki_verify(int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("pki verify");
	struct config cfg;
	config_init(&cfg);
	const char *sig_path = NULL, *ca = NULL, *pos[1];
	size_t npos = 0;
	struct cli_flag flags[] = {
		{"--sig", true, &sig_path, NULL, "a detached signature (.p7s) of FILE"},
		{"--ca", true, &ca, NULL,
		 "trusted CA certificates (PEM; default data_dir/pki/ca.pem)"},
	};
	CLI_PARSE(flags, 2, pos, 1, &npos);
	if (npos != 1) {
		fprintf(stderr, "usage: motcua pki verify FILE [--sig SIG]\n");
		config_release(&cfg);
		return EXIT_USAGE;
	}
	char capath[2048];
	struct buf in = BUF_INIT, sig = BUF_INIT;
	struct pki_verify v;
	int rc = EXIT_FAIL;
	if (!ca && path_fmt(capath, sizeof capath, "%s/pki/ca.pem", cfg.v.data_dir) < 0) {
		fprintf(stderr, "motcua: data_dir is too long: %s\n", cfg.v.data_dir);
		goto out;
	}
	if (read_file(pos[0], &in) != 0 || (sig_path && read_file(sig_path, &sig) != 0))
		goto out;
	if (sig_path)
		pki_verify_detached(in.p, in.len, sig.p, sig.len, ca ? ca : capath, &v);
	else
		pki_verify_pdf(in.p, in.len, ca ? ca : capath, &v);
	char when[40] = "";
	if (v.signed_at)
		clock_format_local(v.signed_at, when, sizeof when);
	printf("file: %s\nsigned: %s\nvalid: %s\ncovers whole file: %s\nsigner: %s\nissuer: %s\n"
	       "serial: %s\nsigned at: %s\n",
	       pos[0], v.signed_ ? "yes" : "no", v.valid ? "yes" : "no", v.whole ? "yes" : "no",
	       v.signer, v.issuer, v.serial, when);
	if (v.problem[0])
		printf("problem: %s\n", v.problem);
	rc = v.valid && v.whole ? EXIT_OK : EXIT_FAIL;
out:
	buf_release(&in);
	buf_release(&sig);
	config_release(&cfg);
	return rc;
}
