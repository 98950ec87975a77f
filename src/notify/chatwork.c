/* Chatwork: POST body=… to API/rooms/ROOM/messages with X-ChatWorkToken
 * (API is https://api.chatwork.com/v2 unless notify.yaml sets api_url). */
#include "notify/notifyInt.h"

#include <curl/curl.h>

void notify_chatwork_send(const struct notify_conf *c, const struct notify_hook *hook,
			  const struct notify_msg *m, struct notify_result *r)
{
	struct buf text, form, url, tok;
	char *esc = NULL;
	CURL *h = curl_easy_init();
	const char *headers[2] = {NULL, NULL};

	buf_init(&text, BUF_MAX_DEFAULT);
	buf_init(&form, BUF_MAX_DEFAULT);
	buf_init(&url, 4096);
	buf_init(&tok, 512);
	if (!h || buf_addf(&text, "[info][title]%s[/title]%s", m->subject, m->body) ||
	    (m->ack_url && buf_addf(&text, "\n\n%s: %s", _("Acknowledge"), m->ack_url)) ||
	    (m->incident_url &&
	     buf_addf(&text, "\n%s: %s", _("Open the incident"), m->incident_url)) ||
	    buf_adds(&text, "[/info]"))
		goto oom;
	esc = curl_easy_escape(h, buf_str(&text), (int)text.len);
	if (!esc || buf_addf(&form, "body=%s", esc) ||
	    buf_addf(&url, "%s/rooms/%s/messages", hook->url, hook->room) ||
	    buf_addf(&tok, "X-ChatWorkToken: %s", hook->token))
		goto oom;
	headers[0] = buf_str(&tok);
	notify_http_post(c, buf_str(&url), "application/x-www-form-urlencoded", headers,
			 buf_str(&form), form.len, r);
	goto done;
oom:
	notify_result_set(r, NOTIFY_RETRY, "out of memory building the payload");
done:
	curl_free(esc);
	if (h)
		curl_easy_cleanup(h);
	buf_release(&text);
	buf_release(&form);
	buf_release(&url);
	if (tok.data)
		memset(tok.data, 0, tok.len);
	buf_release(&tok);
}
