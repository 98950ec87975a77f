/* DATA/notify.yaml: the SMTP server, the chat webhooks and their secrets,
 * loaded through the policy module's positioned node tree (yaml_* stays in
 * policy/) and checked strictly: unknown keys, wrong types, bad URLs,
 * duplicate ids and missing keys are findings at file:line:col. No
 * finding ever quotes a value: values here are secrets. */
#include "notify/notifyInt.h"
#include "policy/node.h"
#include "util/fs.h"

#include <sys/stat.h>

#define CONF_MAX_BYTES ((size_t)1 << 20)
#define ID_MAX 63

struct cl {
	struct notify_conf *c;
	struct mo_findings *f;
	bool oom;
};

#define KEYS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void check_keys(struct cl *L, const struct pnode *map, const char *where,
		       const char *const *allowed)
{
	for (size_t i = 0; i < map->n; i++) {
		bool ok = false;

		for (size_t k = 0; allowed[k]; k++)
			if (strcmp(map->pairs[i].key, allowed[k]) == 0)
				ok = true;
		if (!ok)
			mo_findings_add(L->f, MO_ERROR, map->pairs[i].key_line,
					map->pairs[i].key_col, _("unknown key \"%s\" in %s"),
					map->pairs[i].key, where);
	}
}

/* The text under key, copied into the conf; NULL when absent (an error
 * when required) or not text. */
static const char *get_str(struct cl *L, const struct pnode *map, const char *key, bool required)
{
	const struct pnode *n = pnode_get(map, key);
	char *s;

	if (pnode_is_null(n)) {
		if (required)
			pnode_error(L->f, map, _("missing required key \"%s\""), key);
		return NULL;
	}
	if (n->kind != PNODE_SCALAR) {
		pnode_error(L->f, n, _("\"%s\" must be text, found %s"), key,
			    pnode_kind_name(n->kind));
		return NULL;
	}
	if (strlen(n->str) != n->len || strpbrk(n->str, "\r\n")) {
		pnode_error(L->f, n, _("\"%s\" must be one line of text"), key);
		return NULL;
	}
	s = arena_strdup(&L->c->arena, n->str);
	if (!s)
		L->oom = true;
	return s;
}

static bool host_is_loopback(const char *url, size_t scheme_len)
{
	static const char *const hosts[] = {"127.0.0.1", "localhost", "[::1]"};
	const char *h = url + scheme_len;

	for (size_t i = 0; i < MO_ARRAY_SIZE(hosts); i++) {
		size_t n = strlen(hosts[i]);

		if (strncmp(h, hosts[i], n) == 0 && (h[n] == ':' || h[n] == '/' || !h[n]))
			return true;
	}
	return false;
}

/* A URL with one of schemes (NULL-terminated); "http://" only to the
 * loopback (tests, a local relay): anything else would send secrets and
 * incident details in the clear. The value is never quoted. */
static const char *get_url(struct cl *L, const struct pnode *map, const char *key, bool required,
			   const char *const *schemes)
{
	const struct pnode *n = pnode_get(map, key);
	const char *s = get_str(L, map, key, required);

	if (!s)
		return NULL;
	for (size_t i = 0; schemes[i]; i++) {
		size_t len = strlen(schemes[i]);

		if (strncmp(s, schemes[i], len) != 0 || !s[len] || s[len] == '/' ||
		    strpbrk(s, " \t\"<>"))
			continue;
		if (strcmp(schemes[i], "http://") == 0 && !host_is_loopback(s, len)) {
			pnode_error(L->f, n,
				    _("\"%s\" must use https:// (http:// only to 127.0.0.1)"), key);
			return NULL;
		}
		return s;
	}
	pnode_error(L->f, n, _("\"%s\" must be a URL starting with %s%s%s"), key, schemes[0],
		    schemes[1] ? _(" or ") : "", schemes[1] ? schemes[1] : "");
	return NULL;
}

/* Whole seconds from 1 to 600, written 10 or 10s. */
static void get_seconds(struct cl *L, const struct pnode *map, const char *key, long *out)
{
	const struct pnode *n = pnode_get(map, key);
	char *end;
	long v;

	if (pnode_is_null(n))
		return;
	if (n->kind == PNODE_SCALAR && strlen(n->str) == n->len) {
		errno = 0;
		v = strtol(n->str, &end, 10);
		if (!errno && end != n->str && n->str[0] != '-' && n->str[0] != '+' &&
		    (!*end || (end[0] == 's' && !end[1])) && v >= 1 && v <= 600) {
			*out = v;
			return;
		}
	}
	pnode_error(L->f, n, _("\"%s\" must be whole seconds from 1 to 600 (10 or 10s)"), key);
}

static void load_timeouts(struct cl *L, const struct pnode *n)
{
	if (pnode_is_null(n))
		return;
	if (n->kind != PNODE_MAPPING) {
		pnode_error(L->f, n, _("\"%s\" must be a mapping (key: value), found %s"),
			    "timeouts", pnode_kind_name(n->kind));
		return;
	}
	check_keys(L, n, "timeouts", KEYS("connect", "total"));
	get_seconds(L, n, "connect", &L->c->connect_timeout);
	get_seconds(L, n, "total", &L->c->total_timeout);
	if (L->c->connect_timeout > L->c->total_timeout)
		pnode_error(L->f, n,
			    _("the connect time-out must not be longer than the total one"));
}

static void load_smtp(struct cl *L, const struct pnode *n)
{
	struct notify_conf *c = L->c;
	char name[256], addr[256];

	if (pnode_is_null(n))
		return;
	if (n->kind != PNODE_MAPPING) {
		pnode_error(L->f, n, _("\"%s\" must be a mapping (key: value), found %s"), "smtp",
			    pnode_kind_name(n->kind));
		return;
	}
	check_keys(L, n, "smtp", KEYS("url", "user", "password", "from"));
	c->smtp_url = get_url(L, n, "url", true, KEYS("smtps://", "smtp://"));
	c->smtp_user = get_str(L, n, "user", false);
	c->smtp_password = get_str(L, n, "password", false);
	c->smtp_from = get_str(L, n, "from", true);
	if (c->smtp_password && !c->smtp_user)
		pnode_error(L->f, pnode_get(n, "password"), _("\"password\" needs \"user\""));
	if (c->smtp_from &&
	    notify_mail_split_address(c->smtp_from, name, sizeof(name), addr, sizeof(addr)))
		pnode_error(L->f, pnode_get(n, "from"),
			    _("\"from\" must be an e-mail address, optionally with a name: "
			      "\"moshimo <moshimo@example.co.jp>\""));
	c->smtp_set = c->smtp_url && c->smtp_from;
	/* A password never crosses the network in the clear: smtp:// then
	 * needs STARTTLS, except to the loopback (a local relay, tests). */
	c->smtp_need_tls = c->smtp_url && c->smtp_password &&
			   !host_is_loopback(c->smtp_url, strlen("smtp://"));
}

static bool id_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > ID_MAX || strcmp(s, "email") == 0)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      *s == '-'))
			return false;
	return true;
}

static void load_hook(struct cl *L, const struct pnode *m, struct notify_hook *h, size_t i)
{
	const char *kind;
	size_t k;

	if (m->kind != PNODE_MAPPING) {
		pnode_error(L->f, m, _("a webhook must be a mapping (id, kind, url …), found %s"),
			    pnode_kind_name(m->kind));
		return;
	}
	h->id = get_str(L, m, "id", true);
	kind = get_str(L, m, "kind", true);
	if (h->id && !id_ok(h->id)) {
		pnode_error(L->f, pnode_get(m, "id"),
			    _("a webhook id is 1 to 63 of a-z, 0-9, _ and - (and not \"email\")"));
		h->id = NULL;
	}
	for (k = 0; h->id && k < i; k++)
		if (L->c->hooks[k].id && strcmp(L->c->hooks[k].id, h->id) == 0) {
			pnode_error(L->f, pnode_get(m, "id"), _("duplicate webhook id \"%s\""),
				    h->id);
			h->id = NULL;
		}
	if (!kind)
		return;
	for (k = 1; k < notify_channels_count; k++)
		if (strcmp(kind, notify_channels[k].name) == 0)
			break;
	if (k == notify_channels_count) {
		pnode_error(
			L->f, pnode_get(m, "kind"),
			_("unknown kind \"%s\": slack, teams, google_chat, chatwork or webhook"),
			kind);
		h->id = NULL;
		return;
	}
	h->kind = notify_channels[k].kind;
	if (h->kind == NOTIFY_CHATWORK) {
		check_keys(L, m, _("a chatwork webhook"),
			   KEYS("id", "kind", "room", "token", "api_url"));
		h->room = get_str(L, m, "room", true);
		h->token = get_str(L, m, "token", true);
		h->url = get_url(L, m, "api_url", false, KEYS("https://", "http://"));
		if (!h->url && !pnode_get(m, "api_url"))
			h->url = NOTIFY_CHATWORK_API;
		if (h->room && strspn(h->room, "0123456789") != strlen(h->room)) {
			pnode_error(L->f, pnode_get(m, "room"),
				    _("\"room\" must be the room's number"));
			h->room = NULL;
		}
		if (h->token && strspn(h->token, "0123456789abcdefABCDEF") != strlen(h->token)) {
			pnode_error(
				L->f, pnode_get(m, "token"),
				_("\"token\" must be a Chatwork API token (letters a-f and digits)"));
			h->token = NULL;
		}
		if (!h->room || !h->token || !h->url)
			h->id = NULL;
	} else {
		check_keys(L, m, _("a webhook"), KEYS("id", "kind", "url"));
		h->url = get_url(L, m, "url", true, KEYS("https://", "http://"));
		if (!h->url)
			h->id = NULL;
	}
}

static void load_hooks(struct cl *L, const struct pnode *n)
{
	if (pnode_is_null(n))
		return;
	if (n->kind != PNODE_SEQUENCE) {
		pnode_error(L->f, n, _("\"%s\" must be a list, found %s"), "webhooks",
			    pnode_kind_name(n->kind));
		return;
	}
	L->c->hooks = arena_calloc(&L->c->arena, n->n ? n->n : 1, sizeof(*L->c->hooks));
	if (!L->c->hooks) {
		L->oom = true;
		return;
	}
	for (size_t i = 0; i < n->n; i++)
		load_hook(L, n->items[i], &L->c->hooks[i], i);
	L->c->n_hooks = n->n;
}

static void load_root(struct cl *L, const struct pnode *root)
{
	struct notify_conf *c = L->c;
	const char *privacy;

	check_keys(L, root, "notify.yaml",
		   KEYS("public_url", "smtp", "webhooks", "privacy", "timeouts"));
	c->public_url = get_url(L, root, "public_url", false, KEYS("https://", "http://"));
	if (c->public_url) {
		/* Links are made by appending "/ack/…": no trailing slash. */
		char *u = (char *)c->public_url;
		size_t n = strlen(u);

		while (n > 0 && u[n - 1] == '/')
			u[--n] = '\0';
	}
	privacy = get_str(L, root, "privacy", false);
	if (privacy && strcmp(privacy, "full") == 0)
		c->privacy_full = true;
	else if (privacy && strcmp(privacy, "minimal") != 0)
		pnode_error(L->f, pnode_get(root, "privacy"),
			    _("\"privacy\" must be minimal or full"));
	load_timeouts(L, pnode_get(root, "timeouts"));
	load_smtp(L, pnode_get(root, "smtp"));
	load_hooks(L, pnode_get(root, "webhooks"));
}

int notify_conf_parse(const char *text, size_t len, const char *name, struct notify_conf **out,
		      struct mo_findings *f)
{
	struct notify_conf *c = calloc(1, sizeof(*c));
	struct cl L = {c, f, false};
	const struct pnode *root;
	struct mo_err e;

	*out = NULL;
	if (!c) {
		mo_findings_add(f, MO_ERROR, 0, 0, "%s", _("out of memory"));
		return -1;
	}
	arena_init(&c->arena, (size_t)64 << 20);
	c->connect_timeout = NOTIFY_CONNECT_TIMEOUT;
	c->total_timeout = NOTIFY_TOTAL_TIMEOUT;
	root = pnode_parse(&c->arena, text, len, name, &e);
	if (!root) {
		mo_findings_add(f, MO_ERROR, e.line, e.col, "%s", e.msg);
		goto fail;
	}
	if (root->kind != PNODE_MAPPING) {
		pnode_error(L.f, root, _("notify.yaml must be a mapping (key: value), found %s"),
			    pnode_kind_name(root->kind));
		goto fail;
	}
	load_root(&L, root);
	if (L.oom) {
		mo_findings_add(f, MO_ERROR, 0, 0, "%s", _("out of memory"));
		goto fail;
	}
	if (f->errors)
		goto fail;
	*out = c;
	return 0;
fail:
	notify_conf_free(c);
	return -1;
}

int notify_conf_check(const char *path, struct notify_conf **out, struct mo_findings *f)
{
	struct stat sb;
	struct mo_err e;
	char *text = NULL;
	size_t len;
	int rc;

	*out = NULL;
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT)
			return 1;
		mo_findings_add(f, MO_ERROR, 0, 0, _("cannot read: %s"), strerror(errno));
		return -1;
	}
	if (sb.st_mode & 077) {
		mo_findings_add(
			f, MO_ERROR, 0, 0,
			_("the file holds passwords but others can read it: run chmod 600 %s"),
			path);
		return -1;
	}
	if (fs_read_file(path, CONF_MAX_BYTES, &text, &len, &e)) {
		mo_findings_add(f, MO_ERROR, 0, 0, "%s", e.msg);
		return -1;
	}
	rc = notify_conf_parse(text, len, path, out, f);
	/* The text held the secrets too. */
	memset(text, 0, len);
	free(text);
	return rc;
}

int notify_conf_load(const char *path, struct notify_conf **out, struct mo_err *e)
{
	struct mo_findings f;
	int rc;

	mo_err_clear(e);
	mo_findings_init(&f, path);
	rc = notify_conf_check(path, out, &f);
	if (rc < 0) {
		const struct mo_finding *first = NULL;

		mo_findings_sort(&f);
		for (size_t i = 0; i < f.n && !first; i++)
			if (f.v[i].severity == MO_ERROR)
				first = &f.v[i];
		mo_err_set(e, path, first ? first->line : 0, first ? first->col : 0, "%s",
			   first ? first->msg : _("out of memory"));
	}
	mo_findings_release(&f);
	if (rc == 0)
		notify_curl_init();
	return rc;
}

void notify_conf_free(struct notify_conf *c)
{
	if (!c)
		return;
	if (c->smtp_password)
		memset((char *)c->smtp_password, 0, strlen(c->smtp_password));
	for (size_t i = 0; c->hooks && i < c->n_hooks; i++)
		if (c->hooks[i].token)
			memset((char *)c->hooks[i].token, 0, strlen(c->hooks[i].token));
	arena_release(&c->arena);
	free(c);
}

const char *notify_conf_public_url(const struct notify_conf *c)
{
	return c ? c->public_url : NULL;
}

bool notify_conf_privacy_full(const struct notify_conf *c)
{
	return c && c->privacy_full;
}

const struct notify_hook *notify_conf_hook(const struct notify_conf *c, const char *id)
{
	for (size_t i = 0; c && id && i < c->n_hooks; i++)
		if (c->hooks[i].id && strcmp(c->hooks[i].id, id) == 0)
			return &c->hooks[i];
	return NULL;
}

int notify_conf_channel_kind(const struct notify_conf *c, const char *channel)
{
	const struct notify_hook *h;

	if (!c || !channel)
		return -1;
	if (strcmp(channel, "email") == 0)
		return c->smtp_set ? NOTIFY_EMAIL : -1;
	h = notify_conf_hook(c, channel);
	return h ? (int)h->kind : -1;
}
