/* notify_send: one message on one channel, through the table of channels. */
#include "notify/notifyInt.h"

const char *notify_outcome_name(enum notify_outcome o)
{
	static const char *const names[] = {"sent", "retry", "dead"};

	return (size_t)o < MO_ARRAY_SIZE(names) ? names[o] : "?";
}

const char *notify_kind_name(enum notify_kind k)
{
	static const char *const names[] = {"email", "slack", "teams", "google_chat", "chatwork",
					    "webhook"};

	return (size_t)k < MO_ARRAY_SIZE(names) ? names[k] : "?";
}

int notify_send(const struct notify_conf *c, const struct notify_msg *m, struct notify_result *r)
{
	(void)c;
	(void)m;
	memset(r, 0, sizeof(*r));
	r->outcome = NOTIFY_DEAD;
	snprintf(r->reply, sizeof(r->reply), "not implemented yet");
	return -1;
}
