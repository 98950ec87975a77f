/* Microsoft Teams: a Workflows webhook receiving a message with one
 * Adaptive Card attachment (title, body, Action.OpenUrl buttons). */
#include "notify/notifyInt.h"

#include <jansson.h>

void notify_teams_send(const struct notify_conf *c, const struct notify_hook *hook,
		       const struct notify_msg *m, struct notify_result *r)
{
	json_t *actions = json_array(), *card, *j;

	if (actions && m->ack_url)
		json_array_append_new(actions,
				      json_pack("{s:s, s:s, s:s, s:s}", "type", "Action.OpenUrl",
						"title", _("Acknowledge"), "url", m->ack_url,
						"style", "positive"));
	if (actions && m->incident_url)
		json_array_append_new(actions,
				      json_pack("{s:s, s:s, s:s}", "type", "Action.OpenUrl",
						"title", _("Open the incident"), "url",
						m->incident_url));
	card = json_pack("{s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:s, s:b}, {s:s, s:s, s:b}], s:o}",
			 "$schema", "http://adaptivecards.io/schemas/adaptive-card.json", "type",
			 "AdaptiveCard", "version", "1.4", "body", "type", "TextBlock", "text",
			 m->subject, "weight", "Bolder", "size", "Medium", "wrap", 1, "type",
			 "TextBlock", "text", m->body, "wrap", 1, "actions", actions);
	j = card ? json_pack("{s:s, s:[{s:s, s:n, s:o}]}", "type", "message", "attachments",
			     "contentType", "application/vnd.microsoft.card.adaptive", "contentUrl",
			     "content", card)
		 : NULL;
	notify_http_post_json(c, hook->url, j, NULL, r);
}
