/* Telling people: the messages an incident's changes queue in the outbox
 * (store/outbox.h), composed in Japanese (messages.c), sent later by the
 * dispatcher (notify/dispatch.c). Everything here runs in the caller's
 * transaction, so a message exists exactly when the change that caused it
 * was committed. */
#ifndef MO_ENGINE_NOTIFY_OUT_H
#define MO_ENGINE_NOTIFY_OUT_H

#include "engine/engine.h"

/* Queues messages telling every usable channel of every person holding one of
 * roles about incident inc, for purpose ("report", "level", "escalation", "ack",
 * "reminder", "digest", "review"); extra is a line added to the body (may be NULL),
 * e.g. 「山田さんが対応中です」. Each person's message carries an ack link
 * when purpose asks for an acknowledgement. In the caller's transaction.
 * Writes into *told (may be NULL) how many messages were queued. A person
 * holding several of roles is told once. */
int engine_notify_roles(struct engine *en, const struct inc *inc, const struct strv *roles,
			const char *purpose, const char *extra, int64_t not_before, size_t *told,
			struct mo_err *e) MO_WUR;
int engine_notify_person(struct engine *en, const struct inc *inc, const struct mo_person *person,
			 const char *purpose, const char *extra, int64_t not_before, size_t *told,
			 struct mo_err *e) MO_WUR;

/* The usable channels of person under en->notify: "email" when the person
 * has an address and SMTP is configured, and their chat webhook id when
 * notify.yaml has it. Writes up to 2 into out; returns how many. */
size_t engine_notify_channels(const struct engine *en, const struct mo_person *person,
			      const char *out[2]);

/* The base of every link in a message, without a trailing slash, into out:
 * notify.yaml's public_url, else en->public_url (`serve --public-url`),
 * else the origin of the policy's organization.report_url. 0, or 1 when
 * none is known (out is ""). */
int engine_public_base(const struct engine *en, char *out, size_t size);

/* ---- Composing (messages.c) ---- */

/* The subject's opening: 「【moshimo】」; a drill incident will add 【訓練】
 * here, the one place every subject passes through. */
const char *engine_notify_prefix(const struct inc *inc);

/* True when purpose asks the recipient to acknowledge (an ack link). */
bool engine_notify_wants_ack(const char *purpose);
/* True when purpose is one of those engine_notify_roles knows. */
bool engine_notify_purpose_known(const char *purpose);
/* What purpose is, in Japanese for a page (「報告」「エスカレーション」); the
 * key itself when unknown. */
const char *engine_notify_purpose_ja(const char *purpose);

struct notify_compose {
	const struct inc *inc;
	const struct mo_person *person;
	const char *purpose;
	const char *extra;	       /* may be NULL */
	const char *base;	       /* engine_public_base, "" when none */
	const char *ack_url;	       /* may be NULL */
	bool full;		       /* the summary too (e-mail, or privacy: full) */
	const struct step_list *steps; /* the incident's checklist; may be NULL */
};
/* The subject (one line) and the body (LF line ends) into subject and
 * body (both buf_init'ed by the caller). */
int engine_notify_compose(const struct engine *en, const struct notify_compose *c,
			  struct buf *subject, struct buf *body, struct mo_err *e) MO_WUR;

/* ---- Telling the reporter whom moshimo told (messages.c) ---- */

struct outbox_msg;
/* 「メール」, or 「チャット（office）」 for a webhook id. */
void engine_notify_channel_ja(const char *channel, char *out, size_t size);
/* What happened to one message, truthfully, by its state in the outbox at
 * now: 「山田 太郎さん（メール）に通知しました」 (sent), 「…への通知を送信して
 * います」 (due, or being sent), 「…には 2026-12-02 09:00 に通知します」 (held
 * back), 「…への通知は送信に失敗し、再試行を待っています」, 「…への通知は
 * 届けられませんでした」 (dead). */
void engine_notify_told_text(const struct policy *p, const struct outbox_msg *m, int64_t now,
			     char *out, size_t size);
/* The line for a report that reached nobody. */
#define ENGINE_NOTIFY_NOBODY "通知の送り先が設定されていません。下の電話番号に連絡してください"

#endif
