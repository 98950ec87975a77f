/* Reading a report: an incident as JSON (DESIGN.md), checked strictly —
 * unknown keys, wrong types, unknown categories or signs, dates that are
 * not RFC 3339, a missing title are errors that name the key. */
#include "engine/engineInt.h"
#include "util/phone.h"

#define TITLE_MAX 1000
#define TEXT_MAX 65536
/* A discovery "in the future" beyond this is a wrong clock or a typo. */
#define CLOCK_SLACK 600

struct ctx {
	const struct policy *p;
	const char *name;
	int64_t now;
	struct inc *inc;
	struct mo_err *e;
};

static int bad(struct ctx *c, const char *key, const char *what)
{
	/* A JSON key and what is wrong with its value, such as
	 * "title": must be a string. */
	return mo_err_set(c->e, c->name, 0, 0, _("\"%s\": %s"), key, what);
}

/* A JSON string without NUL bytes as a C string; NULL for JSON null. */
static int get_text(struct ctx *c, const char *key, json_t *v, size_t max, bool multiline,
		    const char **out)
{
	const char *s;

	if (json_is_null(v)) {
		*out = NULL;
		return 0;
	}
	if (!json_is_string(v))
		return bad(c, key, _("must be a string"));
	s = json_string_value(v);
	if (strlen(s) != json_string_length(v))
		return bad(c, key, _("must not contain NUL characters"));
	if (engine_text_ok(key, s, max, multiline, c->e)) {
		snprintf(c->e->file, sizeof(c->e->file), "%s", c->name);
		return -1;
	}
	{
		/* Stored as engine_text_clean makes it (LF line ends; one-line
		 * text without bidi controls and separators). */
		char *clean = engine_text_clean(s, multiline);

		*out = clean ? inc_strdup(c->inc, clean) : NULL;
		free(clean);
	}
	if (!*out)
		return mo_err_oom(c->e, c->name);
	return 0;
}

static int get_bool(struct ctx *c, const char *key, json_t *v, int *out)
{
	if (json_is_null(v))
		*out = MO_TRI_NONE;
	else if (json_is_boolean(v))
		*out = json_is_true(v) ? 1 : 0;
	else
		return bad(c, key, _("must be true, false or null"));
	return 0;
}

static int get_time(struct ctx *c, const char *key, json_t *v, int64_t *out)
{
	if (json_is_null(v)) {
		*out = MO_TIME_NONE;
		return 0;
	}
	if (!json_is_string(v) ||
	    time_parse_input(json_string_value(v), c->p->org.timezone, c->now, out))
		return bad(
			c, key,
			_("must be a date and time such as 2026-11-22T10:00:00+09:00 or 2026/11/22 10:00"));
	return 0;
}

/* A field of model.h's table, by its type. */
static int set_field(struct ctx *c, const struct inc_field *f, const char *path, json_t *v)
{
	char *slot = (char *)c->inc + f->offset;

	switch (f->type) {
	case FT_TEXT: {
		bool title = strcmp(f->key, "title") == 0;

		if (get_text(c, path, v, title ? TITLE_MAX : TEXT_MAX, !title, (const char **)slot))
			return -1;
		if (!*(const char **)slot && strcmp(f->key, "description") == 0)
			*(const char **)slot = "";
		return 0;
	}
	case FT_COUNT:
		if (json_is_null(v)) {
			*(long long *)slot = MO_COUNT_NONE;
			return 0;
		}
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			return bad(c, path, _("must be a whole number of 0 or more"));
		*(long long *)slot = json_integer_value(v);
		return 0;
	case FT_TRI:
		return get_bool(c, path, v, (int *)slot);
	case FT_TIME:
		return get_time(c, path, v, (int64_t *)slot);
	}
	return bad(c, path, "?");
}

static int names_of(struct buf *b, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (buf_adds(b, i ? ", " : "") || buf_adds(b, names[i]))
			return -1;
	return 0;
}

static int parse_category(struct ctx *c, const char *key, json_t *v)
{
	const char *id;

	if (!json_is_string(v))
		return bad(c, key, _("must be a category id of the policy"));
	id = json_string_value(v);
	if (!policy_category(c->p, id)) {
		struct buf b;
		const char *ids[64];
		size_t n = 0;

		for (size_t i = 0; i < c->p->n_categories && n < MO_ARRAY_SIZE(ids); i++)
			ids[n++] = c->p->categories[i].id;
		buf_init(&b, 4096);
		(void)names_of(&b, ids, n);
		mo_err_set(c->e, c->name, 0, 0, _("\"%s\": unknown category \"%s\" (known: %s)"),
			   key, id, buf_str(&b));
		buf_release(&b);
		return -1;
	}
	c->inc->category = inc_strdup(c->inc, id);
	return c->inc->category ? 0 : mo_err_oom(c->e, c->name);
}

static int parse_sign(struct ctx *c, const char *key, json_t *v)
{
	const char *id;

	if (json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return bad(c, key, _("must be a sign id of the policy"));
	id = json_string_value(v);
	for (size_t i = 0; i < c->p->n_signs; i++) {
		if (strcmp(c->p->signs[i].id, id) == 0) {
			c->inc->sign = c->p->signs[i].id;
			return 0;
		}
	}
	return mo_err_set(c->e, c->name, 0, 0, _("\"%s\": unknown sign \"%s\""), key, id);
}

static int parse_discovered(struct ctx *c, const char *key, json_t *v)
{
	return get_time(c, key, v, &c->inc->discovered_at);
}

static int parse_reporter(struct ctx *c, const char *key, json_t *v)
{
	const char *k;
	json_t *x;

	if (json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return bad(c, key, _("must be an object with name, contact and external"));
	json_object_foreach(v, k, x)
	{
		char path[160];

		snprintf(path, sizeof(path), "%s.%s", key, k);
		if (strcmp(k, "name") == 0) {
			if (get_text(c, path, x, TITLE_MAX, false, &c->inc->reporter_name))
				return -1;
		} else if (strcmp(k, "contact") == 0) {
			char phone[256];

			if (get_text(c, path, x, TITLE_MAX, true, &c->inc->reporter_contact))
				return -1;
			/* A contact may take lines, but none of the invisible
			 * characters that reorder what is shown next to it. */
			if (c->inc->reporter_contact) {
				char *clean = engine_text_clean(c->inc->reporter_contact, false);

				c->inc->reporter_contact = clean ? inc_strdup(c->inc, clean) : NULL;
				free(clean);
				if (!c->inc->reporter_contact)
					return mo_err_oom(c->e, c->name);
			}
			/* 090－１２３４－５６７８ typed on a phone is a number. */
			if (c->inc->reporter_contact &&
			    phone_normalize(c->inc->reporter_contact, phone, sizeof(phone)) == 1 &&
			    !(c->inc->reporter_contact = inc_strdup(c->inc, phone)))
				return mo_err_oom(c->e, c->name);
		} else if (strcmp(k, "external") == 0) {
			int b;

			if (get_bool(c, path, x, &b))
				return -1;
			c->inc->reporter_external = b == 1;
		} else {
			return mo_err_set(c->e, c->name, 0, 0,
					  _("\"%s\": unknown key (known: name, contact, external)"),
					  path);
		}
	}
	return 0;
}

static const struct {
	const char *key;
	unsigned bit;
} impacts[] = {
	{"customers", IMPACT_CUSTOMERS},
	{"personal_data", IMPACT_PERSONAL_DATA},
	{"business", IMPACT_BUSINESS},
	{"employees", IMPACT_EMPLOYEES},
};

static int parse_impact(struct ctx *c, const char *key, json_t *v)
{
	const char *k;
	json_t *x;

	if (json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return bad(c, key, _("must be an object of true/false answers"));
	json_object_foreach(v, k, x)
	{
		char path[160];
		bool known = false;
		int b;

		snprintf(path, sizeof(path), "%s.%s", key, k);
		for (size_t i = 0; i < MO_ARRAY_SIZE(impacts) && !known; i++) {
			if (strcmp(impacts[i].key, k) != 0)
				continue;
			known = true;
			if (get_bool(c, path, x, &b))
				return -1;
			if (b == 1)
				c->inc->impact |= impacts[i].bit;
			else
				c->inc->impact &= ~impacts[i].bit;
		}
		if (!known)
			return mo_err_set(c->e, c->name, 0, 0,
					  _("\"%s\": unknown key (known: customers, personal_data, "
					    "business, employees)"),
					  path);
	}
	return 0;
}

static int parse_facts(struct ctx *c, const char *key, json_t *v)
{
	const char *k;
	json_t *x;

	if (json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return bad(c, key, _("must be an object"));
	json_object_foreach(v, k, x)
	{
		const struct inc_field *f = inc_field_find(k);
		char path[160];

		snprintf(path, sizeof(path), "%s.%s", key, k);
		if (!f || !(f->flags & FF_FACT)) {
			struct buf b;

			buf_init(&b, 4096);
			for (size_t i = 0; i < inc_fields_count; i++)
				if ((inc_fields[i].flags & FF_FACT) &&
				    (buf_adds(&b, b.len ? ", " : "") ||
				     buf_adds(&b, inc_fields[i].key)))
					break;
			mo_err_set(c->e, c->name, 0, 0, _("\"%s\": unknown fact (known: %s)"), path,
				   buf_str(&b));
			buf_release(&b);
			return -1;
		}
		if (set_field(c, f, path, x))
			return -1;
	}
	return 0;
}

static const struct {
	const char *key;
	int (*parse)(struct ctx *c, const char *key, json_t *v);
} top[] = {
	{"category", parse_category}, {"sign", parse_sign},	{"discovered_at", parse_discovered},
	{"reporter", parse_reporter}, {"impact", parse_impact}, {"facts", parse_facts},
};

static int parse_key(struct ctx *c, const char *k, json_t *v)
{
	const struct inc_field *f;

	for (size_t i = 0; i < MO_ARRAY_SIZE(top); i++)
		if (strcmp(top[i].key, k) == 0)
			return top[i].parse(c, k, v);
	f = inc_field_find(k);
	if (f && (f->flags & FF_RECORD))
		return set_field(c, f, k, v);
	{
		struct buf b;

		buf_init(&b, 4096);
		for (size_t i = 0; i < MO_ARRAY_SIZE(top); i++)
			if (buf_adds(&b, b.len ? ", " : "") || buf_adds(&b, top[i].key))
				break;
		for (size_t i = 0; i < inc_fields_count; i++)
			if ((inc_fields[i].flags & FF_RECORD) &&
			    (buf_adds(&b, ", ") || buf_adds(&b, inc_fields[i].key)))
				break;
		mo_err_set(c->e, c->name, 0, 0, _("\"%s\": unknown key (known: %s)"), k,
			   buf_str(&b));
		buf_release(&b);
	}
	return -1;
}

static int finish(struct ctx *c)
{
	struct inc *inc = c->inc;

	if (!inc->title || engine_text_blank(inc->title))
		return mo_err_set(c->e, c->name, 0, 0, _("\"title\" is required"));
	if (!inc->category && inc->sign) {
		for (size_t i = 0; i < c->p->n_signs; i++)
			if (strcmp(c->p->signs[i].id, inc->sign) == 0)
				inc->category = c->p->signs[i].category;
	}
	if (!inc->category)
		return mo_err_set(c->e, c->name, 0, 0,
				  _("\"category\" is required (a category id of the policy)"));
	if (!policy_category(c->p, inc->category))
		return mo_err_set(c->e, c->name, 0, 0,
				  _("\"sign\": its category \"%s\" is unknown"), inc->category);
	if (inc->discovered_at == MO_TIME_NONE)
		inc->discovered_at = c->now;
	if (inc->discovered_at > c->now + CLOCK_SLACK)
		return mo_err_set(c->e, c->name, 0, 0, _("\"discovered_at\" is in the future"));
	if (inc->occurred_at != MO_TIME_NONE && inc->occurred_at > inc->discovered_at)
		return mo_err_set(c->e, c->name, 0, 0,
				  _("\"occurred_at\" cannot be after \"discovered_at\""));
	if (inc->reporter_external == 1 && (!inc->reporter_contact || !*inc->reporter_contact))
		return mo_err_set(c->e, c->name, 0, 0,
				  _("\"reporter.contact\" is required for an external report (note "
				    "the reporter's contact)"));
	return 0;
}

int engine_report_parse(const struct policy *p, const char *json, size_t len, const char *name,
			int64_t now, struct inc *inc, struct mo_err *e)
{
	struct ctx c = {p, name ? name : "<stdin>", now, inc, e};
	json_error_t je;
	json_t *root;
	const char *k;
	json_t *v;
	int rc = -1;

	inc_init(inc);
	if (len > ENGINE_REPORT_MAX)
		return mo_err_set(e, c.name, 0, 0,
				  _("the report is too large (the limit is %zu bytes)"),
				  (size_t)ENGINE_REPORT_MAX);
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return mo_err_set(e, c.name, je.line > 0 ? je.line : 0,
				  je.column > 0 ? je.column : 0, _("malformed JSON: %s"), je.text);
	if (!json_is_object(root)) {
		mo_err_set(e, c.name, 0, 0, _("the report must be a JSON object"));
		goto done;
	}
	json_object_foreach(root, k, v)
	{
		if (parse_key(&c, k, v))
			goto done;
	}
	rc = finish(&c);
done:
	json_decref(root);
	if (rc)
		inc_release(inc);
	return rc;
}
