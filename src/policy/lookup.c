/* Finding things in a loaded policy, and the small vocabularies the model
 * shares with its readers (phases, filing conditions, placeholders). */
#include "policy/policy.h"

const struct mo_role *policy_role(const struct policy *p, const char *id)
{
	for (size_t i = 0; id && i < p->n_roles; i++)
		if (p->roles[i].id && strcmp(p->roles[i].id, id) == 0)
			return &p->roles[i];
	return NULL;
}

const struct mo_category *policy_category(const struct policy *p, const char *id)
{
	for (size_t i = 0; id && i < p->n_categories; i++)
		if (strcmp(p->categories[i].id, id) == 0)
			return &p->categories[i];
	return NULL;
}

const struct mo_level *policy_level(const struct policy *p, int level)
{
	for (size_t i = 0; i < p->n_levels; i++)
		if (p->levels[i].level == level)
			return &p->levels[i];
	return NULL;
}

const struct mo_playbook *policy_playbook(const struct policy *p, const char *category, int level)
{
	for (size_t i = 0; category && i < p->n_playbooks; i++)
		if (p->playbooks[i].level == level &&
		    strcmp(p->playbooks[i].category, category) == 0)
			return &p->playbooks[i];
	return NULL;
}

const struct mo_self_help *policy_self_help(const struct policy *p, const char *id)
{
	for (size_t i = 0; id && i < p->n_self_help; i++)
		if (strcmp(p->self_help[i].id, id) == 0)
			return &p->self_help[i];
	return NULL;
}

const struct mo_authority *policy_authority(const struct policy *p, const char *id)
{
	for (size_t i = 0; id && i < p->n_authorities; i++)
		if (strcmp(p->authorities[i].id, id) == 0)
			return &p->authorities[i];
	return NULL;
}

const struct mo_guidance *policy_guidance(const struct policy *p, const char *id)
{
	for (size_t i = 0; id && i < p->n_guidance; i++)
		if (strcmp(p->guidance[i].id, id) == 0)
			return &p->guidance[i];
	return NULL;
}

const struct mo_sign *policy_sign(const struct policy *p, const char *id)
{
	for (size_t i = 0; id && i < p->n_signs; i++)
		if (strcmp(p->signs[i].id, id) == 0)
			return &p->signs[i];
	return NULL;
}

size_t policy_role_people(const struct policy *p, const char *role, const struct mo_person **out,
			  size_t max)
{
	size_t n = 0;

	for (size_t i = 0; role && i < p->n_people; i++) {
		const struct mo_person *pe = &p->people[i];

		for (size_t r = 0; r < pe->roles.n; r++) {
			if (strcmp(pe->roles.v[r], role) == 0) {
				if (n < max)
					out[n] = pe;
				n++;
				break;
			}
		}
	}
	return n < max ? n : max;
}

const char *policy_role_title(const struct policy *p, const char *id)
{
	const struct mo_role *r = policy_role(p, id);

	return r ? r->title : id ? id : "";
}

/* How many signs list s among their do (or dont) actions. */
static size_t sign_count(const struct policy *p, bool dont, const char *s)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_signs; i++) {
		const struct strv *sv = dont ? &p->signs[i].dont : &p->signs[i].do_now;

		for (size_t k = 0; k < sv->n; k++) {
			if (strcmp(sv->v[k], s) == 0) {
				n++;
				break;
			}
		}
	}
	return n;
}

const char *policy_common_action(const struct policy *p, bool dont, const char *const *skip,
				 size_t nskip, size_t *count)
{
	const char *best = NULL;
	size_t best_n = 0;

	for (size_t i = 0; i < p->n_signs; i++) {
		const struct strv *sv = dont ? &p->signs[i].dont : &p->signs[i].do_now;

		for (size_t k = 0; k < sv->n; k++) {
			bool skipped = false;
			size_t c;

			for (size_t j = 0; j < nskip && !skipped; j++)
				skipped = strcmp(skip[j], sv->v[k]) == 0;
			if (skipped)
				continue;
			c = sign_count(p, dont, sv->v[k]);
			if (c > best_n) {
				best = sv->v[k];
				best_n = c;
			}
		}
	}
	if (count)
		*count = best_n;
	return best;
}

bool policy_is_placeholder(const char *s)
{
	static const char *const marks[] = {"〇〇", "○○", "△△", "◇◇", "****", "＊＊"};

	for (size_t i = 0; s && i < MO_ARRAY_SIZE(marks); i++)
		if (strstr(s, marks[i]))
			return true;
	return false;
}

static const struct {
	const char *key;
	const char *label;
} phases[PHASE_COUNT] = {
	[PHASE_DETECT] = {"detect", "検知・初動対応"},
	[PHASE_REPORT] = {"report", "報告・公表"},
	[PHASE_RECOVER] = {"recover", "復旧・再発防止"},
};

/* The manual is a Japanese document whatever the locale: its vocabulary is
 * the seeds' (001's three basic steps), not a translated message. */
const char *policy_phase_label(enum mo_phase ph)
{
	return ph < PHASE_COUNT ? phases[ph].label : "?";
}

const char *policy_phase_key(enum mo_phase ph)
{
	return ph < PHASE_COUNT ? phases[ph].key : "?";
}

/* The facts that triage rules and filings name. label is the manual's
 * wording (002's level table for the four impact answers), without the
 * closing とき so that it reads in a sentence and in a list alike. */
static const struct {
	const char *name;
	unsigned bit;
	const char *label;
} conditions[] = {
	{"customers", COND_CUSTOMERS, "顧客、取引先、株主等に影響が及ぶ"},
	{"personal_data", COND_PERSONAL_DATA, "個人情報が漏えいした"},
	{"business", COND_BUSINESS, "事業に影響が及ぶ"},
	{"employees", COND_EMPLOYEES, "従業員の業務遂行に影響が及ぶ"},
	{"my_number", COND_MY_NUMBER, "特定個人情報（マイナンバー）が含まれる"},
	{"sensitive", COND_SENSITIVE, "要配慮個人情報が含まれる"},
	{"financial", COND_FINANCIAL, "財産的被害が生じるおそれのある情報が含まれる"},
	{"malicious", COND_MALICIOUS, "不正の目的によるおそれがある"},
	{"malware", COND_MALWARE, "ウイルス（マルウェア）に感染した"},
	{"unauthorized_access", COND_UNAUTHORIZED_ACCESS, "不正アクセスを受けた"},
	{"encrypted", COND_ENCRYPTED, "データが暗号化されていた"},
	{"persons_over_100", COND_PERSONS_OVER_100, "本人の数が100人を超える"},
	{"persons_over_1000", COND_PERSONS_OVER_1000, "本人の数が1,000人を超える"},
	{"persons_unknown", COND_PERSONS_UNKNOWN, "本人の数がまだ分からない"},
	{"skimming", COND_SKIMMING,
	 "取得しようとしていた個人情報が不正に取得された（入力フォームの改ざん等）"},
	{"client", COND_CLIENT, "委託を受けて取り扱っていた個人データである"},
	{"mynumber_system", COND_MYNUMBER_SYSTEM,
	 "個人番号利用事務等の情報システムで管理される特定個人情報である"},
	{"exposed_public", COND_EXPOSED_PUBLIC, "不特定多数の者が閲覧できる状態になった"},
	{"phishing_site", COND_PHISHING_SITE, "自社をかたる偽サイト・なりすましがある"},
};

unsigned policy_condition_parse(const char *name)
{
	for (size_t i = 0; name && i < MO_ARRAY_SIZE(conditions); i++)
		if (strcmp(conditions[i].name, name) == 0)
			return conditions[i].bit;
	return 0;
}

const char *policy_condition_name(unsigned bit)
{
	for (size_t i = 0; i < MO_ARRAY_SIZE(conditions); i++)
		if (conditions[i].bit == bit)
			return conditions[i].name;
	return NULL;
}

const char *policy_condition_label(unsigned bit)
{
	for (size_t i = 0; i < MO_ARRAY_SIZE(conditions); i++)
		if (conditions[i].bit == bit)
			return conditions[i].label;
	return NULL;
}

unsigned policy_condition_at(size_t i)
{
	return i < MO_ARRAY_SIZE(conditions) ? conditions[i].bit : 0;
}
