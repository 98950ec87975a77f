/* YAML tree to the policy model: every key is read here, with its type and
 * required-ness checked, and unknown keys reported. Cross-references
 * (a role that exists, a duration that parses) are check.c's work. */
#include "policy/loadInt.h"
#include "util/fs.h"

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

static bool load_section(struct loader *L, const struct pnode *m, struct mo_section *s)
{
	load_keys_check(L, m, KEYS("title", "text", "items"));
	s->node = m;
	s->title = load_str(L, m, "title", false);
	s->text = load_str(L, m, "text", false);
	s->items = load_strv(L, m, "items", false);
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
	struct loader L = {.p = p, .f = f};

	*out = get_sections(&L, map, key);
	return !L.oom;
}

static bool load_related(struct loader *L, const struct pnode *m, struct mo_related *r)
{
	load_keys_check(L, m, KEYS("name", "relation"));
	r->node = m;
	r->name = load_str(L, m, "name", true);
	r->relation = load_str(L, m, "relation", false);
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
	m = load_as_map(L, n);
	if (!m)
		return;
	o->node = m;
	load_keys_check(L, m,
			KEYS("name", "revision", "timezone", "report_url", "domains", "related",
			     "review"));
	o->name = load_str(L, m, "name", true);
	o->revision = load_str(L, m, "revision", false);
	if (load_str(L, m, "timezone", false))
		o->timezone = load_str(L, m, "timezone", false);
	o->report_url = load_str(L, m, "report_url", false);
	o->domains = load_strv(L, m, "domains", false);
	LOAD_LIST(L, m, "related", false, o->related, o->n_related, load_related);
	review = pnode_get(m, "review");
	if (!pnode_is_null(review) && (review = load_as_map(L, review))) {
		const char *d;

		load_keys_check(L, review, KEYS("last_reviewed", "interval_months"));
		d = load_str(L, review, "last_reviewed", false);
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

	if (pnode_is_null(n) || !(n = load_as_map(L, n)))
		return;
	d->node = n;
	load_keys_check(L, n,
			KEYS("incident", "purpose", "scope", "damages", "unexpected_owner",
			     "coordinator"));
	d->incident = load_str(L, n, "incident", false);
	d->purpose = load_str(L, n, "purpose", false);
	d->scope = load_str(L, n, "scope", false);
	d->damages = load_strv(L, n, "damages", false);
	d->unexpected_owner = load_str(L, n, "unexpected_owner", false);
	d->coordinator = load_str(L, n, "coordinator", false);
}

static void load_intros(struct loader *L, const struct pnode *root)
{
	const struct pnode *n = pnode_get(root, "intros");
	struct mo_intros *in = &L->p->intros;

	if (pnode_is_null(n) || !(n = load_as_map(L, n)))
		return;
	in->node = n;
	load_keys_check(L, n,
			KEYS("title", "subtitle", "response_team", "levels", "categories",
			     "authorities"));
	in->title = load_str(L, n, "title", false);
	in->subtitle = load_str(L, n, "subtitle", false);
	in->response_team = load_str(L, n, "response_team", false);
	in->levels = load_str(L, n, "levels", false);
	in->categories = load_str(L, n, "categories", false);
	in->authorities = load_str(L, n, "authorities", false);
}

static bool load_role(struct loader *L, const struct pnode *m, struct mo_role *r)
{
	load_keys_check(L, m, KEYS("id", "title", "holder", "duties"));
	r->node = m;
	r->id = load_str(L, m, "id", true);
	r->title = load_str(L, m, "title", true);
	r->holder = load_str(L, m, "holder", false);
	r->duties = load_strv(L, m, "duties", false);
	return r->id && r->title;
}

static bool load_person(struct loader *L, const struct pnode *m, struct mo_person *p)
{
	load_keys_check(L, m, KEYS("id", "name", "roles", "phone", "email", "chat", "note"));
	p->node = m;
	p->id = load_str(L, m, "id", true);
	p->name = load_str(L, m, "name", true);
	p->roles = load_strv(L, m, "roles", false);
	p->phone = load_str(L, m, "phone", false);
	p->email = load_str(L, m, "email", false);
	p->chat = load_str(L, m, "chat", false);
	p->note = load_str(L, m, "note", false);
	return p->id && p->name;
}

static bool load_level(struct loader *L, const struct pnode *m, struct mo_level *lv)
{
	long v;

	load_keys_check(L, m, KEYS("level", "name", "impact", "owner", "notify"));
	lv->node = m;
	if (!pnode_get(m, "level")) {
		pnode_error(L->f, m, _("missing required key \"%s\""), "level");
		return false;
	}
	if (!get_bool_int(L, m, "level", 0, MO_LEVEL_MAX, &v))
		return false;
	lv->level = (int)v;
	lv->name = load_str(L, m, "name", false);
	lv->impact = load_strv(L, m, "impact", false);
	lv->owner = load_str(L, m, "owner", false);
	lv->notify = load_strv(L, m, "notify", false);
	return true;
}

static bool load_category(struct loader *L, const struct pnode *m, struct mo_category *c)
{
	long v = 0;

	load_keys_check(L, m, KEYS("id", "name", "description", "min_level"));
	c->node = m;
	c->id = load_str(L, m, "id", true);
	c->name = load_str(L, m, "name", true);
	c->description = load_str(L, m, "description", false);
	if (get_bool_int(L, m, "min_level", 0, MO_LEVEL_MAX, &v))
		c->min_level = (int)v;
	return c->id && c->name;
}

static bool load_step(struct loader *L, const struct pnode *m, struct mo_step *s)
{
	load_keys_check(L, m, KEYS("title", "actor", "action", "due", "variant"));
	s->node = m;
	s->title = load_str(L, m, "title", false);
	s->actor = load_str(L, m, "actor", false);
	s->action = load_str(L, m, "action", true);
	s->has_due = load_duration(L, m, "due", &s->due);
	s->variant = load_str(L, m, "variant", false);
	return s->action != NULL;
}

static bool load_playbook(struct loader *L, const struct pnode *m, struct mo_playbook *pb)
{
	long v;

	load_keys_check(L, m, KEYS("category", "level", "note", "steps", "footnotes"));
	pb->node = m;
	pb->category = load_str(L, m, "category", true);
	if (!pnode_get(m, "level")) {
		pnode_error(L->f, m, _("missing required key \"%s\""), "level");
		return false;
	}
	if (!get_bool_int(L, m, "level", 0, MO_LEVEL_MAX, &v))
		return false;
	pb->level = (int)v;
	pb->note = load_str(L, m, "note", false);
	pb->footnotes = load_strv(L, m, "footnotes", false);
	LOAD_LIST(L, m, "steps", false, pb->steps, pb->n_steps, load_step);
	return pb->category != NULL;
}

static bool load_sign(struct loader *L, const struct pnode *m, struct mo_sign *s)
{
	long v;

	load_keys_check(L, m,
			KEYS("id", "label", "category", "min_level", "facts", "self_help",
			     "guidance", "do", "dont"));
	s->node = m;
	s->id = load_str(L, m, "id", true);
	s->label = load_str(L, m, "label", true);
	s->category = load_str(L, m, "category", true);
	s->min_level = -1;
	if (get_bool_int(L, m, "min_level", 0, MO_LEVEL_MAX, &v))
		s->min_level = (int)v;
	s->facts = policy_load_facts(L->p, m, "facts", L->f);
	s->self_help = load_str(L, m, "self_help", false);
	s->guidance = load_str(L, m, "guidance", false);
	s->do_now = load_strv(L, m, "do", false);
	s->dont = load_strv(L, m, "dont", false);
	return s->id && s->label && s->category;
}

static bool load_self_help(struct loader *L, const struct pnode *m, struct mo_self_help *h)
{
	load_keys_check(L, m,
			KEYS("id", "title", "intro", "steps", "escalate_intro", "escalate_if"));
	h->node = m;
	h->id = load_str(L, m, "id", true);
	h->title = load_str(L, m, "title", true);
	h->intro = load_str(L, m, "intro", false);
	h->steps = load_strv(L, m, "steps", true);
	h->escalate_intro = load_str(L, m, "escalate_intro", false);
	h->escalate_if = load_strv(L, m, "escalate_if", false);
	return h->id && h->title;
}

static bool load_guidance(struct loader *L, const struct pnode *m, struct mo_guidance *g)
{
	load_keys_check(L, m,
			KEYS("id", "title", "category", "summary", "detect", "report", "recover",
			     "notes"));
	g->node = m;
	g->id = load_str(L, m, "id", true);
	g->title = load_str(L, m, "title", true);
	g->category = load_str(L, m, "category", false);
	g->summary = load_str(L, m, "summary", false);
	for (int ph = 0; ph < PHASE_COUNT; ph++)
		g->phases[ph] = get_sections(L, m, policy_phase_key((enum mo_phase)ph));
	g->notes = load_strv(L, m, "notes", false);
	return g->id && g->title;
}

static bool load_point(struct loader *L, const struct pnode *m, struct mo_decision_point *d)
{
	load_keys_check(L, m, KEYS("id", "question", "hints"));
	d->node = m;
	d->id = load_str(L, m, "id", true);
	d->question = load_str(L, m, "question", true);
	d->hints = load_strv(L, m, "hints", false);
	return d->id && d->question;
}

static bool load_decision(struct loader *L, const struct pnode *m, struct mo_decision_phase *d)
{
	load_keys_check(L, m, KEYS("id", "title", "points"));
	d->node = m;
	d->id = load_str(L, m, "id", true);
	d->title = load_str(L, m, "title", true);
	LOAD_LIST(L, m, "points", true, d->points, d->n_points, load_point);
	return d->id && d->title;
}

static bool load_deadline(struct loader *L, const struct pnode *m, struct mo_case_deadline *d)
{
	load_keys_check(L, m, KEYS("what", "due"));
	d->node = m;
	d->what = load_str(L, m, "what", true);
	if (!pnode_get(m, "due")) {
		pnode_error(L->f, m, _("missing required key \"%s\""), "due");
		return false;
	}
	return load_duration(L, m, "due", &d->due) && d->what;
}

static bool load_case(struct loader *L, const struct pnode *m, struct mo_case *c)
{
	load_keys_check(L, m, KEYS("id", "title", "category", "phases", "deadlines"));
	c->node = m;
	c->id = load_str(L, m, "id", true);
	c->title = load_str(L, m, "title", true);
	c->category = load_str(L, m, "category", false);
	c->phases = get_sections(L, m, "phases");
	LOAD_LIST(L, m, "deadlines", false, c->deadlines, c->n_deadlines, load_deadline);
	return c->id && c->title;
}

static bool load_authority(struct loader *L, const struct pnode *m, struct mo_authority *a)
{
	load_keys_check(L, m,
			KEYS("id", "organization", "name", "kind", "url", "tel", "fax", "email",
			     "when", "conditions", "note"));
	a->node = m;
	a->id = load_str(L, m, "id", true);
	a->organization = load_str(L, m, "organization", true);
	a->name = load_str(L, m, "name", false);
	a->kind = load_str(L, m, "kind", false);
	if (a->kind && strcmp(a->kind, "filing") && strcmp(a->kind, "consult") &&
	    strcmp(a->kind, "report") && strcmp(a->kind, "notice"))
		pnode_error(L->f, pnode_get(m, "kind"),
			    _("\"kind\" must be filing, consult, report or notice, not \"%s\""),
			    a->kind);
	a->url = load_str(L, m, "url", false);
	a->tel = load_str(L, m, "tel", false);
	a->fax = load_str(L, m, "fax", false);
	a->email = load_str(L, m, "email", false);
	a->when = load_str(L, m, "when", false);
	a->conditions = load_strv(L, m, "conditions", false);
	a->note = load_str(L, m, "note", false);
	return a->id && a->organization;
}

static bool load_reference(struct loader *L, const struct pnode *m, struct mo_reference *r)
{
	load_keys_check(L, m, KEYS("title", "publisher", "url", "description"));
	r->node = m;
	r->title = load_str(L, m, "title", true);
	r->publisher = load_str(L, m, "publisher", false);
	r->url = load_str(L, m, "url", false);
	r->description = load_str(L, m, "description", false);
	return r->title != NULL;
}

static void load_chain(struct loader *L, const struct pnode *root)
{
	const struct pnode *m = pnode_get(root, "contact_chain");

	if (pnode_is_null(m) || !(m = load_as_map(L, m)))
		return;
	L->p->chain.node = m;
	load_keys_check(L, m, KEYS("rule", "roles"));
	L->p->chain.rule = load_str(L, m, "rule", false);
	L->p->chain.roles = load_strv(L, m, "roles", false);
}

/* contacts: {verify_every: 6M} (疎通確認's interval; check warns past it). */
static void load_contacts(struct loader *L, const struct pnode *root)
{
	const struct pnode *m = load_as_map(L, pnode_get(root, "contacts"));

	if (!m)
		return;
	load_keys_check(L, m, KEYS("verify_every"));
	load_duration(L, m, "verify_every", &L->p->verify_every);
}

static void load_root(struct loader *L, const struct pnode *root)
{
	struct policy *p = L->p;
	long v;

	load_keys_check(L, root,
			KEYS("version", "organization", "definitions", "intros", "response_team",
			     "roles", "people", "levels", "triage", "card", "glossary", "sources",
			     "contact_chain", "categories", "playbooks", "signs", "self_help",
			     "record_items", "guidance", "decisions", "cases", "preparation",
			     "emergency", "checks", "authorities", "filings", "references", "bcp",
			     "contacts", "escalation", "business_hours", "reminders",
			     "filing_deadlines", "drills"));
	if (!pnode_get(root, "version"))
		pnode_error(L->f, root, _("missing required key \"%s\""), "version");
	else if (get_bool_int(L, root, "version", 1, 1, &v))
		p->version = (int)v;
	load_org(L, root);
	load_defs(L, root);
	load_intros(L, root);
	p->response_team = load_strv(L, root, "response_team", false);
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
	struct loader L = {.p = p, .f = f};
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
