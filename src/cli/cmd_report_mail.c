/* moshimo report --mail: one e-mail message on standard input (a mail
 * server's pipe alias) becomes an incident. From is the reporter (outside
 * the company's domains: 外部からの連絡), Subject the title, the text the
 * description; the message itself and every attachment are evidence with
 * their SHA-256; the sender gets the number and the do/don't back by mail
 * (the outbox). Exit codes are sysexits(3)'s, which a mail server reads:
 * 65 the message is wrong (bounced with the error), 75 try again later. */
#include "cli/report_mail.h"
#include "cli/workspace.h"
#include "engine/receipt.h"
#include "mail/mail.h"
#include "util/fs.h"
#include "util/strnum.h"
#include "util/utf8.h"

#include <getopt.h>
#include <sysexits.h>
#include <unistd.h>

/* Our exit codes as a mail server's pipe expects them (one table). */
static const struct {
	int ours, sysexit;
} exits[] = {
	{EXIT_OK, EX_OK},
	{EXIT_DATA, EX_DATAERR},
	{EXIT_USAGE, EX_USAGE},
	{EXIT_MACHINE, EX_TEMPFAIL},
};

static int sysexit(int rc)
{
	for (size_t i = 0; i < MO_ARRAY_SIZE(exits); i++)
		if (exits[i].ours == rc)
			return exits[i].sysexit;
	return EX_SOFTWARE;
}

/* "25M", "512K", "1048576" → bytes. */
static int parse_size(const char *s, size_t *out)
{
	char num[32];
	size_t n = strlen(s), mul = 1;
	long v;

	if (!n || n >= sizeof(num))
		return -1;
	memcpy(num, s, n + 1);
	if (num[n - 1] == 'M' || num[n - 1] == 'm')
		mul = 1024 * 1024;
	else if (num[n - 1] == 'K' || num[n - 1] == 'k')
		mul = 1024;
	if (mul != 1)
		num[n - 1] = '\0';
	if (str_to_long(num, 1, 1024L * 1024 * 1024 / (long)mul, &v))
		return -1;
	*out = (size_t)v * mul;
	return 0;
}

/* All of standard input, refusing more than max bytes (read no further). */
static int read_mail(size_t max, char **data, size_t *len, struct mo_err *e)
{
	struct buf b;
	char chunk[65536];
	size_t n;

	buf_init(&b, max + 1);
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
		if (b.len + n > max || buf_add(&b, chunk, n)) {
			buf_release(&b);
			return mo_err_set(
				e, "<stdin>", 0, 0,
				_("the message is too large (the limit is %zu MB); nothing "
				  "was filed"),
				max / (1024 * 1024) ? max / (1024 * 1024) : 1);
		}
	}
	if (ferror(stdin)) {
		buf_release(&b);
		mo_err_set(e, "<stdin>", 0, 0, _("cannot read: %s"), strerror(errno));
		return mo_err_code(e, MO_EIO);
	}
	*data = buf_detach(&b, len);
	if (!*data)
		return mo_err_oom(e, "<stdin>");
	return 0;
}

/* True when the sender's domain is the company's: organization.domains,
 * else the domains of the people's addresses in the policy. With neither,
 * every sender counts as the company's (nothing says otherwise). */
static bool internal_sender(const struct policy *p, const char *addr)
{
	bool known = false;

	for (size_t i = 0; i < p->org.domains.n; i++) {
		known = true;
		if (mail_domain_matches(addr, p->org.domains.v[i]))
			return true;
	}
	if (known)
		return false;
	for (size_t i = 0; i < p->n_people; i++) {
		const char *m = p->people[i].email;

		if (!m || policy_is_placeholder(m) || !mail_addr_domain(m))
			continue;
		known = true;
		if (mail_domain_matches(addr, mail_addr_domain(m)))
			return true;
	}
	return !known;
}

static bool has_sign(const struct policy *p, const char *id)
{
	for (size_t i = 0; i < p->n_signs; i++)
		if (strcmp(p->signs[i].id, id) == 0)
			return true;
	return false;
}

/* s cut to at most max bytes at a character boundary (in place). */
static void cut_utf8(char *s, size_t max)
{
	size_t n = 0;

	while (s[n]) {
		size_t k = utf8_seq_len((const unsigned char *)s + n);

		if (!k || n + k > max)
			break;
		n += k;
	}
	s[n] = '\0';
}

#define TITLE_CUT 300
#define TEXT_CUT 60000

/* The report as the JSON engine_report_parse reads, so a mail passes the
 * same checks as any report. */
static json_t *report_json(const struct policy *p, struct mail_msg *m, bool external)
{
	const char *sign = external && has_sign(p, "external_contact") ? "external_contact"
			   : has_sign(p, "other")		       ? "other"
								       : NULL;
	json_t *j, *rep;
	char *desc = NULL;

	cut_utf8(m->subject, TITLE_CUT);
	cut_utf8(m->from_name, TITLE_CUT);
	if (strlen(m->text) > TEXT_CUT) {
		cut_utf8(m->text, TEXT_CUT);
		desc = malloc(strlen(m->text) + 128);
		if (desc)
			snprintf(desc, strlen(m->text) + 128, "%s\n%s", m->text,
				 "（以下省略。全文は証拠のメールにあります）");
	}
	rep = json_pack("{s:s,s:s,s:b}", "name", *m->from_name ? m->from_name : m->from_addr,
			"contact", m->from_addr, "external", external);
	j = json_pack("{s:s,s:s,s:o}", "title",
		      !engine_text_blank(m->subject) ? m->subject : "（件名なし）メールでの報告",
		      "description", desc ? desc : m->text, "reporter", rep);
	free(desc);
	if (!j)
		return NULL;
	if (sign)
		json_object_set_new(j, "sign", json_string(sign));
	else if (p->n_categories)
		json_object_set_new(j, "category",
				    json_string(policy_category(p, "other") ? "other"
									    : p->categories[0].id));
	return j;
}

struct mail_job {
	struct inc *inc;
	struct mail_msg *m;
	const char *dir; /* the files written from the message, 0.eml, 1, 2, … */
	int receipt;	 /* 1 when a receipt was queued */
};

static int file_it(struct engine *en, void *arg, struct mo_err *e)
{
	struct mail_job *j = arg;
	char path[4200], src[600], note[256];

	if (engine_create(en, j->inc, e))
		return -1;
	snprintf(src, sizeof(src), "mail:%s", j->m->from_addr);
	snprintf(note, sizeof(note), "%s", "報告のメール（ヘッダーを含む全体）");
	snprintf(path, sizeof(path), "%s/0.eml", j->dir);
	if (engine_evidence_add_as(en, j->inc->id, path, "message.eml", src, note, NULL, e))
		return -1;
	for (size_t i = 0; i < j->m->n_att; i++) {
		snprintf(path, sizeof(path), "%s/%zu", j->dir, i + 1);
		snprintf(note, sizeof(note), "メールの添付ファイル（%s）",
			 j->m->att[i].content_type);
		if (engine_evidence_add_as(en, j->inc->id, path, j->m->att[i].name, src, note, NULL,
					   e))
			return -1;
	}
	if (!j->m->automatic &&
	    engine_notify_receipt(en, j->inc, j->m->from_addr, j->m->from_name, &j->receipt, e))
		return -1;
	return 0;
}

/* The message and its attachments as files in dir (0700, files 0600). */
static int write_files(const char *dir, const char *data, size_t len, const struct mail_msg *m,
		       struct mo_err *e)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/0.eml", dir);
	if (fs_write_file(path, data, len, e))
		return -1;
	for (size_t i = 0; i < m->n_att; i++) {
		snprintf(path, sizeof(path), "%s/%zu", dir, i + 1);
		if (fs_write_file(path, m->att[i].data, m->att[i].len, e))
			return -1;
	}
	return 0;
}

static void remove_files(const char *dir, size_t n_att)
{
	char path[4200];

	for (size_t i = 0; i <= n_att; i++) {
		snprintf(path, sizeof(path), i ? "%s/%zu" : "%s/0.eml", dir, i);
		unlink(path);
	}
	rmdir(dir);
}

int cli_report_mail(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"mail", no_argument, NULL, 'm'},
		{"max-size", required_argument, NULL, 'S'},
		{"json", no_argument, NULL, 'j'},
		{"as", required_argument, NULL, 'A'},
		{NULL, 0, NULL, 0},
	};
	size_t max = MAIL_MAX_DEFAULT, len = 0;
	const char *as = NULL;
	bool json = false;
	struct cli_ws ws;
	struct mail_msg m;
	struct mail_job job = {0};
	struct inc inc;
	struct mo_err e;
	char *data = NULL, uploads[4096], dir[4200] = "";
	json_t *rj = NULL;
	int c, rc;

	memset(&m, 0, sizeof(m));
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'm')
			continue;
		if (c == 'S' && parse_size(optarg, &max) == 0)
			continue;
		if (c == 'S')
			return sysexit(cli_usage_error(ctx,
						       _("--max-size: not a size (25M, 512K, "
							 "or bytes): \"%s\""),
						       optarg));
		if (c == 'j')
			json = true;
		else if (c == 'A')
			as = optarg;
		else
			return sysexit(cli_bad_option(ctx, argc, argv));
	}
	if (optind < argc)
		return sysexit(cli_usage_error(ctx, _("too many arguments")));
	mo_err_clear(&e);
	inc_init(&inc);
	/* The message first: a wrong one is refused before anything opens. */
	if (read_mail(max, &data, &len, &e) || mail_parse(data, len, "<stdin>", &m, &e)) {
		rc = cli_fail(&e);
		goto out;
	}
	rc = cli_ws_open(ctx, &ws, WS_WRITE, as && *as ? as : "mail");
	if (rc)
		goto out;
	rj = report_json(ws.p, &m, !internal_sender(ws.p, m.from_addr));
	if (!rj) {
		mo_err_oom(&e, NULL);
		rc = cli_fail(&e);
		goto done;
	}
	{
		char *text = json_dumps(rj, JSON_COMPACT);

		inc_release(&inc);
		rc = text ? engine_report_parse(ws.p, text, strlen(text), "<stdin>", ws.en.now,
						&inc, &e)
			  : mo_err_oom(&e, NULL);
		free(text);
		if (rc) {
			rc = cli_fail(&e);
			goto done;
		}
	}
	if (cli_data_path(ctx, "uploads", uploads, sizeof(uploads)) || fs_mkdirs(uploads, &e) ||
	    snprintf(dir, sizeof(dir), "%s/mail-XXXXXX", uploads) >= (int)sizeof(dir) ||
	    !mkdtemp(dir)) {
		if (!e.code) {
			mo_err_set(&e, uploads, 0, 0, _("cannot create a folder: %s"),
				   strerror(errno));
			mo_err_code(&e, MO_EIO);
		}
		dir[0] = '\0';
		rc = cli_fail(&e);
		goto done;
	}
	if (write_files(dir, data, len, &m, &e)) {
		mo_err_code(&e, MO_EIO);
		rc = cli_fail(&e);
		goto done;
	}
	job.inc = &inc;
	job.m = &m;
	job.dir = dir;
	if (engine_tx(&ws.en, file_it, &job, &e)) {
		rc = cli_fail(&e);
		goto done;
	}
	{
		char ref[32];

		engine_ref(inc.id, ref, sizeof(ref));
		if (json) {
			json_t *o =
				json_pack("{s:s,s:I,s:i,s:b,s:i,s:b,s:b}", "ref", ref, "id",
					  (json_int_t)inc.id, "level", inc.level, "external",
					  inc.reporter_external == 1, "evidence", (int)m.n_att + 1,
					  "receipt", job.receipt == 1, "automatic", m.automatic);

			rc = cli_print_json(o);
		} else {
			printf(_("Reported %s by mail from %s: %s\n"), ref, m.from_addr, inc.title);
			printf(_("Evidence: the message and %zu attachment(s), with SHA-256\n"),
			       m.n_att);
			if (inc.reporter_external == 1)
				printf("%s\n", _("From outside the company's domains: filed as an "
						 "external contact"));
			printf("%s\n",
			       job.receipt ? _("A receipt is queued for the sender")
			       : m.automatic
				       ? _("No receipt: the message was sent by a machine")
				       : _("No receipt: e-mail is not configured (notify.yaml)"));
			rc = EXIT_OK;
		}
	}
done:
	if (dir[0])
		remove_files(dir, m.n_att);
	cli_ws_close(&ws);
out:
	json_decref(rj);
	free(data);
	mail_msg_release(&m);
	inc_release(&inc);
	return sysexit(rc);
}
