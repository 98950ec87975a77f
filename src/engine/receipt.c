/* The receipt for a report that came by e-mail: one outbox row to the
 * sender, composed in Japanese from the policy (the incident number, the
 * do and don't of its sign, whom to call), sent by the dispatcher. */
#include "engine/drills.h"
#include "engine/engineInt.h"
#include "engine/notify_out.h"
#include "engine/receipt.h"
#include "notify/notify.h"
#include "store/outbox.h"

#include <sodium.h>
#include <unistd.h>

static int add_list(struct buf *b, const char *heading, const char *const *v, size_t n)
{
	if (!n)
		return 0;
	if (buf_addf(b, "\n■ %s\n", heading) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (buf_addf(b, "・%s\n", v[i]) < 0)
			return -1;
	return 0;
}

/* The receipt's subject and body (both buf_init'ed by the caller): what
 * engine_notify_receipt queues. */
static int engine_receipt_compose(const struct engine *en, const struct inc *inc, const char *name,
				  struct buf *subject, struct buf *body, struct mo_err *e)
{
	struct actions a;
	char ref[32];

	engine_actions(en->p, inc, &a);
	engine_ref(inc->id, ref, sizeof(ref));
	if (buf_addf(subject, "%s報告を受け付けました %s: %s", engine_drill_prefix(en, inc), ref,
		     inc->title) < 0)
		goto oom;
	for (size_t i = 0; i < subject->len; i++)
		if (subject->data[i] == '\n' || subject->data[i] == '\r')
			subject->data[i] = ' ';
	if (buf_addf(body, "%s様\n\n", name && *name ? name : "ご報告者") < 0 ||
	    buf_addf(
		    body,
		    "ご報告ありがとうございます。インシデントとして受け付け、担当者に知らせました。\n"
		    "\n■ 受付番号 %s\n件名: %s\nレベル: %d\n担当: %s（%s）\n",
		    ref, inc->title, inc->level, inc->owner && *inc->owner ? inc->owner : "-",
		    policy_role_title(en->p, inc->owner_role)) < 0)
		goto oom;
	if (inc->reporter_external == 1 &&
	    buf_adds(body, "（社外からのご連絡として受け付けました）\n") < 0)
		goto oom;
	if (add_list(body, "すぐにすること", a.do_now, a.n_do) ||
	    add_list(body, "してはいけないこと", a.dont, a.n_dont))
		goto oom;
	if (a.n_contacts) {
		if (buf_adds(body, "\n■ 連絡先（責任者）\n") < 0)
			goto oom;
		for (size_t i = 0; i < a.n_contacts; i++) {
			const struct mo_person *pe = a.contacts[i];

			if (buf_addf(body, "・%s%s%s\n", pe->name,
				     pe->phone && !policy_is_placeholder(pe->phone) ? "  電話 "
										    : "",
				     pe->phone && !policy_is_placeholder(pe->phone) ? pe->phone
										    : "") < 0)
				goto oom;
		}
	}
	if (buf_addf(body,
		     "\n分かったことがあれば、受付番号 %s を添えて担当者に知らせてください。\n"
		     "\n-- \nmoshimo（自動送信）\n",
		     ref) < 0)
		goto oom;
	return 0;
oom:
	return mo_err_oom(e, NULL);
}

/* The host of the public URL for the Message-ID, else this machine's name. */
static void id_host(const struct engine *en, char *out, size_t size)
{
	char base[512];
	const char *p;
	size_t n;

	if (engine_public_base(en, base, sizeof(base)) == 0 && (p = strstr(base, "://"))) {
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

int engine_notify_receipt(struct engine *en, const struct inc *inc, const char *address,
			  const char *name, int *queued, struct mo_err *e)
{
	struct outbox_msg m = {0};
	struct buf subject, body;
	char host[256], rnd_hex[33], mid[400];
	unsigned char rnd[16];
	int rc = -1;

	*queued = 0;
	if (!en->notify || notify_conf_channel_kind(en->notify, "email") < 0)
		return 0;
	if (!address || !*address)
		return mo_err_set(e, NULL, 0, 0, "%s", _("the receipt has no address"));
	buf_init(&subject, 4096);
	buf_init(&body, 256 * 1024);
	if (engine_receipt_compose(en, inc, name, &subject, &body, e))
		goto done;
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(rnd_hex, sizeof(rnd_hex), rnd, sizeof(rnd));
	id_host(en, host, sizeof(host));
	snprintf(mid, sizeof(mid), "<moshimo.%lld.receipt.%s@%s>", (long long)inc->id, rnd_hex,
		 host);
	m.incident_id = inc->id;
	m.purpose = "receipt";
	m.person = "reporter";
	m.person_name = name && *name ? name : address;
	m.channel = "email";
	m.address = address;
	m.subject = buf_str(&subject);
	m.body = buf_str(&body);
	m.message_id = mid;
	m.created_at = en->now;
	m.next_at = en->now;
	if (store_outbox_add(en->st, &m, e))
		goto done;
	en->queued++;
	*queued = 1;
	rc = 0;
done:
	buf_release(&subject);
	buf_release(&body);
	return rc;
}
