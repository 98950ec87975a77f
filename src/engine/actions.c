/* Immediate actions for the person who reports: what to do now and what
 * not to do (the sign's, or all the category's signs'), the steps they can
 * take alone (self_help), their own steps of the playbook, and whom to
 * tell. All of it quotes the policy. */
#include "engine/engineInt.h"

static void add_unique(const char **v, size_t *n, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(v[i], s) == 0)
			return;
	if (*n < ACTIONS_MAX)
		v[(*n)++] = s;
}

static void add_sign(const struct mo_sign *s, struct actions *out)
{
	for (size_t i = 0; i < s->do_now.n; i++)
		add_unique(out->do_now, &out->n_do, s->do_now.v[i]);
	for (size_t i = 0; i < s->dont.n; i++)
		add_unique(out->dont, &out->n_dont, s->dont.v[i]);
}

void engine_actions(const struct policy *p, const struct inc *inc, struct actions *out)
{
	const struct mo_sign *sign = NULL;
	const struct mo_playbook *pb;
	const struct mo_level *lvl;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; inc->sign && i < p->n_signs; i++)
		if (strcmp(p->signs[i].id, inc->sign) == 0)
			sign = &p->signs[i];
	if (sign) {
		add_sign(sign, out);
		out->self_help = policy_self_help(p, sign->self_help);
	} else {
		for (size_t i = 0; i < p->n_signs; i++) {
			if (p->signs[i].category && inc->category &&
			    strcmp(p->signs[i].category, inc->category) == 0) {
				add_sign(&p->signs[i], out);
				if (!out->self_help)
					out->self_help = policy_self_help(p, p->signs[i].self_help);
			}
		}
	}
	pb = policy_playbook(p, inc->category, inc->level);
	for (size_t i = 0; pb && i < pb->n_steps && out->n_steps < ACTIONS_MAX; i++)
		if (pb->steps[i].actor && strcmp(pb->steps[i].actor, "discoverer") == 0)
			out->steps[out->n_steps++] = &pb->steps[i];
	lvl = policy_level(p, inc->level);
	if (lvl)
		out->n_contacts = policy_role_people(p, lvl->owner, out->contacts,
						     MO_ARRAY_SIZE(out->contacts));
}
