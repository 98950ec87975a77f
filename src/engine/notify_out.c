/* Queueing messages: who is told about an incident, by which channel, with
 * which links. Every message becomes an outbox row in the caller's
 * transaction (store/outbox.h); the dispatcher sends it after the commit. */
#include "engine/engineInt.h"
#include "engine/linktoken.h"
#include "engine/notify_out.h"
#include "notify/notify.h"
#include "store/outbox.h"

#include <sodium.h>
#include <unistd.h>

#define ACK_DAYS 7
#define PEOPLE_MAX 64

static bool channel_usable(const struct engine *en, const char *channel)
{
	if (!en->notify || !channel || !*channel)
		return false;
	return notify_conf_channel_kind(en->notify, channel) >= 0;
}

size_t engine_notify_channels(const struct engine *en, const struct mo_person *person,
			      const char *out[2])
{
	size_t n = 0;

	/* a placeholder (president@*****.co.jp) is the template's, nobody's */
	if (person->email && *person->email && !policy_is_placeholder(person->email) &&
	    channel_usable(en, "email"))
		out[n++] = "email";
	if (person->chat && *person->chat && strcmp(person->chat, "email") != 0 &&
	    channel_usable(en, person->chat))
		out[n++] = person->chat;
	return n;
}

/* The scheme://host[:port] of url into out; 1 when url has none. */
static int origin_of(const char *url, char *out, size_t size)
{
	const char *p = url ? strstr(url, "://") : NULL;
	size_t n;

	if (!p || p == url)
		return 1;
	p += 3;
	n = (size_t)(p - url) + strcspn(p, "/?#");
	if (n <= (size_t)(p - url) || n >= size)
		return 1;
	memcpy(out, url, n);
	out[n] = '\0';
	return 0;
}

int engine_public_base(const struct engine *en, char *out, size_t size)
{
	const char *u = NULL;
	size_t n;

	out[0] = '\0';
	if (en->notify)
		u = notify_conf_public_url(en->notify);
	if (!u || !*u)
		u = en->public_url;
	if (u && *u) {
		snprintf(out, size, "%s", u);
	} else if (!en->p || !en->p->org.report_url ||
		   origin_of(en->p->org.report_url, out, size)) {
		out[0] = '\0';
		return 1;
	}
	n = strlen(out);
	while (n && out[n - 1] == '/')
		out[--n] = '\0';
	return n ? 0 : 1;
}

/* The host part of base for Message-IDs, else this machine's name. */
static void id_host(const char *base, char *out, size_t size)
{
	const char *p = strstr(base, "://");
	size_t n;

	if (p) {
		p += 3;
		n = strcspn(p, ":/?#[]@");
		if (n && n < size) {
			memcpy(out, p, n);
			out[n] = '\0';
			return;
		}
	}
	if (gethostname(out, size) != 0 || !*out || strchr(out, ' '))
		snprintf(out, size, "moshimo.invalid");
	out[size - 1] = '\0';
}

static bool privacy_full(const struct engine *en)
{
	return en->notify && notify_conf_privacy_full(en->notify);
}

/* The ack link for person about inc, into out; "" when no link can be
 * made (no public URL yet, or the token module is not there). */
static int ack_url(struct engine *en, const struct inc *inc, const struct mo_person *person,
		   const char *base, char *token, size_t tsize, char *out, size_t size,
		   struct mo_err *e);

static int queue_one(struct engine *en, const struct inc *inc, const struct mo_person *person,
		     const char *channel, const char *purpose, const char *extra,
		     int64_t not_before, const struct step_list *steps, struct mo_err *e)
{
	struct outbox_msg m = {0};
	struct notify_compose c = {0};
	struct buf subject, body;
	char base[512], url[768], ack[1024], token[512], host[256], rnd_hex[33], mid[400];
	unsigned char rnd[16];
	int rc = -1;

	buf_init(&subject, 4096);
	buf_init(&body, 256 * 1024);
	engine_public_base(en, base, sizeof(base));
	ack[0] = token[0] = '\0';
	if (engine_notify_wants_ack(purpose) &&
	    ack_url(en, inc, person, base, token, sizeof(token), ack, sizeof(ack), e))
		goto done;
	c.inc = inc;
	c.person = person;
	c.purpose = purpose;
	c.extra = extra;
	c.base = base;
	c.ack_url = ack[0] ? ack : NULL;
	c.full = strcmp(channel, "email") == 0 || privacy_full(en);
	c.steps = steps;
	if (engine_notify_compose(en, &c, &subject, &body, e))
		goto done;
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(rnd_hex, sizeof(rnd_hex), rnd, sizeof(rnd));
	id_host(base, host, sizeof(host));
	snprintf(mid, sizeof(mid), "<moshimo.%lld.%s@%s>", (long long)inc->id, rnd_hex, host);
	if (base[0])
		snprintf(url, sizeof(url), "%s/incidents/%lld", base, (long long)inc->id);
	m.incident_id = inc->id;
	m.purpose = purpose;
	m.person = person->id;
	m.person_name = person->name;
	m.channel = channel;
	m.address = strcmp(channel, "email") == 0 ? person->email : NULL;
	m.subject = buf_str(&subject);
	m.body = buf_str(&body);
	m.ack_token = token[0] ? token : NULL;
	m.ack_url = ack[0] ? ack : NULL;
	m.incident_url = base[0] ? url : NULL;
	m.message_id = mid;
	m.created_at = en->now;
	m.next_at = not_before > en->now ? not_before : en->now;
	if (store_outbox_add(en->st, &m, e))
		goto done;
	en->queued++;
	rc = 0;
done:
	buf_release(&subject);
	buf_release(&body);
	return rc;
}

static int notify_people(struct engine *en, const struct inc *inc,
			 const struct mo_person *const *people, size_t n, const char *purpose,
			 const char *extra, int64_t not_before, size_t *told, struct mo_err *e)
{
	struct step_list steps = {0};
	size_t count = 0;
	int rc = -1;

	if (told)
		*told = 0;
	if (!engine_notify_purpose_known(purpose))
		return mo_err_set(e, NULL, 0, 0, _("unknown message purpose \"%s\""), purpose);
	if (!inc || inc->id <= 0)
		return mo_err_set(e, NULL, 0, 0, "%s", _("the incident is not stored yet"));
	arena_init(&steps.arena, 0);
	if (store_steps_get(en->st, inc->id, &steps, e))
		goto done;
	for (size_t i = 0; i < n; i++) {
		const char *ch[2];
		size_t nch = engine_notify_channels(en, people[i], ch);

		for (size_t k = 0; k < nch; k++) {
			if (queue_one(en, inc, people[i], ch[k], purpose, extra, not_before, &steps,
				      e))
				goto done;
			count++;
		}
	}
	if (told)
		*told = count;
	rc = 0;
done:
	step_list_release(&steps);
	return rc;
}

int engine_notify_person(struct engine *en, const struct inc *inc, const struct mo_person *person,
			 const char *purpose, const char *extra, int64_t not_before, size_t *told,
			 struct mo_err *e)
{
	const struct mo_person *one[1] = {person};

	return notify_people(en, inc, one, 1, purpose, extra, not_before, told, e);
}

int engine_notify_roles(struct engine *en, const struct inc *inc, const struct strv *roles,
			const char *purpose, const char *extra, int64_t not_before, size_t *told,
			struct mo_err *e)
{
	const struct mo_person *people[PEOPLE_MAX];
	size_t n = 0;

	for (size_t r = 0; roles && r < roles->n; r++) {
		const struct mo_person *held[PEOPLE_MAX];
		size_t nh = policy_role_people(en->p, roles->v[r], held, MO_ARRAY_SIZE(held));

		for (size_t i = 0; i < nh; i++) {
			bool seen = false;

			for (size_t k = 0; k < n && !seen; k++)
				seen = people[k] == held[i];
			if (!seen && n < MO_ARRAY_SIZE(people))
				people[n++] = held[i];
		}
	}
	return notify_people(en, inc, people, n, purpose, extra, not_before, told, e);
}

static int ack_url(struct engine *en, const struct inc *inc, const struct mo_person *person,
		   const char *base, char *token, size_t tsize, char *out, size_t size,
		   struct mo_err *e)
{
	struct linktoken t;

	token[0] = out[0] = '\0';
	memset(&t, 0, sizeof(t));
	snprintf(t.purpose, sizeof(t.purpose), "ack");
	t.incident_id = inc->id;
	snprintf(t.recipient, sizeof(t.recipient), "%s", person->id);
	t.expires = en->now + (int64_t)ACK_DAYS * 86400;
	if (linktoken_make(en->st, &t, token, tsize, e))
		return -1;
	/* Without a public URL the token is kept (the row has it) but no link
	 * can be written: the message names the incident instead. */
	if (base[0])
		snprintf(out, size, "%s/ack/%s", base, token);
	return 0;
}
