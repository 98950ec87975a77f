/* Plain messages (see notify_admin.h): the queue for messages about no
 * single incident (reminders.c's digest and review date), and what the
 * failed backup unit sends to the 情報システム管理者. The incident
 * messages go through the composer (messages.c). */
#include "engine/notify_admin.h"
#include "engine/engineInt.h"
#include "engine/notify_out.h"
#include "store/outbox.h"
#include "util/buf.h"

#include <sodium.h>

#define PEOPLE_MAX 64

/* The host of the public URL for Message-IDs, else moshimo.invalid. */
static void mid_host(const struct engine *en, char *out, size_t size)
{
	char base[512];
	const char *p, *h;
	size_t n;

	engine_public_base(en, base, sizeof(base));
	p = strstr(base, "://");
	h = p ? p + 3 : "";
	n = strcspn(h, ":/?#[]@");
	if (n == 0 || n >= size)
		snprintf(out, size, "moshimo.invalid");
	else
		snprintf(out, size, "%.*s", (int)n, h);
}

/* engine_notify_plain's rows, about incident_id (0: none). */
static int queue_plain(struct engine *en, int64_t incident_id, const struct mo_person *person,
		       const char *purpose, const char *subject, const char *body, size_t *told,
		       struct mo_err *e)
{
	const char *ch[2];
	size_t nch = engine_notify_channels(en, person, ch);
	char host[256];

	mid_host(en, host, sizeof(host));
	for (size_t k = 0; k < nch; k++) {
		struct outbox_msg m = {0};
		unsigned char rnd[16];
		char rnd_hex[33], mid[320];

		randombytes_buf(rnd, sizeof(rnd));
		sodium_bin2hex(rnd_hex, sizeof(rnd_hex), rnd, sizeof(rnd));
		snprintf(mid, sizeof(mid), "<moshimo.%s.%s@%s>", purpose, rnd_hex, host);
		m.incident_id = incident_id;
		m.purpose = purpose;
		m.person = person->id;
		m.person_name = person->name;
		m.channel = ch[k];
		m.address = strcmp(ch[k], "email") == 0 ? person->email : NULL;
		m.subject = subject;
		m.body = body;
		m.message_id = mid;
		m.created_at = en->now;
		m.next_at = en->now;
		if (store_outbox_add(en->st, &m, e))
			return -1;
		en->queued++;
		(*told)++;
	}
	return 0;
}

int engine_notify_plain(struct engine *en, const struct mo_person *person, const char *purpose,
			const char *subject, const char *body, size_t *told, struct mo_err *e)
{
	return queue_plain(en, 0, person, purpose, subject, body, told, e);
}

/* The caller's body with the greeting and the signature. */
static int queue_person(struct engine *en, int64_t incident_id, const struct mo_person *person,
			const char *purpose, const char *subject, const char *body, size_t *told,
			struct mo_err *e)
{
	struct buf text;
	int rc = -1;

	buf_init(&text, NOTIFY_ADMIN_BODY_MAX + 4096);
	if (buf_addf(&text, "%sさん\n\n%s\n\n-- \nmoshimo（自動送信）\n", person->name, body) < 0)
		mo_err_oom(e, NULL);
	else
		rc = queue_plain(en, incident_id, person, purpose, subject, buf_str(&text), told,
				 e);
	buf_release(&text);
	return rc;
}

int engine_notify_role_text(struct engine *en, const char *role, const char *purpose,
			    const char *subject, const char *body, size_t *told, struct mo_err *e)
{
	return engine_notify_role_text_about(en, 0, role, purpose, subject, body, told, e);
}

int engine_notify_role_text_about(struct engine *en, int64_t incident_id, const char *role,
				  const char *purpose, const char *subject, const char *body,
				  size_t *told, struct mo_err *e)
{
	const struct mo_person *people[PEOPLE_MAX];
	char full[NOTIFY_ADMIN_SUBJECT_MAX + 64];
	size_t n;

	*told = 0;
	if (!policy_role(en->p, role))
		return mo_err_set(e, NULL, 0, 0, _("the policy has no role \"%s\""), role);
	if (engine_text_ok("subject", subject, NOTIFY_ADMIN_SUBJECT_MAX, false, e) ||
	    engine_text_ok("body", body, NOTIFY_ADMIN_BODY_MAX, true, e))
		return -1;
	if (!*subject || !*body)
		return mo_err_set(e, NULL, 0, 0, "%s",
				  _("the subject and the body must not be empty"));
	snprintf(full, sizeof(full), "%s%s", engine_notify_prefix(NULL), subject);
	n = policy_role_people(en->p, role, people, MO_ARRAY_SIZE(people));
	for (size_t i = 0; i < n; i++)
		if (queue_person(en, incident_id, people[i], purpose, full, body, told, e))
			return -1;
	return 0;
}
