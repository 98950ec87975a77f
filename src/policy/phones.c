/* Phone and FAX numbers of the policy as people type them: full-width
 * digits and dashes become ASCII when the policy loads, so that check
 * accepts 090－１２３４－５６７８ and tel: links work. */
#include "policy/policy.h"
#include "util/phone.h"

static bool normalize(struct policy *p, const char **v)
{
	char buf[256];
	int rc;

	if (!*v)
		return true;
	rc = phone_normalize(*v, buf, sizeof(buf));
	if (rc <= 0 || strcmp(buf, *v) == 0)
		return true;
	*v = arena_strdup(&p->arena, buf);
	return *v != NULL;
}

bool policy_normalize_phones(struct policy *p)
{
	bool ok = true;

	for (size_t i = 0; i < p->n_people; i++)
		ok = normalize(p, &p->people[i].phone) && ok;
	for (size_t i = 0; i < p->n_authorities; i++)
		ok = normalize(p, &p->authorities[i].tel) && normalize(p, &p->authorities[i].fax) &&
		     ok;
	return ok;
}
