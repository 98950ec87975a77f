/* Reading one e-mail message (RFC 5322 with MIME) for a report, through
 * GMime: the sender, the subject, the text and the attachments, decoded to
 * UTF-8 from ISO-2022-JP, Shift_JIS (CP932), EUC-JP or UTF-8, with RFC 2047
 * and RFC 2231 headers. The only module that calls g_mime_*. */
#ifndef MO_MAIL_H
#define MO_MAIL_H

#include "util/common.h"

struct mo_err;

/* A message larger than this is refused unread (report --mail --max-size). */
#define MAIL_MAX_DEFAULT ((size_t)25 * 1024 * 1024)
/* More attachments than this: refused (a real report has a few). */
#define MAIL_ATTACHMENTS_MAX 100

struct mail_attachment {
	char *name; /* UTF-8, decoded; made up ("attachment-2.bin") when the part has none */
	char *content_type; /* "image/png" */
	unsigned char *data;
	size_t len;
};

struct mail_msg {
	char *from_addr;  /* "taro@example.co.jp" */
	char *from_name;  /* the decoded display name; "" when none */
	char *subject;	  /* decoded, one line, control characters removed; "" when none */
	char *text;	  /* the text part in UTF-8 with LF line ends; "" when none */
	char *message_id; /* without <>; NULL when none */
	/* Written by a machine (Auto-Submitted other than "no", Precedence bulk,
	 * junk or list, a bounce from MAILER-DAEMON or with an empty sender):
	 * filed, but never answered, so two robots cannot answer each other. */
	bool automatic;
	struct mail_attachment *att;
	size_t n_att;
};

/* Parses the message in data[0..len) into m (which this initialises; the
 * caller releases it with mail_msg_release, also after an error). name is
 * the source for messages ("<stdin>"). A structure that GMime calls
 * broken (a multipart without its boundary or cut short, a part with no
 * headers, nesting too deep), no From address, a text in a character set
 * that cannot be read, or too many attachments is an error with code
 * MO_EINVAL naming what and the line where it is. */
int mail_parse(const char *data, size_t len, const char *name, struct mail_msg *m,
	       struct mo_err *e) MO_WUR;
void mail_msg_release(struct mail_msg *m);

/* The domain of an address (after its last '@'), or NULL. */
const char *mail_addr_domain(const char *addr);
/* True when addr's domain is domain or one of its subdomains
 * (sales.example.co.jp is in example.co.jp), compared without case. */
bool mail_domain_matches(const char *addr, const char *domain);

#endif
