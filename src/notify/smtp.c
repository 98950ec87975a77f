/* E-mail through SMTP: the message (UTF-8, RFC 2047 headers, base64 body)
 * and its delivery with libcurl (smtps://, smtp:// with STARTTLS when the
 * server offers it), and how the server's reply is classified. */
#include "notify/notifyInt.h"
#include "util/utf8.h"

#include <curl/curl.h>
#include <sodium.h>
#include <time.h>

#define B64_LINE 76
/* "=?UTF-8?B?" + 60 base64 characters + "?=" is 72 <= 75; 60 base64
 * characters carry 45 bytes. */
#define WORD_BYTES 45

static bool has_break(const char *s)
{
	return s && strpbrk(s, "\r\n") != NULL;
}

static bool utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = utf8_seq_len(p);

		if (!n)
			return false;
		p += n;
	}
	return true;
}

static bool ascii_only(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

int notify_mail_encode_words(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char b64[sodium_base64_ENCODED_LEN(WORD_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	bool first = true;

	while (*p) {
		size_t take = 0;

		/* Whole characters only, up to WORD_BYTES. */
		while (p[take]) {
			size_t n = utf8_seq_len(p + take);

			if (!n)
				n = 1;
			if (take + n > WORD_BYTES)
				break;
			take += n;
		}
		sodium_bin2base64(b64, sizeof(b64), p, take, sodium_base64_VARIANT_ORIGINAL);
		if (buf_addf(out, "%s=?UTF-8?B?%s?=", first ? "" : "\r\n ", b64))
			return -1;
		first = false;
		p += take;
	}
	return 0;
}

int notify_mail_split_address(const char *s, char *name, size_t name_size, char *addr,
			      size_t addr_size)
{
	const char *lt = strrchr(s, '<');
	const char *a = s, *end;
	size_t alen, nlen = 0;

	name[0] = '\0';
	if (lt) {
		const char *ns = s, *ne = lt;

		end = strchr(lt, '>');
		if (!end || end[1])
			return -1;
		a = lt + 1;
		while (ns < ne && *ns == ' ')
			ns++;
		while (ne > ns && ne[-1] == ' ')
			ne--;
		if (ne - ns >= 2 && *ns == '"' && ne[-1] == '"') {
			ns++;
			ne--;
		}
		nlen = (size_t)(ne - ns);
		if (nlen >= name_size)
			return -1;
		memcpy(name, ns, nlen);
		name[nlen] = '\0';
	} else
		end = s + strlen(s);
	alen = (size_t)(end - a);
	if (alen == 0 || alen >= addr_size)
		return -1;
	memcpy(addr, a, alen);
	addr[alen] = '\0';
	/* One @ with something on each side, nothing that could end the
	 * address or the header early. */
	if (strpbrk(addr, " \t\r\n<>,;\"()\\") || !strchr(addr, '@') || addr[0] == '@' ||
	    addr[alen - 1] == '@' || strchr(addr, '@') != strrchr(addr, '@') || !ascii_only(addr))
		return -1;
	if (strpbrk(name, "\r\n\"\\"))
		return -1;
	return 0;
}

/* "Name <addr>": the name as encoded-words when it is not plain ASCII,
 * quoted otherwise. */
static int add_mailbox(struct buf *out, const char *name, const char *addr)
{
	if (!name || !*name)
		return buf_addf(out, "<%s>", addr);
	/* Quoted when plain ASCII; encoded-words otherwise (they also carry " and \). */
	if (ascii_only(name) && !strpbrk(name, "\"\\")) {
		if (buf_addf(out, "\"%s\" <%s>", name, addr))
			return -1;
		return 0;
	}
	if (notify_mail_encode_words(out, name))
		return -1;
	return buf_addf(out, " <%s>", addr);
}

static int add_date(struct buf *out, int64_t t)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm))
		return -1;
	return buf_addf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday],
			tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
			tm.tm_sec);
}

/* The body: LF line ends as CRLF, then base64 in lines of 76. */
static int add_body(struct buf *out, const char *body)
{
	struct buf crlf;
	char *b64 = NULL;
	size_t b64len;
	int rc = -1;

	buf_init(&crlf, BUF_MAX_DEFAULT);
	for (const char *p = body; *p; p++) {
		if (*p == '\r')
			continue;
		if (*p == '\n' ? buf_adds(&crlf, "\r\n") : buf_addc(&crlf, *p))
			goto done;
	}
	b64len = sodium_base64_ENCODED_LEN(crlf.len, sodium_base64_VARIANT_ORIGINAL);
	b64 = malloc(b64len);
	if (!b64)
		goto done;
	sodium_bin2base64(b64, b64len, (const unsigned char *)buf_str(&crlf), crlf.len,
			  sodium_base64_VARIANT_ORIGINAL);
	for (size_t i = 0, n = strlen(b64); i < n; i += B64_LINE) {
		size_t take = n - i < B64_LINE ? n - i : B64_LINE;

		if (buf_add(out, b64 + i, take) || buf_adds(out, "\r\n"))
			goto done;
	}
	rc = 0;
done:
	free(b64);
	buf_release(&crlf);
	return rc;
}

int notify_mail_build(const char *from, const struct notify_msg *m, struct buf *out,
		      struct notify_result *r)
{
	char fname[256], faddr[256], tname[256], taddr[256];
	const char *mid = m->message_id;

	if (notify_mail_split_address(from, fname, sizeof(fname), faddr, sizeof(faddr))) {
		notify_result_set(r, NOTIFY_DEAD, "smtp.from is not a usable address");
		return -1;
	}
	/* m->to is a bare address; the display name comes from m->to_name. */
	if (!m->to || strchr(m->to, '<') ||
	    notify_mail_split_address(m->to, tname, sizeof(tname), taddr, sizeof(taddr))) {
		notify_result_set(r, NOTIFY_DEAD, "not a usable e-mail address: \"%s\"",
				  m->to ? m->to : "");
		return -1;
	}
	if (has_break(m->subject) || has_break(m->to_name) || has_break(mid) || !mid ||
	    mid[0] != '<' || mid[strlen(mid) - 1] != '>' || !strchr(mid, '@') || strchr(mid, ' ') ||
	    !ascii_only(mid)) {
		notify_result_set(r, NOTIFY_DEAD,
				  "a header has a line break, or the Message-ID is malformed");
		return -1;
	}
	if (!utf8_ok(m->subject) || !utf8_ok(m->body) || (m->to_name && !utf8_ok(m->to_name))) {
		notify_result_set(r, NOTIFY_DEAD, "the message is not valid UTF-8");
		return -1;
	}
	if (add_date(out, m->date ? m->date : (int64_t)time(NULL)) || buf_adds(out, "From: ") ||
	    add_mailbox(out, fname, faddr) || buf_adds(out, "\r\nTo: ") ||
	    add_mailbox(out, m->to_name, taddr) || buf_adds(out, "\r\nSubject: "))
		goto oom;
	if (ascii_only(m->subject) && strlen(m->subject) < 900
		    ? buf_adds(out, m->subject)
		    : notify_mail_encode_words(out, m->subject))
		goto oom;
	if (buf_addf(out,
		     "\r\nMessage-ID: %s\r\n"
		     "MIME-Version: 1.0\r\n"
		     "Content-Type: text/plain; charset=UTF-8\r\n"
		     "Content-Transfer-Encoding: base64\r\n"
		     "Auto-Submitted: auto-generated\r\n"
		     "X-Auto-Response-Suppress: All\r\n"
		     "\r\n",
		     mid) ||
	    add_body(out, m->body))
		goto oom;
	return 0;
oom:
	notify_result_set(r, NOTIFY_RETRY, "out of memory building the message");
	return -1;
}

struct reader {
	const char *data;
	size_t len, off;
};

static size_t on_read(char *p, size_t size, size_t n, void *arg)
{
	struct reader *rd = arg;
	size_t room = size * n, left = rd->len - rd->off;
	size_t take = left < room ? left : room;

	memcpy(p, rd->data + rd->off, take);
	rd->off += take;
	return take;
}

struct replies {
	char last[256];	 /* the server's last line */
	char error[256]; /* its last 4xx or 5xx line (not the 221 after QUIT) */
};

/* Keeps the server's reply lines (debug callback: CURLINFO_HEADER_IN
 * carries what the server said). */
static int on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *arg)
{
	struct replies *rp = arg;
	size_t n = size;

	(void)h;
	if (type != CURLINFO_HEADER_IN)
		return 0;
	while (n && (data[n - 1] == '\r' || data[n - 1] == '\n'))
		n--;
	if (n >= sizeof(rp->last))
		n = sizeof(rp->last) - 1;
	memcpy(rp->last, data, n);
	rp->last[n] = '\0';
	if (n && (data[0] == '4' || data[0] == '5'))
		memcpy(rp->error, rp->last, n + 1);
	return 0;
}

void notify_smtp_send(const struct notify_conf *c, const struct notify_hook *hook,
		      const struct notify_msg *m, struct notify_result *r)
{
	char fname[256], faddr[256], taddr[256], mailfrom[260], rcpt[260];
	struct replies rp = {"", ""};
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *rcpts = NULL;
	struct reader rd = {NULL, 0, 0};
	struct buf msg;
	CURL *h = NULL;
	CURLcode rc;
	long code = 0;

	(void)hook;
	buf_init(&msg, BUF_MAX_DEFAULT);
	if (notify_mail_build(c->smtp_from, m, &msg, r))
		goto done;
	if (notify_mail_split_address(c->smtp_from, fname, sizeof(fname), faddr, sizeof(faddr)) ||
	    notify_mail_split_address(m->to, fname, sizeof(fname), taddr, sizeof(taddr))) {
		notify_result_set(r, NOTIFY_DEAD, "not a usable e-mail address");
		goto done;
	}
	snprintf(mailfrom, sizeof(mailfrom), "<%s>", faddr);
	snprintf(rcpt, sizeof(rcpt), "<%s>", taddr);
	rcpts = curl_slist_append(NULL, rcpt);
	h = curl_easy_init();
	if (!rcpts || !h) {
		notify_result_set(r, NOTIFY_RETRY, "curl: cannot start a transfer");
		goto done;
	}
	rd.data = buf_str(&msg);
	rd.len = msg.len;
	curl_easy_setopt(h, CURLOPT_URL, c->smtp_url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	/* smtp://: STARTTLS when the server offers it (a loopback test server
	 * does not), and required when a password would go to another host;
	 * smtps://: TLS from the start. */
	curl_easy_setopt(h, CURLOPT_USE_SSL,
			 (long)(c->smtp_need_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY));
	if (c->smtp_user)
		curl_easy_setopt(h, CURLOPT_USERNAME, c->smtp_user);
	if (c->smtp_password)
		curl_easy_setopt(h, CURLOPT_PASSWORD, c->smtp_password);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, mailfrom);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
	curl_easy_setopt(h, CURLOPT_READDATA, &rd);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)rd.len);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, c->connect_timeout);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, c->total_timeout);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_easy_setopt(h, CURLOPT_DEBUGDATA, &rp);
	curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_OK) {
		notify_result_set(r, NOTIFY_SENT, "%s", rp.last);
		goto done;
	}
	if (rc == CURLE_USE_SSL_FAILED) {
		notify_result_set(r, NOTIFY_DEAD,
				  "the SMTP server offers no STARTTLS: the password is not sent in "
				  "the clear (use smtps:// or a server with STARTTLS)");
		goto done;
	}
	/* A 5xx is the server's final word; a 4xx, a dropped connection, a
	 * time-out or a refused connection may pass. */
	if (code >= 500 && code < 600)
		notify_result_set(r, NOTIFY_DEAD, "%s", rp.error[0] ? rp.error : errbuf);
	else
		notify_result_set(r, NOTIFY_RETRY, "%s%s%s", rp.error, rp.error[0] ? " — " : "",
				  errbuf[0] ? errbuf : curl_easy_strerror(rc));
done:
	curl_slist_free_all(rcpts);
	if (h)
		curl_easy_cleanup(h);
	buf_release(&msg);
}
