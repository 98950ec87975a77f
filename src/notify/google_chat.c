/* Google Chat: an incoming webhook with text, and cardsV2 with buttons
 * when the message has links. */
#include "notify/notifyInt.h"

#include <jansson.h>

void notify_gchat_send(const struct notify_conf *c, const struct notify_hook *hook,
		       const struct notify_msg *m, struct notify_result *r)
{
	json_t *j = NULL, *widgets, *buttons;
	struct buf text;

	buf_init(&text, BUF_MAX_DEFAULT);
	if (buf_addf(&text, "*%s*\n%s", m->subject, m->body)) {
		notify_http_post_json(c, hook->url, NULL, NULL, r);
		return;
	}
	if (!m->ack_url && !m->incident_url) {
		j = json_pack("{s:s}", "text", buf_str(&text));
		goto post;
	}
	/* A card with buttons; text stays for notifications and old clients. */
	buttons = json_array();
	if (buttons && m->ack_url)
		json_array_append_new(buttons,
				      json_pack("{s:s, s:{s:{s:s}}}", "text", _("Acknowledge"),
						"onClick", "openLink", "url", m->ack_url));
	if (buttons && m->incident_url)
		json_array_append_new(buttons, json_pack("{s:s, s:{s:{s:s}}}", "text",
							 _("Open the incident"), "onClick",
							 "openLink", "url", m->incident_url));
	widgets = json_pack("[{s:{s:s}}, {s:{s:o}}]", "textParagraph", "text", m->body,
			    "buttonList", "buttons", buttons);
	j = widgets ? json_pack("{s:s, s:[{s:s, s:{s:{s:s}, s:[{s:o}]}}]}", "text", buf_str(&text),
				"cardsV2", "cardId", "moshimo", "card", "header", "title",
				m->subject, "sections", "widgets", widgets)
		    : NULL;
post:
	buf_release(&text);
	notify_http_post_json(c, hook->url, j, NULL, r);
}
