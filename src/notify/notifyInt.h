/* Inside notify/: the loaded notify.yaml and the table of channels. */
#ifndef MO_NOTIFY_INT_H
#define MO_NOTIFY_INT_H

#include "notify/notify.h"

struct notify_hook {
	char *id;
	enum notify_kind kind;
	char *url;           /* secret: the webhook URL, or chatwork's base URL */
	char *room;          /* chatwork */
	char *token;         /* chatwork: secret */
};

struct notify_conf {
	char *public_url;
	bool privacy_full;
	bool smtp_set;
	char *smtp_url;
	char *smtp_user;
	char *smtp_password;  /* secret */
	char *smtp_from;      /* "Name <addr>" or "addr" */
	long connect_timeout; /* seconds */
	long total_timeout;   /* seconds */
	struct notify_hook *hooks;
	size_t n_hooks;
};

const struct notify_hook *notify_conf_hook(const struct notify_conf *c, const char *id);

#endif
