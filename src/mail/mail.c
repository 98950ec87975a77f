/* One e-mail message into a report's parts (mail.h), with GMime 3: the
 * parser is told to complain, and what it calls broken is refused with the
 * line it is on; texts are converted to UTF-8 by the part's charset, else
 * by trying the Japanese ones in turn. */
#include <gmime/gmime.h>

#include "mail/mail.h"
#include "util/err.h"
#include "util/utf8.h"

#include <pthread.h>

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init(void)
{
	g_mime_init();
}

/* What the parser found first that makes the message unusable. */
struct issues {
	gint64 offset;
	GMimeParserWarning code;
	bool bad;
};

static bool fatal(GMimeParserWarning code)
{
	switch (code) {
	case GMIME_WARN_MALFORMED_MULTIPART:
	case GMIME_WARN_TRUNCATED_MESSAGE:
	case GMIME_WARN_MALFORMED_MESSAGE:
	case GMIME_WARN_PART_WITHOUT_CONTENT:
	case GMIME_CRIT_INVALID_HEADER_NAME:
	case GMIME_CRIT_CONFLICTING_HEADER:
	case GMIME_CRIT_CONFLICTING_PARAMETER:
	case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
	case GMIME_CRIT_NESTING_OVERFLOW:
	case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
		return true;
	default:
		return false;
	}
}

static const struct {
	GMimeParserWarning code;
	const char *what; /* N_() */
} issue_words[] = {
	{GMIME_WARN_MALFORMED_MULTIPART, N_("a multipart part has no parts")},
	{GMIME_WARN_TRUNCATED_MESSAGE, N_("the message is cut short (a MIME boundary never ends)")},
	{GMIME_WARN_MALFORMED_MESSAGE, N_("the message structure is broken")},
	{GMIME_WARN_PART_WITHOUT_CONTENT, N_("a MIME part ends before its content")},
	{GMIME_CRIT_INVALID_HEADER_NAME, N_("a header has an invalid name")},
	{GMIME_CRIT_CONFLICTING_HEADER, N_("a header is given twice with different values")},
	{GMIME_CRIT_CONFLICTING_PARAMETER, N_("a header parameter is given twice")},
	{GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY, N_("a multipart part has no boundary")},
	{GMIME_CRIT_NESTING_OVERFLOW, N_("the MIME parts are nested too deep")},
	{GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT,
	 N_("a MIME part has neither headers nor content")},
};

static void on_warning(gint64 offset, GMimeParserWarning code, const gchar *item, gpointer data)
{
	struct issues *is = data;

	(void)item;
	if (is->bad || !fatal(code))
		return;
	is->bad = true;
	is->code = code;
	is->offset = offset;
}

/* 1-based line of byte offset in data. */
static int line_of(const char *data, size_t len, gint64 offset)
{
	int line = 1;

	if (offset < 0)
		return 0;
	for (size_t i = 0; i < len && (gint64)i < offset; i++)
		if (data[i] == '\n')
			line++;
	return line;
}

/* s without control characters (except \n and \t when multiline; CR
 * dropped), invalid UTF-8 already excluded. A new g_malloc'd string. */
static char *clean(const char *s, bool multiline)
{
	size_t n = strlen(s);
	char *out = g_malloc(n + 1), *o = out;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\r')
			continue;
		if ((*p == '\n' || *p == '\t') && multiline) {
			*o++ = (char)*p;
			continue;
		}
		if (*p < 0x20 || *p == 0x7f) {
			if (!multiline && (*p == '\n' || *p == '\t') && o > out && o[-1] != ' ')
				*o++ = ' ';
			continue;
		}
		*o++ = (char)*p;
	}
	*o = '\0';
	return out;
}

static bool valid_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	if (memchr(s, '\0', len))
		return false;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_seq_len(p + i);

		if (!n)
			return false;
		i += n;
	}
	return true;
}

/* The iconv name for a charset label that mail uses: Shift_JIS as mailers
 * write it is Windows' CP932 (with ①, ㈱ and the NEC rows). */
static const char *charset_name(const char *cs)
{
	static const char *const sjis[] = {"shift_jis",	  "shift-jis", "sjis",	   "x-sjis",
					   "windows-31j", "cp932",     "ms_kanji", "ms932"};

	for (size_t i = 0; cs && i < MO_ARRAY_SIZE(sjis); i++)
		if (g_ascii_strcasecmp(cs, sjis[i]) == 0)
			return "CP932";
	return cs;
}

/* bytes in charset (may be NULL: unknown) as a new g_malloc'd UTF-8
 * string; NULL when no charset reads them. */
static char *to_utf8(const char *bytes, size_t len, const char *charset)
{
	static const char *const guesses[] = {"UTF-8", "ISO-2022-JP", "CP932", "EUC-JP"};
	const char *cs = charset_name(charset);

	if (!len)
		return g_strdup("");
	if (cs && g_ascii_strcasecmp(cs, "us-ascii") != 0 && g_ascii_strcasecmp(cs, "utf-8") != 0) {
		gsize out_len = 0;
		char *u = g_convert(bytes, (gssize)len, "UTF-8", cs, NULL, &out_len, NULL);

		if (u && valid_utf8(u, out_len))
			return u;
		g_free(u);
	}
	for (size_t i = 0; i < MO_ARRAY_SIZE(guesses); i++) {
		gsize out_len = 0;
		char *u;

		if (i == 0) {
			/* ISO-2022-JP is 7-bit: plain ASCII with its escapes
			 * would pass as UTF-8 with ESC characters in it. */
			if (valid_utf8(bytes, len) && !memchr(bytes, 0x1b, len))
				return g_strndup(bytes, len);
			continue;
		}
		u = g_convert(bytes, (gssize)len, "UTF-8", guesses[i], NULL, &out_len, NULL);
		if (u && valid_utf8(u, out_len))
			return u;
		g_free(u);
	}
	return NULL;
}

/* A header value GMime decoded (RFC 2047, or raw 8-bit by the fallback
 * charsets); raw ISO-2022-JP escapes left in it are converted too. */
static char *header_text(const char *v)
{
	char *u;

	if (!v)
		return g_strdup("");
	u = strchr(v, 0x1b) ? to_utf8(v, strlen(v), "ISO-2022-JP") : NULL;
	if (!u)
		u = valid_utf8(v, strlen(v)) ? g_strdup(v) : to_utf8(v, strlen(v), NULL);
	if (!u)
		return g_strdup("");
	{
		char *c = clean(u, false);

		g_free(u);
		return g_strstrip(c);
	}
}

/* A raw header value decoded one encoded-word at a time: GMime joins
 * adjacent words of one charset before decoding them, and a base64 word
 * ending in padding (as Python and many mailers fold long Japanese
 * subjects) then loses everything after it. Space between two encoded
 * words is dropped (RFC 2047 6.2); other text is decoded as it is. */
static char *decode_raw(GMimeParserOptions *opts, const char *raw)
{
	GString *out = g_string_new(NULL);
	char *unfolded = g_strdup(raw), *o = unfolded;
	const char *p;
	bool prev_word = false;

	for (p = raw; *p; p++)
		if (*p != '\r' && *p != '\n')
			*o++ = *p;
	*o = '\0';
	p = unfolded;
	while (*p) {
		const char *start = strstr(p, "=?"), *end = NULL;

		if (start) {
			/* =?charset?e?text?= : the end is the "?=" after two more '?' */
			const char *q1 = strchr(start + 2, '?');
			const char *q2 = q1 ? strchr(q1 + 1, '?') : NULL;

			end = q2 ? strstr(q2 + 1, "?=") : NULL;
		}
		if (!start || !end) {
			char *d = g_mime_utils_header_decode_text(opts, p);

			g_string_append(out, d);
			g_free(d);
			break;
		}
		if (start > p) {
			bool blank = true;

			for (const char *c = p; c < start; c++)
				blank = blank && (*c == ' ' || *c == '\t');
			if (!(blank && prev_word)) {
				char *t = g_strndup(p, (gsize)(start - p));
				char *d = g_mime_utils_header_decode_text(opts, t);

				g_string_append(out, d);
				g_free(d);
				g_free(t);
			}
		}
		{
			char *t = g_strndup(start, (gsize)(end + 2 - start));
			char *d = g_mime_utils_header_decode_text(opts, t);

			g_string_append(out, d);
			g_free(d);
			g_free(t);
		}
		prev_word = true;
		p = end + 2;
	}
	g_free(unfolded);
	return g_string_free(out, FALSE);
}

static char *dup_std(const char *s)
{
	char *d = strdup(s ? s : "");

	return d;
}

struct walk {
	const char *data;
	size_t len;
	const char *name;
	struct mail_msg *m;
	struct mo_err *e;
	char *plain; /* g_malloc'd */
	char *html;  /* g_malloc'd: used only when no plain text */
	bool failed;
};

static GByteArray *part_bytes(GMimePart *part)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	GMimeStream *s;
	GByteArray *ba = NULL;

	if (!w)
		return g_byte_array_new();
	s = g_mime_stream_mem_new();
	if (g_mime_data_wrapper_write_to_stream(w, s) >= 0) {
		ba = g_byte_array_new();
		g_byte_array_append(ba, g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s))->data,
				    g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s))->len);
	}
	g_object_unref(s);
	return ba;
}

static int add_attachment(struct walk *w, const char *name, const char *type,
			  const unsigned char *data, size_t len)
{
	struct mail_msg *m = w->m;
	struct mail_attachment *a;

	if (m->n_att >= MAIL_ATTACHMENTS_MAX) {
		mo_err_set(w->e, w->name, 0, 0, _("too many attachments (the limit is %d)"),
			   MAIL_ATTACHMENTS_MAX);
		return -1;
	}
	a = realloc(m->att, (m->n_att + 1) * sizeof(*a));
	if (!a)
		return mo_err_oom(w->e, w->name);
	m->att = a;
	a = &m->att[m->n_att];
	memset(a, 0, sizeof(*a));
	a->data = malloc(len ? len : 1);
	if (name && *name) {
		char *h = header_text(name);

		a->name = dup_std(*h ? h : NULL);
		g_free(h);
	}
	if (!a->name || !*a->name) {
		char made[64];

		free(a->name);
		snprintf(made, sizeof(made), "attachment-%zu.bin", m->n_att + 1);
		a->name = dup_std(made);
	}
	a->content_type = dup_std(type);
	if (!a->data || !a->name || !a->content_type) {
		free(a->data);
		free(a->name);
		free(a->content_type);
		return mo_err_oom(w->e, w->name);
	}
	if (len)
		memcpy(a->data, data, len);
	a->len = len;
	m->n_att++;
	return 0;
}

/* The text of a text part, or NULL (w->e set) when its bytes cannot be read. */
static char *part_text(struct walk *w, GMimePart *part, GByteArray *ba)
{
	const char *cs = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
	char *u = to_utf8((const char *)ba->data, ba->len, cs);

	if (!u)
		mo_err_set(w->e, w->name, 0, 0,
			   _("the text cannot be read in its character set \"%s\""),
			   cs ? cs : "(none)");
	return u;
}

/* The text of HTML without its markup: tags dropped, a few entities, a
 * line per block. Enough to read a report written in HTML only. */
static char *html_to_text(const char *h)
{
	static const struct {
		const char *ent, *ch;
	} ents[] = {{"&amp;", "&"},
		    {"&lt;", "<"},
		    {"&gt;", ">"},
		    {"&quot;", "\""},
		    {"&nbsp;", " "}};
	GString *s = g_string_new(NULL);
	bool in_tag = false;

	for (const char *p = h; *p; p++) {
		if (in_tag) {
			if (*p == '>')
				in_tag = false;
			continue;
		}
		if (*p == '<') {
			in_tag = true;
			if (!g_ascii_strncasecmp(p, "<br", 3) ||
			    !g_ascii_strncasecmp(p, "</p", 3) ||
			    !g_ascii_strncasecmp(p, "</div", 5))
				g_string_append_c(s, '\n');
			continue;
		}
		if (*p == '&') {
			bool done = false;

			for (size_t i = 0; i < MO_ARRAY_SIZE(ents) && !done; i++)
				if (!strncmp(p, ents[i].ent, strlen(ents[i].ent))) {
					g_string_append(s, ents[i].ch);
					p += strlen(ents[i].ent) - 1;
					done = true;
				}
			if (done)
				continue;
		}
		g_string_append_c(s, *p);
	}
	return g_string_free(s, FALSE);
}

static void walk(struct walk *w, GMimeObject *o);

static void walk_part(struct walk *w, GMimePart *part)
{
	GMimeContentType *ct = g_mime_object_get_content_type(GMIME_OBJECT(part));
	const char *filename = g_mime_part_get_filename(part);
	bool text = ct && g_mime_content_type_is_type(ct, "text", "*");
	bool plain = text && g_mime_content_type_is_type(ct, "text", "plain");
	bool html = text && g_mime_content_type_is_type(ct, "text", "html");
	bool attachment =
		g_mime_part_is_attachment(part) || (filename && *filename) || !(plain || html);
	char *type =
		ct ? g_mime_content_type_get_mime_type(ct) : g_strdup("application/octet-stream");
	GByteArray *ba = part_bytes(part);

	if (!ba) {
		mo_err_set(w->e, w->name, 0, 0, "%s", _("a MIME part cannot be decoded"));
		w->failed = true;
		goto done;
	}
	if (!attachment && (plain || (html && !w->html))) {
		char *u = part_text(w, part, ba);

		if (!u) {
			w->failed = true;
			goto done;
		}
		if (plain && !w->plain) {
			w->plain = u;
		} else if (plain) {
			char *j = g_strconcat(w->plain, "\n\n", u, NULL);

			g_free(w->plain);
			g_free(u);
			w->plain = j;
		} else {
			w->html = html_to_text(u);
			g_free(u);
		}
		goto done;
	}
	if (add_attachment(w, filename, type, ba->data, ba->len))
		w->failed = true;
done:
	if (ba)
		g_byte_array_free(ba, TRUE);
	g_free(type);
}

/* A message attached (a forwarded suspicious mail): kept whole as .eml. */
static void walk_message_part(struct walk *w, GMimeMessagePart *mp)
{
	GMimeMessage *inner = g_mime_message_part_get_message(mp);
	GMimeStream *s;
	GByteArray *ba;
	char *subj, *name;

	if (!inner)
		return;
	s = g_mime_stream_mem_new();
	if (g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, s) < 0) {
		g_object_unref(s);
		mo_err_set(w->e, w->name, 0, 0, "%s", _("an attached message cannot be read"));
		w->failed = true;
		return;
	}
	ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s));
	subj = header_text(g_mime_message_get_subject(inner));
	name = g_strdup_printf("%s.eml", *subj ? subj : "message");
	/* a subject may hold a slash; the evidence keeps a safe file name anyway */
	g_strdelimit(name, "/\\", '_');
	if (add_attachment(w, name, "message/rfc822", ba->data, ba->len))
		w->failed = true;
	g_free(name);
	g_free(subj);
	g_object_unref(s);
}

static void walk(struct walk *w, GMimeObject *o)
{
	if (w->failed || !o)
		return;
	if (GMIME_IS_MESSAGE_PART(o)) {
		walk_message_part(w, GMIME_MESSAGE_PART(o));
	} else if (GMIME_IS_MULTIPART(o)) {
		int n = g_mime_multipart_get_count(GMIME_MULTIPART(o));

		for (int i = 0; i < n && !w->failed; i++)
			walk(w, g_mime_multipart_get_part(GMIME_MULTIPART(o), i));
	} else if (GMIME_IS_PART(o)) {
		walk_part(w, GMIME_PART(o));
	}
}

static bool is_automatic(GMimeMessage *msg, const char *from)
{
	const char *as = g_mime_object_get_header(GMIME_OBJECT(msg), "Auto-Submitted");
	const char *prec = g_mime_object_get_header(GMIME_OBJECT(msg), "Precedence");
	const char *rp = g_mime_object_get_header(GMIME_OBJECT(msg), "Return-Path");

	while (as && (*as == ' ' || *as == '\t'))
		as++;
	if (as && *as && g_ascii_strncasecmp(as, "no", 2) != 0)
		return true;
	if (prec && (strstr(prec, "bulk") || strstr(prec, "junk") || strstr(prec, "list")))
		return true;
	if (rp && strstr(rp, "<>"))
		return true;
	if (from && (!g_ascii_strncasecmp(from, "mailer-daemon@", 14) ||
		     !g_ascii_strncasecmp(from, "postmaster@", 11)))
		return true;
	return false;
}

const char *mail_addr_domain(const char *addr)
{
	const char *at = addr ? strrchr(addr, '@') : NULL;

	return at && at[1] ? at + 1 : NULL;
}

bool mail_domain_matches(const char *addr, const char *domain)
{
	const char *d = mail_addr_domain(addr);
	size_t dl, nl;

	if (!d || !domain || !*domain)
		return false;
	if (*domain == '@' || *domain == '.')
		domain++;
	dl = strlen(d);
	nl = strlen(domain);
	if (dl == nl)
		return g_ascii_strcasecmp(d, domain) == 0;
	return dl > nl && d[dl - nl - 1] == '.' && g_ascii_strcasecmp(d + dl - nl, domain) == 0;
}

static int take_from(struct walk *w, GMimeMessage *msg)
{
	InternetAddressList *l = g_mime_message_get_from(msg);

	for (int i = 0; l && i < internet_address_list_length(l); i++) {
		InternetAddress *ia = internet_address_list_get_address(l, i);
		const char *addr;
		char *name;

		if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
			continue;
		addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
		if (!addr || !strchr(addr, '@') || strlen(addr) > 320 ||
		    !valid_utf8(addr, strlen(addr)) || strpbrk(addr, " \t\r\n<>\"\\,;"))
			continue;
		name = header_text(internet_address_get_name(ia));
		w->m->from_addr = dup_std(addr);
		w->m->from_name = dup_std(name);
		g_free(name);
		if (!w->m->from_addr || !w->m->from_name)
			return mo_err_oom(w->e, w->name);
		return 0;
	}
	return mo_err_set(w->e, w->name, 0, 0, "%s", _("the message has no sender address (From)"));
}

int mail_parse(const char *data, size_t len, const char *name, struct mail_msg *m, struct mo_err *e)
{
	static const char *fallback[] = {"UTF-8", "CP932", "EUC-JP", NULL};
	struct walk w = {data, len, name ? name : "<stdin>", m, e, NULL, NULL, false};
	struct issues is = {0, 0, false};
	GMimeParserOptions *opts = NULL;
	GMimeStream *stream = NULL;
	GMimeParser *parser = NULL;
	GMimeMessage *msg = NULL;
	const char *body;
	int rc = -1;

	memset(m, 0, sizeof(*m));
	pthread_once(&init_once, init);
	/* Postfix's pipe with flag F, or an mbox file, starts with "From ". */
	if (len > 5 && !memcmp(data, "From ", 5)) {
		const char *nl = memchr(data, '\n', len);

		if (nl) {
			len -= (size_t)(nl + 1 - data);
			data = nl + 1;
		}
	}
	if (!len || !memchr(data, ':', len > 1000 ? 1000 : len))
		return mo_err_set(e, w.name, 1, 0, "%s",
				  _("this is not an e-mail message (no header lines)"));
	opts = g_mime_parser_options_new();
	g_mime_parser_options_set_fallback_charsets(opts, fallback);
	g_mime_parser_options_set_warning_callback(opts, on_warning, &is);
	stream = g_mime_stream_mem_new_with_buffer(data, len);
	parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	msg = g_mime_parser_construct_message(parser, opts);
	if (is.bad) {
		const char *what = "?";

		for (size_t i = 0; i < MO_ARRAY_SIZE(issue_words); i++)
			if (issue_words[i].code == is.code)
				what = _(issue_words[i].what);
		mo_err_set(e, w.name, line_of(data, len, is.offset), 0,
			   _("broken MIME structure: %s"), what);
		goto done;
	}
	if (!msg) {
		mo_err_set(e, w.name, 0, 0, "%s", _("this is not an e-mail message"));
		goto done;
	}
	if (take_from(&w, msg))
		goto done;
	{
		GMimeHeader *h = g_mime_header_list_get_header(g_mime_object_get_header_list(
								       GMIME_OBJECT(msg)),
							       "Subject");
		const char *raw = h ? g_mime_header_get_raw_value(h) : NULL;
		char *d = raw ? decode_raw(opts, raw) : NULL;
		char *s = header_text(d ? d : g_mime_message_get_subject(msg));

		m->subject = dup_std(s);
		g_free(s);
		g_free(d);
	}
	if (g_mime_message_get_message_id(msg))
		m->message_id = dup_std(g_mime_message_get_message_id(msg));
	m->automatic = is_automatic(msg, m->from_addr);
	walk(&w, g_mime_message_get_mime_part(msg));
	if (w.failed)
		goto done;
	body = w.plain ? w.plain : w.html ? w.html : "";
	{
		char *c = clean(body, true);

		m->text = dup_std(c);
		g_free(c);
	}
	if (!m->subject || !m->text || (g_mime_message_get_message_id(msg) && !m->message_id)) {
		mo_err_oom(e, w.name);
		goto done;
	}
	rc = 0;
done:
	g_free(w.plain);
	g_free(w.html);
	if (msg)
		g_object_unref(msg);
	if (parser)
		g_object_unref(parser);
	if (stream)
		g_object_unref(stream);
	if (opts)
		g_mime_parser_options_free(opts);
	return rc;
}

void mail_msg_release(struct mail_msg *m)
{
	if (!m)
		return;
	free(m->from_addr);
	free(m->from_name);
	free(m->subject);
	free(m->text);
	free(m->message_id);
	for (size_t i = 0; i < m->n_att; i++) {
		free(m->att[i].name);
		free(m->att[i].content_type);
		free(m->att[i].data);
	}
	free(m->att);
	memset(m, 0, sizeof(*m));
}
