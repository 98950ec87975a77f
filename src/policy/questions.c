/* The questions of the guided setup: every placeholder of the template
 * (〇〇, ****) is a question with an example; answers are checked as they are
 * given and written into the policy's text at their nodes (edit.c). */
#include "policy/policy.h"
#include "policy/setup.h"
#include "util/phone.h"

#include <ctype.h>
#include <strings.h>

struct target {
	const char *path;    /* the scalar (with key: the mapping that holds it) */
	const char *key;     /* NULL: path names the node itself */
	const char *pattern; /* the placeholder in the scalar that the answer replaces */
};

struct qdef {
	const char *id;
	const char *group;
	enum setup_kind kind;
	unsigned flags;
	const char *ja, *en, *example;
	struct target main;
	struct target also[3];
};

/* The template's placeholders outside the people list, in the order asked. */
static const struct qdef fixed_before[] = {
	{"company_name",
	 "company",
	 SETUP_TEXT,
	 0,
	 "会社の正式な名前",
	 "The company's registered name",
	 "株式会社もしも商事",
	 {"organization", "name", NULL},
	 {{0}}},
	{"related",
	 "company",
	 SETUP_RELATED,
	 SETUP_OPTIONAL,
	 "委託元など、事故のときに知らせる関係会社（名前（関係）を「、」で区切る。なければ空）",
	 "Related companies to inform, e.g. the client who outsources to you (name (relation), "
	 "separated by commas; empty if none)",
	 "株式会社みなと物流（委託元）",
	 {"organization", "related", NULL},
	 {{0}}},
};

static const struct qdef fixed_after[] = {
	{"business_system",
	 "bcp",
	 SETUP_TEXT,
	 0,
	 "止まると事業が続けられない主な業務システムの名前（事業継続計画に載せる）",
	 "The main business system the company cannot work without (for the continuity plan)",
	 "販売管理システム",
	 {"bcp.systems[0]", "name", NULL},
	 {{"bcp.scenarios[0]", "incident", "○○システム"},
	  {"bcp.scenarios[0]", "reason", "○○システム"},
	  {"bcp.targets[1].targets[0]", NULL, "○○システム"}}},
	{"system_vendor",
	 "bcp",
	 SETUP_TEXT,
	 0,
	 "業務システムの開発・保守を頼んでいる会社（ITベンダー）",
	 "The IT vendor who built or maintains the business system",
	 "(株)さくらシステム開発",
	 {"bcp.targets[1].contacts[0]", NULL, NULL},
	 {{"authorities[id=it_vendor]", "organization", "(株)〇〇システム開発"}}},
	{"network_vendor",
	 "bcp",
	 SETUP_TEXT,
	 0,
	 "回線・ネットワークの契約先",
	 "The network or line provider",
	 "(株)ひかりネットワークサービス",
	 {"bcp.targets[1].contacts[1]", NULL, NULL},
	 {{0}}},
	{"server_vendor",
	 "bcp",
	 SETUP_TEXT,
	 0,
	 "サーバー・クラウド（バックアップ先）の契約先",
	 "The server or cloud (backup) provider",
	 "(株)くもマネージドサーバー",
	 {"bcp.targets[1].contacts[2]", NULL, NULL},
	 {{0}}},
	{"power_company",
	 "bcp",
	 SETUP_TEXT,
	 0,
	 "事務所の電力会社（支店・営業所）",
	 "The office's electricity company (branch)",
	 "東京電力パワーグリッド 新宿支社",
	 {"bcp.targets[0].contacts[0]", NULL, NULL},
	 {{0}}},
	{"facility_vendor",
	 "bcp",
	 SETUP_TEXT,
	 0,
	 "電源設備・空調機の保守会社（ビル管理会社）",
	 "The maintainer of the power and air conditioning (building management)",
	 "(株)新宿ビル設備",
	 {"bcp.targets[0].contacts[1]", NULL, NULL},
	 {{0}}},
	{"it_vendor.tel",
	 "outside",
	 SETUP_PHONE,
	 0,
	 "ITベンダーの保守窓口の電話番号",
	 "The IT vendor's support hotline",
	 "03-1234-5678",
	 {"authorities[id=it_vendor]", "tel", NULL},
	 {{0}}},
	{"insurer",
	 "outside",
	 SETUP_TEXT,
	 0,
	 "サイバー保険の保険会社（入っていなければ「加入なし」）",
	 "The cyber insurance company (\"加入なし\" if none)",
	 "あんしん損害保険株式会社",
	 {"authorities[id=cyber_insurance]", "organization", "〇〇損害保険株式会社"},
	 {{0}}},
	{"insurer.tel",
	 "outside",
	 SETUP_PHONE,
	 SETUP_OPTIONAL,
	 "保険会社の事故受付窓口の電話番号（加入していなければ空）",
	 "The insurer's claims hotline",
	 "0120-123-456",
	 {"authorities[id=cyber_insurance]", "tel", NULL},
	 {{0}}},
	{"insurer.policy_number",
	 "outside",
	 SETUP_TEXT,
	 SETUP_OPTIONAL,
	 "保険の証券番号（加入していなければ空）",
	 "The insurance policy number",
	 "AB-1234567",
	 {"authorities[id=cyber_insurance]", "note", "〇〇〇〇（保険証券を確認して記入する）"},
	 {{0}}},
	{"police.office",
	 "outside",
	 SETUP_TEXT,
	 0,
	 "所在地の都道府県警察のサイバー犯罪相談窓口の名前",
	 "The cybercrime desk of the prefectural police where the office is",
	 "警視庁 サイバー犯罪相談窓口",
	 {"authorities[id=prefectural_police]", "note", NULL},
	 {{0}}},
	{"police.tel",
	 "outside",
	 SETUP_PHONE,
	 0,
	 "その相談窓口の電話番号",
	 "The cybercrime desk's telephone",
	 "03-1234-5678",
	 {"authorities[id=prefectural_police]", "tel", NULL},
	 {{0}}},
	{"ministry",
	 "outside",
	 SETUP_TEXT,
	 0,
	 "事業を所管する省庁",
	 "The ministry that oversees the business",
	 "経済産業省",
	 {"authorities[id=ministry]", "organization", "〇〇省"},
	 {{0}}},
	{"ministry.office",
	 "outside",
	 SETUP_TEXT,
	 0,
	 "所管省庁の担当窓口（課の名前と連絡先。業法の報告義務がなければ「報告義務なし」）",
	 "The ministry's desk (section and contact; \"報告義務なし\" when no duty to report)",
	 "商務情報政策局 サイバーセキュリティ課 03-1234-5678",
	 {"authorities[id=ministry]", "note", NULL},
	 {{0}}},
	{"review_interval",
	 "review",
	 SETUP_MONTHS,
	 SETUP_OPTIONAL,
	 "マニュアルを見直す間隔（月数）",
	 "How often the manual is reviewed (months)",
	 "12",
	 {"organization.review", "interval_months", NULL},
	 {{0}}},
	{"report_url",
	 "review",
	 SETUP_URL,
	 SETUP_OPTIONAL,
	 "報告ページのアドレス（カードの QR コードになる。moshimo serve の公開 URL）",
	 "The report page's address (the card's QR code; moshimo serve's public URL)",
	 "https://moshimo.example.co.jp/report",
	 {"organization", "report_url", NULL},
	 {{0}}},
};

/* What one question of this document resolved to. */
struct qres {
	struct setup_question q;
	const struct qdef *def;	 /* NULL for a person's question */
	const struct ynode *map; /* the mapping that holds the key (NULL: node is an item) */
	const char *key;
	const struct ynode *node; /* the scalar now, NULL when absent */
	const char *pattern;
};

struct derive {
	struct arena *a;
	const struct ydoc *d;
	struct qres *v;
	size_t n, cap;
	struct mo_err *e;
};

static const char *afmt(struct arena *a, const char *fmt, ...) MO_PRINTF(2, 3);
static const char *afmt(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *s, *r;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s)
		return NULL;
	r = arena_strdup(a, s);
	free(s);
	return r;
}

static const char *related_text(struct arena *a, const struct ynode *n)
{
	struct buf b;
	const char *r;

	if (!n || n->kind != YN_SEQUENCE)
		return n && n->kind == YN_SCALAR ? n->str : "";
	buf_init(&b, 1 << 16);
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *name = ynode_get(n->kid[i], "name");
		const struct ynode *rel = ynode_get(n->kid[i], "relation");

		if (!name || name->kind != YN_SCALAR)
			continue;
		if ((b.len && buf_adds(&b, "、")) || buf_adds(&b, name->str) ||
		    (rel && rel->kind == YN_SCALAR && buf_addf(&b, "（%s）", rel->str)))
			break;
	}
	r = arena_strdup(a, b.len ? buf_str(&b) : "");
	buf_release(&b);
	return r;
}

static struct qres *add(struct derive *D)
{
	if (D->n == D->cap) {
		size_t nc = D->cap ? D->cap * 2 : 64;
		struct qres *v = arena_alloc(D->a, nc * sizeof(*v));

		if (!v)
			return NULL;
		if (D->n)
			memcpy(v, D->v, D->n * sizeof(*v));
		D->v = v;
		D->cap = nc;
	}
	memset(&D->v[D->n], 0, sizeof(D->v[D->n]));
	return &D->v[D->n++];
}

static void finish_q(struct derive *D, struct qres *r)
{
	if (r->q.kind == SETUP_RELATED)
		r->q.current = related_text(D->a, r->node);
	else
		r->q.current = r->node && r->node->kind == YN_SCALAR ? r->node->str : "";
	if (!r->q.current)
		r->q.current = "";
	r->q.open = policy_is_placeholder(r->q.current) ||
		    (!(r->q.flags & SETUP_OPTIONAL) && !*r->q.current);
}

static int add_fixed(struct derive *D, const struct qdef *def)
{
	const struct ynode *at = ydoc_find(D->d, def->main.path);
	struct qres *r;

	/* a policy without this part (no BCP system, no insurer) has no question */
	if (!at || (def->main.key && at->kind != YN_MAPPING))
		return 0;
	if (!def->main.key && at->kind != YN_SCALAR)
		return 0;
	r = add(D);
	if (!r)
		return mo_err_oom(D->e, NULL);
	r->def = def;
	r->q = (struct setup_question){def->id, def->group, def->kind,	  def->flags, NULL, def->ja,
				       def->ja, def->en,    def->example, "",	      false};
	r->map = def->main.key ? at : NULL;
	r->key = def->main.key;
	r->node = def->main.key ? ynode_get(at, def->main.key) : at;
	r->pattern = def->main.pattern;
	if (r->node && r->node->kind != YN_SCALAR && def->kind != SETUP_RELATED) {
		D->n--;
		return 0;
	}
	finish_q(D, r);
	return 0;
}

/* "最高責任者（代表取締役）・一次対応者": the titles of a person's roles
 * (with its holder's words when the person has one role and holder). */
static const char *role_titles(struct derive *D, const struct ynode *roles, bool holder)
{
	const struct ynode *defs = ydoc_find(D->d, "roles");
	struct buf b;
	const char *r;

	buf_init(&b, 1 << 12);
	for (size_t i = 0; roles && roles->kind == YN_SEQUENCE && i < roles->n; i++) {
		const char *id = roles->kid[i]->kind == YN_SCALAR ? roles->kid[i]->str : "";
		const char *title = id;

		for (size_t k = 0; defs && defs->kind == YN_SEQUENCE && k < defs->n; k++) {
			const struct ynode *rid = ynode_get(defs->kid[k], "id");
			const struct ynode *t = ynode_get(defs->kid[k], "title");
			const struct ynode *h = ynode_get(defs->kid[k], "holder");

			if (rid && t && rid->kind == YN_SCALAR && t->kind == YN_SCALAR &&
			    strcmp(rid->str, id) == 0)
				title = holder && roles->n == 1 && h && h->kind == YN_SCALAR &&
							strcmp(h->str, t->str) != 0
						? afmt(D->a, "%s（%s）", t->str, h->str)
						: t->str;
		}
		if ((b.len && buf_adds(&b, "・")) || buf_adds(&b, title))
			break;
	}
	r = arena_strdup(D->a, b.len ? buf_str(&b) : "?");
	buf_release(&b);
	return r;
}

static const struct {
	const char *key;
	enum setup_kind kind;
	unsigned flags;
	const char *label, *ja, *en, *example;
} person_q[] = {
	{"name", SETUP_NAME, 0, "%s", "「%s」を務める人の氏名（兼任するときは同じ氏名を）",
	 "Name of the person who is %s (the same name for two roles makes them one person)",
	 "山田 太郎"},
	{"phone", SETUP_PHONE, 0, "電話番号（夜間・休日もつながる番号）",
	 "%s の電話番号（夜間・休日もつながる番号）",
	 "%s's phone (reachable at night and on holidays)", "090-1234-5678"},
	{"email", SETUP_EMAIL, SETUP_OPTIONAL, "メールアドレス（通知の宛先。なければ空）",
	 "%s のメールアドレス（通知の宛先。なければ空）",
	 "%s's e-mail (where notifications go; empty if none)", "yamada@example.co.jp"},
	{"chat", SETUP_CHAT, SETUP_OPTIONAL,
	 "通知するチャット（notify.yaml の webhooks の id。なければ空）",
	 "%s に通知するチャット（notify.yaml の webhooks の id。なければ空）",
	 "The chat that notifies %s (a webhook id of notify.yaml; empty if none)", "office"},
};

static char *replace_all(const char *s, const char *from, const char *to);

/* tmpl with its one "%s" replaced by who, in a. */
static const char *fill(struct arena *a, const char *tmpl, const char *who)
{
	char *s = replace_all(tmpl, "%s", who);
	const char *r = s ? arena_strdup(a, s) : NULL;

	free(s);
	return r;
}

static int add_people(struct derive *D, int which)
{
	const struct ynode *people = ydoc_find(D->d, "people");

	for (size_t i = 0; people && people->kind == YN_SEQUENCE && i < people->n; i++) {
		const struct ynode *pe = people->kid[i];
		const struct ynode *id = ynode_get(pe, "id"), *name = ynode_get(pe, "name");
		const char *who, *roles;

		if (pe->kind != YN_MAPPING || !id || id->kind != YN_SCALAR)
			continue;
		roles = role_titles(D, ynode_get(pe, "roles"), true);
		who = role_titles(D, ynode_get(pe, "roles"), false);
		if (name && name->kind == YN_SCALAR && !policy_is_placeholder(name->str) &&
		    *name->str)
			who = afmt(D->a, "%s（%s）", name->str, who);
		for (size_t k = 0; k < MO_ARRAY_SIZE(person_q); k++) {
			struct qres *r;
			const struct ynode *v = ynode_get(pe, person_q[k].key);

			if ((which == 0) != (k == 0))
				continue;
			if (v && v->kind != YN_SCALAR)
				continue;
			r = add(D);
			if (!r || !who || !roles)
				return mo_err_oom(D->e, NULL);
			r->q.id = afmt(D->a, "%s.%s", id->str, person_q[k].key);
			r->q.group = k == 0 ? "people" : "contacts";
			r->q.kind = person_q[k].kind;
			r->q.flags = person_q[k].flags;
			r->q.subject = k == 0 ? NULL : who;
			r->q.label_ja = fill(D->a, person_q[k].label, roles);
			r->q.question_ja = fill(D->a, person_q[k].ja, k == 0 ? roles : who);
			r->q.question_en = fill(D->a, person_q[k].en, k == 0 ? roles : who);
			r->q.example = person_q[k].example;
			r->map = pe;
			r->key = person_q[k].key;
			r->node = v;
			if (!r->q.id || !r->q.question_ja || !r->q.question_en || !r->q.label_ja)
				return mo_err_oom(D->e, NULL);
			finish_q(D, r);
		}
	}
	return 0;
}

static int derive(struct derive *D)
{
	for (size_t i = 0; i < MO_ARRAY_SIZE(fixed_before); i++)
		if (add_fixed(D, &fixed_before[i]))
			return -1;
	if (add_people(D, 0) || add_people(D, 1))
		return -1;
	for (size_t i = 0; i < MO_ARRAY_SIZE(fixed_after); i++)
		if (add_fixed(D, &fixed_after[i]))
			return -1;
	return 0;
}

int setup_questions_load(struct setup_questions *q, const char *text, size_t len, struct mo_err *e)
{
	struct ydoc d;
	struct derive D = {.e = e};
	int rc = -1;

	memset(q, 0, sizeof(*q));
	arena_init(&q->a, (size_t)64 << 20);
	if (ydoc_parse(&d, text, len, e))
		return -1;
	D.a = &q->a;
	D.d = &d;
	if (derive(&D))
		goto out;
	q->v = arena_alloc(&q->a, (D.n ? D.n : 1) * sizeof(*q->v));
	if (!q->v) {
		mo_err_oom(e, NULL);
		goto out;
	}
	/* the strings live in q->a or in the template's static table; the
	 * scalars' text lives in d's arena, so copy current */
	for (size_t i = 0; i < D.n; i++) {
		q->v[i] = D.v[i].q;
		q->v[i].current = arena_strdup(&q->a, D.v[i].q.current);
		if (!q->v[i].current) {
			mo_err_oom(e, NULL);
			goto out;
		}
	}
	q->n = D.n;
	rc = 0;
out:
	ydoc_release(&d);
	if (rc)
		setup_questions_release(q);
	return rc;
}

void setup_questions_release(struct setup_questions *q)
{
	arena_release(&q->a);
	memset(q, 0, sizeof(*q));
}

const struct setup_question *setup_question_find(const struct setup_questions *q, const char *id)
{
	for (size_t i = 0; i < q->n; i++)
		if (strcmp(q->v[i].id, id) == 0)
			return &q->v[i];
	return NULL;
}

size_t setup_questions_open(const struct setup_questions *q)
{
	size_t n = 0;

	for (size_t i = 0; i < q->n; i++)
		n += q->v[i].open;
	return n;
}

/* ---- answers ---- */

/* Full-width ASCII (！ to ～) and the ideographic space as ASCII. */
static int fold_ascii(const char *s, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		if (p[0] == 0xEF && (p[1] == 0xBC || p[1] == 0xBD) && p[2]) {
			unsigned cp =
				((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);

			if (cp >= 0xFF01 && cp <= 0xFF5E) {
				if (buf_addc(out, (char)(cp - 0xFF01 + 0x21)))
					return -1;
				p += 3;
				continue;
			}
		}
		if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
			if (buf_addc(out, ' '))
				return -1;
			p += 3;
			continue;
		}
		if (buf_addc(out, (char)*p++))
			return -1;
	}
	return 0;
}

/* s without ASCII and ideographic spaces at either end, into out. */
static int trim(const char *s, struct buf *out)
{
	size_t len = strlen(s);

	for (;;) {
		if (len && strchr(" \t\r\n", s[0])) {
			s++, len--;
		} else if (len >= 3 && memcmp(s, "　", 3) == 0) {
			s += 3, len -= 3;
		} else if (len && strchr(" \t\r\n", s[len - 1])) {
			len--;
		} else if (len >= 3 && memcmp(s + len - 3, "　", 3) == 0) {
			len -= 3;
		} else {
			break;
		}
	}
	return buf_add(out, s, len);
}

static bool email_ok(const char *s)
{
	const char *at = strchr(s, '@'), *dot;

	if (!at || at == s || strchr(at + 1, '@'))
		return false;
	for (const char *p = s; p < at; p++)
		if (!(isalnum((unsigned char)*p) || strchr("._%+-'", *p)))
			return false;
	dot = strrchr(at + 1, '.');
	if (!dot || dot == at + 1 || !dot[1] || at[1] == '.' || strstr(at, ".."))
		return false;
	for (const char *p = at + 1; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '-' || *p == '.'))
			return false;
	return s[strlen(s) - 1] != '.';
}

static bool url_ok(const char *s)
{
	const char *host;

	if (strncmp(s, "https://", 8) == 0)
		host = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		host = s + 7;
	else
		return false;
	if (!*host || *host == '/')
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7F || strchr("<>\"'`", *p))
			return false;
	return true;
}

/* 名前（関係）、名前（関係） → the normal form; each name needs its relation
 * (委託元 when left out). */
static int related_norm(const char *s, struct buf *out, struct mo_err *e)
{
	char *copy = strdup(s), *p, *item;
	int rc = -1;

	if (!copy)
		return mo_err_oom(e, NULL);
	/* separators: 、 , ; and line breaks */
	for (p = copy; *p; p++)
		if (*p == ',' || *p == ';' || *p == '\n')
			*p = '\x1f';
	while ((p = strstr(copy, "、")))
		memcpy(p, "\x1f\x1f\x1f", 3);
	for (item = copy; item;) {
		char *next = strchr(item, '\x1f'), *open, *close;
		struct buf name;

		if (next)
			while (*next == '\x1f')
				*next++ = '\0';
		buf_init(&name, 1 << 12);
		if (trim(item, &name))
			goto oom;
		if (name.len) {
			char *n = buf_detach(&name, NULL), *rel = NULL;

			open = strstr(n, "（");
			close = open ? strstr(open, "）") : NULL;
			if (open && close) {
				*open = '\0';
				*close = '\0';
				rel = open + 3;
			} else if ((open = strchr(n, '(')) && (close = strchr(open, ')'))) {
				*open = '\0';
				*close = '\0';
				rel = open + 1;
			}
			if (!*n) {
				free(n);
				rc = mo_err_setc(
					e, MO_EINVAL,
					_("a related company needs a name before its relation"));
				goto out;
			}
			if (buf_addf(out, "%s%s（%s）", out->len ? "、" : "", n,
				     rel && *rel ? rel : "委託元")) {
				free(n);
				goto oom;
			}
			free(n);
		}
		buf_release(&name);
		item = next && *next ? next : NULL;
	}
	rc = 0;
	goto out;
oom:
	rc = mo_err_oom(e, NULL);
out:
	free(copy);
	return rc;
}

/* Sets e (MO_EINVAL) with its fault as detail; returns -1. */
static int fault(struct mo_err *e, enum setup_fault why, const char *fmt, ...) MO_PRINTF(3, 4);
static int fault(struct mo_err *e, enum setup_fault why, const char *fmt, ...)
{
	va_list ap;
	char msg[sizeof(e->msg)];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mo_err_setc(e, MO_EINVAL, "%s", msg);
	e->detail = (int)why;
	return -1;
}

static const char *const fault_ja[SETUP_FAULT_COUNT] = {
	[SETUP_FAULT_NONE] = "この答えは使えません",
	[SETUP_FAULT_TOO_LONG] = "長すぎます",
	[SETUP_FAULT_CONTROL] = "使えない文字（制御文字）が含まれています",
	[SETUP_FAULT_REQUIRED] = "記入してください（必須）",
	[SETUP_FAULT_PLACEHOLDER] = "〇〇・**** が残っています。実際の値を書いてください",
	[SETUP_FAULT_PHONE] = "電話番号として読めません。数字とハイフンで書いてください",
	[SETUP_FAULT_EMAIL] = "メールアドレスとして読めません（name@example.co.jp の形）",
	[SETUP_FAULT_URL] = "https:// で始まるアドレスを書いてください",
	[SETUP_FAULT_MONTHS] = "1 から 120 までの月数を数字で書いてください",
	[SETUP_FAULT_CHAT] = "notify.yaml の webhooks の id（英数字・-・_）を書いてください",
	[SETUP_FAULT_RELATED] = "関係会社は「名前（関係）」の形で、名前を先に書いてください",
};

const char *setup_fault_ja(int why)
{
	return why >= 0 && why < SETUP_FAULT_COUNT ? fault_ja[why] : fault_ja[0];
}

static const struct {
	const char *group, *title, *intro;
} groups[] = {
	{"company", "会社",
	 "マニュアルの表紙や報告書に載る会社の名前と、事故のときに知らせる関係会社です。"},
	{"people", "役割を担う人",
	 "事故のときに連絡を受けて判断する人の氏名です。一人で複数の役割を兼ねるときは、同じ氏名を"
	 "入れてください（一人にまとめ、連絡先は一度だけ聞きます）。"},
	{"contacts", "連絡先",
	 "夜間・休日もつながる電話番号と、moshimo の通知を受け取るメールアドレスです。全角の数字でも"
	 "かまいません。"},
	{"bcp", "業務システムと取引先",
	 "止まると事業が続けられないシステムと、復旧を頼む会社です（事業継続計画の章に載ります）。"},
	{"outside", "外部の相談先", "保険会社・ITベンダー・警察・所管省庁の窓口です。"},
	{"review", "見直しと報告ページ",
	 "マニュアルを見直す間隔と、従業員が報告するページのアドレス（カードの QR コード）です。"},
};

const char *setup_group_title(const char *group)
{
	for (size_t i = 0; i < MO_ARRAY_SIZE(groups); i++)
		if (strcmp(groups[i].group, group) == 0)
			return groups[i].title;
	return group;
}

const char *setup_group_intro(const char *group)
{
	for (size_t i = 0; i < MO_ARRAY_SIZE(groups); i++)
		if (strcmp(groups[i].group, group) == 0)
			return groups[i].intro;
	return "";
}

int setup_answer_check(const struct setup_question *q, const char *answer, struct buf *out,
		       struct mo_err *e)
{
	struct buf t, f;
	int rc = -1;

	buf_init(&t, 1 << 16);
	buf_init(&f, 1 << 16);
	buf_reset(out);
	if (!answer)
		answer = "";
	if (trim(answer, &t))
		goto oom;
	if (t.len > 1000) {
		fault(e, SETUP_FAULT_TOO_LONG, _("too long (at most 1000 bytes)"));
		goto out;
	}
	for (size_t i = 0; i < t.len; i++)
		if ((unsigned char)t.data[i] < 0x20 &&
		    !(q->kind == SETUP_RELATED && t.data[i] == '\n')) {
			fault(e, SETUP_FAULT_CONTROL, _("control characters are not allowed"));
			goto out;
		}
	if ((q->flags & SETUP_OPTIONAL) &&
	    (!t.len || strcmp(buf_str(&t), "なし") == 0 || strcmp(buf_str(&t), "-") == 0 ||
	     strcasecmp(buf_str(&t), "none") == 0)) {
		rc = 0;
		goto out;
	}
	if (!t.len) {
		fault(e, SETUP_FAULT_REQUIRED, _("an answer is required"));
		goto out;
	}
	if (policy_is_placeholder(buf_str(&t))) {
		fault(e, SETUP_FAULT_PLACEHOLDER,
		      _("still a placeholder (〇〇, ○○, ****): write the real value"));
		goto out;
	}
	switch (q->kind) {
	case SETUP_PHONE: {
		char num[128];
		int pr = phone_normalize(buf_str(&t), num, sizeof(num));

		if (pr != 1) {
			fault(e, SETUP_FAULT_PHONE,
			      _("not a phone number: digits and dashes, for example %s"),
			      q->example);
			goto out;
		}
		if (buf_adds(out, num))
			goto oom;
		break;
	}
	case SETUP_EMAIL:
	case SETUP_URL:
	case SETUP_MONTHS:
	case SETUP_CHAT:
		if (fold_ascii(buf_str(&t), &f))
			goto oom;
		if (q->kind == SETUP_EMAIL && !email_ok(buf_str(&f))) {
			fault(e, SETUP_FAULT_EMAIL, _("not an e-mail address, for example %s"),
			      q->example);
			goto out;
		}
		if (q->kind == SETUP_URL && !url_ok(buf_str(&f))) {
			fault(e, SETUP_FAULT_URL,
			      _("not a web address starting with https://, for example %s"),
			      q->example);
			goto out;
		}
		if (q->kind == SETUP_MONTHS) {
			char *endp;
			long v = strtol(buf_str(&f), &endp, 10);

			if (*endp || v < 1 || v > 120 || !isdigit((unsigned char)f.data[0])) {
				fault(e, SETUP_FAULT_MONTHS, _("a number of months from 1 to 120"));
				goto out;
			}
		}
		if (q->kind == SETUP_CHAT &&
		    (f.len > 64 ||
		     strspn(buf_str(&f), "abcdefghijklmnopqrstuvwxyz"
					 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != f.len)) {
			fault(e, SETUP_FAULT_CHAT,
			      _("a webhook id of notify.yaml (letters, digits, - and _)"));
			goto out;
		}
		if (buf_adds(out, buf_str(&f)))
			goto oom;
		break;
	case SETUP_RELATED:
		if (related_norm(buf_str(&t), out, e))
			goto out;
		break;
	case SETUP_TEXT:
	case SETUP_NAME:
		if (t.len > 200) {
			fault(e, SETUP_FAULT_TOO_LONG, _("too long (at most 200 bytes)"));
			goto out;
		}
		if (buf_adds(out, buf_str(&t)))
			goto oom;
		break;
	}
	rc = 0;
	goto out;
oom:
	rc = mo_err_oom(e, NULL);
out:
	buf_release(&t);
	buf_release(&f);
	return rc;
}

/* s with every from replaced by to (malloc'd). */
static char *replace_all(const char *s, const char *from, const char *to)
{
	struct buf b;
	size_t flen = strlen(from);
	const char *at;

	buf_init(&b, 1 << 20);
	while ((at = strstr(s, from))) {
		if (buf_add(&b, s, (size_t)(at - s)) || buf_adds(&b, to))
			return NULL;
		s = at + flen;
	}
	if (buf_adds(&b, s))
		return NULL;
	return buf_detach(&b, NULL);
}

/* [{name: X, relation: Y}, ...] from the normal form of a related answer. */
static int related_yaml(const char *norm, struct buf *out)
{
	char *copy = strdup(norm), *item, *next;
	int rc = -1;

	if (!copy || buf_addc(out, '['))
		goto out;
	for (item = copy; item; item = next) {
		char *open = strstr(item, "（"), *close;

		next = strstr(item, "、");
		if (next) {
			*next = '\0';
			next += 3;
		}
		if (!open || !(close = strstr(open, "）")))
			goto out;
		*open = '\0';
		*close = '\0';
		if ((item != copy && buf_adds(out, ", ")) || buf_adds(out, "{name: ") ||
		    yaml_scalar_quote(item, true, out) || buf_adds(out, ", relation: ") ||
		    yaml_scalar_quote(open + 3, true, out) || buf_addc(out, '}'))
			goto out;
	}
	rc = buf_addc(out, ']');
out:
	free(copy);
	return rc;
}

static int edit_scalar(struct yedits *ed, const struct ynode *n, const char *pattern,
		       const char *old, const char *value)
{
	char *v;
	int rc;

	if (!n || n->kind != YN_SCALAR)
		return 0;
	if (pattern && strstr(n->str, pattern))
		v = replace_all(n->str, pattern, value);
	else if (old && *old && !policy_is_placeholder(old) && strstr(n->str, old))
		v = replace_all(n->str, old, value);
	else
		return 0;
	if (!v)
		return -1;
	rc = yedits_set_scalar(ed, n, v);
	free(v);
	return rc;
}

static int edit_answer(const struct ydoc *d, struct yedits *ed, const struct qres *r,
		       const char *norm)
{
	struct buf y;
	int rc = -1;

	if (!*norm)
		return r->node && r->map ? yedits_drop_pair(ed, d, r->node) : 0;
	buf_init(&y, 1 << 20);
	if (r->q.kind == SETUP_RELATED) {
		if (related_yaml(norm, &y))
			goto out;
		rc = r->node ? yedits_set_raw(ed, d, r->node, buf_str(&y))
			     : yedits_add_pair(ed, d, r->map, r->key, buf_str(&y));
		goto out;
	}
	if (r->q.kind == SETUP_MONTHS) { /* digits only (checked): a plain number */
		rc = r->node ? yedits_set_raw(ed, d, r->node, norm)
			     : yedits_add_pair(ed, d, r->map, r->key, norm);
		goto out;
	}
	if (!r->node) {
		if (yaml_scalar_quote(norm, false, &y))
			goto out;
		rc = yedits_add_pair(ed, d, r->map, r->key, buf_str(&y));
		goto out;
	}
	if (r->pattern && strstr(r->node->str, r->pattern))
		rc = edit_scalar(ed, r->node, r->pattern, NULL, norm);
	else
		rc = yedits_set_scalar(ed, r->node, norm);
	if (rc)
		goto out;
	for (size_t i = 0; r->def && i < MO_ARRAY_SIZE(r->def->also) && r->def->also[i].path; i++) {
		const struct target *t = &r->def->also[i];
		const struct ynode *n = ydoc_find(d, t->path);

		if (n && t->key)
			n = ynode_get(n, t->key);
		if (edit_scalar(ed, n, t->pattern, r->pattern ? NULL : r->node->str, norm))
			goto out;
	}
	rc = 0;
out:
	buf_release(&y);
	return rc;
}

static bool real(const struct ynode *n)
{
	return n && n->kind == YN_SCALAR && *n->str && !policy_is_placeholder(n->str);
}

/* People with the same name are one person holding every role of theirs:
 * the first keeps its entry, gains the others' roles and any contact it
 * lacks; the others' entries go. Returns 1 when it changed nothing. */
static int merge_people(const struct ydoc *d, struct yedits *ed)
{
	const struct ynode *people = ydoc_find(d, "people");
	bool *gone;
	int rc = -1, changed = 0;

	if (!people || people->kind != YN_SEQUENCE || people->flow)
		return 1;
	gone = calloc(people->n + 1, sizeof(*gone));
	if (!gone)
		return -1;
	for (size_t i = 0; i < people->n; i++) {
		const struct ynode *pi = people->kid[i], *ni = ynode_get(pi, "name");
		const struct ynode *roles = ynode_get(pi, "roles");
		static const char *const keys[] = {"phone", "email", "chat"};
		const struct ynode *take[3] = {NULL, NULL, NULL};
		struct buf r;
		bool any = false;

		if (gone[i] || !real(ni))
			continue;
		buf_init(&r, 1 << 16);
		if (buf_addc(&r, '['))
			goto fail;
		for (size_t k = 0; roles && roles->kind == YN_SEQUENCE && k < roles->n; k++)
			if (buf_addf(&r, "%s%s", k ? ", " : "", roles->kid[k]->str))
				goto fail;
		for (size_t j = i + 1; j < people->n; j++) {
			const struct ynode *pj = people->kid[j], *nj = ynode_get(pj, "name");
			const struct ynode *rj = ynode_get(pj, "roles");

			if (gone[j] || !real(nj) || strcmp(ni->str, nj->str) != 0)
				continue;
			gone[j] = true;
			any = true;
			for (size_t k = 0; rj && rj->kind == YN_SEQUENCE && k < rj->n; k++) {
				bool dup = false;

				for (size_t m = 0; roles && m < roles->n; m++)
					dup |= strcmp(roles->kid[m]->str, rj->kid[k]->str) == 0;
				if (!dup &&
				    buf_addf(&r, "%s%s", r.len > 1 ? ", " : "", rj->kid[k]->str))
					goto fail;
			}
			for (size_t k = 0; k < MO_ARRAY_SIZE(keys); k++)
				if (!take[k] && !real(ynode_get(pi, keys[k])) &&
				    real(ynode_get(pj, keys[k])))
					take[k] = ynode_get(pj, keys[k]);
			if (yedits_drop_item(ed, d, pj))
				goto fail;
		}
		if (!any) {
			buf_release(&r);
			continue;
		}
		changed = 1;
		if (buf_addc(&r, ']'))
			goto fail;
		if ((roles ? yedits_set_raw(ed, d, roles, buf_str(&r))
			   : yedits_add_pair(ed, d, pi, "roles", buf_str(&r))))
			goto fail;
		for (size_t k = 0; k < MO_ARRAY_SIZE(keys); k++) {
			const struct ynode *mine = ynode_get(pi, keys[k]);
			struct buf q;
			int qr;

			if (!take[k])
				continue;
			if (mine) {
				qr = yedits_set_scalar(ed, mine, take[k]->str);
			} else {
				buf_init(&q, 1 << 16);
				qr = yaml_scalar_quote(take[k]->str, false, &q) ||
				     yedits_add_pair(ed, d, pi, keys[k], buf_str(&q));
				buf_release(&q);
			}
			if (qr)
				goto fail;
		}
		buf_release(&r);
		continue;
	fail:
		buf_release(&r);
		goto out;
	}
	rc = changed ? 0 : 1;
out:
	free(gone);
	return rc;
}

int setup_apply(const char *text, size_t len, const struct setup_answer *a, size_t n,
		struct buf *out, size_t *bad, struct mo_err *e)
{
	struct arena qa;
	struct ydoc d, d2;
	struct derive D = {.e = e};
	struct yedits ed = {0}, ed2 = {0};
	struct buf norm, mid;
	int rc = -1;
	bool have_d2 = false;

	arena_init(&qa, (size_t)64 << 20);
	buf_init(&norm, 1 << 20);
	buf_init(&mid, POLICY_MAX_BYTES * 2);
	if (ydoc_parse(&d, text, len, e)) {
		arena_release(&qa);
		return -1;
	}
	D.a = &qa;
	D.d = &d;
	if (derive(&D))
		goto out;
	for (size_t i = 0; i < n; i++) {
		const struct qres *r = NULL;
		struct mo_err ae;

		for (size_t k = 0; k < D.n && !r; k++)
			if (strcmp(D.v[k].q.id, a[i].id) == 0)
				r = &D.v[k];
		for (size_t k = 0; k < i; k++)
			if (strcmp(a[k].id, a[i].id) == 0) {
				if (bad)
					*bad = i;
				mo_err_setc(e, MO_EINVAL, _("%s: answered twice"), a[i].id);
				goto out;
			}
		if (!r) {
			if (bad)
				*bad = i;
			mo_err_setc(e, MO_EINVAL, _("%s: no such question in this policy"),
				    a[i].id);
			goto out;
		}
		mo_err_clear(&ae);
		if (setup_answer_check(&r->q, a[i].value, &norm, &ae)) {
			if (bad)
				*bad = i;
			mo_err_setc(e, ae.code ? ae.code : MO_EINVAL, "%s: %s", a[i].id, ae.msg);
			goto out;
		}
		if (edit_answer(&d, &ed, r, buf_str(&norm))) {
			mo_err_oom(e, NULL);
			goto out;
		}
	}
	if (yedits_apply(&d, &ed, &mid, e))
		goto out;
	if (ydoc_parse(&d2, mid.data ? mid.data : "", mid.len, e))
		goto out;
	have_d2 = true;
	buf_reset(out);
	switch (merge_people(&d2, &ed2)) {
	case -1:
		mo_err_oom(e, NULL);
		goto out;
	case 1:
		if (buf_add(out, mid.data ? mid.data : "", mid.len)) {
			mo_err_oom(e, NULL);
			goto out;
		}
		break;
	default:
		if (yedits_apply(&d2, &ed2, out, e))
			goto out;
	}
	{
		struct mo_findings f;
		struct policy *p;

		mo_findings_init(&f, "policy.yaml");
		p = policy_load(out->data ? out->data : "", out->len, "policy.yaml", &f);
		if (p)
			policy_check(p, &f);
		policy_free(p);
		mo_findings_sort(&f);
		for (size_t i = 0; i < f.n; i++)
			if (f.v[i].severity == MO_ERROR) {
				mo_err_set(e, "policy.yaml", f.v[i].line, f.v[i].col, "%s",
					   f.v[i].msg);
				break;
			}
		if (f.errors || f.oom) {
			if (!e->code)
				mo_err_oom(e, NULL);
			mo_findings_release(&f);
			buf_reset(out);
			goto out;
		}
		mo_findings_release(&f);
	}
	rc = 0;
out:
	if (rc)
		buf_reset(out);
	if (have_d2)
		ydoc_release(&d2);
	ydoc_release(&d);
	yedits_release(&ed);
	yedits_release(&ed2);
	buf_release(&norm);
	buf_release(&mid);
	arena_release(&qa);
	return rc;
}

static bool role_known(const struct ydoc *d, const char *id)
{
	const struct ynode *roles = ydoc_find(d, "roles");

	for (size_t i = 0; roles && roles->kind == YN_SEQUENCE && i < roles->n; i++) {
		const struct ynode *rid = ynode_get(roles->kid[i], "id");

		if (rid && rid->kind == YN_SCALAR && strcmp(rid->str, id) == 0)
			return true;
	}
	return false;
}

static bool same_roles(const struct ynode *now, const char *const *v, size_t n)
{
	if (!now || now->kind != YN_SEQUENCE || now->n != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (now->kid[i]->kind != YN_SCALAR || strcmp(now->kid[i]->str, v[i]) != 0)
			return false;
	return true;
}

int setup_apply_roles(const char *text, size_t len, const struct setup_person_roles *pr, size_t npr,
		      const struct setup_level_owner *lo, size_t nlo, struct buf *out,
		      bool *changed, struct mo_err *e)
{
	struct ydoc d;
	struct yedits ed = {0};
	struct buf y;
	int rc = -1;

	if (changed)
		*changed = false;
	buf_reset(out);
	if (ydoc_parse(&d, text, len, e))
		return -1;
	buf_init(&y, 1 << 16);
	for (size_t i = 0; i < npr; i++) {
		char path[256];
		const struct ynode *pe, *roles;

		snprintf(path, sizeof(path), "people[id=%s]", pr[i].person);
		pe = ydoc_find(&d, path);
		if (!pe || pe->kind != YN_MAPPING) {
			mo_err_setc(e, MO_EINVAL, _("no person \"%s\" in the policy"),
				    pr[i].person);
			goto out;
		}
		if (!pr[i].n) {
			mo_err_setc(e, MO_EINVAL, _("%s: choose at least one role"), pr[i].person);
			goto out;
		}
		buf_reset(&y);
		if (buf_addc(&y, '['))
			goto oom;
		for (size_t k = 0; k < pr[i].n; k++) {
			if (!role_known(&d, pr[i].roles[k])) {
				mo_err_setc(e, MO_EINVAL, _("%s: no role \"%s\" in the policy"),
					    pr[i].person, pr[i].roles[k]);
				goto out;
			}
			if ((k && buf_adds(&y, ", ")) ||
			    yaml_scalar_quote(pr[i].roles[k], true, &y))
				goto oom;
		}
		if (buf_addc(&y, ']'))
			goto oom;
		roles = ynode_get(pe, "roles");
		if (same_roles(roles, pr[i].roles, pr[i].n))
			continue;
		if (roles ? yedits_set_raw(&ed, &d, roles, buf_str(&y))
			  : yedits_add_pair(&ed, &d, pe, "roles", buf_str(&y)))
			goto oom;
	}
	for (size_t i = 0; i < nlo; i++) {
		const struct ynode *levels = ydoc_find(&d, "levels"), *lv = NULL, *owner;

		for (size_t k = 0; levels && levels->kind == YN_SEQUENCE && k < levels->n; k++) {
			const struct ynode *n = ynode_get(levels->kid[k], "level");
			char want[16];

			snprintf(want, sizeof(want), "%d", lo[i].level);
			if (n && n->kind == YN_SCALAR && strcmp(n->str, want) == 0)
				lv = levels->kid[k];
		}
		if (!lv) {
			mo_err_setc(e, MO_EINVAL, _("no level %d in the policy"), lo[i].level);
			goto out;
		}
		if (!role_known(&d, lo[i].role)) {
			mo_err_setc(e, MO_EINVAL, _("level %d: no role \"%s\" in the policy"),
				    lo[i].level, lo[i].role);
			goto out;
		}
		owner = ynode_get(lv, "owner");
		if (owner && owner->kind == YN_SCALAR && strcmp(owner->str, lo[i].role) == 0)
			continue;
		if (owner ? yedits_set_scalar(&ed, owner, lo[i].role)
			  : (buf_reset(&y),
			     yaml_scalar_quote(lo[i].role, false, &y) ||
				     yedits_add_pair(&ed, &d, lv, "owner", buf_str(&y))))
			goto oom;
	}
	if (yedits_apply(&d, &ed, out, e))
		goto out;
	if (changed)
		*changed = ed.n > 0;
	rc = 0;
	goto out;
oom:
	mo_err_oom(e, NULL);
out:
	if (rc)
		buf_reset(out);
	buf_release(&y);
	yedits_release(&ed);
	ydoc_release(&d);
	return rc;
}
