/* YAML tree to the policy model: every key is read here, with its type and
 * required-ness checked, and unknown keys reported. Cross-references
 * (a role that exists, a duration that parses) are check.c's work. */
#include "policy/policy.h"
#include "util/fs.h"

struct loader {
	struct policy *p;
	struct mo_findings *f;
	bool oom;
};

#define KEYS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void check_keys(struct loader *L, const struct pnode *map, const char *const *allowed)
{
	for (size_t i = 0; i < map->n; i++) {
		bool ok = false;

		for (size_t k = 0; allowed[k]; k++)
			if (strcmp(map->pairs[i].key, allowed[k]) == 0)
				ok = true;
		if (!ok)
			mo_findings_add(L->f, MO_ERROR, map->pairs[i].key_line,
					map->pairs[i].key_col, _("unknown key \"%s\""),
					map->pairs[i].key);
	}
}

/* A mapping, or NULL with an error when n is something else. */
static const struct pnode *as_map(struct loader *L, const struct pnode *n)
{
	if (!n || n->kind != PNODE_MAPPING) {
		if (n)
			pnode_error(L->f, n, _("expected a mapping (key: value), found %s"),
				    pnode_kind_name(n->kind));
		return NULL;
	}
	return n;
}

/* The sequence under key: NULL when absent or null; an error when not a list. */
static const struct pnode *get_seq(struct loader *L, const struct pnode *map, const char *key,
				   bool required)
{
	const struct pnode *n = pnode_get(map, key);

	if (pnode_is_null(n)) {
		if (required)
			pnode_error(L->f, map, _("missing required key \"%s\""), key);
		return NULL;
	}
	if (n->kind != PNODE_SEQUENCE) {
		mo_findings_add(L->f, MO_ERROR, n->line, n->col,
				_("\"%s\" must be a list, found %s"), key,
				pnode_kind_name(n->kind));
		return NULL;
	}
	return n;
}

static const char *get_str(struct loader *L, const struct pnode *map, const char *key,
			   bool required)
{
	const struct pnode *n = pnode_get(map, key);

	if (pnode_is_null(n)) {
		if (required)
			pnode_error(L->f, map, _("missing required key \"%s\""), key);
		return NULL;
	}
	if (n->kind != PNODE_SCALAR) {
		mo_findings_add(L->f, MO_ERROR, n->line, n->col, _("\"%s\" must be text, found %s"),
				key, pnode_kind_name(n->kind));
		return NULL;
	}
	if (strlen(n->str) != n->len) {
		pnode_error(L->f, n, _("\"%s\" contains a NUL character"), key);
		return NULL;
	}
	return n->str;
}

static bool get_bool_int(struct loader *L, const struct pnode *map, const char *key, long min,
			 long max, long *out)
{
	const struct pnode *n = pnode_get(map, key);
	char *end;
	long v;

	if (pnode_is_null(n))
		return false;
	if (n->kind != PNODE_SCALAR) {
		mo_findings_add(L->f, MO_ERROR, n->line, n->col,
				_("\"%s\" must be a number, found %s"), key,
				pnode_kind_name(n->kind));
		return false;
	}
	errno = 0;
	v = strtol(n->str, &end, 10);
	if (errno || end == n->str || *end || v < min || v > max) {
		mo_findings_add(L->f, MO_ERROR, n->line, n->col,
				_("\"%s\" must be a whole number from %ld to %ld"), key, min, max);
		return false;
	}
	*out = v;
	return true;
}

static struct strv get_strv(struct loader *L, const struct pnode *map, const char *key,
			    bool required)
{
	struct strv sv = {NULL, 0};
	const struct pnode *n = pnode_get(map, key);

	if (!pnode_is_null(n) && n->kind == PNODE_SCALAR) {
		/* One item written without brackets. */
		sv.v = arena_calloc(&L->p->arena, 1, sizeof(*sv.v));
		if (!sv.v) {
			L->oom = true;
			return sv;
		}
		sv.v[0] = n->str;
		sv.n = 1;
		return sv;
	}
	n = get_seq(L, map, key, required);
	if (!n)
		return sv;
	sv.v = arena_calloc(&L->p->arena, n->n, sizeof(*sv.v));
	if (!sv.v) {
		L->oom = true;
		return sv;
	}
	for (size_t i = 0; i < n->n; i++) {
		const struct pnode *it = n->items[i];

		if (it->kind != PNODE_SCALAR || pnode_is_null(it)) {
			pnode_error(L->f, it, _("list item must be text, found %s"),
				    pnode_is_null(it) ? _("nothing") : pnode_kind_name(it->kind));
			continue;
		}
		sv.v[sv.n++] = it->str;
	}
	return sv;
}

static bool get_duration(struct loader *L, const struct pnode *map, const char *key,
			 struct duration *d)
{
	const char *s = get_str(L, map, key, false);

	if (!s)
		return false;
	if (duration_parse(s, d)) {
		const struct pnode *n = pnode_get(map, key);

		mo_findings_add(
			L->f, MO_ERROR, n->line, n->col,
			_("\"%s\": malformed duration \"%s\" (use a number and m, h, d, w, M or y, such as 10m or 3d)"),
			key, s);
		return false;
	}
	return true;
}

/* Allocates an array for a list of mappings and calls fn for each. */
#define LOAD_LIST(L, map, key, required, arr, count, fn)                                           \
	do {                                                                                       \
		const struct pnode *seq_ = get_seq((L), (map), (key), (required));                 \
		if (!seq_)                                                                         \
			break;                                                                     \
		(arr) = arena_calloc(&(L)->p->arena, seq_->n, sizeof(*(arr)));                     \
		if (!(arr)) {                                                                      \
			(L)->oom = true;                                                           \
			break;                                                                     \
		}                                                                                  \
		for (size_t i_ = 0; i_ < seq_->n; i_++) {                                          \
			const struct pnode *m_ = as_map((L), seq_->items[i_]);                     \
			/* a failed entry may have filled the slot: clear it */                    \
			memset(&(arr)[(count)], 0, sizeof(*(arr)));                                \
			if (m_ && fn((L), m_, &(arr)[(count)]))                                    \
				(count)++;                                                         \
		}                                                                                  \
	} while (0)

static bool load_section(struct loader *L, const struct pnode *m, struct mo_section *s)
{
	check_keys(L, m, KEYS("title", "text", "items"));
	s->node = m;
	s->title = get_str(L, m, "title", false);
	s->text = get_str(L, m, "text", false);
	s->items = get_strv(L, m, "items", false);
	if (!s->title && !s->text && !s->items.n) {
		pnode_error(L->f, m, "%s", _("a section needs a title, text or items"));
		return false;
	}
	return true;
}

static struct mo_sectionv get_sections(struct loader *L, const struct pnode *map, const char *key)
{
	struct mo_sectionv sv = {NULL, 0};

	LOAD_LIST(L, map, key, false, sv.v, sv.n, load_section);
	return sv;
}

bool policy_load_sections(struct policy *p, const struct pnode *map, const char *key,
			  struct mo_findings *f, struct mo_sectionv *out)
{
	struct loader L = {p, f, false};

	*out = get_sections(&L, map, key);
	return !L.oom;
}

static bool load_related(struct loader *L, const struct pnode *m, struct mo_related *r)
{
	check_keys(L, m, KEYS("name", "relation"));
	r->node = m;
	r->name = get_str(L, m, "name", true);
	r->relation = get_str(L, m, "relation", false);
	return r->name != NULL;
}

static void load_org(struct loader *L, const struct pnode *root)
{
	const struct pnode *n = pnode_get(root, "organization");
	struct mo_organization *o = &L->p->org;
	const struct pnode *m, *review;
	long v;

	o->timezone = "Asia/Tokyo";
	o->review_interval_months = 12;
	if (pnode_is_null(n)) {
		pnode_error(L->f, root, _("missing required key \"%s\""), "organization");
		return;
	}
	m = as_map(L, n);
	if (!m)
		return;
	o->node = m;
	check_keys(L, m,
		   KEYS("name", "revision", "timezone", "report_url", "domains", "related",
			"review"));
	o->name = get_str(L, m, "name", true);
	o->revision = get_str(L, m, "revision", false);
	if (get_str(L, m, "timezone", false))
		o->timezone = get_str(L, m, "timezone", false);
	o->report_url = get_str(L, m, "report_url", false);
	o->domains = get_strv(L, m, "domains", false);
	LOAD_LIST(L, m, "related", false, o->related, o->n_related, load_related);
	review = pnode_get(m, "review");
	if (!pnode_is_null(review) && (review = as_map(L, review))) {
		const char *d;

		check_keys(L, review, KEYS("last_reviewed", "interval_months"));
		d = get_str(L, review, "last_reviewed", false);
		if (d) {
			if (date_parse(d, &o->last_reviewed))
				pnode_error(L->f, pnode_get(review, "last_reviewed"),
					    _("malformed date \"%s\" (use YYYY-MM-DD)"), d);
			else
				o->has_last_reviewed = true;
		}
		if (get_bool_int(L, review, "interval_months", 1, 120, &v))
			o->review_interval_months = (int)v;
	}
}

static void load_defs(struct loader *L, const struct pnode *root)
{
	const struct pnode *n = pnode_get(root, "definitions");
	struct mo_definitions *d = &L->p->defs;

	if (pnode_is_null(n) || !(n = as_map(L, n)))
		return;
	d->node = n;
	check_keys(L, n,
		   KEYS("incident", "purpose", "scope", "damages", "unexpected_owner",
			"coordinator"));
	d->incident = get_str(L, n, "incident", false);
	d->purpose = get_str(L, n, "purpose", false);
	d->scope = get_str(L, n, "scope", false);
	d->damages = get_strv(L, n, "damages", false);
	d->unexpected_owner = get_str(L, n, "unexpected_owner", false);
	d->coordinator = get_str(L, n, "coordinator", false);
}

static void load_intros(struct loader *L, const struct pnode *root)
{
	const struct pnode *n = pnode_get(root, "intros");
	struct mo_intros *in = &L->p->intros;

	if (pnode_is_null(n) || !(n = as_map(L, n)))
		return;
	in->node = n;
	check_keys(L, n,
		   KEYS("title", "subtitle", "response_team", "levels", "categories",
			"authorities"));
	in->title = get_str(L, n, "title", false);
	in->subtitle = get_str(L, n, "subtitle", false);
	in->response_team = get_str(L, n, "response_team", false);
	in->levels = get_str(L, n, "levels", false);
	in->categories = get_str(L, n, "categories", false);
	in->authorities = get_str(L, n, "authorities", false);
}

static bool load_role(struct loader *L, const struct pnode *m, struct mo_role *r)
{
	check_keys(L, m, KEYS("id", "title", "holder", "duties"));
	r->node = m;
	r->id = get_str(L, m, "id", true);
	r->title = get_str(L, m, "title", true);
	r->holder = get_str(L, m, "holder", false);
	r->duties = get_strv(L, m, "duties", false);
	return r->id && r->title;
}

static bool load_person(struct loader *L, const struct pnode *m, struct mo_person *p)
{
	check_keys(L, m, KEYS("id", "name", "roles", "phone", "email", "chat", "note"));
	p->node = m;
	p->id = get_str(L, m, "id", true);
	p->name = get_str(L, m, "name", true);
	p->roles = get_strv(L, m, "roles", false);
	p->phone = get_str(L, m, "phone", false);
	p->email = get_str(L, m, "email", false);
	p->chat = get_str(L, m, "chat", false);
	p->note = get_str(L, m, "note", false);
	return p->id && p->name;
}

static bool load_level(struct loader *L, const struct pnode *m, struct mo_level *lv)
{
	long v;

	check_keys(L, m, KEYS("level", "name", "impact", "owner", "notify"));
	lv->node = m;
	if (!pnode_get(m, "level")) {
		pnode_error(L->f, m, _("missing required key \"%s\""), "level");
		return false;
	}
	if (!get_bool_int(L, m, "level", 0, MO_LEVEL_MAX, &v))
		return false;
	lv->level = (int)v;
	lv->name = get_str(L, m, "name", false);
	lv->impact = get_strv(L, m, "impact", false);
	lv->owner = get_str(L, m, "owner", false);
	lv->notify = get_strv(L, m, "notify", false);
	return true;
}

static bool load_category(struct loader *L, const struct pnode *m, struct mo_category *c)
{
	long v = 0;

	check_keys(L, m, KEYS("id", "name", "description", "min_level"));
	c->node = m;
	c->id = get_str(L, m, "id", true);
	c->name = get_str(L, m, "name", true);
	c->description = get_str(L, m, "description", false);
	if (get_bool_int(L, m, "min_level", 0, MO_LEVEL_MAX, &v))
		c->min_level = (int)v;
	return c->id && c->name;
}

static bool load_step(struct loader *L, const struct pnode *m, struct mo_step *s)
{
	check_keys(L, m, KEYS("title", "actor", "action", "due", "variant"));
	s->node = m;
	s->title = get_str(L, m, "title", false);
	s->actor = get_str(L, m, "actor", false);
	s->action = get_str(L, m, "action", true);
	s->has_due = get_duration(L, m, "due", &s->due);
	s->variant = get_str(L, m, "variant", false);
	return s->action != NULL;
}

static bool load_playbook(struct loader *L, const struct pnode *m, struct mo_playbook *pb)
{
	long v;

	check_keys(L, m, KEYS("category", "level", "note", "steps", "footnotes"));
	pb->node = m;
	pb->category = get_str(L, m, "category", true);
	if (!pnode_get(m, "level")) {
		pnode_error(L->f, m, _("missing required key \"%s\""), "level");
		return false;
	}
	if (!get_bool_int(L, m, "level", 0, MO_LEVEL_MAX, &v))
		return false;
	pb->level = (int)v;
	pb->note = get_str(L, m, "note", false);
	pb->footnotes = get_strv(L, m, "footnotes", false);
	LOAD_LIST(L, m, "steps", false, pb->steps, pb->n_steps, load_step);
	return pb->category != NULL;
}

static bool load_sign(struct loader *L, const struct pnode *m, struct mo_sign *s)
{
	long v;

	check_keys(L, m,
		   KEYS("id", "label", "category", "min_level", "facts", "self_help", "guidance",
			"do", "dont"));
	s->node = m;
	s->id = get_str(L, m, "id", true);
	s->label = get_str(L, m, "label", true);
	s->category = get_str(L, m, "category", true);
	s->min_level = -1;
	if (get_bool_int(L, m, "min_level", 0, MO_LEVEL_MAX, &v))
		s->min_level = (int)v;
	s->facts = policy_load_facts(L->p, m, "facts", L->f);
	s->self_help = get_str(L, m, "self_help", false);
	s->guidance = get_str(L, m, "guidance", false);
	s->do_now = get_strv(L, m, "do", false);
	s->dont = get_strv(L, m, "dont", false);
	return s->id && s->label && s->category;
}

static bool load_self_help(struct loader *L, const struct pnode *m, struct mo_self_help *h)
{
	check_keys(L, m, KEYS("id", "title", "intro", "steps", "escalate_intro", "escalate_if"));
	h->node = m;
	h->id = get_str(L, m, "id", true);
	h->title = get_str(L, m, "title", true);
	h->intro = get_str(L, m, "intro", false);
	h->steps = get_strv(L, m, "steps", true);
	h->escalate_intro = get_str(L, m, "escalate_intro", false);
	h->escalate_if = get_strv(L, m, "escalate_if", false);
	return h->id && h->title;
}

static bool load_guidance(struct loader *L, const struct pnode *m, struct mo_guidance *g)
{
	check_keys(L, m,
		   KEYS("id", "title", "category", "summary", "detect", "report", "recover",
			"notes"));
	g->node = m;
	g->id = get_str(L, m, "id", true);
	g->title = get_str(L, m, "title", true);
	g->category = get_str(L, m, "category", false);
	g->summary = get_str(L, m, "summary", false);
	for (int ph = 0; ph < PHASE_COUNT; ph++)
		g->phases[ph] = get_sections(L, m, policy_phase_key((enum mo_phase)ph));
	g->notes = get_strv(L, m, "notes", false);
	return g->id && g->title;
}

static bool load_point(struct loader *L, const struct pnode *m, struct mo_decision_point *d)
{
	check_keys(L, m, KEYS("id", "question", "hints"));
	d->node = m;
	d->id = get_str(L, m, "id", true);
	d->question = get_str(L, m, "question", true);
	d->hints = get_strv(L, m, "hints", false);
	return d->id && d->question;
}

static bool load_decision(struct loader *L, const struct pnode *m, struct mo_decision_phase *d)
{
	check_keys(L, m, KEYS("id", "title", "points"));
	d->node = m;
	d->id = get_str(L, m, "id", true);
	d->title = get_str(L, m, "title", true);
	LOAD_LIST(L, m, "points", true, d->points, d->n_points, load_point);
	return d->id && d->title;
}

static bool load_deadline(struct loader *L, const struct pnode *m, struct mo_case_deadline *d)
{
	check_keys(L, m, KEYS("what", "due"));
	d->node = m;
	d->what = get_str(L, m, "what", true);
	if (!pnode_get(m, "due")) {
		pnode_error(L->f, m, _("missing required key \"%s\""), "due");
		return false;
	}
	return get_duration(L, m, "due", &d->due) && d->what;
}

static bool load_case(struct loader *L, const struct pnode *m, struct mo_case *c)
{
	check_keys(L, m, KEYS("id", "title", "category", "phases", "deadlines"));
	c->node = m;
	c->id = get_str(L, m, "id", true);
	c->title = get_str(L, m, "title", true);
	c->category = get_str(L, m, "category", false);
	c->phases = get_sections(L, m, "phases");
	LOAD_LIST(L, m, "deadlines", false, c->deadlines, c->n_deadlines, load_deadline);
	return c->id && c->title;
}

static bool load_authority(struct loader *L, const struct pnode *m, struct mo_authority *a)
{
	check_keys(L, m,
		   KEYS("id", "organization", "name", "kind", "url", "tel", "fax", "email", "when",
			"conditions", "note"));
	a->node = m;
	a->id = get_str(L, m, "id", true);
	a->organization = get_str(L, m, "organization", true);
	a->name = get_str(L, m, "name", false);
	a->kind = get_str(L, m, "kind", false);
	if (a->kind && strcmp(a->kind, "filing") && strcmp(a->kind, "consult") &&
	    strcmp(a->kind, "report") && strcmp(a->kind, "notice"))
		pnode_error(L->f, pnode_get(m, "kind"),
			    _("\"kind\" must be filing, consult, report or notice, not \"%s\""),
			    a->kind);
	a->url = get_str(L, m, "url", false);
	a->tel = get_str(L, m, "tel", false);
	a->fax = get_str(L, m, "fax", false);
	a->email = get_str(L, m, "email", false);
	a->when = get_str(L, m, "when", false);
	a->conditions = get_strv(L, m, "conditions", false);
	a->note = get_str(L, m, "note", false);
	return a->id && a->organization;
}

static bool load_reference(struct loader *L, const struct pnode *m, struct mo_reference *r)
{
	check_keys(L, m, KEYS("title", "publisher", "url", "description"));
	r->node = m;
	r->title = get_str(L, m, "title", true);
	r->publisher = get_str(L, m, "publisher", false);
	r->url = get_str(L, m, "url", false);
	r->description = get_str(L, m, "description", false);
	return r->title != NULL;
}

static void load_chain(struct loader *L, const struct pnode *root)
{
	const struct pnode *m = pnode_get(root, "contact_chain");

	if (pnode_is_null(m) || !(m = as_map(L, m)))
		return;
	L->p->chain.node = m;
	check_keys(L, m, KEYS("rule", "roles"));
	L->p->chain.rule = get_str(L, m, "rule", false);
	L->p->chain.roles = get_strv(L, m, "roles", false);
}

/* contacts: {verify_every: 6M} (疎通確認's interval; check warns past it). */
static void load_contacts(struct loader *L, const struct pnode *root)
{
	const struct pnode *m = as_map(L, pnode_get(root, "contacts"));

	if (!m)
		return;
	check_keys(L, m, KEYS("verify_every"));
	get_duration(L, m, "verify_every", &L->p->verify_every);
}

static void load_root(struct loader *L, const struct pnode *root)
{
	struct policy *p = L->p;
	long v;

	check_keys(L, root,
		   KEYS("version", "organization", "definitions", "intros", "response_team",
			"roles", "people", "levels", "triage", "card", "glossary", "sources",
			"contact_chain", "categories", "playbooks", "signs", "self_help",
			"record_items", "guidance", "decisions", "cases", "preparation",
			"emergency", "checks", "authorities", "filings", "references", "bcp",
			"contacts", "escalation", "business_hours", "reminders", "filing_deadlines",
			"drills"));
	if (!pnode_get(root, "version"))
		pnode_error(L->f, root, _("missing required key \"%s\""), "version");
	else if (get_bool_int(L, root, "version", 1, 1, &v))
		p->version = (int)v;
	load_org(L, root);
	load_defs(L, root);
	load_intros(L, root);
	p->response_team = get_strv(L, root, "response_team", false);
	LOAD_LIST(L, root, "roles", true, p->roles, p->n_roles, load_role);
	LOAD_LIST(L, root, "people", false, p->people, p->n_people, load_person);
	LOAD_LIST(L, root, "levels", true, p->levels, p->n_levels, load_level);
	if (!policy_load_triage(p, root, L->f) || !policy_load_card(p, root, L->f))
		L->oom = true;
	load_chain(L, root);
	LOAD_LIST(L, root, "categories", true, p->categories, p->n_categories, load_category);
	LOAD_LIST(L, root, "playbooks", false, p->playbooks, p->n_playbooks, load_playbook);
	LOAD_LIST(L, root, "signs", false, p->signs, p->n_signs, load_sign);
	LOAD_LIST(L, root, "self_help", false, p->self_help, p->n_self_help, load_self_help);
	p->record_items = get_sections(L, root, "record_items");
	LOAD_LIST(L, root, "guidance", false, p->guidance, p->n_guidance, load_guidance);
	LOAD_LIST(L, root, "decisions", false, p->decisions, p->n_decisions, load_decision);
	LOAD_LIST(L, root, "cases", false, p->cases, p->n_cases, load_case);
	p->preparation = get_sections(L, root, "preparation");
	p->emergency = get_sections(L, root, "emergency");
	policy_load_checks(p, root, L->f, &L->oom);
	LOAD_LIST(L, root, "authorities", false, p->authorities, p->n_authorities, load_authority);
	if (!policy_load_filings(p, root, L->f))
		L->oom = true;
	LOAD_LIST(L, root, "references", false, p->references, p->n_references, load_reference);
	if (!policy_load_bcp(p, root, L->f))
		L->oom = true;
	if (!policy_normalize_phones(p))
		L->oom = true;
	p->glossary = get_sections(L, root, "glossary");
	p->sources = get_sections(L, root, "sources");
	load_contacts(L, root);
	policy_load_escalation(p, root, L->f, &L->oom);
	if (!policy_load_drills(p, root, L->f))
		L->oom = true;
}

struct policy *policy_load(const char *text, size_t len, const char *name, struct mo_findings *f)
{
	struct policy *p = calloc(1, sizeof(*p));
	struct loader L = {p, f, false};
	struct mo_err e;
	const struct pnode *root;

	if (!p) {
		mo_findings_add(f, MO_ERROR, 0, 0, "%s", _("out of memory"));
		return NULL;
	}
	/* The tree and the model together stay well under this. */
	arena_init(&p->arena, (size_t)512 << 20);
	p->file = name;
	root = pnode_parse(&p->arena, text, len, name, &e);
	if (!root) {
		mo_findings_add(f, MO_ERROR, e.line, e.col, "%s", e.msg);
		policy_free(p);
		return NULL;
	}
	p->root = root;
	if (root->kind != PNODE_MAPPING) {
		pnode_error(L.f, root, _("the policy must be a mapping (key: value), found %s"),
			    pnode_kind_name(root->kind));
		policy_free(p);
		return NULL;
	}
	load_root(&L, root);
	if (L.oom) {
		mo_findings_add(f, MO_ERROR, 0, 0, "%s", _("out of memory"));
		policy_free(p);
		return NULL;
	}
	return p;
}

struct policy *policy_load_file(const char *path, struct mo_findings *f)
{
	struct mo_err e;
	char *text;
	size_t len;
	struct policy *p;

	if (fs_read_file(path, POLICY_MAX_BYTES, &text, &len, &e)) {
		mo_findings_add(f, MO_ERROR, 0, 0, "%s", e.msg);
		return NULL;
	}
	p = policy_load(text, len, path, f);
	free(text);
	return p;
}

struct policy *policy_load_default(struct mo_findings *f)
{
	return policy_load(policy_default_yaml, policy_default_yaml_len, "(built-in)", f);
}

void policy_free(struct policy *p)
{
	if (!p)
		return;
	arena_release(&p->arena);
	free(p);
}
