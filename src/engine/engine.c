/* The engine's small shared pieces: the transaction wrapper, incident
 * references, times and names for people, text checks. */
#include "engine/engineInt.h"
#include "util/utf8.h"
#include "util/strnum.h"

int engine_tx(struct engine *en, int (*fn)(struct engine *en, void *arg, struct mo_err *e),
	      void *arg, struct mo_err *e)
{
	if (store_begin(en->st, e))
		return -1;
	store_actor(en->st, en->who, en->now);
	if (fn(en, arg, e)) {
		store_rollback(en->st);
		return -1;
	}
	return store_commit(en->st, e);
}

void engine_ref(int64_t id, char *out, size_t size)
{
	snprintf(out, size, "INC-%04lld", (long long)id);
}

int engine_parse_ref(const char *s, int64_t *id)
{
	long v;

	if (!s)
		return -1;
	if (strncasecmp(s, "INC-", 4) == 0)
		s += 4;
	else if (s[0] == '#')
		s++;
	if (str_to_long(s, 1, INT32_MAX, &v))
		return -1;
	*id = v;
	return 0;
}

const char *engine_afmt(struct arena *a, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	int n;
	char *out;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	if ((size_t)n < sizeof(small))
		return arena_strdup(a, small);
	out = arena_alloc(a, (size_t)n + 1);
	if (!out)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(out, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return out;
}

int engine_err_missing(int64_t id, struct mo_err *e)
{
	char ref[32];

	engine_ref(id, ref, sizeof(ref));
	mo_err_set(e, NULL, 0, 0, _("no incident %s"), ref);
	return mo_err_code(e, MO_ENOTFOUND);
}

const char *engine_level_text(struct arena *a, int level)
{
	return engine_afmt(a, "%d", level);
}

void engine_time(const struct policy *p, int64_t t, char *out, size_t size)
{
	if (t == MO_TIME_NONE) {
		snprintf(out, size, "-");
		return;
	}
	time_format_zone(t, p ? p->org.timezone : NULL, false, out, size);
}

void engine_time_rfc(const struct policy *p, int64_t t, char *out, size_t size)
{
	if (t == MO_TIME_NONE) {
		snprintf(out, size, "-");
		return;
	}
	time_format_zone(t, p ? p->org.timezone : NULL, true, out, size);
}

void engine_duration_ja(const struct duration *d, char *out, size_t size)
{
	static const char *const units[] = {
		[DUR_MINUTE] = "分", [DUR_HOUR] = "時間",  [DUR_DAY] = "日",
		[DUR_WEEK] = "週間", [DUR_MONTH] = "か月", [DUR_YEAR] = "年",
	};

	snprintf(out, size, "%ld%s", d->count,
		 (unsigned)d->unit < MO_ARRAY_SIZE(units) ? units[d->unit] : "");
}

const char *engine_category_name(const struct policy *p, const char *id)
{
	const struct mo_category *c = policy_category(p, id);

	return c && c->name ? c->name : id ? id : "";
}

int engine_text_ok(const char *what, const char *s, size_t max, bool multiline, struct mo_err *e)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);

	if (len > max)
		return mo_err_set(e, NULL, 0, 0,
				  _("\"%s\" is too long (%zu bytes, the limit is %zu)"), what, len,
				  max);
	while (*p) {
		size_t n = utf8_seq_len(p);

		if (!n)
			return mo_err_set(e, NULL, 0, 0, _("\"%s\" is not valid UTF-8 text"), what);
		if (n == 1 && (*p < 0x20 || *p == 0x7f) &&
		    !(multiline && (*p == '\n' || *p == '\t' || *p == '\r')))
			return mo_err_set(e, NULL, 0, 0, _("\"%s\" contains a control character"),
					  what);
		p += n;
	}
	return 0;
}

/* The length of an invisible line-breaking or reordering character at p,
 * or 0. */
static size_t line_control_len(const unsigned char *p)
{
	if (p[0] != 0xe2)
		return 0;
	if (p[1] == 0x80 && p[2] >= 0xa8 && p[2] <= 0xae)
		return 3; /* U+2028, U+2029, U+202A-U+202E */
	if (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
		return 3; /* U+2066-U+2069 */
	return 0;
}

char *engine_text_clean(const char *s, bool multiline)
{
	size_t len = strlen(s), o = 0;
	char *out = malloc(len + 1);

	if (!out)
		return NULL;
	for (size_t i = 0; i < len;) {
		size_t n;

		if (s[i] == '\r') {
			out[o++] = '\n';
			i += s[i + 1] == '\n' ? 2 : 1;
			continue;
		}
		if (!multiline && (n = line_control_len((const unsigned char *)s + i))) {
			i += n;
			continue;
		}
		out[o++] = s[i++];
	}
	out[o] = '\0';
	return out;
}

bool engine_text_blank(const char *s)
{
	while (*s) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		else if (strncmp(s, "\xe3\x80\x80", 3) == 0)
			s += 3;
		else
			return false;
	}
	return true;
}

bool engine_field_multiline(const struct inc_field *f)
{
	static const char *const single[] = {"title", "malware_name", "data_kinds"};

	if (f->type != FT_TEXT)
		return false;
	for (size_t i = 0; i < MO_ARRAY_SIZE(single); i++)
		if (strcmp(f->key, single[i]) == 0)
			return false;
	return true;
}
