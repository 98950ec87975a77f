/* Slack: an incoming webhook with text (for notifications) and blocks
 * (a section and buttons for the ack and incident links). */
#include "notify/notifyInt.h"

#include <jansson.h>

/* Slack's mrkdwn treats &, < and > as markup. */
static char *slack_escape(const char *s)
{
	struct buf b;

	buf_init(&b, BUF_MAX_DEFAULT);
	for (; s && *s; s++) {
		int rc = *s == '&'   ? buf_adds(&b, "&amp;")
			 : *s == '<' ? buf_adds(&b, "&lt;")
			 : *s == '>' ? buf_adds(&b, "&gt;")
				     : buf_addc(&b, *s);
		if (rc)
			return NULL;
	}
	return buf_detach(&b, NULL);
}

static json_t *slack_button(const char *label, const char *url, const char *style)
{
	json_t *b = json_pack("{s:s, s:{s:s, s:s, s:b}, s:s}", "type", "button", "text", "type",
			      "plain_text", "text", label, "emoji", 1, "url", url);

	if (b && style)
		json_object_set_new(b, "style", json_string(style));
	return b;
}

void notify_slack_send(const struct notify_conf *c, const struct notify_hook *hook,
		       const struct notify_msg *m, struct notify_result *r)
{
	char *subj = slack_escape(m->subject), *body = slack_escape(m->body);
	json_t *j = NULL, *blocks, *buttons;
	struct buf text;

	buf_init(&text, BUF_MAX_DEFAULT);
	if (!subj || !body || buf_addf(&text, "*%s*\n%s", subj, body))
		goto done;
	j = json_pack("{s:s, s:[{s:s, s:{s:s, s:s}}]}", "text", m->subject, "blocks", "type",
		      "section", "text", "type", "mrkdwn", "text", buf_str(&text));
	blocks = j ? json_object_get(j, "blocks") : NULL;
	buttons = json_array();
	if (!blocks || !buttons) {
		json_decref(buttons);
		json_decref(j);
		j = NULL;
		goto done;
	}
	if (m->ack_url)
		json_array_append_new(buttons,
				      slack_button(_("Acknowledge"), m->ack_url, "primary"));
	if (m->incident_url)
		json_array_append_new(buttons,
				      slack_button(_("Open the incident"), m->incident_url, NULL));
	if (json_array_size(buttons))
		json_array_append_new(blocks, json_pack("{s:s, s:o}", "type", "actions", "elements",
							buttons));
	else
		json_decref(buttons);
done:
	free(subj);
	free(body);
	buf_release(&text);
	notify_http_post_json(c, hook->url, j, NULL, r);
}
