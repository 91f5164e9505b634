/* The problems of a procedure draft as the editor shows them (issue 15):
 * each "prefix: path: message" line that svc_proc_from_json() and
 * proc_validate() write in English becomes {"field", "en", "vi"}, the field
 * its path (components[2].name.vi) and the message in both languages. The
 * Vietnamese comes from one table of the English messages, whose '*' parts
 * (a number, a value) are carried over. Layer: api. */
#include <string.h>

#include "api/views.h"

struct problem_text {
	const char *en; /* pattern: '*' matches any text, shortest first */
	const char *vi; /* each '*' gets the next captured text */
};

/* Longer patterns before the shorter ones they begin like. */
static const struct problem_text texts[] = {
	{"unknown field", "trường này không có trong mẫu dữ liệu"},
	{"required field is missing (null = to be confirmed)",
	 "bắt buộc nhập (null = mức thu chưa xác định)"},
	{"required field is missing", "bắt buộc nhập"},
	{"a string is expected", "phải là một đoạn văn bản"},
	{"contains a NUL character", "chứa ký tự NUL"},
	{"longer than * characters", "dài quá * ký tự"},
	{"a whole number is expected", "phải là một số nguyên"},
	{"true or false is expected", "phải là có hoặc không (true/false)"},
	{"a JSON object is expected", "phải là một đối tượng JSON"},
	{"an object is expected", "phải là một đối tượng"},
	{"an array is expected", "phải là một danh sách"},
	{"more than * items", "nhiều hơn * mục"},
	{"more than *", "nhiều hơn *"},
	{"use \"*\" for a limit in *", "dùng \"*\" cho thời hạn tính theo *"},
	{"the Vietnamese name is missing", "chưa có tên tiếng Việt"},
	{"the English name is missing", "chưa có tên tiếng Anh"},
	{"at least one component is required", "cần ít nhất một thành phần hồ sơ"},
	{"'*' is not one of original, certified_copy, copy, original_or_certified_copy",
	 "'*' không phải là bản chính, bản sao chứng thực, bản sao hoặc bản chính/bản sao "
	 "chứng thực"},
	{"must be from 1 to 10", "phải từ 1 đến 10"},
	{"a conditional component needs its condition in words",
	 "thành phần không bắt buộc phải ghi rõ điều kiện"},
	{"the document type is missing", "chưa có loại giấy tờ"},
	{"needs 2 to * steps, has *", "cần từ 2 đến * bước, hiện có *"},
	{"unknown role '*'", "vai trò '*' không hợp lệ"},
	{"the unit is missing", "chưa chọn đơn vị"},
	{"the share must be a positive number of *", "thời gian của bước phải là số * dương"},
	{"same-day shares sum to * hours, more than one working day (8)",
	 "tổng thời gian các bước là * giờ, quá một ngày làm việc (8 giờ)"},
	{"step shares sum to * * but the time limit is * *",
	 "tổng thời gian các bước là * * nhưng thời hạn giải quyết là * *"},
	{"must not be negative", "không được là số âm"},
	{"receipt or before_return", "thu khi tiếp nhận (receipt) hoặc trước khi trả kết quả "
				     "(before_return)"},
	{"1 to 32 of a-z and _", "từ 1 đến 32 ký tự a-z và _"},
	{"who and basis go together", "đối tượng miễn và căn cứ miễn phải có cả hai"},
	{"'*' is not a valid key (letters, digits, - . _; up to 32)",
	 "'*' không phải là mã hợp lệ (chữ, số, - . _; tối đa 32 ký tự)"},
	{"the owning unit is missing", "chưa chọn đơn vị chủ trì"},
	{"'*' is not full, partial or none", "'*' không phải là full, partial hoặc none"},
	{"'*' is not working_days, days or working_hours",
	 "'*' không phải là ngày làm việc, ngày hoặc giờ làm việc"},
	{"* is not from * to *", "* không nằm trong khoảng từ * đến *"},
	{"'*' is not a date YYYY-MM-DD", "'*' không phải là ngày dạng YYYY-MM-DD"},
	{"empty", "đang để trống"},
	{"unknown unit '*'", "không có đơn vị '*'"},
	{"'*' does not match the address '*'", "'*' không khớp với địa chỉ '*'"},
	{"given more than once", "có nhiều hơn một lần"},
};

#define MAX_CAPS 4

struct caps {
	const char *s[MAX_CAPS];
	size_t len[MAX_CAPS];
	int n;
};

/* Whether s matches pat entirely; c gets the '*' parts. */
static bool match(const char *pat, const char *s, struct caps *c)
{
	for (; *pat && *pat != '*'; pat++, s++)
		if (*pat != *s)
			return false;
	if (!*pat)
		return !*s;
	if (c->n == MAX_CAPS)
		return false;
	int k = c->n++;
	for (size_t len = 0;; len++) {
		c->s[k] = s;
		c->len[k] = len;
		if (match(pat + 1, s + len, c))
			return true;
		c->n = k + 1;
		if (!s[len])
			break;
	}
	c->n = k;
	return false;
}

/* The words of units inside an English message, in Vietnamese. */
static void add_capture(struct buf *b, const char *s, size_t len)
{
	if (len == 5 && !strncmp(s, "hours", 5))
		buf_adds(b, "giờ");
	else if (len == 4 && !strncmp(s, "days", 4))
		buf_adds(b, "ngày");
	else
		buf_add(b, s, len);
}

/* The Vietnamese of an English message; the English itself if no row
 * matches (a message added without its row shows, rather than nothing). */
static char *message_vi(struct arena *a, const char *en)
{
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		struct caps c = {0};
		if (!match(texts[i].en, en, &c))
			continue;
		struct buf b = BUF_INIT;
		int k = 0;
		for (const char *v = texts[i].vi; *v; v++)
			if (*v == '*' && k < c.n) {
				add_capture(&b, c.s[k], c.len[k]);
				k++;
			} else {
				buf_add(&b, v, 1);
			}
		char *out = arena_strdup(a, buf_str(&b));
		buf_release(&b);
		return out;
	}
	return arena_strdup(a, en);
}

json_t *view_problem(struct arena *a, const char *line)
{
	/* "prefix: path: message"; a line without a path is all message. */
	const char *p = strstr(line, ": ");
	const char *path = p ? p + 2 : line;
	const char *q = strstr(path, ": ");
	const char *msg = q ? q + 2 : path;
	json_t *o = json_object();
	json_object_set_new(o, "field", q ? json_stringn(path, (size_t)(q - path)) : json_null());
	json_object_set_new(o, "en", json_string(msg));
	json_object_set_new(o, "vi", json_string(message_vi(a, msg)));
	return o;
}
