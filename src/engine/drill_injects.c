/* A running drill's timed injects (状況付与: 「30分後: 取引先から問い合わせの
 *電話」), delivered by the reminders' tick (engine/reminders.c): a timeline
 * event on the drill and a message to the owner's role, 【訓練】 in its
 * subject, its outbox rows the drill incident's (so its record lists them). */
#include "engine/drills.h"
#include "engine/engineInt.h"
#include "engine/notify_admin.h"

#define INJECTS_MAX 64

static int deliver(struct engine *en, const struct drill_inject *in, struct mo_err *e)
{
	struct inc inc;
	char ref[32], subject[128];
	struct buf body;
	size_t told = 0;
	int got, rc = -1;

	inc_init(&inc);
	buf_init(&body, NOTIFY_ADMIN_BODY_MAX);
	got = store_incident_get(en->st, in->incident_id, &inc, e);
	if (got) {
		if (got > 0)
			engine_err_missing(in->incident_id, e);
		goto done;
	}
	engine_ref(in->incident_id, ref, sizeof(ref));
	snprintf(subject, sizeof(subject), "%s状況付与 %s（%d）", engine_drill_mark(), ref, in->n);
	if (store_drill_inject_sent(en->st, in->incident_id, in->n, en->now, e) ||
	    engine_event(en, in->incident_id, "inject", NULL, NULL, NULL,
			 engine_afmt(&inc.arena, "%s状況付与%d: %s", engine_drill_mark(), in->n,
				     in->text),
			 e))
		goto done;
	if (buf_addf(&body,
		     "%s これは訓練です。\n\n%s %s の訓練に、次の状況が加わりました。\n\n  %s\n\n"
		     "マニュアルの手順に沿って対応し、記録してください。",
		     engine_drill_mark(), ref, inc.title, in->text) < 0) {
		mo_err_oom(e, NULL);
		goto done;
	}
	if (inc.owner_role && policy_role(en->p, inc.owner_role) &&
	    engine_notify_role_text_about(en, in->incident_id, inc.owner_role, "drill", subject,
					  buf_str(&body), &told, e))
		goto done;
	rc = 0;
done:
	buf_release(&body);
	inc_release(&inc);
	return rc;
}

int engine_drill_injects(struct engine *en, size_t *fired, struct mo_err *e)
{
	struct drill_inject *v = NULL;
	size_t n = 0;
	int rc = -1;

	if (store_drill_injects_due(en->st, en->now, INJECTS_MAX, &v, &n, e))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (deliver(en, &v[i], e))
			goto done;
		(*fired)++;
	}
	rc = 0;
done:
	free(v);
	return rc;
}

int engine_drill_injects_due(struct engine *en, struct mo_err *e)
{
	struct drill_inject *v = NULL;
	size_t n = 0;

	if (store_drill_injects_due(en->st, en->now, 1, &v, &n, e))
		return -1;
	free(v);
	return n ? 1 : 0;
}
