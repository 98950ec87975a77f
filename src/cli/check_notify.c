/* What `moshimo check` adds for notifications: DIR/notify.yaml's own
 * findings, and the policy's people against it — a person's chat must name
 * one of its webhook ids, and each contact should have been confirmed by a
 * human (疎通確認) within the policy's contacts.verify_every. */
#include "cli/check_notify.h"
#include "engine/contacts.h"
#include "store/store.h"
#include "util/fs.h"
#include "util/timefmt.h"

static void at_key(const struct mo_person *pe, const char *key, int *line, int *col)
{
	const struct pnode_pair *pp = pe->node ? pnode_pair(pe->node, key) : NULL;

	*line = pp && pp->value ? pp->value->line : pe->node ? pe->node->line : 0;
	*col = pp && pp->value ? pp->value->col : pe->node ? pe->node->col : 0;
}

/* Chat ids the policy names that notify.yaml does not define. */
static void check_chat_ids(const struct policy *p, const struct notify_conf *c, bool have_conf,
			   struct mo_findings *pf)
{
	for (size_t i = 0; i < p->n_people; i++) {
		const struct mo_person *pe = &p->people[i];
		int line, col;

		if (!pe->chat || strstr(pe->chat, "://") || policy_is_placeholder(pe->chat))
			continue;
		at_key(pe, "chat", &line, &col);
		if (!have_conf)
			mo_findings_add(pf, MO_WARNING, line, col,
					_("chat \"%s\" of \"%s\" cannot be used: there is no "
					  "notify.yaml"),
					pe->chat, pe->id);
		else if (notify_conf_channel_kind(c, pe->chat) < 0)
			mo_findings_add(
				pf, MO_ERROR, line, col,
				_("chat \"%s\" of \"%s\" is not a webhook id of notify.yaml"),
				pe->chat, pe->id);
	}
}

static void check_confirmed(struct cli_ctx *ctx, const struct policy *p,
			    const struct notify_conf *c, struct mo_findings *pf)
{
	char db[4096];
	struct store *st = NULL;
	struct contact_row *rows = NULL;
	size_t n = 0;
	struct mo_err e;
	int64_t now = time_now();
	struct duration d = p->verify_every.count ? p->verify_every : POLICY_VERIFY_EVERY_DEFAULT;
	char every[64];

	mo_err_clear(&e);
	if (cli_data_path(ctx, "moshimo.db", db, sizeof(db)))
		return;
	if (fs_exists(db) && !(st = store_open(db, STORE_READONLY, &e))) {
		mo_findings_add(pf, MO_WARNING, 0, 0, "%s", e.msg);
		return;
	}
	if (contacts_collect(p, c, st, &rows, &n, &e)) {
		mo_findings_add(pf, MO_WARNING, 0, 0, "%s", e.msg);
		goto done;
	}
	duration_format(&d, every, sizeof(every));
	for (size_t i = 0; i < n; i++) {
		const struct contact_row *r = &rows[i];
		int line, col;

		at_key(r->person, strcmp(r->channel, "email") == 0 ? "email" : "chat", &line, &col);
		if (!r->usable && strcmp(r->channel, "email") == 0)
			mo_findings_add(pf, MO_WARNING, line, col,
					_("no e-mail reaches \"%s\": notify.yaml has no smtp"),
					r->person->id);
		if (!r->usable || !contacts_stale(p, r, now))
			continue;
		if (!r->confirmed_at)
			mo_findings_add(pf, MO_WARNING, line, col,
					_("the contact %s of \"%s\" was never confirmed (moshimo "
					  "contacts verify)"),
					r->channel, r->person->id);
		else
			mo_findings_add(
				pf, MO_WARNING, line, col,
				_("the contact %s of \"%s\" was last confirmed more than %s "
				  "ago (moshimo contacts verify)"),
				r->channel, r->person->id, every);
	}
done:
	free(rows);
	store_close(st);
}

void cli_check_notify(struct cli_ctx *ctx, const struct policy *p, struct mo_findings *pf,
		      char *path, size_t size, struct mo_findings *nf)
{
	struct notify_conf *c = NULL;
	int rc;

	if (cli_data_path(ctx, "notify.yaml", path, size))
		return;
	rc = notify_conf_check(path, &c, nf);
	if (!p)
		goto done;
	if (rc == 1) {
		check_chat_ids(p, NULL, false, pf);
		goto done;
	}
	if (rc < 0)
		goto done;
	check_chat_ids(p, c, true, pf);
	check_confirmed(ctx, p, c, pf);
	/* the base of the ack and incident links (docs/outbox.md) */
	if (!notify_conf_public_url(c) && !p->org.report_url)
		mo_findings_add(
			nf, MO_WARNING, 1, 1, "%s",
			_("no public_url here and no organization.report_url in the policy: "
			  "messages carry no links unless moshimo serve runs with "
			  "--public-url"));
done:
	notify_conf_free(c);
}
