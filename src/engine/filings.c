/* Filings: the reports and notices owed to authorities, the persons and the
 * client (法定), and those only advised (推奨・検討), from the policy's
 * filing rules and the incident's facts; their deadlines counted from
 * discovery in the policy's time zone; the rule that applied in words;
 * their JSON; and filing done / waive (the draft as filed kept with its
 * SHA-256 in a timeline event, so in the audit chain). */
#include "engine/drills.h"
#include "engine/engineInt.h"
#include "engine/labels.h"
#include "store/filings.h"

#include <sodium.h>

/* The category that means malware in the built-in policy: its incidents
 * meet the "malware" condition even before the virus has a name. */
#define MALWARE_CATEGORY "malware"
/* 規則7条3号 (③): a wrongful act, including the 2024 case of data being
 * acquired; the 確報 gets its longer deadline. */
#define COND_WRONGFUL (COND_MALICIOUS | COND_SKIMMING)
#define FILINGS_MAX 64

unsigned engine_conditions(const struct inc *inc)
{
	const struct inc_facts *f = &inc->facts;
	unsigned c = 0;

	if (engine_personal_data(inc) || f->skimming == 1)
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
	/* Not knowing how many is not knowing it is at most 1,000 (or 100):
	 * the おそれ stays until a count is recorded. */
	if (f->persons < 0 && (c & COND_PERSONAL_DATA))
		c |= COND_PERSONS_UNKNOWN;
	if (f->skimming == 1)
		c |= COND_SKIMMING;
	if (f->mynumber_system == 1)
		c |= COND_MYNUMBER_SYSTEM;
	if (f->exposed_public == 1)
		c |= COND_EXPOSED_PUBLIC;
	if (inc->client && *inc->client)
		c |= COND_CLIENT;
	return c;
}

unsigned engine_facts(const struct policy *p, const struct inc *inc)
{
	const struct mo_sign *s = policy_sign(p, inc->sign);
	unsigned c = engine_conditions(inc) | (s ? s->facts : 0);

	/* Data being acquired that was stolen is personal information; an
	 * unauthorized access is a wrongful act (規則7条3号), whichever of
	 * the sign or the facts says so. */
	if (c & COND_SKIMMING)
		c |= COND_PERSONAL_DATA;
	if (c & COND_UNAUTHORIZED_ACCESS)
		c |= COND_MALICIOUS;
	return c;
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

/* The filing's own rule (without follows). */
static bool own_rule(const struct mo_filing *f, unsigned have, const char *category)
{
	if (f->disabled || !category_ok(f, category))
		return false;
	if ((f->conditions & have) != f->conditions)
		return false;
	if (f->any && !(f->any & have))
		return false;
	if (f->unless & have)
		return false;
	return f->conditions || f->any || f->follows.n;
}

static size_t index_of(const struct policy *p, const char *id)
{
	for (size_t i = 0; id && i < p->n_filings; i++)
		if (strcmp(p->filings[i].id, id) == 0)
			return i;
	return SIZE_MAX;
}

/* applies[i] for every filing of p (at most FILINGS_MAX are read). */
static size_t evaluate(const struct policy *p, unsigned have, const char *category, bool *applies)
{
	size_t n = p->n_filings < FILINGS_MAX ? p->n_filings : FILINGS_MAX;
	bool own[FILINGS_MAX];
	bool changed = true;

	for (size_t i = 0; i < n; i++) {
		own[i] = own_rule(&p->filings[i], have, category);
		applies[i] = own[i] && !p->filings[i].follows.n;
	}
	/* follows: to a fixed point (a cycle never applies by itself). */
	for (size_t round = 0; changed && round <= n; round++) {
		changed = false;
		for (size_t i = 0; i < n; i++) {
			const struct mo_filing *f = &p->filings[i];

			if (applies[i] || !own[i])
				continue;
			for (size_t k = 0; k < f->follows.n; k++) {
				size_t j = index_of(p, f->follows.v[k]);

				if (j < n && applies[j]) {
					applies[i] = changed = true;
					break;
				}
			}
		}
	}
	return n;
}

static int64_t local_midnight(const char *tz, int y, int m, int d)
{
	char s[40];
	int64_t t;

	snprintf(s, sizeof(s), "%04d-%02d-%02d 00:00:00", y, m, d);
	if (time_parse_input(s, tz, 0, &t))
		return MO_TIME_NONE;
	return t;
}

int64_t engine_filing_deadline(const struct policy *p, int64_t from, const struct duration *d)
{
	const char *tz = p->org.timezone;
	struct mo_local l;
	int64_t day, start;
	int y, m, dd;

	if (from == MO_TIME_NONE)
		return MO_TIME_NONE;
	if (d->unit == DUR_MINUTE || d->unit == DUR_HOUR)
		return from + duration_seconds(d);
	if (time_local(from, tz, &l))
		return from + duration_seconds(d);
	if (d->unit == DUR_MONTH || d->unit == DUR_YEAR) {
		struct mo_date md = {l.year, l.month, l.day};

		md = date_add_months(md, (int)(d->count * (d->unit == DUR_YEAR ? 12 : 1)));
		day = time_days_from_civil(md.year, md.month, md.day);
	} else {
		day = time_days_from_civil(l.year, l.month, l.day) +
		      d->count * (d->unit == DUR_WEEK ? 7 : 1);
	}
	/* The conservative reading: the day of discovery is day 1, so N days
	 * end with day N, the (N-1)th day after it. */
	if (p->day_one == DAY_ONE_DISCOVERY)
		day -= 1;
	time_civil_from_days(day + 1, &y, &m, &dd);
	start = local_midnight(tz, y, m, dd);
	return start == MO_TIME_NONE ? from + duration_seconds(d) : start - 1;
}

static void deadlines(const struct policy *p, const struct inc *inc, unsigned have,
		      struct filing_due *fd)
{
	const struct mo_filing *f = fd->filing;

	fd->malicious = f->has_due_if_malicious && (have & COND_WRONGFUL);
	fd->due_at = MO_TIME_NONE;
	fd->remind_at = MO_TIME_NONE;
	if (fd->malicious)
		fd->due_at = engine_filing_deadline(p, inc->discovered_at, &f->due_if_malicious);
	else if (f->has_due)
		fd->due_at = engine_filing_deadline(p, inc->discovered_at, &f->due);
	if (f->has_remind)
		fd->remind_at = engine_filing_deadline(p, inc->discovered_at, &f->remind);
}

size_t engine_filings(const struct policy *p, const struct inc *inc, struct filing_due *out,
		      size_t max)
{
	unsigned have = engine_facts(p, inc);
	bool applies[FILINGS_MAX];
	size_t absorbed_by[FILINGS_MAX];
	size_t n = evaluate(p, have, inc->category, applies), w = 0;

	for (size_t i = 0; i < n; i++)
		absorbed_by[i] = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		size_t j = index_of(p, p->filings[i].combine);

		if (applies[i] && j < n && j != i && applies[j] && absorbed_by[i] == SIZE_MAX)
			absorbed_by[j] = i;
	}
	for (size_t i = 0; i < n && w < max; i++) {
		const struct mo_filing *f = &p->filings[i];
		struct filing_due *fd = &out[w];
		size_t alt = index_of(p, f->instead);

		if (!applies[i] || absorbed_by[i] != SIZE_MAX)
			continue;
		memset(fd, 0, sizeof(*fd));
		fd->filing = f;
		fd->authority = policy_authority(p, f->authority);
		for (size_t k = 0; k < f->follows.n && !fd->via; k++) {
			size_t j = index_of(p, f->follows.v[k]);

			if (j < n && applies[j])
				fd->via = &p->filings[j];
		}
		for (size_t j = 0; j < n; j++)
			if (absorbed_by[j] == i)
				fd->absorbed = &p->filings[j];
		if (alt < n && applies[alt])
			fd->instead = &p->filings[alt];
		deadlines(p, inc, have, fd);
		if (fd->absorbed) {
			struct filing_due other = {.filing = fd->absorbed};

			deadlines(p, inc, have, &other);
			if (other.due_at != MO_TIME_NONE &&
			    (fd->due_at == MO_TIME_NONE || other.due_at < fd->due_at))
				fd->due_at = other.due_at;
		}
		w++;
	}
	return w;
}

/* ---- The rule in words ---- */

static const char *why_text(const struct mo_filing *f, unsigned bit)
{
	for (size_t i = 0; i < f->n_why; i++)
		if (f->why[i].bit == bit)
			return f->why[i].text;
	return NULL;
}

/* The facts of f's own rule that hold, in words, joined by 「、」. */
static int own_words(const struct mo_filing *f, unsigned have, struct buf *out, bool *any_out)
{
	unsigned bit;
	bool first = true;

	for (size_t i = 0; (bit = policy_condition_at(i)) != 0; i++) {
		const char *w;

		if (!((f->any | f->conditions) & have & bit))
			continue;
		w = why_text(f, bit);
		/* all-facts without words of their own go unsaid: they are the
		 * setting (personal data), not the reason. */
		if (!w && !(f->any & bit))
			continue;
		if (!first && buf_adds(out, "、"))
			return -1;
		if (w ? buf_adds(out, w)
		      : buf_addf(out, "「%s」に該当", policy_condition_label(bit)))
			return -1;
		first = false;
	}
	*any_out = !first;
	return 0;
}

static int words(const struct policy *p, unsigned have, const struct mo_filing *f,
		 const struct mo_filing *via, struct buf *out, int depth)
{
	bool said = false;

	if (own_words(f, have, out, &said))
		return -1;
	if (via && depth < 4) {
		const struct mo_filing *vv = NULL;

		for (size_t k = 0; k < via->follows.n && !vv; k++) {
			const struct mo_filing *c = policy_filing(p, via->follows.v[k]);

			if (c && own_rule(c, have, NULL))
				vv = c;
		}
		if (said && buf_adds(out, "。"))
			return -1;
		if (buf_addf(out, "「%s」の対象：", via->title) ||
		    words(p, have, via, vv, out, depth + 1))
			return -1;
	}
	return 0;
}

int engine_filing_rule(const struct policy *p, const struct inc *inc, const struct filing_due *fd,
		       struct buf *out)
{
	unsigned have = engine_facts(p, inc);
	const struct mo_filing *f = fd->filing;

	if (words(p, have, f, fd->via, out, 0))
		return -1;
	if (fd->absorbed) {
		if (buf_addf(out, "。「%s」（", fd->absorbed->title) ||
		    words(p, have, fd->absorbed, NULL, out, 1) ||
		    buf_adds(out, "）と併せて1件の報告とする"))
			return -1;
	}
	if (fd->instead &&
	    buf_addf(out, "。又は「%s」で代えることができる%s%s%s", fd->instead->title,
		     fd->instead->law ? "（" : "", fd->instead->law ? fd->instead->law : "",
		     fd->instead->law ? "）" : ""))
		return -1;
	if (f->law && buf_addf(out, "〔根拠：%s%s%s〕", f->law, fd->absorbed ? "、" : "",
			       fd->absorbed && fd->absorbed->law ? fd->absorbed->law : ""))
		return -1;
	return 0;
}

/* ---- JSON ---- */

static json_t *time_json(const struct policy *p, int64_t t)
{
	char s[MO_TIME_MAX];

	if (t == MO_TIME_NONE)
		return json_null();
	time_format_zone(t, p->org.timezone, true, s, sizeof(s));
	return json_string(s);
}

static json_t *str_json(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *engine_filing_json(const struct policy *p, const struct inc *inc,
			   const struct filing_recs *recs)
{
	struct filing_due due[FILINGS_MAX];
	size_t n = engine_filings(p, inc, due, MO_ARRAY_SIZE(due));
	json_t *arr = json_array();

	if (!arr)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const struct filing_due *fd = &due[i];
		const struct filing_rec *r = filing_recs_find(recs, fd->filing->id);
		struct buf rule;
		json_t *o;
		int rc;

		buf_init(&rule, 16384);
		if (engine_filing_rule(p, inc, fd, &rule))
			goto oom;
		o = json_pack("{s:s, s:s, s:s?, s:b, s:s, s:o, s:s, s:o, s:o}", "id",
			      fd->filing->id, "title", fd->filing->title, "authority",
			      fd->authority ? fd->authority->organization : fd->filing->authority,
			      "legal", fd->filing->legal, "rule", buf_str(&rule), "due_at",
			      time_json(p, fd->due_at), "state",
			      filing_state_key(r ? r->state : FILING_DUE), "done_at",
			      r && r->state != FILING_WAIVED ? time_json(p, r->at) : json_null(),
			      "ref", str_json(r && r->state == FILING_DONE ? r->ref : NULL));
		buf_release(&rule);
		if (!o)
			goto fail;
		if (fd->filing->has_remind &&
		    json_object_set_new(o, "remind_at", time_json(p, fd->remind_at))) {
			json_decref(o);
			goto fail;
		}
		/* 代替措置: where it was published, the desk and why. */
		if (r && r->state == FILING_SUBSTITUTED &&
		    json_object_set_new(o, "substitute",
					json_pack("{s:o, s:o, s:o}", "published",
						  str_json(r->published), "desk", str_json(r->desk),
						  "reason", str_json(r->reason)))) {
			json_decref(o);
			goto fail;
		}
		rc = json_array_append_new(arr, o);
		if (rc)
			goto fail;
		continue;
	oom:
		buf_release(&rule);
		goto fail;
	}
	return arr;
fail:
	json_decref(arr);
	return NULL;
}

int64_t engine_filing_next_due(const struct policy *p, const struct inc *inc,
			       const struct filing_recs *recs, const struct mo_filing **which)
{
	struct filing_due due[FILINGS_MAX];
	size_t n = engine_filings(p, inc, due, MO_ARRAY_SIZE(due));
	int64_t best = MO_TIME_NONE;

	if (which)
		*which = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct filing_rec *r = filing_recs_find(recs, due[i].filing->id);

		if (!due[i].filing->legal || due[i].due_at == MO_TIME_NONE || r)
			continue;
		if (best == MO_TIME_NONE || due[i].due_at < best) {
			best = due[i].due_at;
			if (which)
				*which = due[i].filing;
		}
	}
	return best;
}

/* ---- filing done / waive ---- */

static int known_kind(const struct policy *p, const char *kind, const struct mo_filing **out,
		      struct mo_err *e)
{
	*out = policy_filing(p, kind);
	if (!*out)
		return mo_err_setc(e, MO_ENOTFOUND, _("the policy has no filing \"%s\""),
				   kind ? kind : "");
	return 0;
}

static int load_incident(struct engine *en, int64_t id, struct mo_err *e)
{
	struct inc inc;
	int rc;

	inc_init(&inc);
	rc = store_incident_get(en->st, id, &inc, e);
	inc_release(&inc);
	if (rc < 0)
		return -1;
	return rc > 0 ? engine_err_missing(id, e) : 0;
}

static int substitute_ok(const struct mo_filing *f, const struct filing_substitute *sub,
			 struct mo_err *e)
{
	if (!f->substitute)
		return mo_err_setc(e, MO_EINVAL,
				   _("filing \"%s\" has no substitute measures (only a notice that "
				     "may be impossible, such as persons_notice, has)"),
				   f->id);
	if (!sub->published || engine_text_blank(sub->published))
		return mo_err_setc(e, MO_EINVAL, "%s",
				   _("give where the incident was published (--published)"));
	if (!sub->desk || engine_text_blank(sub->desk))
		return mo_err_setc(e, MO_EINVAL, "%s", _("give the inquiry desk (--desk)"));
	if (!sub->reason || engine_text_blank(sub->reason))
		return mo_err_setc(e, MO_EINVAL, "%s",
				   _("give the reason the notice is impossible (--reason)"));
	if (engine_text_ok("published", sub->published, 1000, false, e) ||
	    engine_text_ok("desk", sub->desk, 1000, false, e) ||
	    engine_text_ok("reason", sub->reason, 4000, true, e))
		return -1;
	return 0;
}

/* filing done, and done by substitute measures when sub is not NULL. */
static int record_done(struct engine *en, int64_t id, const char *kind, int64_t date,
		       const char *ref, const struct filing_substitute *sub, const void *draft,
		       size_t draft_len, const char *draft_name, struct mo_err *e)
{
	const struct mo_filing *f;
	struct filing_rec r;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char day[MO_TIME_MAX], text[1024];
	struct buf t;
	int rc;

	if (known_kind(en->p, kind, &f, e) || load_incident(en, id, e) ||
	    engine_drill_refuse_filing(en, id, e))
		return -1;
	if (ref && (engine_text_ok("ref", ref, 200, false, e)))
		return -1;
	if (sub && substitute_ok(f, sub, e))
		return -1;
	if (date == MO_TIME_NONE)
		return mo_err_setc(e, MO_EINVAL, "%s", _("give the date it was filed (--date)"));
	memset(&r, 0, sizeof(r));
	snprintf(r.kind, sizeof(r.kind), "%s", kind);
	r.state = FILING_DONE;
	r.at = date;
	r.ref = (char *)(ref && *ref ? ref : NULL);
	r.by = (char *)en->who;
	r.draft_name = (char *)draft_name;
	r.draft = (unsigned char *)draft;
	r.draft_len = draft ? draft_len : 0;
	r.recorded_at = en->now;
	if (sub) {
		r.state = FILING_SUBSTITUTED;
		r.published = (char *)sub->published;
		r.desk = (char *)sub->desk;
		r.reason = (char *)sub->reason;
	}
	if (draft) {
		crypto_hash_sha256(digest, draft, draft_len);
		sodium_bin2hex(r.sha256, sizeof(r.sha256), digest, sizeof(digest));
	}
	if (store_filing_put(en->st, id, &r, e))
		return -1;
	time_format_zone(date, en->p->org.timezone, false, day, sizeof(day));
	day[10] = '\0';
	if (!sub) {
		snprintf(text, sizeof(text), "%s「%s」（提出日 %s%s%s）%s%s%s%s", "提出済み：",
			 f->title, day, r.ref ? "、受付番号 " : "", r.ref ? r.ref : "",
			 draft ? "提出した文書 " : "", draft_name ? draft_name : "",
			 draft ? " SHA-256: " : "", draft ? r.sha256 : "");
		return engine_event(en, id, "filing", NULL, NULL, kind, text, e);
	}
	buf_init(&t, 16384);
	if (buf_addf(&t,
		     "代替措置：「%s」に代えて公表（%s、公表日 %s）、問合せ窓口 %s。"
		     "通知できない理由：%s",
		     f->title, sub->published, day, sub->desk, sub->reason) ||
	    (draft && buf_addf(&t, " 公表した文書 %s SHA-256: %s", draft_name ? draft_name : "",
			       r.sha256))) {
		buf_release(&t);
		return mo_err_oom(e, NULL);
	}
	rc = engine_event(en, id, "filing", NULL, NULL, kind, buf_str(&t), e);
	buf_release(&t);
	return rc;
}

int engine_filing_done(struct engine *en, int64_t id, const char *kind, int64_t date,
		       const char *ref, const void *draft, size_t draft_len, const char *draft_name,
		       struct mo_err *e)
{
	return record_done(en, id, kind, date, ref, NULL, draft, draft_len, draft_name, e);
}

int engine_filing_substitute(struct engine *en, int64_t id, const char *kind, int64_t date,
			     const struct filing_substitute *sub, const void *draft,
			     size_t draft_len, const char *draft_name, struct mo_err *e)
{
	return record_done(en, id, kind, date, NULL, sub, draft, draft_len, draft_name, e);
}

int engine_filing_waive(struct engine *en, int64_t id, const char *kind, const char *reason,
			struct mo_err *e)
{
	const struct mo_filing *f;
	struct filing_rec r;
	char *text;
	int rc;

	if (known_kind(en->p, kind, &f, e) || load_incident(en, id, e))
		return -1;
	if (!reason || engine_text_blank(reason))
		return mo_err_setc(e, MO_EINVAL, "%s",
				   _("give the reason the filing is not needed (--reason)"));
	if (engine_text_ok("reason", reason, 4000, true, e))
		return -1;
	memset(&r, 0, sizeof(r));
	snprintf(r.kind, sizeof(r.kind), "%s", kind);
	r.state = FILING_WAIVED;
	r.at = en->now;
	r.reason = (char *)reason;
	r.by = (char *)en->who;
	r.recorded_at = en->now;
	if (store_filing_put(en->st, id, &r, e))
		return -1;
	text = NULL;
	{
		struct buf b;

		buf_init(&b, 8192);
		if (buf_addf(&b, "不要と判断：「%s」 理由：%s", f->title, reason))
			return mo_err_oom(e, NULL);
		text = buf_detach(&b, NULL);
	}
	rc = engine_event(en, id, "filing", NULL, NULL, kind, text, e);
	free(text);
	return rc;
}
