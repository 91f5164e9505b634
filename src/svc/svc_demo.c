/* Demo data: the Industrial Zones Management Board of Ninh Bình (of Hà Nam
 * until the provinces merged on 1 July 2025, a name it keeps for then) with its
 * departments, one user per role and the seed catalogue from data/. Safe to
 * run twice: what exists is kept. Layer: svc. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/path.h"
#include "core/roles.h"
#include "repo/repo_forms.h"
#include "svc/svc.h"

static const struct unit demo_units[] = {
	{0, "BQL", "000.17.22.H56", "Ban Quản lý các khu công nghiệp tỉnh Ninh Bình",
	 "Ninh Binh Industrial Zones Management Board", NULL, 0},
	{0, "VP", "000.17.22.H56.01", "Văn phòng", "Office", NULL, 0, "0229 3 852 701"},
	{0, "QLDT", "000.17.22.H56.02", "Phòng Quản lý Đầu tư", "Investment Management Division",
	 NULL, 0},
	{0, "QHXD", "000.17.22.H56.03", "Phòng Quản lý Quy hoạch và Xây dựng",
	 "Planning and Construction Management Division", NULL, 0},
	{0, "QLMT", "000.17.22.H56.04", "Phòng Quản lý Môi trường",
	 "Environment Management Division", NULL, 0},
	{0, "DNLD", "000.17.22.H56.05", "Phòng Quản lý Doanh nghiệp và Lao động",
	 "Enterprise and Labour Management Division", NULL, 0, "0229 3 852 705"},
};

static const struct {
	const char *username, *full_name, *unit;
	unsigned roles;
} demo_users[] = {
	{"admin", "Quản trị hệ thống", "BQL", ROLE_ADMIN},
	{"tiepnhan", "Nguyễn Thị Lan", "VP", ROLE_RECEIVER},
	{"chuyenvien", "Trần Văn Minh", "DNLD", ROLE_SPECIALIST},
	{"truongphong", "Lê Thị Hương", "DNLD", ROLE_HEAD},
	/* A specialist and a head in every other division a procedure of the
	 * seed routes to, so that each of the 24 goes past the desk. */
	{"chuyenvien.qldt", "Vũ Đức Thắng", "QLDT", ROLE_SPECIALIST},
	{"truongphong.qldt", "Ngô Thị Mai", "QLDT", ROLE_HEAD},
	{"chuyenvien.qhxd", "Bùi Văn Tùng", "QHXD", ROLE_SPECIALIST},
	{"truongphong.qhxd", "Đặng Thị Hà", "QHXD", ROLE_HEAD},
	{"chuyenvien.qlmt", "Phan Văn Long", "QLMT", ROLE_SPECIALIST},
	{"truongphong.qlmt", "Trịnh Thị Thu", "QLMT", ROLE_HEAD},
	{"lanhdao", "Phạm Quốc Hùng", "BQL", ROLE_LEADER},
	{"vanphong", "Đỗ Thu Trang", "VP", ROLE_OFFICE},
	{"congdan", "Hoàng Văn An", NULL, ROLE_CITIZEN},
};

/* The board's name before the merger: Hà Nam joined Ninh Bình on 1 July
 * 2025 (00:00, UTC+7). Forms of a dossier of that time print it. */
#define MERGER_MS 1751302800000LL
static const struct unit_name board_before = {
	0, MERGER_MS, "Ban Quản lý các khu công nghiệp tỉnh Hà Nam",
	"Ha Nam Industrial Zones Management Board", "UBND tỉnh Hà Nam"};

/* The board named as it is now, its former name kept (a demo database
 * made before the merger was known is renamed in place). */
static int board_name(struct db *db, struct unit *have)
{
	struct unit_name n = board_before;
	n.unit_id = have->id;
	int rc = repo_unit_name_insert(db, &n);
	if (rc == DB_OK && !strcmp(have->name_vi, board_before.name_vi)) {
		have->name_vi = demo_units[0].name_vi;
		have->name_en = demo_units[0].name_en;
		rc = repo_unit_update(db, have);
	}
	return rc;
}

static int units_txn(struct db *db, void *arg)
{
	(void)arg;
	struct arena a;
	arena_init(&a);
	int rc = DB_OK;
	int64_t board = 0;
	for (size_t i = 0; rc == DB_OK && i < sizeof demo_units / sizeof demo_units[0]; i++) {
		struct unit u = demo_units[i], have;
		rc = repo_unit_by_code(db, &a, u.code, &have);
		if (rc == DB_OK) {
			if (i == 0) {
				board = have.id;
				rc = board_name(db, &have);
			}
			continue;
		}
		if (rc != DB_NOT_FOUND)
			break;
		u.parent_id = i == 0 ? 0 : board;
		rc = repo_unit_insert(db, &u, clock_now_ms(), i == 0 ? &board : NULL);
		if (rc == DB_OK && i == 0) {
			u.id = board;
			rc = board_name(db, &u);
		}
	}
	arena_release(&a);
	return rc;
}

static int load_catalogue(struct db *db, const char *data_dir, FILE *out)
{
	char dir[1024];
	if (path_fmt(dir, sizeof dir, "%s/catalogue", data_dir) < 0) {
		fprintf(stderr, "motcua: path too long: %s/catalogue\n", data_dir);
		return -1;
	}
	/* Every file: a fixed list once kept the first 256 that readdir()
	 * happened to give, and left the other procedures out in silence. */
	char **names;
	size_t n;
	if (path_list(dir, ".json", &names, &n) < 0) {
		fprintf(stderr, "motcua: cannot open %s\n", dir);
		return -1;
	}
	struct arena a;
	arena_init(&a);
	struct problems pr;
	problems_init(&pr, &a);
	struct procedure *procs = arena_zalloc(&a, (n + 1) * sizeof *procs);
	json_t **docs = arena_zalloc(&a, (n + 1) * sizeof *docs);
	size_t np = 0;
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		char path[1400];
		json_error_t je;
		if (path_fmt(path, sizeof path, "%s/%s", dir, names[i]) < 0) {
			problems_add(&pr, "%s: path too long", names[i]);
			continue;
		}
		docs[i] = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
		if (!docs[i]) {
			problems_add(&pr, "%s: line %d: %s", names[i], je.line, je.text);
			continue;
		}
		struct procedure p;
		svc_proc_from_json(docs[i], names[i], &a, &p, &pr);
		/* Keep what the database already has: demo data is loaded once. */
		struct procedure have;
		struct arena tmp;
		arena_init(&tmp);
		int got = p.code ? repo_proc_get(db, &tmp, p.code, 1, clock_now_ms(), &have) : -1;
		arena_release(&tmp);
		if (got == DB_OK)
			continue;
		procs[np++] = p;
	}
	size_t imported = 0;
	if (pr.n == 0 && np > 0) {
		struct svc_result r = svc_catalogue_import(db, &a, procs, np, 0, &pr, &imported);
		if (r.code != ERR_NONE && pr.n == 0)
			problems_add(&pr, "database: %s", r.detail ? r.detail : "error");
	}
	if (pr.n) {
		for (size_t i = 0; i < pr.n; i++)
			fprintf(stderr, "motcua: %s\n", pr.items[i]);
		rc = -1;
	} else {
		fprintf(out, "catalogue: %zu procedures imported, %zu already present\n", imported,
			n - np);
	}
	for (size_t i = 0; i < n; i++)
		json_decref(docs[i]);
	path_list_free(names, n);
	arena_release(&a);
	return rc;
}

/* The board's one-stop desk (BQL): a service per field and one for
 * returning results, and three counters the demo receiver may sit at, so
 * that the kiosk (#/kiosk/BQL) and the display (#/display/BQL) work at
 * once. Tests set up their own desk at VP. */
static const struct {
	const char *prefix, *vi, *en;
} demo_services[] = {
	{"A", "Đầu tư", "Investment"},
	{"B", "Lao động, việc làm", "Labour and employment"},
	{"C", "Xây dựng", "Construction"},
	{"D", "Môi trường", "Environment"},
	{"E", "Trả kết quả", "Collecting results"},
};

static int load_desk(struct db *db, FILE *out)
{
	struct arena a;
	arena_init(&a);
	int64_t ids[sizeof demo_services / sizeof demo_services[0]];
	size_t nids = 0, created = 0;
	int rc = 0;
	for (size_t i = 0; i < sizeof demo_services / sizeof demo_services[0]; i++) {
		struct queue_service in = {.prefix = demo_services[i].prefix,
					   .name_vi = demo_services[i].vi,
					   .name_en = demo_services[i].en,
					   .active = true},
				     got;
		struct svc_result r = svc_queue_service_create(db, &a, "BQL", &in, &got);
		if (r.code == ERR_NONE) {
			ids[nids++] = got.id;
			created++;
		} else if (r.code != ERR_QUEUE_PREFIX_TAKEN) {
			fprintf(stderr, "motcua: cannot create demo queue service %s: %s\n",
				in.prefix, r.detail ? r.detail : err_lookup(r.code)->en);
			rc = -1;
			goto out;
		}
	}
	if (created == 0) {
		fprintf(out, "desk: already set up, kept\n");
		goto out;
	}
	static const char *const officers[] = {"tiepnhan"};
	for (int number = 1; number <= 3; number++) {
		char name[32];
		snprintf(name, sizeof name, "Quầy %d", number);
		struct svc_queue_counter_in c = {.number = number,
						 .name = name,
						 .active = true,
						 .services = ids,
						 .nservices = nids,
						 .officers = officers,
						 .nofficers = 1};
		struct queue_counter got;
		struct svc_result r = svc_queue_counter_save(db, &a, "BQL", &c, &got);
		if (r.code != ERR_NONE && r.code != ERR_QUEUE_COUNTER_NUMBER_TAKEN) {
			fprintf(stderr, "motcua: cannot create demo counter %d: %s\n", number,
				r.detail ? r.detail : err_lookup(r.code)->en);
			rc = -1;
			goto out;
		}
	}
	fprintf(out,
		"desk: %zu services and 3 counters at BQL (kiosk #/kiosk/BQL, display "
		"#/display/BQL)\n",
		created);
out:
	arena_release(&a);
	return rc;
}

int svc_demo_load(struct db *db, const char *data_dir, const char *password, FILE *out)
{
	if (db_run_txn(db, units_txn, NULL, DB_TXN_ATTEMPTS) < 0) {
		fprintf(stderr, "motcua: cannot create demo units: %s\n", db_errmsg(db));
		return -1;
	}
	fprintf(out, "units: %zu (board and departments)\n",
		sizeof demo_units / sizeof demo_units[0]);
	for (size_t i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++) {
		char generated[24];
		const char *pw = password;
		if (!pw) {
			unsigned char raw[9];
			randombytes_buf(raw, sizeof raw);
			sodium_bin2base64(generated, sizeof generated, raw, sizeof raw,
					  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
			pw = generated;
		}
		int64_t id;
		struct svc_result r =
			svc_user_create(db, demo_users[i].username, demo_users[i].full_name,
					demo_users[i].unit, demo_users[i].roles, pw, &id);
		if (r.code == ERR_USERNAME_TAKEN) {
			fprintf(out, "user %-12s exists, kept\n", demo_users[i].username);
			continue;
		}
		if (r.code != ERR_NONE) {
			fprintf(stderr, "motcua: cannot create user %s: %s\n",
				demo_users[i].username,
				r.detail ? r.detail : err_lookup(r.code)->en);
			return -1;
		}
		if (demo_users[i].roles & ROLE_CITIZEN) {
			/* The demo citizen is a person with a (fictitious) citizen ID,
			 * checked as if at the desk, so the portal shows a data store. */
			if (repo_user_set_identity(db, id, "person", "001090012345",
						   "congdan@example.vn") < 0 ||
			    repo_user_verify(db, id, "person", "001090012345", "desk", 0,
					     "demo data", clock_now_ms()) < 0)
				return -1;
		}
		fprintf(out, "user %-12s role %-10s password %s\n", demo_users[i].username,
			role_name(demo_users[i].roles), password ? "(as given)" : pw);
		sodium_memzero(generated, sizeof generated);
	}
	if (load_desk(db, out) < 0)
		return -1;
	if (svc_calendar_load_dir(db, data_dir, out) < 0)
		return -1;
	return load_catalogue(db, data_dir, out);
}
