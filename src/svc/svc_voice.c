/* Voice announcements for the display board: the call phrase spoken in
 * Vietnamese by espeak-ng (voice "vi"), run as a separate program so that
 * no speech library lives in the server, and cached as a WAV file per
 * phrase under data_dir/voice/ (the name is a hash of the phrase). No cloud
 * service is involved. Layer: svc. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include "base/log.h"
#include "base/path.h"
#include "core/queue.h"
#include "base/text.h"
#include "repo/repo.h"
#include "svc/svc.h"

/* Bumped when the voice settings change, so that old files are not reused. */
#define VOICE_SETTINGS "espeak-ng -v vi -s 140"

static int ensure_dir(const char *path)
{
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return 0;
	log_error("cannot create %s: %s", path, strerror(errno));
	return -1;
}

/* Runs espeak-ng writing wav; 0 if it exited 0. */
static int speak(const char *phrase, const char *wav)
{
	pid_t pid = fork();
	if (pid < 0) {
		log_error("cannot start espeak-ng: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDWR);
		if (devnull >= 0) {
			dup2(devnull, 0);
			dup2(devnull, 1);
			dup2(devnull, 2);
		}
		signal(SIGPIPE, SIG_DFL);
		execlp("espeak-ng", "espeak-ng", "-v", "vi", "-s", "140", "-w", wav, "--", phrase,
		       (char *)NULL);
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			log_error("waiting for espeak-ng: %s", strerror(errno));
			return -1;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		log_error("espeak-ng failed (status %d%s)",
			  WIFEXITED(status) ? WEXITSTATUS(status) : -1,
			  WIFEXITED(status) && WEXITSTATUS(status) == 127 ? ": not installed" : "");
		return -1;
	}
	return 0;
}

/* The cache file's name for phrase; -1 if it does not fit. */
static int cache_path(const char *data_dir, const char *phrase, char *dir, size_t dirlen, char *hex,
		      char *path, size_t pathlen)
{
	if (path_fmt(dir, dirlen, "%s/voice", data_dir) < 0) {
		log_error("voice cache: data_dir is too long: %s", data_dir);
		return -1;
	}
	unsigned char h[16];
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)VOICE_SETTINGS,
				  strlen(VOICE_SETTINGS) + 1);
	crypto_generichash_update(&st, (const unsigned char *)phrase, strlen(phrase));
	crypto_generichash_final(&st, h, sizeof h);
	text_hex(h, sizeof h, hex);
	if (path_fmt(path, pathlen, "%s/%s.wav", dir, hex) < 0) {
		log_error("voice cache: path too long: %s", path);
		return -1;
	}
	return 0;
}

struct svc_result svc_queue_voice(struct db *db, const char *data_dir, const char *number,
				  int counter, char *path, size_t pathlen)
{
	char phrase[160], dir[1024], hex[33];
	if (queue_call_phrase(number, counter, phrase, sizeof phrase) < 0)
		return (struct svc_result){ERR_NOT_FOUND, NULL, NULL};
	struct stat sb;
	if (cache_path(data_dir, phrase, dir, sizeof dir, hex, path, pathlen) == 0 &&
	    stat(path, &sb) == 0 && sb.st_size > 44)
		return (struct svc_result){ERR_NONE, NULL, NULL};
	bool called = false;
	int rc = repo_queue_was_called(db, number, counter, &called);
	if (rc < 0)
		return svc_txn_result(db, rc);
	if (!called)
		return (struct svc_result){ERR_NOT_FOUND, NULL, "no such call"};
	if (svc_voice_wav(data_dir, phrase, path, pathlen) < 0)
		return (struct svc_result){ERR_VOICE_UNAVAILABLE, NULL, NULL};
	return (struct svc_result){ERR_NONE, NULL, NULL};
}

int svc_voice_wav(const char *data_dir, const char *phrase, char *path, size_t pathlen)
{
	if (!phrase || !*phrase || strlen(phrase) > 400 || !text_utf8_valid(phrase, strlen(phrase)))
		return -1;
	char dir[1024], hex[33];
	if (cache_path(data_dir, phrase, dir, sizeof dir, hex, path, pathlen) < 0)
		return -1;
	struct stat sb;
	if (stat(path, &sb) == 0 && sb.st_size > 44)
		return 0; /* cached */
	if (ensure_dir(data_dir) < 0 || ensure_dir(dir) < 0)
		return -1;
	/* Written under a private name and renamed: a reader never sees half a file. */
	static _Atomic unsigned seq;
	char tmp2[1200];
	if (path_fmt(tmp2, sizeof tmp2, "%s/.%s.%ld.%u.tmp", dir, hex, (long)getpid(), seq++) < 0) {
		log_error("voice cache: path too long: %s", tmp2);
		return -1;
	}
	if (speak(phrase, tmp2) < 0) {
		unlink(tmp2);
		return -1;
	}
	if (stat(tmp2, &sb) < 0 || sb.st_size <= 44) {
		log_error("espeak-ng wrote no sound for the phrase");
		unlink(tmp2);
		return -1;
	}
	if (rename(tmp2, path) < 0) {
		log_error("cannot rename %s: %s", tmp2, strerror(errno));
		unlink(tmp2);
		return -1;
	}
	return 0;
}
