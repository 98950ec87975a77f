/* The generic webhook: a JSON POST of {subject, body, message_id,
 * ack_url, incident_url} for any receiver (a ticket system, a relay). */
#include "notify/notifyInt.h"

#include <jansson.h>

void notify_webhook_send(const struct notify_conf *c, const struct notify_hook *hook,
			 const struct notify_msg *m, struct notify_result *r)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:s?, s:s?}", "subject", m->subject, "body", m->body,
			      "message_id", m->message_id, "ack_url", m->ack_url, "incident_url",
			      m->incident_url);

	/* json_pack's s? leaves out nothing: a NULL becomes JSON null, which
	 * is what a receiver expects for "no link". */
	notify_http_post_json(c, hook->url, j, NULL, r);
}
