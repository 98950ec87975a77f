/* Filings: the reports owed to authorities (個人情報保護委員会, IPA, the
 * police) follow from the policy's filings and the incident's facts. A
 * filing is owed when all its conditions hold (and its category list, if
 * any, has the incident's category); its deadline counts from discovery,
 * the longer one when the cause was malicious (e.g. 確報 30d, 60d). */
#include "engine/engineInt.h"

/* The category that means malware in the built-in policy: its incidents
 * meet the "malware" condition even before the virus has a name. */
#define MALWARE_CATEGORY "malware"

unsigned engine_conditions(const struct inc *inc)
{
	const struct inc_facts *f = &inc->facts;
	unsigned c = 0;

	if (engine_personal_data(inc))
		c |= COND_PERSONAL_DATA;
	if (f->my_number == 1)
		c |= COND_MY_NUMBER;
	if (f->malicious == 1 || f->unauthorized_access == 1)
		c |= COND_MALICIOUS;
	if ((f->malware_name && *f->malware_name) ||
	    (inc->category && strcmp(inc->category, MALWARE_CATEGORY) == 0))
		c |= COND_MALWARE;
	if (f->unauthorized_access == 1 || (f->entry_point && *f->entry_point))
		c |= COND_UNAUTHORIZED_ACCESS;
	if (f->sensitive == 1)
		c |= COND_SENSITIVE;
	if (f->financial == 1)
		c |= COND_FINANCIAL;
	if (inc->impact & IMPACT_CUSTOMERS)
		c |= COND_CUSTOMERS;
	if (inc->impact & IMPACT_BUSINESS)
		c |= COND_BUSINESS;
	if (inc->impact & IMPACT_EMPLOYEES)
		c |= COND_EMPLOYEES;
	if (f->encrypted == 1)
		c |= COND_ENCRYPTED;
	if (f->persons > 100)
		c |= COND_PERSONS_OVER_100;
	if (f->persons > 1000)
		c |= COND_PERSONS_OVER_1000;
	return c;
}

unsigned engine_facts(const struct policy *p, const struct inc *inc)
{
	const struct mo_sign *s = policy_sign(p, inc->sign);

	return engine_conditions(inc) | (s ? s->facts : 0);
}

static bool category_ok(const struct mo_filing *f, const char *category)
{
	if (!f->categories.n)
		return true;
	for (size_t i = 0; i < f->categories.n; i++)
		if (category && strcmp(f->categories.v[i], category) == 0)
			return true;
	return false;
}

size_t engine_filings(const struct policy *p, const struct inc *inc, struct filing_due *out,
		      size_t max)
{
	unsigned have = engine_facts(p, inc);
	size_t n = 0;

	for (size_t i = 0; i < p->n_filings && n < max; i++) {
		const struct mo_filing *f = &p->filings[i];
		bool malicious;

		if ((f->conditions & have) != f->conditions || !f->conditions ||
		    !category_ok(f, inc->category))
			continue;
		malicious = f->has_due_if_malicious && (have & COND_MALICIOUS);
		out[n].filing = f;
		out[n].authority = policy_authority(p, f->authority);
		out[n].malicious = malicious;
		out[n].due_at = MO_TIME_NONE;
		if (inc->discovered_at != MO_TIME_NONE && (malicious || f->has_due))
			out[n].due_at =
				inc->discovered_at +
				duration_seconds(malicious ? &f->due_if_malicious : &f->due);
		n++;
	}
	return n;
}
