/* libFuzzer target: any bytes as an e-mail message (mail_parse). It must
 * never crash or leak, and what it returns must hold its promises: valid
 * UTF-8 texts, a one-line subject, a From with an '@', attachments within
 * the limit, each with a name. */
#include "mail/mail.h"
#include "util/err.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool valid_utf8(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = utf8_seq_len(p);

		if (!n)
			return false;
		p += n;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mail_msg m;
	struct mo_err e;

	mo_err_clear(&e);
	if (mail_parse((const char *)data, size, "fuzz", &m, &e) == 0) {
		if (!m.from_addr || !strchr(m.from_addr, '@') || !valid_utf8(m.from_addr) ||
		    !valid_utf8(m.from_name) || !valid_utf8(m.subject) || !valid_utf8(m.text) ||
		    strchr(m.subject, '\n') || strchr(m.text, '\r') ||
		    m.n_att > MAIL_ATTACHMENTS_MAX)
			__builtin_trap();
		for (size_t i = 0; i < m.n_att; i++)
			if (!m.att[i].name || !*m.att[i].name || !valid_utf8(m.att[i].name) ||
			    (m.att[i].len && !m.att[i].data))
				__builtin_trap();
	} else if (!e.code || !e.msg[0]) {
		__builtin_trap();
	}
	mail_msg_release(&m);
	return 0;
}
