/* notify_send: one message on one channel, through the table of channels;
 * libcurl's one global start; results. */
#include "notify/notifyInt.h"

#include <curl/curl.h>
#include <pthread.h>

const struct notify_channel notify_channels[] = {
	{NOTIFY_EMAIL, "email", notify_smtp_send},
	{NOTIFY_SLACK, "slack", notify_slack_send},
	{NOTIFY_TEAMS, "teams", notify_teams_send},
	{NOTIFY_GOOGLE_CHAT, "google_chat", notify_gchat_send},
	{NOTIFY_CHATWORK, "chatwork", notify_chatwork_send},
	{NOTIFY_WEBHOOK, "webhook", notify_webhook_send},
};
const size_t notify_channels_count = MO_ARRAY_SIZE(notify_channels);

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_start(void)
{
	/* Never cleaned up: the process ends with it, and cleaning up while
	 * another thread might send is the one thing that could go wrong. */
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

void notify_curl_init(void)
{
	pthread_once(&curl_once, curl_start);
}

const char *notify_outcome_name(enum notify_outcome o)
{
	static const char *const names[] = {"sent", "retry", "dead"};

	return (size_t)o < MO_ARRAY_SIZE(names) ? names[o] : "?";
}

void notify_result_set(struct notify_result *r, enum notify_outcome o, const char *fmt, ...)
{
	va_list ap;

	r->outcome = o;
	va_start(ap, fmt);
	vsnprintf(r->reply, sizeof(r->reply), fmt, ap);
	va_end(ap);
	for (char *p = r->reply; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
}

int notify_send(const struct notify_conf *c, const struct notify_msg *m, struct notify_result *r)
{
	const struct notify_hook *hook = NULL;
	int kind = notify_conf_channel_kind(c, m ? m->channel : NULL);

	memset(r, 0, sizeof(*r));
	if (kind < 0) {
		notify_result_set(r, NOTIFY_DEAD, "no usable channel \"%s\" in notify.yaml",
				  m && m->channel ? m->channel : "");
		return -1;
	}
	if (kind != NOTIFY_EMAIL)
		hook = notify_conf_hook(c, m->channel);
	if (!m->subject || !m->body || !m->message_id) {
		notify_result_set(r, NOTIFY_DEAD,
				  "the message lacks a subject, body or Message-ID");
		return -1;
	}
	notify_curl_init();
	for (size_t i = 0; i < notify_channels_count; i++)
		if (notify_channels[i].kind == (enum notify_kind)kind) {
			notify_channels[i].send(c, hook, m, r);
			return 0;
		}
	notify_result_set(r, NOTIFY_DEAD, "no sender for channel kind %d", kind);
	return -1;
}
