/* The messages moshimo sends, in Japanese: one table of purposes (the lead
 * sentence, whether an acknowledgement is asked), the subject with its one
 * prefix, and the body: what happened, level and owner, what this person
 * should do now, deadlines and the links. E-mail always carries the
 * summary; chat carries it only under notify.yaml's `privacy: full`
 * (docs/notify.md). */
#include "engine/drills.h"
#include "engine/engineInt.h"
#include "engine/notify_out.h"
#include "store/outbox.h"

#define STEPS_SHOWN 3

static const struct purpose {
	const char *key;
	const char *lead;  /* follows 「レベルNの」 */
	const char *label; /* for Admin's outbox */
	bool ack;
} purposes[] = {
	{"report", "インシデントが報告されました。", "報告", true},
	{"level", "インシデントになりました（レベルが引き上げられました）。", "レベル引き上げ",
	 true},
	{"escalation", "インシデントについて、まだ誰も対応を引き受けていません。",
	 "エスカレーション", true},
	{"ack", "インシデントの対応を引き受けた人がいます。", "対応開始", false},
	{"reminder", "インシデントに期限を過ぎた手順があります。", "期限切れ", true},
	{"filing", "インシデントに法定の届け出・通知の期限があります。", "届出の期限", true},
	{"digest", "インシデントが対応中です。", "毎日のまとめ", false},
	{"review", "インシデントについてのお知らせです。", "お知らせ", false},
	{"receipt", "インシデントの報告を受け付けました。", "受付の返信", false},
};

static const struct purpose *purpose_find(const char *key)
{
	for (size_t i = 0; key && i < MO_ARRAY_SIZE(purposes); i++)
		if (strcmp(purposes[i].key, key) == 0)
			return &purposes[i];
	return NULL;
}

bool engine_notify_wants_ack(const char *purpose)
{
	const struct purpose *p = purpose_find(purpose);

	return p && p->ack;
}

bool engine_notify_purpose_known(const char *purpose)
{
	return purpose_find(purpose) != NULL;
}

const char *engine_notify_purpose_ja(const char *purpose)
{
	const struct purpose *p = purpose_find(purpose);

	return p ? p->label : purpose ? purpose : "";
}

const char *engine_notify_prefix(const struct inc *inc)
{
	/* A drill incident (a later issue) returns 「【moshimo】【訓練】」 here. */
	(void)inc;
	return "【moshimo】";
}

/* True when person holds role. */
static bool holds(const struct mo_person *person, const char *role)
{
	for (size_t i = 0; role && i < person->roles.n; i++)
		if (strcmp(person->roles.v[i], role) == 0)
			return true;
	return false;
}

static int add_steps(const struct engine *en, const struct notify_compose *c, struct buf *b)
{
	size_t shown = 0, open_mine = 0;
	char due[64];

	if (!c->steps)
		return 0;
	for (size_t i = 0; i < c->steps->n; i++) {
		const struct step *s = &c->steps->v[i];

		if ((s->state == STEP_TODO || s->state == STEP_DOING) && holds(c->person, s->actor))
			open_mine++;
	}
	if (!open_mine)
		return 0;
	if (buf_adds(b, "\n■ あなたが今すること\n") < 0)
		return -1;
	for (size_t i = 0; i < c->steps->n && shown < STEPS_SHOWN; i++) {
		const struct step *s = &c->steps->v[i];

		if (!(s->state == STEP_TODO || s->state == STEP_DOING) ||
		    !holds(c->person, s->actor))
			continue;
		shown++;
		if (buf_addf(b, "%zu. %s%s%s", shown, s->title ? "【" : "",
			     s->title ? s->title : "", s->title ? "】" : "") < 0 ||
		    buf_adds(b, s->action) < 0)
			return -1;
		if (s->due_at != MO_TIME_NONE) {
			engine_time(en->p, s->due_at, due, sizeof(due));
			if (buf_addf(b, "（期限 %s）", due) < 0)
				return -1;
		}
		if (buf_adds(b, "\n") < 0)
			return -1;
	}
	if (open_mine > shown &&
	    buf_addf(b, "ほか %zu 件（インシデントのページで確認）\n", open_mine - shown) < 0)
		return -1;
	return 0;
}

int engine_notify_compose(const struct engine *en, const struct notify_compose *c,
			  struct buf *subject, struct buf *body, struct mo_err *e)
{
	const struct purpose *pu = purpose_find(c->purpose);
	const struct inc *inc = c->inc;
	const char *cat = engine_category_name(en->p, inc->category);
	char ref[32], t[64];

	if (!pu)
		return mo_err_set(e, NULL, 0, 0, _("unknown message purpose \"%s\""), c->purpose);
	engine_ref(inc->id, ref, sizeof(ref));
	if (buf_addf(subject, "%sレベル%d %s", engine_drill_prefix(en, inc), inc->level, ref) < 0)
		goto oom;
	if (c->full ? buf_addf(subject, " %s（%s）", inc->title, cat) < 0
		    : buf_addf(subject, "（%s）", cat) < 0)
		goto oom;
	/* one line: a title never holds a newline (engine_text_ok), but be sure */
	for (size_t i = 0; i < subject->len; i++)
		if (subject->data[i] == '\n' || subject->data[i] == '\r')
			subject->data[i] = ' ';

	if (buf_addf(body, "%sさん\n\n", c->person->name) < 0 ||
	    buf_addf(body, "レベル%dの%s\n", inc->level, pu->lead) < 0)
		goto oom;
	if (c->extra && *c->extra && buf_addf(body, "%s\n", c->extra) < 0)
		goto oom;
	if (buf_addf(body, "\n■ インシデント %s\n", ref) < 0)
		goto oom;
	if (c->full && buf_addf(body, "件名: %s\n", inc->title) < 0)
		goto oom;
	if (buf_addf(body, "分類: %s\nレベル: %d\n", cat, inc->level) < 0)
		goto oom;
	if (c->full) {
		if (buf_addf(body, "責任者: %s（%s）\n", inc->owner ? inc->owner : "-",
			     policy_role_title(en->p, inc->owner_role)) < 0)
			goto oom;
		engine_time(en->p, inc->discovered_at, t, sizeof(t));
		if (buf_addf(body, "発覚: %s\n", t) < 0)
			goto oom;
		engine_time(en->p, inc->reported_at, t, sizeof(t));
		if (buf_addf(body, "報告: %s（%s）\n", t,
			     inc->reporter_name && *inc->reporter_name ? inc->reporter_name
								       : "報告者不明") < 0)
			goto oom;
		if (inc->description && *inc->description &&
		    buf_addf(body, "\n■ 発生事象\n%s\n", inc->description) < 0)
			goto oom;
		if (add_steps(en, c, body))
			goto oom;
	}
	if (c->ack_url &&
	    buf_addf(body,
		     "\n■ 対応を引き受ける\n対応できるときは、次のリンクを開いて「対応します」"
		     "ボタンを押してください。誰かが押すまで、連絡網の次の人へ順に連絡が続きます"
		     "（リンクは7日間、1回だけ有効）。\n%s\n",
		     c->ack_url) < 0)
		goto oom;
	if (c->base && *c->base) {
		if (buf_addf(body, "\n■ インシデントのページ\n%s/incidents/%lld\n", c->base,
			     (long long)inc->id) < 0)
			goto oom;
	} else if (buf_addf(body, "\n■ インシデントのページ\nmoshimo で %s を開いてください。\n",
			    ref) < 0) {
		goto oom;
	}
	if (buf_adds(body, "\n-- \nmoshimo（自動送信）\n") < 0)
		goto oom;
	return 0;
oom:
	return mo_err_oom(e, NULL);
}

void engine_notify_channel_ja(const char *channel, char *out, size_t size)
{
	if (!channel || strcmp(channel, "email") == 0)
		snprintf(out, size, "メール");
	else
		snprintf(out, size, "チャット（%s）", channel);
}

void engine_notify_told_text(const struct policy *p, const struct outbox_msg *m, int64_t now,
			     char *out, size_t size)
{
	char ch[96], when[64];
	const char *who = m->person_name ? m->person_name : m->person;

	engine_notify_channel_ja(m->channel, ch, sizeof(ch));
	switch (m->state) {
	case OUTBOX_SENT:
		snprintf(out, size, "%sさん（%s）に通知しました", who, ch);
		break;
	case OUTBOX_DEAD:
		snprintf(out, size, "%sさん（%s）への通知は届けられませんでした", who, ch);
		break;
	default:
		if (m->attempts == 0 && m->next_at > now) {
			/* held back (business hours): say when, not "sending" */
			engine_time(p, m->next_at, when, sizeof(when));
			snprintf(out, size, "%sさん（%s）には %s に通知します", who, ch, when);
		} else if (m->attempts > 0 && m->state == OUTBOX_PENDING) {
			snprintf(out, size,
				 "%sさん（%s）への通知は送信に失敗し、再試行を待っています", who,
				 ch);
		} else {
			snprintf(out, size, "%sさん（%s）への通知を送信しています", who, ch);
		}
		break;
	}
}
