/* escalation:, business_hours: and reminders: from the YAML tree into the
 * policy model, with positioned findings for their structure; references and
 * order (roles defined, waits ordered) are checked in policy_check_escalation. */
#include "policy/loadInt.h"

static bool int_at(struct loader *L, const struct pnode *map, const char *key, long min, long max,
		   long *out)
{
	const char *s = load_str(L, map, key, false);
	char *end;
	long v;

	if (!s)
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		pnode_error(L->f, pnode_get(map, key),
			    _("\"%s\" must be a whole number from %ld to %ld"), key, min, max);
		return false;
	}
	*out = v;
	return true;
}

static bool bool_at(struct loader *L, const struct pnode *map, const char *key, bool *out)
{
	const char *s = load_str(L, map, key, false);

	if (!s)
		return false;
	if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0) {
		*out = true;
		return true;
	}
	if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0) {
		*out = false;
		return true;
	}
	pnode_error(L->f, pnode_get(map, key), _("\"%s\" must be true or false, not \"%s\""), key,
		    s);
	return false;
}

/* "HH:MM" (00:00 to 24:00) to minutes; -1 when malformed. */
static int clock_minutes(const char *s)
{
	int h, m;

	if (!s || strlen(s) != 5 || s[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m))
		return -1;
	return h * 60 + m;
}

static bool clock_at(struct loader *L, const struct pnode *map, const char *key, int *out)
{
	const char *s = load_str(L, map, key, false);
	int v;

	if (!s)
		return false;
	v = clock_minutes(s);
	if (v < 0) {
		pnode_error(L->f, pnode_get(map, key),
			    _("\"%s\": \"%s\" is not a time of day (use HH:MM, such as \"09:00\")"),
			    key, s);
		return false;
	}
	*out = v;
	return true;
}

static bool load_step(struct loader *L, const struct pnode *m, struct mo_escalation_step *s)
{
	load_keys_check(L, m, KEYS("after", "notify"));
	s->node = m;
	s->after.count = 0;
	s->after.unit = DUR_MINUTE;
	if (pnode_get(m, "after") && !load_wait(L, m, "after", &s->after))
		return false;
	s->notify = load_strv(L, m, "notify", false);
	if (!s->notify.n) {
		pnode_error(L->f, m, _("missing required key \"%s\""), "notify");
		return false;
	}
	return true;
}

static bool load_level(struct loader *L, const struct pnode *m, struct mo_escalation *es)
{
	const struct pnode *seq;
	long v;

	load_keys_check(L, m, KEYS("level", "steps", "rounds", "every", "business_hours"));
	es->node = m;
	if (!pnode_get(m, "level")) {
		pnode_error(L->f, m, _("missing required key \"%s\""), "level");
		return false;
	}
	if (!int_at(L, m, "level", 0, 3, &v))
		return false;
	es->level = (int)v;
	es->rounds = 1;
	if (int_at(L, m, "rounds", 1, 100, &v))
		es->rounds = (int)v;
	es->every.count = 0;
	es->every.unit = DUR_MINUTE;
	load_wait(L, m, "every", &es->every);
	bool_at(L, m, "business_hours", &es->business_hours);
	seq = load_as_seq(L, pnode_get(m, "steps"), "steps");
	if (!seq || !seq->n) {
		pnode_error(L->f, m, _("level %d's escalation has no steps"), es->level);
		return false;
	}
	es->steps = arena_calloc(&L->p->arena, seq->n, sizeof(*es->steps));
	if (!es->steps) {
		L->oom = true;
		return false;
	}
	for (size_t i = 0; i < seq->n; i++) {
		const struct pnode *sm = load_as_map(L, seq->items[i]);

		memset(&es->steps[es->n_steps], 0, sizeof(es->steps[0]));
		if (sm && load_step(L, sm, &es->steps[es->n_steps]))
			es->n_steps++;
	}
	return es->n_steps > 0;
}

static const char *const day_keys[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

static bool load_range(struct loader *L, const struct pnode *n, struct mo_day_range *r)
{
	char a[16], b[16];
	const char *dots;

	r->node = n;
	if (n->kind != PNODE_SCALAR || pnode_is_null(n))
		goto bad;
	dots = strstr(n->str, "..");
	if (!dots) {
		if (date_parse(n->str, &r->from))
			goto bad;
		r->to = r->from;
		return true;
	}
	if ((size_t)(dots - n->str) >= sizeof(a) || strlen(dots + 2) >= sizeof(b))
		goto bad;
	snprintf(a, sizeof(a), "%.*s", (int)(dots - n->str), n->str);
	snprintf(b, sizeof(b), "%s", dots + 2);
	if (date_parse(a, &r->from) || date_parse(b, &r->to))
		goto bad;
	if (date_cmp(r->from, r->to) > 0) {
		pnode_error(L->f, n, _("holiday range \"%s\" ends before it starts"), n->str);
		return false;
	}
	return true;
bad:
	pnode_error(L->f, n,
		    _("a company holiday must be a date or a range of dates (\"2026-12-29\" or "
		      "\"2026-12-29..2027-01-03\"), found \"%s\""),
		    n->kind == PNODE_SCALAR ? n->str : pnode_kind_name(n->kind));
	return false;
}

static void load_hours(struct loader *L, const struct pnode *root)
{
	struct mo_business_hours *h = &L->p->hours;
	const struct pnode *m = pnode_get(root, "business_hours"), *days, *ch;
	const char *hol;

	if (pnode_is_null(m) || !(m = load_as_map(L, m)))
		return;
	load_keys_check(L, m, KEYS("days", "from", "to", "holidays", "company_holidays"));
	h->node = m;
	h->days = 0x3e; /* mon..fri */
	h->from_min = 9 * 60;
	h->to_min = 18 * 60;
	days = pnode_get(m, "days");
	if (!pnode_is_null(days)) {
		struct strv sv = load_strv(L, m, "days", false);

		h->days = 0;
		for (size_t i = 0; i < sv.n; i++) {
			unsigned bit = 0;

			for (int d = 0; d < 7; d++)
				if (strcmp(sv.v[i], day_keys[d]) == 0)
					bit = 1u << d;
			if (!bit)
				pnode_error(
					L->f, days->kind == PNODE_SEQUENCE ? days->items[i] : days,
					_("unknown day \"%s\" (use mon, tue, wed, thu, fri, sat, sun)"),
					sv.v[i]);
			h->days |= bit;
		}
	}
	clock_at(L, m, "from", &h->from_min);
	clock_at(L, m, "to", &h->to_min);
	hol = load_str(L, m, "holidays", false);
	if (hol && strcmp(hol, "jp") == 0)
		h->holidays_jp = true;
	else if (hol && strcmp(hol, "none") != 0)
		pnode_error(L->f, pnode_get(m, "holidays"),
			    _("\"holidays\" must be jp or none, not \"%s\""), hol);
	ch = load_as_seq(L, pnode_get(m, "company_holidays"), "company_holidays");
	if (ch && ch->n) {
		h->company_holidays =
			arena_calloc(&L->p->arena, ch->n, sizeof(*h->company_holidays));
		if (!h->company_holidays) {
			L->oom = true;
			return;
		}
		for (size_t i = 0; i < ch->n; i++)
			if (load_range(L, ch->items[i],
				       &h->company_holidays[h->n_company_holidays]))
				h->n_company_holidays++;
	}
}

static void load_reminders(struct loader *L, const struct pnode *root)
{
	struct mo_reminders *r = &L->p->reminders;
	const struct pnode *m = pnode_get(root, "reminders");

	r->grace.count = 30;
	r->grace.unit = DUR_MINUTE;
	r->digest_min = 8 * 60 + 30;
	r->review_owner = L->p->defs.coordinator ? L->p->defs.coordinator : "manager";
	if (pnode_is_null(m) || !(m = load_as_map(L, m)))
		return;
	load_keys_check(L, m, KEYS("grace", "digest_at", "review_owner"));
	r->node = m;
	load_wait(L, m, "grace", &r->grace);
	clock_at(L, m, "digest_at", &r->digest_min);
	if (load_str(L, m, "review_owner", false))
		r->review_owner = load_str(L, m, "review_owner", false);
}

void policy_load_escalation(struct policy *p, const struct pnode *root, struct mo_findings *f,
			    bool *oom)
{
	struct loader L = {.p = p, .f = f, .nul = LOAD_NUL_NOT_TEXT};
	const struct pnode *seq = load_as_seq(&L, pnode_get(root, "escalation"), "escalation");

	if (seq && seq->n) {
		p->escalation = arena_calloc(&p->arena, seq->n, sizeof(*p->escalation));
		if (!p->escalation) {
			*oom = true;
			return;
		}
		for (size_t i = 0; i < seq->n; i++) {
			const struct pnode *m = load_as_map(&L, seq->items[i]);

			memset(&p->escalation[p->n_escalation], 0, sizeof(p->escalation[0]));
			if (m && load_level(&L, m, &p->escalation[p->n_escalation]))
				p->n_escalation++;
		}
	}
	load_hours(&L, root);
	load_reminders(&L, root);
	if (L.oom)
		*oom = true;
}

const struct mo_escalation *policy_escalation(const struct policy *p, int level)
{
	for (size_t i = 0; i < p->n_escalation; i++)
		if (p->escalation[i].level == level)
			return &p->escalation[i];
	return NULL;
}
