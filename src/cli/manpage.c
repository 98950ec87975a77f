/* moshimo(1): the manual page, written as roff from the command table
 * (commands.c), so `man moshimo` and `moshimo help` cannot drift apart.
 * `moshimo help --man` prints it; the build writes it to build/moshimo.1.
 * English (the msgids), with a Japanese NAME line: man pages are read by
 * administrators and vendors, and one page is one source of truth. */
#include "cli/cli.h"
#include "util/buf.h"

#ifndef MOSHIMO_VERSION
#define MOSHIMO_VERSION "0.0.0"
#endif

struct man_item {
	const char *tag;
	const char *text;
};

/* DESIGN.md "Command line": the exit codes. */
static const struct man_item exit_codes[] = {
	{"0", "Success."},
	{"1", "The input or the data is wrong: a finding, a bad report, a damaged "
	      "archive, a broken audit chain. The message says what and where "
	      "(file:line:col: error: message)."},
	{"2", "Usage: an unknown command or option, a missing argument."},
	{"3", "Reserved by the design for a failure of the machine (disk, database "
	      "busy); this version reports those with 1."},
};

static const struct man_item environment[] = {
	{"MOSHIMO_DATA", "The data folder when --data is not given (else ./moshimo-data)."},
	{"MOSHIMO_USER", "Who is acting, when --as is not given (else USER). The name "
			 "is shown in the timeline; the audit chain also records the "
			 "operating system account."},
	{"USER", "Who is acting, when neither --as nor MOSHIMO_USER is given."},
	{"MOSHIMO_FONT", "The font family of the PDF documents (default Noto Sans CJK JP, "
			 "from the fonts-noto-cjk package)."},
	{"LANG, LC_ALL, LC_MESSAGES, LANGUAGE", "The language of the messages: Japanese "
						"under a ja_JP locale, else English."},
	{"MOSHIMO_LOCALEDIR", "Where the message catalogs are, instead of the installed ones."},
	{"MOSHIMO_NOTIFY_RATE", "Overrides the per-destination sending rate of the "
				"notifications (see the notify documentation)."},
	{"MOSHIMO_NOW, MOSHIMO_TODAY", "A fixed clock, for tests only."},
};

static const struct man_item files[] = {
	{"DATA/policy.yaml", "The response manual (moshimo init writes the built-in one)."},
	{"DATA/moshimo.db", "The incidents, users, tokens, outbox and audit chain (SQLite, WAL)."},
	{"DATA/audit.key", "The key of the audit chain (0600). Not in a backup unless "
			   "backup --with-key; keep a copy apart from the backups."},
	{"DATA/evidence/", "The kept evidence files (0600)."},
	{"DATA/uploads/", "Evidence uploads in progress."},
	{"DATA/notify.yaml", "SMTP and webhook settings and their secrets (0600); not in "
			     "a backup."},
	{"/var/lib/moshimo", "The data folder of the Debian package's service."},
	{"/etc/default/moshimo", "The service's listen address, public URL and backup "
				 "settings (Debian package)."},
	{"/var/backups/moshimo/", "The nightly backups of moshimo-backup.timer."},
	{"/lib/systemd/system/moshimo.service", "The service; moshimo-backup.service and "
						"moshimo-backup.timer make the backups."},
};

/* Writes s as roff text: backslashes, hyphens and quotes escaped, and a
 * leading period or apostrophe made harmless. */
static void man_text(FILE *out, const char *s, size_t len)
{
	if (len && (s[0] == '.' || s[0] == '\''))
		fputs("\\&", out);
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '\\':
			fputs("\\e", out);
			break;
		case '-':
			fputs("\\-", out);
			break;
		case '\'':
			fputs("\\(aq", out);
			break;
		case '`':
			fputs("\\(ga", out);
			break;
		default:
			fputc(s[i], out);
		}
	}
}

static void man_line(FILE *out, const char *s)
{
	man_text(out, s, strlen(s));
	fputc('\n', out);
}

static size_t leading_spaces(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && s[n] == ' ')
		n++;
	return n;
}

/* One option line "  --tag ARG    text": the tag ends at two spaces. */
static void man_option(FILE *out, const char *s, size_t len)
{
	size_t tag_end = 0;

	while (tag_end + 1 < len && !(s[tag_end] == ' ' && s[tag_end + 1] == ' '))
		tag_end++;
	if (tag_end + 1 >= len)
		tag_end = len;
	fputs(".TP\n\\fB", out);
	man_text(out, s, tag_end);
	fputs("\\fR\n", out);
	if (tag_end < len) {
		size_t sp = tag_end + leading_spaces(s + tag_end, len - tag_end);

		man_text(out, s + sp, len - sp);
		fputc('\n', out);
	}
}

/* A command's usage text: the synopsis lines ("usage: ..." and the lines
 * indented under it), paragraphs, option lists ("  -x ..." with deeper
 * indented continuations) and indented examples. */
static void man_usage(FILE *out, const char *usage)
{
	enum {
		SYNOPSIS,
		TEXT,
		OPTION
	} state = SYNOPSIS;
	bool para = false;
	const char *p = usage;

	fputs(".nf\n", out);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		size_t sp = leading_spaces(p, len);

		if (state == SYNOPSIS) {
			if (len == 0) {
				fputs(".fi\n", out);
				state = TEXT;
				para = true;
			} else {
				size_t skip = strncmp(p, "usage: ", 7) == 0 ? 7 : sp;

				fputs("\\fB", out);
				man_text(out, p + skip, len - skip);
				fputs("\\fR\n", out);
			}
		} else if (len == 0) {
			para = true;
		} else if (sp == 2 && p[2] == '-') {
			man_option(out, p + 2, len - 2);
			state = OPTION;
			para = false;
		} else if (state == OPTION && sp > 2) {
			man_text(out, p + sp, len - sp);
			fputc('\n', out);
		} else {
			if (para || state == OPTION)
				fputs(".PP\n", out);
			para = false;
			state = TEXT;
			if (sp > 0) {
				fputs(".RS 4\n.nf\n", out);
				man_text(out, p + sp, len - sp);
				fputs("\n.fi\n.RE\n", out);
			} else {
				man_text(out, p, len);
				fputc('\n', out);
			}
		}
		p += len + (nl != NULL);
	}
	if (state == SYNOPSIS)
		fputs(".fi\n", out);
}

static void man_items(FILE *out, const struct man_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fputs(".TP\n\\fB", out);
		man_text(out, items[i].tag, strlen(items[i].tag));
		fputs("\\fR\n", out);
		man_line(out, items[i].text);
	}
}

void cli_print_man(FILE *out)
{
	fputs(".\\\" -*- coding: UTF-8 -*-\n"
	      ".\\\" Generated by `moshimo help --man` from src/cli/commands.c: do not edit.\n",
	      out);
	fprintf(out, ".TH MOSHIMO 1 \"\" \"moshimo %s\" \"User Commands\"\n", MOSHIMO_VERSION);
	fputs(".nh\n.ad l\n", out);
	fputs(".SH NAME\n"
	      "moshimo \\- an incident response manual that runs"
	      " (インシデント対応マニュアルを動く仕組みに)\n",
	      out);
	fputs(".SH SYNOPSIS\n.nf\n"
	      "\\fBmoshimo\\fR \\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fB\\-\\-data\\fR \\fIDIR\\fR]\n"
	      "\\fBmoshimo help\\fR [\\fICOMMAND\\fR]\n"
	      "\\fBmoshimo\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR\n"
	      "\\fBmoshimo \\-\\-version\\fR\n.fi\n",
	      out);
	fputs(".SH DESCRIPTION\n", out);
	man_line(out, "moshimo turns a small company's security incident response manual "
		      "(a policy.yaml after the IPA template) into a working system: it "
		      "prints the manual and the emergency card, takes incident reports on "
		      "the command line, the web app and the JSON API, triages them, turns "
		      "the playbook into a checklist with deadlines, notifies and escalates "
		      "through e-mail and chat, keeps evidence and an audit chain, and "
		      "writes the incident report.");
	fputs(".PP\n", out);
	man_line(out, "Every command works on one data folder (see FILES). Messages are in "
		      "Japanese under a Japanese locale, else in English.");
	fputs(".SH COMMANDS\n", out);
	for (size_t i = 0; i < cli_commands_count; i++) {
		struct buf b;
		const struct cli_command *c = &cli_commands[i];

		fputs(".SS ", out);
		man_line(out, c->name);
		man_line(out, c->summary);
		fputs(".PP\n", out);
		/* with the shared options' lines, as --help prints it */
		buf_init(&b, 0);
		man_usage(out, cli_usage_text(c, false, &b) == 0 ? buf_str(&b) : c->usage);
		buf_release(&b);
	}
	fputs(".SH COMMON OPTIONS\n", out);
	man_line(out, "Every command takes these, before or after its own arguments:");
	man_option(
		out, "--data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)",
		strlen("--data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)"));
	man_option(out, "--help, -h    the command's help",
		   strlen("--help, -h    the command's help"));
	fputs(".SH EXIT STATUS\n", out);
	man_items(out, exit_codes, MO_ARRAY_SIZE(exit_codes));
	fputs(".SH ENVIRONMENT\n", out);
	man_items(out, environment, MO_ARRAY_SIZE(environment));
	fputs(".SH FILES\n", out);
	man_line(out, "DATA is the data folder (--data, else $MOSHIMO_DATA).");
	man_items(out, files, MO_ARRAY_SIZE(files));
	fputs(".SH SEE ALSO\n", out);
	fputs("\\fBsystemctl\\fR(1), \\fBjournalctl\\fR(1), \\fBnginx\\fR(8);\n", out);
	man_line(out, "/usr/share/doc/moshimo/README.md (installation, first login, backups, "
		      "restore, upgrade, moving to another server), policy-format.md and "
		      "notify-format.md there.");
}
