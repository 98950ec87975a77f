/* DATA/notify.yaml: loading and validating the settings and secrets. */
#include "notify/notifyInt.h"

#include <sys/stat.h>

int notify_conf_load(const char *path, struct notify_conf **out, struct mo_err *e)
{
	struct stat sb;

	*out = NULL;
	if (stat(path, &sb) != 0 && errno == ENOENT)
		return 1;
	return mo_err_set(e, path, 0, 0, "notify.yaml: not loaded yet");
}

void notify_conf_free(struct notify_conf *c)
{
	(void)c;
}

const char *notify_conf_public_url(const struct notify_conf *c)
{
	return c ? c->public_url : NULL;
}

bool notify_conf_privacy_full(const struct notify_conf *c)
{
	return c && c->privacy_full;
}

const struct notify_hook *notify_conf_hook(const struct notify_conf *c, const char *id)
{
	size_t i;

	for (i = 0; c && i < c->n_hooks; i++)
		if (strcmp(c->hooks[i].id, id) == 0)
			return &c->hooks[i];
	return NULL;
}

int notify_conf_channel_kind(const struct notify_conf *c, const char *channel)
{
	const struct notify_hook *h;

	if (!c || !channel)
		return -1;
	if (strcmp(channel, "email") == 0)
		return c->smtp_set ? NOTIFY_EMAIL : -1;
	h = notify_conf_hook(c, channel);
	return h ? (int)h->kind : -1;
}
