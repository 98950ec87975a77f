/* Validation of a loaded policy beyond its structure: ids unique and
 * defined, every level owned and every category planned, contacts that
 * look like contacts, placeholders left, the review date, and someone
 * reachable at level 3. Each finding names the position of the node. */
#include "policy/policy.h"
#include "util/strnum.h"

struct checker {
	const struct policy *p;
	struct mo_findings *f;
};

/* The position of key's value in map, else of map itself. */
static void pos_of(const struct pnode *map, const char *key, int *line, int *col)
{
	const struct pnode *n = key ? pnode_get(map, key) : NULL;

	if (!n)
		n = map;
	*line = n ? n->line : 0;
	*col = n ? n->col : 0;
}

static void finding(struct checker *C, enum mo_severity sev, const struct pnode *map,
		    const char *key, const char *fmt, ...) MO_PRINTF(5, 6);

static void finding(struct checker *C, enum mo_severity sev, const struct pnode *map,
		    const char *key, const char *fmt, ...)
{
	int line, col;
	char msg[1024];
	va_list ap;

	pos_of(map, key, &line, &col);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mo_findings_add(C->f, sev, line, col, "%s", msg);
}

/* The position of the i-th item of the list under key. */
static const struct pnode *list_item(const struct pnode *map, const char *key, size_t i)
{
	const struct pnode *n = pnode_get(map, key);

	if (n && n->kind == PNODE_SEQUENCE && i < n->n)
		return n->items[i];
	return n ? n : map;
}

static void need_role(struct checker *C, const struct pnode *map, const char *key, const char *id)
{
	if (id && !policy_role(C->p, id))
		finding(C, MO_ERROR, map, key, _("role \"%s\" is not defined in roles"), id);
}

static void need_roles(struct checker *C, const struct pnode *map, const char *key,
		       const struct strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		if (!policy_role(C->p, sv->v[i])) {
			const struct pnode *it = list_item(map, key, i);

			mo_findings_add(C->f, MO_ERROR, it->line, it->col,
					_("role \"%s\" is not defined in roles"), sv->v[i]);
		}
}

static void need_category(struct checker *C, const struct pnode *map, const char *key,
			  const char *id)
{
	if (id && !policy_category(C->p, id))
		finding(C, MO_ERROR, map, key, _("category \"%s\" is not defined in categories"),
			id);
}

/* Ids: required shape and unique within their list. */
#define CHECK_IDS(C, arr, count, what)                                                             \
	do {                                                                                       \
		for (size_t i_ = 0; i_ < (count); i_++) {                                          \
			check_id_shape((C), (arr)[i_].node, (arr)[i_].id);                         \
			for (size_t j_ = 0; j_ < i_; j_++)                                         \
				if (strcmp((arr)[i_].id, (arr)[j_].id) == 0) {                     \
					finding((C), MO_ERROR, (arr)[i_].node, "id",               \
						_("duplicate %s id \"%s\""), (what),               \
						(arr)[i_].id);                                     \
					break;                                                     \
				}                                                                  \
		}                                                                                  \
	} while (0)

static void check_id_shape(struct checker *C, const struct pnode *node, const char *id)
{
	size_t len = strlen(id);
	bool ok = len > 0 && len <= 64;

	for (size_t i = 0; ok && i < len; i++) {
		char c = id[i];

		ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
	}
	if (!ok)
		finding(C, MO_ERROR, node, "id",
			_("id \"%s\" must be 1 to 64 lowercase letters, digits, _ or -"), id);
}

static bool email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	const char *dot;

	if (!at || at == s || strchr(at + 1, '@'))
		return false;
	dot = strrchr(at + 1, '.');
	if (!dot || dot == at + 1 || dot[1] == '\0')
		return false;
	for (const char *c = s; *c; c++)
		if ((unsigned char)*c <= ' ' || *c == '<' || *c == '>' || *c == ',' || *c == ';' ||
		    *c == '"' || (unsigned char)*c >= 0x80)
			return false;
	return true;
}

static bool phone_ok(const char *s)
{
	int digits = 0;

	for (const char *c = s; *c; c++) {
		if (*c >= '0' && *c <= '9')
			digits++;
		else if (*c != '-' && *c != ' ' && *c != '(' && *c != ')' && !(*c == '+' && c == s))
			return false;
	}
	return digits >= 3 && digits <= 15;
}

static bool url_ok(const char *s)
{
	const char *host;

	if (str_starts(s, "https://"))
		host = s + 8;
	else if (str_starts(s, "http://"))
		host = s + 7;
	else
		return false;
	if (!*host || *host == '/' || *host == '.')
		return false;
	for (const char *c = s; *c; c++)
		if ((unsigned char)*c <= ' ' || *c == '"' || *c == '<' || *c == '>' || *c == '\\')
			return false;
	return true;
}

enum contact_kind {
	CONTACT_EMAIL,
	CONTACT_PHONE,
	CONTACT_URL,
	CONTACT_CHAT,
};

/* A person's chat names a webhook id of notify.yaml (where the secret URL
 * stays): the same rule as notify.yaml's ids. */
static bool chat_id_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 63)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      *s == '-'))
			return false;
	return true;
}

/* Format checks skip values that are still placeholders: those get their
 * own warning, and 090-****-**** is not a malformed number but an unfilled one. */
static void check_contact(struct checker *C, const struct pnode *map, const char *key,
			  const char *v, enum contact_kind kind)
{
	if (!v || policy_is_placeholder(v))
		return;
	switch (kind) {
	case CONTACT_EMAIL:
		if (!email_ok(v))
			finding(C, MO_ERROR, map, key, _("malformed e-mail address \"%s\""), v);
		break;
	case CONTACT_PHONE:
		if (!phone_ok(v))
			finding(C, MO_ERROR, map, key, _("malformed phone number \"%s\""), v);
		break;
	case CONTACT_URL:
		if (!url_ok(v))
			finding(C, MO_ERROR, map, key, _("malformed URL \"%s\" (use https://…)"),
				v);
		break;
	case CONTACT_CHAT:
		/* Never echo a URL here: a webhook URL is a secret. */
		if (strstr(v, "://"))
			finding(C, MO_ERROR, map, key,
				_("chat must name a webhook id of notify.yaml, not a URL: a webhook "
				  "URL is a secret and the manual is printed"));
		else if (!chat_id_ok(v))
			finding(C, MO_ERROR, map, key,
				_("chat must name a webhook id of notify.yaml (a-z, 0-9, _ and -)"));
		break;
	}
}

static void check_people(struct checker *C)
{
	const struct policy *p = C->p;

	CHECK_IDS(C, p->people, p->n_people, _("person"));
	for (size_t i = 0; i < p->n_people; i++) {
		const struct mo_person *pe = &p->people[i];

		need_roles(C, pe->node, "roles", &pe->roles);
		if (!pe->phone && !pe->email && !pe->chat)
			finding(C, MO_ERROR, pe->node, "id",
				_("person \"%s\" has no contact (phone, email or chat)"), pe->id);
		check_contact(C, pe->node, "email", pe->email, CONTACT_EMAIL);
		check_contact(C, pe->node, "phone", pe->phone, CONTACT_PHONE);
		check_contact(C, pe->node, "chat", pe->chat, CONTACT_CHAT);
	}
}

static bool reachable(const struct mo_person *pe)
{
	return pe->phone || pe->email || pe->chat;
}

static size_t count_reachable(const struct policy *p, const char *role)
{
	const struct mo_person *pe[64];
	size_t n = policy_role_people(p, role, pe, MO_ARRAY_SIZE(pe)), r = 0;

	for (size_t i = 0; i < n; i++)
		if (reachable(pe[i]))
			r++;
	return r;
}

static void check_levels(struct checker *C)
{
	const struct policy *p = C->p;
	const struct mo_level *seen[MO_LEVEL_MAX + 1] = {NULL};
	int top = policy_level_top(p);

	for (size_t i = 0; i < p->n_levels; i++) {
		const struct mo_level *lv = &p->levels[i];

		if (seen[lv->level])
			finding(C, MO_ERROR, lv->node, "level", _("level %d is defined twice"),
				lv->level);
		seen[lv->level] = lv;
		if (!lv->owner)
			finding(C, MO_ERROR, lv->node, "level", _("level %d has no owner role"),
				lv->level);
		need_role(C, lv->node, "owner", lv->owner);
		need_roles(C, lv->node, "notify", &lv->notify);
	}
	for (int l = 0; l <= top; l++) {
		if (!seen[l])
			finding(C, MO_ERROR, pnode_get(p->root, "levels"), NULL,
				_("level %d is not defined (levels 0 to %d are needed)"), l, top);
	}
	if (seen[top] && seen[top]->owner && policy_role(p, seen[top]->owner)) {
		size_t r = count_reachable(p, seen[top]->owner);

		for (size_t i = 0; i < seen[top]->notify.n; i++)
			r += count_reachable(p, seen[top]->notify.v[i]);
		if (r == 0)
			finding(C, MO_ERROR, seen[top]->node, "owner",
				_("nobody is reachable at level %d: no person with a phone, e-mail or chat holds role \"%s\""),
				top, seen[top]->owner);
	}
}

static void check_categories(struct checker *C)
{
	const struct policy *p = C->p;

	CHECK_IDS(C, p->categories, p->n_categories, _("category"));
	for (size_t i = 0; i < p->n_playbooks; i++) {
		const struct mo_playbook *pb = &p->playbooks[i];
		const struct mo_category *cat = policy_category(p, pb->category);

		need_category(C, pb->node, "category", pb->category);
		for (size_t j = 0; j < i; j++) {
			if (p->playbooks[j].level == pb->level &&
			    strcmp(p->playbooks[j].category, pb->category) == 0) {
				finding(C, MO_ERROR, pb->node, "level",
					_("a second playbook for category \"%s\" at level %d"),
					pb->category, pb->level);
				break;
			}
		}
		if (pb->n_steps == 0 && !pb->note)
			finding(C, MO_ERROR, pb->node, "steps", _("playbook has no steps"));
		if (pb->n_steps == 0 && cat && pb->level >= cat->min_level) {
			finding(C, MO_ERROR, pb->node, "steps",
				_("playbook for \"%s\" at level %d needs steps"), pb->category,
				pb->level);
		}
		for (size_t s = 0; s < pb->n_steps; s++) {
			const struct mo_step *st = &pb->steps[s];

			if (!st->actor)
				finding(C, MO_ERROR, st->node, "action",
					_("step has no actor role"));
			else if (!policy_role(p, st->actor))
				finding(C, MO_ERROR, st->node, "actor",
					_("step actor \"%s\" is not a role"), st->actor);
		}
	}
	for (size_t i = 0; i < p->n_categories; i++) {
		const struct mo_category *cat = &p->categories[i];

		for (int l = cat->min_level; l <= policy_level_top(p); l++) {
			const struct mo_playbook *pb = policy_playbook(p, cat->id, l);

			if (!pb) {
				finding(C, MO_ERROR, cat->node, "id",
					_("category \"%s\" has no playbook for level %d"), cat->id,
					l);
			}
		}
	}
}

static void check_signs_and_help(struct checker *C)
{
	const struct policy *p = C->p;

	CHECK_IDS(C, p->signs, p->n_signs, _("sign"));
	CHECK_IDS(C, p->self_help, p->n_self_help, _("self-help"));
	CHECK_IDS(C, p->guidance, p->n_guidance, _("guidance"));
	for (size_t i = 0; i < p->n_signs; i++) {
		const struct mo_sign *s = &p->signs[i];

		need_category(C, s->node, "category", s->category);
		/* A sign below its category's minimum needs the playbooks down there. */
		for (int l = s->min_level; l >= 0 && l <= policy_level_top(p); l++) {
			if (policy_category(p, s->category) &&
			    !policy_playbook(p, s->category, l)) {
				finding(C, MO_ERROR, s->node, "min_level",
					_("sign \"%s\" has minimum level %d, but category \"%s\" has no playbook for level %d"),
					s->id, s->min_level, s->category, l);
				break;
			}
		}
		if (s->self_help && !policy_self_help(p, s->self_help))
			finding(C, MO_ERROR, s->node, "self_help",
				_("self-help \"%s\" is not defined in self_help"), s->self_help);
		if (s->guidance && !policy_guidance(p, s->guidance))
			finding(C, MO_ERROR, s->node, "guidance",
				_("guidance \"%s\" is not defined in guidance"), s->guidance);
	}
	for (size_t i = 0; i < p->n_guidance; i++)
		need_category(C, p->guidance[i].node, "category", p->guidance[i].category);
}

static void check_decisions_and_cases(struct checker *C)
{
	const struct policy *p = C->p;

	CHECK_IDS(C, p->decisions, p->n_decisions, _("decision phase"));
	for (size_t i = 0; i < p->n_decisions; i++)
		CHECK_IDS(C, p->decisions[i].points, p->decisions[i].n_points, _("decision"));
	CHECK_IDS(C, p->cases, p->n_cases, _("case"));
	for (size_t i = 0; i < p->n_cases; i++)
		need_category(C, p->cases[i].node, "category", p->cases[i].category);
}

static void check_checks(struct checker *C)
{
	const struct policy *p = C->p;

	CHECK_IDS(C, p->checks, p->n_checks, _("check"));
	for (size_t i = 0; i < p->n_checks; i++)
		need_role(C, p->checks[i].node, "owner", p->checks[i].owner);
}

static void check_authorities(struct checker *C)
{
	const struct policy *p = C->p;

	CHECK_IDS(C, p->authorities, p->n_authorities, _("authority"));
	for (size_t i = 0; i < p->n_authorities; i++) {
		const struct mo_authority *a = &p->authorities[i];

		check_contact(C, a->node, "url", a->url, CONTACT_URL);
		check_contact(C, a->node, "email", a->email, CONTACT_EMAIL);
		check_contact(C, a->node, "tel", a->tel, CONTACT_PHONE);
		check_contact(C, a->node, "fax", a->fax, CONTACT_PHONE);
	}
	CHECK_IDS(C, p->filings, p->n_filings, _("filing"));
	for (size_t i = 0; i < p->n_filings; i++) {
		const struct mo_filing *fi = &p->filings[i];

		if (!policy_authority(p, fi->authority))
			finding(C, MO_ERROR, fi->node, "authority",
				_("authority \"%s\" is not defined in authorities"), fi->authority);
		for (size_t c = 0; c < fi->categories.n; c++)
			need_category(C, list_item(fi->node, "categories", c), NULL,
				      fi->categories.v[c]);
		need_role(C, fi->node, "owner", fi->owner);
	}
	for (size_t i = 0; i < p->n_references; i++)
		check_contact(C, p->references[i].node, "url", p->references[i].url, CONTACT_URL);
}

static void check_bcp(struct checker *C)
{
	const struct mo_bcp *b = &C->p->bcp;

	for (size_t i = 0; i < b->n_targets; i++)
		need_roles(C, b->targets[i].node, "owners", &b->targets[i].owners);
	CHECK_IDS(C, b->tiers, b->n_tiers, _("tier"));
	CHECK_IDS(C, b->systems, b->n_systems, _("system"));
	for (size_t i = 0; i < b->n_systems; i++) {
		const struct mo_bcp_system *s = &b->systems[i];
		bool found = false;

		for (size_t t = 0; t < b->n_tiers; t++)
			if (strcmp(b->tiers[t].id, s->tier) == 0)
				found = true;
		if (!found && b->n_tiers)
			finding(C, MO_ERROR, s->node, "tier",
				_("tier \"%s\" is not defined in tiers"), s->tier);
		need_role(C, s->node, "recovery_owner", s->recovery_owner);
	}
	policy_check_bcp_graph(C->p, C->f);
}

static void check_org(struct checker *C)
{
	const struct policy *p = C->p;
	const struct mo_organization *o = &p->org;

	if (!o->node)
		return;
	check_contact(C, o->node, "report_url", o->report_url, CONTACT_URL);
	for (size_t i = 0; i < o->domains.n; i++) {
		const char *d = o->domains.v[i];

		if (!*d || strpbrk(d, "@ /:<>") || !strchr(d, '.'))
			finding(C, MO_ERROR, o->node, "domains",
				_("\"%s\" is not a mail domain (write it as example.co.jp)"), d);
	}
	if (o->has_last_reviewed) {
		struct mo_date due = date_add_months(o->last_reviewed, o->review_interval_months);
		char d[32];

		if (date_cmp(due, date_today()) < 0) {
			date_format(due, false, d, sizeof(d));
			finding(C, MO_WARNING, pnode_get(o->node, "review"), "last_reviewed",
				_("the manual was due for review on %s"), d);
		}
	} else {
		finding(C, MO_WARNING, o->node, "review",
			_("no review date: set review.last_reviewed"));
	}
	need_role(C, p->defs.node, "unexpected_owner", p->defs.unexpected_owner);
	need_role(C, p->defs.node, "coordinator", p->defs.coordinator);
	need_roles(C, p->root, "response_team", &p->response_team);
	need_roles(C, p->chain.node, "roles", &p->chain.roles);
}

/* Every scalar still holding a placeholder gets a warning at its place. */
static void check_placeholders(struct checker *C, const struct pnode *n, int depth)
{
	if (!n || depth > PNODE_MAX_DEPTH)
		return;
	switch (n->kind) {
	case PNODE_SCALAR:
		if (policy_is_placeholder(n->str))
			mo_findings_add(C->f, MO_WARNING, n->line, n->col,
					_("placeholder left: \"%s\""), n->str);
		break;
	case PNODE_SEQUENCE:
		for (size_t i = 0; i < n->n; i++)
			check_placeholders(C, n->items[i], depth + 1);
		break;
	case PNODE_MAPPING:
		for (size_t i = 0; i < n->n; i++)
			check_placeholders(C, n->pairs[i].value, depth + 1);
		break;
	}
}

static size_t count_placeholders(const struct pnode *n, int depth)
{
	size_t c = 0;

	if (!n || depth > PNODE_MAX_DEPTH)
		return 0;
	if (n->kind == PNODE_SCALAR)
		return policy_is_placeholder(n->str) ? 1 : 0;
	for (size_t i = 0; i < n->n; i++)
		c += count_placeholders(n->kind == PNODE_SEQUENCE ? n->items[i] : n->pairs[i].value,
					depth + 1);
	return c;
}

size_t policy_placeholder_count(const struct policy *p)
{
	return count_placeholders(p->root, 0);
}

void policy_check(const struct policy *p, struct mo_findings *f)
{
	struct checker C = {p, f};

	CHECK_IDS(&C, p->roles, p->n_roles, _("role"));
	check_org(&C);
	check_people(&C);
	check_levels(&C);
	policy_check_triage(p, f);
	policy_check_filings(p, f);
	policy_check_drills(p, f);
	check_categories(&C);
	check_signs_and_help(&C);
	check_decisions_and_cases(&C);
	check_checks(&C);
	check_authorities(&C);
	check_bcp(&C);
	policy_check_escalation(p, f);
	/* Aliases may share nodes; walking a shared node twice only repeats
	 * warnings, and the loader already bounded the expanded size. */
	check_placeholders(&C, p->root, 0);
	mo_findings_sort(f);
}
