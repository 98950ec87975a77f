/* libFuzzer target: any bytes given to the notify.yaml loader must give
 * findings or a conf, never a crash or a leak; a loaded conf answers its
 * lookups, and a message for its channels builds (no sending). */
#include "notify/notifyInt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mo_findings f;
	struct notify_conf *c = NULL;

	mo_findings_init(&f, "notify.yaml");
	if (notify_conf_parse((const char *)data, size, "notify.yaml", &c, &f) == 0) {
		(void)notify_conf_public_url(c);
		(void)notify_conf_privacy_full(c);
		(void)notify_conf_channel_kind(c, "email");
		for (size_t i = 0; i < c->n_hooks; i++)
			(void)notify_conf_channel_kind(c, c->hooks[i].id);
		if (c->smtp_set) {
			struct notify_msg m = {.channel = "email",
					       .to = "a@example.jp",
					       .to_name = "髙橋",
					       .subject = "件名",
					       .body = "本文\n",
					       .message_id = "<f@m>",
					       .date = 1};
			struct notify_result r;
			struct buf b;

			buf_init(&b, BUF_MAX_DEFAULT);
			(void)notify_mail_build(c->smtp_from, &m, &b, &r);
			buf_release(&b);
		}
	}
	notify_conf_free(c);
	mo_findings_release(&f);
	return 0;
}
