/* 疎通確認: contact rows, test messages, confirmations (engine/contacts.h). */
#include "engine/contacts.h"
#include "engine/notify_out.h"
#include "store/links.h"
#include "util/buf.h"

#include <sodium.h>

static const struct mo_person *person_find(const struct policy *p, const char *id)
{
	for (size_t i = 0; i < p->n_people; i++)
		if (p->people[i].id && strcmp(p->people[i].id, id) == 0)
			return &p->people[i];
	return NULL;
}

static int row_add(struct contact_row **v, size_t *n, size_t *cap, const struct mo_person *pe,
		   const char *channel, const struct notify_conf *c)
{
	struct contact_row *r;

	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		void *nv = realloc(*v, nc * sizeof(**v));

		if (!nv)
			return -1;
		*v = nv;
		*cap = nc;
	}
	r = &(*v)[(*n)++];
	memset(r, 0, sizeof(*r));
	r->person = pe;
	snprintf(r->channel, sizeof(r->channel), "%s", channel);
	r->usable = notify_conf_channel_kind(c, channel) >= 0;
	return 0;
}

int contacts_collect(const struct policy *p, const struct notify_conf *c, struct store *st,
		     struct contact_row **rows, size_t *n, struct mo_err *e)
{
	struct store_contact_check *chk = NULL;
	size_t nchk = 0, cap = 0;

	*rows = NULL;
	*n = 0;
	for (size_t i = 0; i < p->n_people; i++) {
		const struct mo_person *pe = &p->people[i];

		if ((pe->email && !policy_is_placeholder(pe->email) &&
		     row_add(rows, n, &cap, pe, "email", c)) ||
		    (pe->chat && !strstr(pe->chat, "://") &&
		     row_add(rows, n, &cap, pe, pe->chat, c)))
			goto oom;
	}
	if (st && store_contact_list(st, &chk, &nchk, e)) {
		free(*rows);
		*rows = NULL;
		*n = 0;
		return -1;
	}
	for (size_t i = 0; i < *n; i++)
		for (size_t k = 0; k < nchk; k++)
			if (strcmp(chk[k].person, (*rows)[i].person->id) == 0 &&
			    strcmp(chk[k].channel, (*rows)[i].channel) == 0) {
				(*rows)[i].sent_at = chk[k].sent_at;
				(*rows)[i].confirmed_at = chk[k].confirmed_at;
			}
	free(chk);
	return 0;
oom:
	free(*rows);
	*rows = NULL;
	*n = 0;
	return mo_err_oom(e, NULL);
}

bool contacts_stale(const struct policy *p, const struct contact_row *row, int64_t now)
{
	struct duration d = p->verify_every.count ? p->verify_every : POLICY_VERIFY_EVERY_DEFAULT;

	return !row->confirmed_at || now - row->confirmed_at > duration_seconds(&d);
}

/* "person/channel", the token's recipient. */
static int recipient_of(const char *person, const char *channel, char *out, size_t size)
{
	int k = snprintf(out, size, "%s/%s", person, channel);

	return k < 0 || (size_t)k >= size ? -1 : 0;
}

struct pending {
	size_t row;
	char token[LINKTOKEN_MAX];
};

static int compose(const struct notify_conf *c, const struct contact_row *row, const char *token,
		   int64_t now, struct buf *subj, struct buf *body, struct buf *url,
		   struct buf *mid)
{
	unsigned char rnd[8];
	char hex[17];
	const char *name = row->person->name ? row->person->name : row->person->id;
	char via[96];

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	engine_notify_channel_ja(row->channel, via, sizeof(via));
	/* In Japanese whatever the locale of the shell that runs `contacts
	 * verify` (cron, systemd: often C), as every message moshimo sends. */
	if (buf_addf(url, "%s/verify/%s", notify_conf_public_url(c), token) ||
	    buf_addf(subj, "【moshimo】疎通確認 %sさん（%s）", name, via) ||
	    buf_addf(body,
		     "%sさん\n\n"
		     "インシデント対応システム moshimo からの疎通確認（連絡先のテスト）です。\n"
		     "インシデントのときに、この連絡先（%s）で連絡が取れることを確かめます。\n\n"
		     "このメッセージが届いたら、次のリンクを開いて「届いたことを確認する」ボタンを"
		     "押してください。\n%s\n\n"
		     "リンクは7日間有効で、1回だけ使えます。心当たりがない場合は、ボタンを押さずに"
		     "情報セキュリティの担当者に知らせてください。\n\n"
		     "-- \nmoshimo（自動送信）\n",
		     name, via, buf_str(url)) ||
	    buf_addf(mid, "<verify.%lld.%s@moshimo>", (long long)now, hex))
		return -1;
	return 0;
}

struct tokens_job {
	const struct contact_row *rows;
	const size_t *idx;
	size_t n;
	int64_t now;
	struct pending *pend;
};

static int make_tokens(struct engine *en, void *arg, struct mo_err *e)
{
	struct tokens_job *j = arg;

	for (size_t i = 0; i < j->n; i++) {
		const struct contact_row *row = &j->rows[j->idx[i]];
		struct linktoken t = {.incident_id = 0,
				      .expires = j->now + CONTACTS_VERIFY_SECONDS};

		snprintf(t.purpose, sizeof(t.purpose), "verify");
		j->pend[i].row = j->idx[i];
		if (recipient_of(row->person->id, row->channel, t.recipient, sizeof(t.recipient)))
			return mo_err_set(e, NULL, 0, 0, _("person id too long: %s"),
					  row->person->id);
		if (linktoken_make(en->st, &t, j->pend[i].token, sizeof(j->pend[i].token), e))
			return -1;
	}
	return 0;
}

struct sent_job {
	const char *person;
	const char *channel;
	int64_t now;
};

static int record_sent(struct engine *en, void *arg, struct mo_err *e)
{
	struct sent_job *j = arg;

	return store_contact_sent(en->st, j->person, j->channel, j->now, e);
}

int contacts_verify(struct store *st, contacts_write_fn write, void *wctx, const struct policy *p,
		    const struct notify_conf *c, const char *person_id, int64_t now,
		    struct contact_sent **out, size_t *n, struct mo_err *e)
{
	struct contact_row *rows = NULL;
	struct contact_sent *res = NULL;
	struct pending *pend = NULL;
	size_t nrows = 0, *idx = NULL, nidx = 0, nres = 0;
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (!c)
		return mo_err_set(e, NULL, 0, 0, "%s",
				  _("notify.yaml is missing: nothing can be sent (see "
				    "docs/notify-format.md)"));
	if (!notify_conf_public_url(c))
		return mo_err_set(
			e, NULL, 0, 0, "%s",
			_("notify.yaml has no public_url: the confirmation link cannot be "
			  "made"));
	if (person_id && !person_find(p, person_id))
		return mo_err_set(e, NULL, 0, 0, _("no person \"%s\" in the policy"), person_id);
	if (contacts_collect(p, c, st, &rows, &nrows, e))
		return -1;
	res = calloc(nrows ? nrows : 1, sizeof(*res));
	idx = calloc(nrows ? nrows : 1, sizeof(*idx));
	pend = calloc(nrows ? nrows : 1, sizeof(*pend));
	if (!res || !idx || !pend) {
		mo_err_oom(e, NULL);
		goto done;
	}
	for (size_t i = 0; i < nrows; i++) {
		if (person_id && strcmp(rows[i].person->id, person_id) != 0)
			continue;
		if (rows[i].usable) {
			idx[nidx++] = i;
			continue;
		}
		res[nres].person = rows[i].person;
		snprintf(res[nres].channel, sizeof(res[nres].channel), "%s", rows[i].channel);
		res[nres].result.outcome = NOTIFY_DEAD;
		snprintf(res[nres].result.reply, sizeof(res[nres].result.reply), "%s",
			 strcmp(rows[i].channel, "email") == 0
				 ? _("notify.yaml has no smtp: e-mail cannot be sent")
				 : _("notify.yaml has no webhook with this id"));
		nres++;
	}
	if (nidx) {
		struct tokens_job tj = {rows, idx, nidx, now, pend};

		if (write(wctx, make_tokens, &tj, e))
			goto done;
	}
	for (size_t i = 0; i < nidx; i++) {
		const struct contact_row *row = &rows[pend[i].row];
		struct contact_sent *s = &res[nres++];
		struct buf subj, body, url, mid;
		struct notify_msg m;

		buf_init(&subj, 4096);
		buf_init(&body, 1 << 16);
		buf_init(&url, 4096);
		buf_init(&mid, 256);
		s->person = row->person;
		s->tried = true;
		snprintf(s->channel, sizeof(s->channel), "%s", row->channel);
		if (compose(c, row, pend[i].token, now, &subj, &body, &url, &mid)) {
			s->result.outcome = NOTIFY_RETRY;
			snprintf(s->result.reply, sizeof(s->result.reply), "out of memory");
		} else {
			m = (struct notify_msg){
				.channel = row->channel,
				.to = row->person->email,
				.to_name = row->person->name,
				.subject = buf_str(&subj),
				.body = buf_str(&body),
				.message_id = buf_str(&mid),
				.ack_url = buf_str(&url),
				.date = now,
			};
			(void)notify_send(c, &m, &s->result);
		}
		buf_release(&subj);
		buf_release(&body);
		buf_release(&url);
		buf_release(&mid);
		sodium_memzero(pend[i].token, sizeof(pend[i].token));
		if (s->result.outcome == NOTIFY_SENT) {
			struct sent_job sj = {row->person->id, row->channel, now};

			if (write(wctx, record_sent, &sj, e))
				goto done;
		}
	}
	rc = 0;
done:
	free(rows);
	free(idx);
	free(pend);
	if (rc) {
		free(res);
		return -1;
	}
	*out = res;
	*n = nres;
	return 0;
}

/* Splits "person/channel" of a verify token. */
static int split_recipient(const struct linktoken *t, char *person, size_t psize, char *channel,
			   size_t csize)
{
	const char *slash = strchr(t->recipient, '/');

	if (strcmp(t->purpose, "verify") != 0 || !slash || slash == t->recipient || !slash[1] ||
	    (size_t)(slash - t->recipient) >= psize)
		return -1;
	memcpy(person, t->recipient, (size_t)(slash - t->recipient));
	person[slash - t->recipient] = '\0';
	snprintf(channel, csize, "%s", slash + 1);
	return 0;
}

int contacts_token_read(struct store *st, const struct policy *p, const char *token, int64_t now,
			const struct mo_person **person, char *channel, size_t size,
			struct mo_err *e)
{
	struct linktoken t;
	char pid[128];
	int rc = linktoken_check(st, token, now, &t, e);

	*person = NULL;
	channel[0] = '\0';
	if (rc)
		return rc;
	if (split_recipient(&t, pid, sizeof(pid), channel, size)) {
		mo_err_setc(e, MO_ENOTFOUND, "%s", _("this link is not a contact check link"));
		e->detail = LINKTOKEN_MALFORMED;
		return 1;
	}
	*person = person_find(p, pid);
	return 0;
}

int contacts_confirm(struct store *st, const struct policy *p, const char *token, int64_t now,
		     struct mo_err *e)
{
	struct linktoken t;
	char pid[128], channel[128];
	int rc = linktoken_check(st, token, now, &t, e);

	(void)p;
	if (rc)
		return rc;
	if (split_recipient(&t, pid, sizeof(pid), channel, sizeof(channel))) {
		mo_err_setc(e, MO_ENOTFOUND, "%s", _("this link is not a contact check link"));
		e->detail = LINKTOKEN_MALFORMED;
		return 1;
	}
	rc = linktoken_use(st, token, now, e);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		mo_err_setc(e, MO_ECONFLICT, "%s",
			    _("this link was used already: the contact was confirmed before"));
		e->detail = CONTACTS_USED;
		return 1;
	}
	return store_contact_confirmed(st, pid, channel, now, e);
}
