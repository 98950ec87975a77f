/* The manual's review (000: 定期的に見直す). A review is kept where the
 * manual is: as a revision of the policy whose organization.review.
 * last_reviewed becomes the day of the review, marked as a review, with a
 * record of what was checked (the contacts' 疎通確認, placeholders left,
 * the last drill). So the next date moves for everything that reads the
 * policy — the reminder (engine/reminders.c), `moshimo check`, the cover —
 * and the manual's history prints the reviews, with no second store. */
#include "revise/reviseInt.h"
#include "engine/contacts.h"
#include "store/store.h"
#include "util/fs.h"
#include "util/timefmt.h"

#include <unistd.h>

/* Months before the review date from which the dashboard mentions it. */
#define REVIEW_SOON_MONTHS 1

static struct mo_date today_of(const struct policy *p, int64_t now)
{
	struct mo_local lt;

	if (time_local(now, p->org.timezone, &lt))
		return (struct mo_date){1970, 1, 1};
	return (struct mo_date){lt.year, lt.month, lt.day};
}

int revise_review_line(const struct policy *p, int64_t now, char *out, size_t size)
{
	const struct mo_organization *o = &p->org;
	struct mo_date due, today = today_of(p, now), soon;
	char d[64];

	out[0] = '\0';
	if (!o->has_last_reviewed) {
		snprintf(out, size, "%s",
			 _("The manual has no review date: record a review (Admin → revisions, "
			   "or moshimo review done)"));
		return 1;
	}
	due = date_add_months(o->last_reviewed, o->review_interval_months);
	date_format(due, true, d, sizeof(d));
	if (date_cmp(today, due) > 0) {
		snprintf(out, size,
			 _("The manual's review was due on %s: review it and record the review "
			   "(Admin → revisions, or moshimo review done)"),
			 d);
		return 1;
	}
	soon = date_add_months(today, REVIEW_SOON_MONTHS);
	if (date_cmp(soon, due) >= 0) {
		snprintf(out, size, _("The manual's review is due on %s"), d);
		return 1;
	}
	return 0;
}

/* Byte offset of 1-based character column col of line ln in text. */
static bool offset_of(const char *text, size_t len, int ln, int col, size_t *off)
{
	size_t i = 0;

	for (int l = 1; l < ln; l++) {
		const char *nl = memchr(text + i, '\n', len - i);

		if (!nl)
			return false;
		i = (size_t)(nl - text) + 1;
	}
	for (int c = 1; c < col && i < len && text[i] != '\n'; i++)
		if (((unsigned char)text[i + 1] & 0xC0) != 0x80)
			c++;
	*off = i;
	return i <= len;
}

/* text with organization.review.last_reviewed set to day (malloc'd into
 * out), adding the key (and review:) when missing. 0, or -1 with e set. */
static int set_last_reviewed(const struct policy *p, const char *text, size_t len,
			     struct mo_date day, struct buf *out, struct mo_err *e)
{
	const struct pnode *org = p->org.node, *rv = org ? pnode_get(org, "review") : NULL;
	const struct pnode_pair *pp = rv ? pnode_pair(rv, "last_reviewed") : NULL;
	char d[16];
	size_t at, end;
	int rc;

	snprintf(d, sizeof(d), "%04d-%02d-%02d", day.year, day.month, day.day);
	if (pp && pp->value) {
		if (!offset_of(text, len, pp->value->line, pp->value->col, &at))
			goto manual;
		end = at;
		while (end < len && !strchr(" \t\r\n,}#", text[end]))
			end++;
		rc = buf_add(out, text, at) || buf_adds(out, d) ||
		     buf_add(out, text + end, len - end);
	} else if (rv && rv->kind == PNODE_MAPPING && rv->n) {
		/* review: exists as a block: the new key goes first, in its column. */
		const struct pnode_pair *first = &rv->pairs[0];

		if (!offset_of(text, len, first->key_line, 1, &at))
			goto manual;
		rc = buf_add(out, text, at) ||
		     buf_addf(out, "%*slast_reviewed: %s\n", first->key_col - 1, "", d) ||
		     buf_add(out, text + at, len - at);
	} else if (org && !rv && org->kind == PNODE_MAPPING && org->n) {
		const struct pnode_pair *first = &org->pairs[0];

		if (!offset_of(text, len, first->key_line, 1, &at))
			goto manual;
		rc = buf_add(out, text, at) ||
		     buf_addf(out, "%*sreview:\n%*slast_reviewed: %s\n", first->key_col - 1, "",
			      first->key_col + 1, "", d) ||
		     buf_add(out, text + at, len - at);
	} else {
		goto manual;
	}
	if (rc)
		return mo_err_oom(e, NULL);
	return 0;
manual:
	return mo_err_setc(e, MO_EINVAL, "%s",
			   _("cannot find where to write organization.review.last_reviewed in "
			     "the policy; add it by hand (moshimo revision save)"));
}

/* What the reviewer had in front of them, in words, for the record. */
static void checked_summary(const char *data_dir, const struct policy *p, int64_t now,
			    struct buf *b)
{
	char db[4096];
	struct store *st = NULL;
	struct contact_row *rows = NULL;
	size_t n = 0, confirmed = 0, stale = 0;
	int64_t oldest = 0;
	struct mo_err e;
	int r = 0;

	mo_err_clear(&e);
	if (!fs_join(db, sizeof(db), data_dir, "moshimo.db") && fs_exists(db))
		st = store_open(db, STORE_READONLY, &e);
	if (contacts_collect(p, NULL, st, &rows, &n, &e) == 0) {
		for (size_t i = 0; i < n; i++) {
			if (rows[i].confirmed_at) {
				confirmed++;
				if (!oldest || rows[i].confirmed_at < oldest)
					oldest = rows[i].confirmed_at;
			}
			if (contacts_stale(p, &rows[i], now))
				stale++;
		}
		if (!n)
			r |= buf_adds(b, "連絡先の疎通確認: 確認できる連絡先（メールアドレス・"
					 "チャット）がまだありません。\n");
		else
			r |= buf_addf(b, "連絡先の疎通確認: %zu 件中 %zu 件が確認済み", n,
				      confirmed);
		if (oldest) {
			char t[MO_TIME_MAX];

			time_format_zone(oldest, p->org.timezone, false, t, sizeof(t));
			r |= buf_addf(b, "（最も古い確認 %s）", t);
		}
		if (n)
			r |= buf_addf(b, "、確認が必要なもの %zu 件。\n", stale);
	}
	r |= buf_addf(b, "記入箇所（〇〇・****）の残り: %zu か所。\n", policy_placeholder_count(p));
	/* moshimo keeps no drills yet: say so rather than imply one. */
	r |= buf_adds(b, "最後の訓練: moshimo に訓練の記録はありません。");
	(void)r;
	free(rows);
	store_close(st);
}

int revise_review_done(const char *data_dir, const char *who, const char *note, int64_t now,
		       struct mo_findings *f, int *rev_out, struct mo_err *e)
{
	char path[4096];
	char *text = NULL;
	size_t len = 0;
	struct mo_findings lf;
	struct policy *p = NULL;
	struct buf nt, checked;
	int rc = -1, fd = -1;

	buf_init(&nt, POLICY_MAX_BYTES + 4096);
	buf_init(&checked, 0);
	mo_findings_init(&lf, f->file);
	if (fs_join(path, sizeof(path), data_dir, "policy.yaml")) {
		mo_err_setc(e, MO_EINVAL, "%s", _("the data folder path is too long"));
		goto done;
	}
	if (!fs_exists(path)) {
		mo_err_setc(e, MO_ENOTFOUND, _("no policy at %s (create one with: moshimo init)"),
			    path);
		goto done;
	}
	/* Held from the read to the save: no other save comes between. */
	fd = revise_lock(data_dir, e);
	if (fd < 0)
		goto done;
	if (fs_read_file(path, POLICY_MAX_BYTES, &text, &len, e))
		goto done;
	p = revise_check(data_dir, text, len, &lf);
	if (!p || lf.errors) {
		/* The policy in force has errors (edited on disk): those are the
		 * findings; the review is recorded once it is fixed. */
		mo_findings_release(f);
		*f = lf;
		mo_findings_init(&lf, f->file);
		rc = 1;
		goto done;
	}
	if (set_last_reviewed(p, text, len, today_of(p, now), &nt, e))
		goto done;
	checked_summary(data_dir, p, now, &checked);
	if (checked.failed || nt.failed) {
		mo_err_oom(e, NULL);
		goto done;
	}
	rc = revise_commit_locked(data_dir, buf_str(&nt), nt.len, who,
				  note && *note ? note : "定期見直し", buf_str(&checked), f,
				  rev_out, e);
done:
	if (fd >= 0)
		close(fd);
	mo_findings_release(&lf);
	policy_free(p);
	free(text);
	buf_release(&nt);
	buf_release(&checked);
	return rc;
}
