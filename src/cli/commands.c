/* The table of subcommands and the dispatcher: `--help` and `--data` are
 * handled here once, so no command can forget them (after git's git.c). */
#include "cli/cli.h"
#include "util/err.h"
#include "util/fs.h"

#include <getopt.h>

#ifndef MOSHIMO_VERSION
#define MOSHIMO_VERSION "0.0.0"
#endif

const struct cli_command cli_commands[] = {
	{"init", cmd_init, 0, N_("Write the built-in manual (the IPA template) to DIR/policy.yaml"),
	 N_("usage: moshimo init [DIR] [--force] [--data DIR]\n"
	    "\n"
	    "Writes the built-in response manual to DIR/policy.yaml (DIR defaults to the\n"
	    "data folder). An existing policy is never overwritten without --force.\n"
	    "\n"
	    "  --force       overwrite an existing policy.yaml\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"check", cmd_check, 0, N_("Validate a policy file and list its findings"),
	 N_("usage: moshimo check [FILE] [--data DIR]\n"
	    "\n"
	    "Loads and validates FILE (default DIR/policy.yaml) and prints each finding as\n"
	    "file:line:col: error|warning: message. Exits 1 when there is an error.\n"
	    "\n"
	    "  --quiet       print errors only, no warnings\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"setup", cmd_setup, 0,
	 N_("Fill in the manual's placeholders: questions, answers, a new revision"),
	 N_("usage: moshimo setup [--all] [--questions] [--answers FILE] [--note T] [--as NAME]\n"
	    "\n"
	    "Every placeholder of the template (〇〇, ****) is a question: the company's\n"
	    "name and related companies, who holds each role (the same name for two roles\n"
	    "makes them one person), their phones and e-mail, the main business system and\n"
	    "its vendors, the insurer's and IT vendor's hotlines, the review interval, the\n"
	    "report page's address. On a terminal it asks each open question with an\n"
	    "example and checks each answer at once (full-width digits are fine); end of\n"
	    "input (Ctrl-D) stops without changing anything. The answers are written into\n"
	    "policy.yaml keeping its comments, checked as moshimo check does, and saved as\n"
	    "a new revision; the manual and the cards are regenerated.\n"
	    "\n"
	    "  --questions   print the open questions as YAML (id, question, current,\n"
	    "                example) and change nothing\n"
	    "  --answers FILE  apply a YAML file of \"id: answer\" lines; one bad answer\n"
	    "                (named with its id) and nothing changes\n"
	    "  --all         every question, not only the open ones\n"
	    "  --note T      the revision's note (default: moshimo setup)\n"
	    "  --as NAME     who is acting (default $MOSHIMO_USER, else $USER)\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"manual", cmd_manual, 0,
	 N_("Print the emergency response manual (md, html, pdf) or the emergency card"),
	 N_("usage: moshimo manual [--format md|html|pdf] [--card] [-o FILE] [--data DIR]\n"
	    "\n"
	    "Renders the manual from DIR/policy.yaml (the built-in manual when there is\n"
	    "none) to standard output or FILE. The PDF is A4 with a cover, contents,\n"
	    "page headers and footers, bookmarks and embedded Japanese fonts (Noto CJK;\n"
	    "$MOSHIMO_FONT names another font family).\n"
	    "\n"
	    "  --format F    md, html or pdf (default: from FILE's extension, else md)\n"
	    "  --card        only the emergency contact card; as pdf: a sheet of ten\n"
	    "                wallet cards (91 x 55 mm; page 1 fronts, page 2 backs for\n"
	    "                long-edge duplex, crop marks) and an A4 poster (page 3)\n"
	    "  -o FILE       write to FILE (replaced atomically, mode 0600); pdf needs\n"
	    "                -o or a pipe\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"report", cmd_report, 0, N_("Report an incident (JSON, or a questionnaire on a terminal)"),
	 N_("usage: moshimo report [--file FILE] [--json] [--as NAME] [--data DIR]\n"
	    "\n"
	    "Reads an incident as JSON from standard input or FILE, for example\n"
	    "  {\"title\": \"...\", \"category\": \"malware\", \"impact\": {\"business\": true}}\n"
	    "triages it (level and owner from the policy's level table), turns the\n"
	    "playbook into its checklist, stores it, and prints what to do now. On a\n"
	    "terminal without --file it asks the questions instead (in Japanese).\n"
	    "\n"
	    "Keys: title and category (required), description, discovered_at and\n"
	    "occurred_at (RFC 3339), sign, reporter {name, contact, external}, impact\n"
	    "{customers, personal_data, business, employees}, facts {...}, business,\n"
	    "client, responsible, cause, affected_systems, system_config.\n"
	    "\n"
	    "  --file FILE   read the report from FILE\n"
	    "  --json        print the stored incident as JSON\n"
	    "  --as NAME     who is acting (default $MOSHIMO_USER, else $USER)\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n"
	    "\n"
	    "moshimo report --mail [--max-size SIZE] [--json] [--as NAME] [--data DIR]\n"
	    "reads one e-mail message (RFC 5322, MIME) on standard input, for a mail\n"
	    "server's pipe alias: From is the reporter (outside organization.domains:\n"
	    "an external contact), Subject the title, the text the description; the\n"
	    "message and its attachments become evidence with SHA-256, and the sender\n"
	    "gets the incident number and what to do by e-mail (notify.yaml's smtp).\n"
	    "Exit codes are sysexits(3)'s: 0 filed, 65 the message is wrong or larger\n"
	    "than SIZE (default 25M; nothing filed), 64 usage, 75 try again later.\n")},
	{"list", cmd_list, 0, N_("List incidents, newest first"),
	 N_("usage: moshimo list [--status open|closed|all] [--limit N] [--offset N] [--json]\n"
	    "       moshimo list --drills [--json]\n"
	    "\n"
	    "Lists incidents, newest first: level, status, steps done, the next deadline\n"
	    "(! when overdue) and the title.\n"
	    "\n"
	    "  --status S    open (default), closed or all\n"
	    "  --limit N     at most N incidents (default 50)\n"
	    "  --offset N    skip the first N\n"
	    "  --json        print a JSON array\n"
	    "  --drills      the drills (訓練) instead, left out otherwise\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"show", cmd_show, 0, N_("Show an incident: record, checklist, decisions, timeline"),
	 N_("usage: moshimo show ID [--json]\n"
	    "\n"
	    "Shows incident ID (12 or INC-0012): its record items, checklist with who and\n"
	    "when, reports owed to authorities, decisions and the ones still open for its\n"
	    "phase, evidence and timeline.\n"
	    "\n"
	    "  --json        print the incident as JSON\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"step", cmd_step, CMD_AS_PERSON | CMD_JSON,
	 N_("Mark a checklist step done, doing, skipped or open again"),
	 N_("usage: moshimo step ID N done|doing|skip|reopen [--note TEXT] [--as NAME]\n"
	    "\n"
	    "Sets step N of incident ID's checklist, recording who and when. Skipping\n"
	    "needs a reason (--note).\n"
	    "\n"
	    "  --note TEXT   a remark, or why the step is skipped\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"ack", cmd_ack, CMD_AS_PERSON | CMD_JSON,
	 N_("Acknowledge an incident: I am on it (stops the escalation)"),
	 N_("usage: moshimo ack ID [--as NAME]\n"
	    "\n"
	    "Records that NAME is handling incident ID (「対応します」), as the link in the\n"
	    "messages and the incident page's button do: the escalation stops and the\n"
	    "others of the contact chain are told who is on it.\n"
	    "\n"
	    "  --as NAME     who acknowledges: a person's id or name in the policy\n"
	    "                (default $MOSHIMO_USER, else $USER)\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"note", cmd_note, CMD_AS_PERSON | CMD_JSON, N_("Add a note to an incident's timeline"),
	 N_("usage: moshimo note ID TEXT [--as NAME]\n"
	    "\n"
	    "Appends TEXT to the timeline (対応経過) of incident ID; notes are searchable.\n"
	    "\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"level", cmd_level, CMD_AS_PERSON | CMD_JSON,
	 N_("Change an incident's level (with a reason)"),
	 N_("usage: moshimo level ID LEVEL --reason TEXT [--as NAME]\n"
	    "\n"
	    "Changes the level of incident ID. The owner follows the level table, the\n"
	    "open steps are re-planned from the new level's playbook (done steps stay),\n"
	    "and the change is recorded with its reason.\n"
	    "\n"
	    "  --reason TEXT why the level changes (required)\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"category", cmd_category, CMD_AS_PERSON | CMD_JSON,
	 N_("Change an incident's category (with a reason)"),
	 N_("usage: moshimo category ID CATEGORY --reason TEXT [--as NAME]\n"
	    "\n"
	    "Moves incident ID to another category of the policy (its id, such as leak).\n"
	    "The level is raised to the new category's minimum when below it, the open\n"
	    "steps are re-planned from the new playbook (done steps stay), and the change\n"
	    "is recorded with its reason.\n"
	    "\n"
	    "  --reason TEXT why the category changes (required)\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"status", cmd_status, CMD_AS_PERSON | CMD_JSON, N_("Move an incident along its lifecycle"),
	 N_("usage: moshimo status ID triage|initial|recovery|monitoring [--reason TEXT]\n"
	    "\n"
	    "報告 (reported) → トリアージ (triage) → 初動対応 (initial) → 復旧 (recovery)\n"
	    "→ 監視 (monitoring, optional, after recovery) → クローズ (moshimo close).\n"
	    "Going back needs a reason.\n"
	    "\n"
	    "  --reason TEXT why (required to go back)\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"set", cmd_set, CMD_AS_PERSON | CMD_JSON,
	 N_("Record an item of an incident's record or a fact"),
	 N_("usage: moshimo set ID FIELD VALUE [--as NAME]\n"
	    "\n"
	    "Records a record item (title, description, occurred_at, business, client,\n"
	    "responsible, cause, affected_systems, system_config, measures, lessons) or a\n"
	    "fact (data_kinds, persons, sensitive, financial, encrypted, malicious,\n"
	    "my_number, skimming, mynumber_system, exposed_public, malware_name, hosts,\n"
	    "disconnected, entry_point, accounts, unauthorized_access, systems,\n"
	    "workaround). Yes/no facts take true or false; persons takes a number or\n"
	    "nothing (unknown: the filings keep the おそれ of more than 1,000 / 100);\n"
	    "an empty VALUE clears.\n"
	    "\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"decide", cmd_decide, CMD_AS_PERSON | CMD_JSON,
	 N_("Record a decision on one of the policy's decision points"),
	 N_("usage: moshimo decide ID PHASE/POINT DECISION [--why TEXT] [--as NAME]\n"
	    "\n"
	    "Records what was decided on a decision point of the policy (003: intake,\n"
	    "initial, disclose, contain, after), by whom, when and why. moshimo show ID\n"
	    "lists the points still open for the incident's phase.\n"
	    "\n"
	    "  --why TEXT    the reason\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"close", cmd_close, CMD_AS_PERSON | CMD_JSON,
	 N_("Close an incident (cause, measures and lessons required)"),
	 N_("usage: moshimo close ID [--cause TEXT] [--measures TEXT] [--lessons TEXT]\n"
	    "       moshimo close ID --false-alarm [--reason TEXT]\n"
	    "       moshimo close ID --duplicate-of INC-N [--reason TEXT]\n"
	    "\n"
	    "Closes incident ID. The cause, the recurrence prevention measures and the\n"
	    "lessons learned are required (given here or recorded before with moshimo\n"
	    "set), and every step must be done or skipped. A false alarm (誤報) or a\n"
	    "duplicate (重複) of another incident closes without them; its open steps\n"
	    "are skipped with that reason.\n"
	    "\n"
	    "  --cause TEXT      想定される原因\n"
	    "  --measures TEXT   再発防止策\n"
	    "  --lessons TEXT    教訓\n"
	    "  --false-alarm     it was no incident (誤報)\n"
	    "  --duplicate-of ID the incident this one repeats (重複)\n"
	    "  --reason TEXT     why (with --false-alarm or --duplicate-of)\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"reopen", cmd_reopen, CMD_AS_PERSON | CMD_JSON,
	 N_("Reopen a closed incident (with a reason)"),
	 N_("usage: moshimo reopen ID --reason TEXT [--as NAME]\n"
	    "\n"
	    "Reopens closed incident ID in the state it was closed from.\n"
	    "\n"
	    "  --reason TEXT why (required)\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"drill", cmd_drill, 0,
	 N_("Drills (訓練): run a scenario as a marked incident, score it, report it"),
	 N_("usage: moshimo drill list [--json]\n"
	    "       moshimo drill list --past [--json]\n"
	    "       moshimo drill start SCENARIO [--json] [--as NAME]\n"
	    "       moshimo drill end ID [--json] [--as NAME]\n"
	    "       moshimo drill report ID [--format md|html|pdf|json] [-o FILE]\n"
	    "\n"
	    "list shows the scenarios of the policy (drills:); --past the drills run, with\n"
	    "their dates and scores. start files the scenario's report as a real incident\n"
	    "marked 【訓練】 (playbook, deadlines, notifications; filings drafted, never\n"
	    "filed); its injects arrive on time. end scores it and closes it. report shows\n"
	    "each step against its deadline, the acknowledgements, the score, what to\n"
	    "improve. Drills are left out of list, search and the dashboard (list --drills).\n"
	    "\n"
	    "  --json        print JSON\n"
	    "  --past        list the drills run instead of the scenarios\n"
	    "  --format F    md (default), html, pdf or json\n"
	    "  -o FILE       write the report to FILE\n"
	    "  --as NAME     who is acting (default $MOSHIMO_USER, else $USER)\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"filing", cmd_filing, 0,
	 N_("The reports and notices an incident owes (by law) or is advised, their drafts"),
	 N_("usage: moshimo filing list ID [--json]\n"
	    "       moshimo filing draft ID KIND [--format md|html|pdf] [-o FILE]\n"
	    "       moshimo filing done ID KIND --date YYYY-MM-DD [--ref R] [--file F]\n"
	    "       moshimo filing done ID KIND --substitute --date YYYY-MM-DD\n"
	    "               --published WHERE --desk DESK --reason WHY [--file F]\n"
	    "       moshimo filing waive ID KIND --reason TEXT\n"
	    "\n"
	    "list shows each filing that applies on the facts recorded: required by law\n"
	    "(個人情報保護委員会, 本人, 委託元, 番号法) or advised (police, IPA, JPCERT/CC),\n"
	    "the rule that made it apply with the law's article, the deadline counted from\n"
	    "discovery in the policy's time zone, and its state (due, done, waived).\n"
	    "draft writes the draft of KIND (a filing id, or public_notice, update_first,\n"
	    "update_second, update_final) from the incident's record. done records the\n"
	    "filing with the date, the authority's reference and the document as sent\n"
	    "(--file; else the draft as it reads now), kept with its SHA-256 and never\n"
	    "changed again. waive records that a filing is not needed, with the reason.\n"
	    "done --substitute records 代替措置 where a notice is impossible (本人への通知,\n"
	    "a filing with substitute: true): the day and the place it was published, the\n"
	    "inquiry desk and why; the 公表文 as published is kept (--file; else the\n"
	    "public_notice draft), immutable like a filed draft (state substituted).\n"
	    "\n"
	    "  --json        list: the filings as JSON\n"
	    "  --format F    draft: md, html or pdf (default md)\n"
	    "  -o FILE       draft: write to FILE (mode 0600)\n"
	    "  --date D      done: the day it was filed\n"
	    "  --ref R       done: the reference the authority gave (受付番号)\n"
	    "  --file F      done: the document as it was sent\n"
	    "  --reason T    waive: why it is not needed (required);\n"
	    "                done --substitute: why the notice is impossible\n"
	    "  --substitute  done: 代替措置 (公表 and an inquiry desk) instead of the notice\n"
	    "  --published W done --substitute: where it was published (URL or place)\n"
	    "  --desk D      done --substitute: the inquiry desk (phone, mail, hours)\n"
	    "  --as NAME     who is acting (default $MOSHIMO_USER, else $USER)\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"bcp", cmd_bcp, 0,
	 N_("The business continuity board: systems' states, damage survey, staff"),
	 N_("usage: moshimo bcp order [--json]\n"
	    "       moshimo bcp board ID [--json]\n"
	    "       moshimo bcp set ID SYSTEM STATE [--note T] [--as NAME] [--json]\n"
	    "       moshimo bcp survey ID ITEM ANSWER [--as NAME] [--json]\n"
	    "       moshimo bcp staff ID PERSON --from TIME [--note T] [--as NAME] [--json]\n"
	    "\n"
	    "order lists the policy's systems (bcp.systems) in the order they are restored:\n"
	    "tier a, b, c, each system after the systems it depends on. board shows, for an\n"
	    "incident of the disaster category (or the system_down sign, or any state\n"
	    "recorded), each affected system's state (stopped, degraded, restored), its\n"
	    "recovery owner and who holds the role, the vendors to call, the time since the\n"
	    "outage began against its RTO, the next system to restore and what it waits for;\n"
	    "the damage survey's answers and the staff who can work. set records a\n"
	    "system's STATE (stopped, degraded or restored); survey answers ITEM of the\n"
	    "damage survey (its number or its text); staff records that PERSON can work\n"
	    "from TIME. Each is an event on the incident's timeline.\n"
	    "\n"
	    "  --json        print the board as JSON (after set, survey and staff too)\n"
	    "  --note T      set, staff: a note\n"
	    "  --from TIME   staff: from when (YYYY-MM-DD HH:MM, in the policy's time zone)\n"
	    "  --as NAME     who is acting (default $MOSHIMO_USER, else $USER)\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"evidence", cmd_evidence, CMD_AS_PERSON | CMD_JSON,
	 N_("Keep a file as evidence, or verify the kept files"),
	 N_("usage: moshimo evidence add ID FILE [--note TEXT] [--as NAME]\n"
	    "       moshimo evidence verify ID [--json]\n"
	    "\n"
	    "add copies FILE into DIR/evidence/ (mode 0600) and records its SHA-256, size,\n"
	    "who, when and where it came from. verify hashes the kept files again and\n"
	    "reports any that changed or are missing (exit 1). Both are custody events on\n"
	    "the timeline.\n"
	    "\n"
	    "  --note TEXT   what the file is\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"search", cmd_search, 0, N_("Search incidents (Japanese substrings match)"),
	 N_("usage: moshimo search WORDS... [--limit N] [--json]\n"
	    "\n"
	    "Finds incidents whose title, description, record items or notes contain every\n"
	    "word (ランサム finds ランサムウェア), newest first. Full-width and half-width\n"
	    "forms and case are the same (ノートＰＣ finds ノートPC). Without --json the\n"
	    "manual's sections that hold every word follow, with their links.\n"
	    "\n"
	    "  --limit N     at most N incidents (default 50)\n"
	    "  --json        print a JSON array\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"similar", cmd_similar, 0, N_("List closed incidents like this one, with their lessons"),
	 N_("usage: moshimo similar ID [--limit N] [--json]\n"
	    "\n"
	    "Lists closed incidents like incident ID (same category first, then shared\n"
	    "text) with their cause, measures and lessons learned.\n"
	    "\n"
	    "  --limit N     at most N incidents (default 10)\n"
	    "  --json        print a JSON array\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"export", cmd_export, 0, N_("Write the incident report document (md, html, pdf or json)"),
	 N_("usage: moshimo export ID [--format md|html|pdf|json] [-o FILE]\n"
	    "\n"
	    "Writes the incident report: every record item, the checklist with who and\n"
	    "when, reports to authorities, decisions, evidence and the timeline. md,\n"
	    "html and pdf are the same Japanese document; json is the API's data.\n"
	    "\n"
	    "  --format F    md (default), html (one standalone page), pdf (A4; needs\n"
	    "                -o FILE or standard output not a terminal) or json;\n"
	    "                without --format, -o FILE's extension chooses\n"
	    "  -o FILE       write to FILE (replaced atomically, mode 0600)\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"audit", cmd_audit, 0, N_("Verify the audit chain of the incident data"),
	 N_("usage: moshimo audit verify [--json]\n"
	    "       moshimo audit anchor\n"
	    "\n"
	    "verify checks the audit key (DIR/audit.key), walks the audit chain (each\n"
	    "row's HMAC-SHA256 covers the previous one and the change), checks its end\n"
	    "against DIR/audit.anchor (rows deleted from the end show), the data against\n"
	    "the chain and the database's integrity, and says what is wrong (exit 1).\n"
	    "anchor makes a lost or damaged anchor again, once the chain and the data\n"
	    "verify, and records that in the chain.\n"
	    "\n"
	    "  --json        print the result as JSON\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"backup", cmd_backup, 0, N_("Back up the data folder to one verified archive FILE"),
	 N_("usage: moshimo backup FILE [--with-key]\n"
	    "\n"
	    "Writes one tar archive: the incident database (SQLite's online backup, safe\n"
	    "while others write), the audit chain's anchor, policy.yaml and every evidence\n"
	    "file, with a MANIFEST of SHA-256 hashes. Before it replaces FILE (mode 0600)\n"
	    "the copy passes the integrity check and audit verify, every evidence file\n"
	    "matches its record, and the archive is read back. notify.yaml is not included.\n"
	    "\n"
	    "  --with-key    put audit.key in the archive too (then the archive alone can\n"
	    "                rewrite its chain: keep it as safe as the key)\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"restore", cmd_restore, 0, N_("Restore a backup archive into a new, empty folder"),
	 N_("usage: moshimo restore ARCHIVE DIR [--key FILE]\n"
	    "\n"
	    "Reads ARCHIVE (made by moshimo backup) into DIR, which must not exist or be\n"
	    "empty. Every member is checked against the MANIFEST, the database's integrity\n"
	    "and its audit chain against the archive's anchor, and every evidence file\n"
	    "against its record before DIR appears; a damaged archive leaves nothing.\n"
	    "\n"
	    "  --key FILE    the data folder's audit.key (needed unless the archive was\n"
	    "                made with --with-key)\n")},
	{"serve", cmd_serve, 0, N_("Run the web app and the JSON API"),
	 N_("usage: moshimo serve [--listen HOST:PORT] [--public-url URL] [--trusted-proxy IP]\n"
	    "                     [--tls-cert FILE --tls-key FILE] [--data DIR]\n"
	    "\n"
	    "Serves the report form, the dashboard, the incident pages, the manual and\n"
	    "the JSON API v1 from the data folder until SIGTERM or SIGINT (then it\n"
	    "finishes the requests in flight). SIGHUP reloads the policy and the TLS\n"
	    "certificate and key (new connections get the new certificate; if it does\n"
	    "not load, the old one stays and the log says why). On the first\n"
	    "start it creates the user \"admin\" and a report link and prints them once.\n"
	    "\n"
	    "  --listen HOST:PORT   where to listen (default 127.0.0.1:8080; port 0: any free)\n"
	    "  --trusted-proxy IP   the reverse proxy (nginx) whose X-Forwarded-For names the\n"
	    "                       client; from any other peer the header is ignored\n"
	    "  --tls-cert FILE      serve HTTPS with this PEM certificate ...\n"
	    "  --tls-key FILE       ... and this PEM private key\n"
	    "  --threads N          HTTP threads (default 4)\n"
	    "  --no-access-log      no line per request on standard error\n"
	    "  --print-routes       print the route table (method, path, role, flags) and exit\n"
	    "  --public-url URL     the base of the links in messages (when notify.yaml has\n"
	    "                       no public_url)\n"
	    "  --data DIR           the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"user", cmd_user, 0, N_("Add and manage the web app's users"),
	 N_("usage: moshimo user add NAME --role ROLE [--display TEXT] [--password-stdin]\n"
	    "       moshimo user list\n"
	    "       moshimo user passwd NAME [--password-stdin]\n"
	    "       moshimo user role NAME ROLE\n"
	    "       moshimo user disable|enable NAME\n"
	    "\n"
	    "ROLE is reporter (reports, sees their own reports), responder (works the\n"
	    "incidents), manager (also changes levels, closes) or admin (also users,\n"
	    "tokens, the report link). Without --password-stdin a password is made up,\n"
	    "printed once, and must be changed at the first login.\n"
	    "\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"token", cmd_token, 0, N_("Create, list and revoke API tokens"),
	 N_("usage: moshimo token create --role ROLE [--label TEXT]\n"
	    "       moshimo token list\n"
	    "       moshimo token revoke ID\n"
	    "\n"
	    "create prints a new token for the JSON API (Authorization: Bearer TOKEN)\n"
	    "once, alone on standard output; the database keeps only its hash.\n"
	    "\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"notify", cmd_notify, 0, N_("Send the queued messages, list them, retry a failed one"),
	 N_("usage: moshimo notify run [--once]\n"
	    "       moshimo notify list [--failed] [--json] [--limit N]\n"
	    "       moshimo notify retry ID\n"
	    "       moshimo notify send --role ROLE --subject TEXT --body TEXT\n"
	    "\n"
	    "run sends the messages that are due through DATA/notify.yaml, then every\n"
	    "second until stopped (--once: one pass), for when no server runs (cron, a\n"
	    "systemd timer); a running server sends them itself, and the two never send\n"
	    "one message twice at once. list shows the newest messages (--failed: dead\n"
	    "letters and those waiting for a retry). retry makes a failed message due\n"
	    "again now, with the same Message-ID. send queues a message about the\n"
	    "system (not an incident; a failed backup) to everyone holding ROLE, e.g.\n"
	    "sysadmin (情報システム管理者); exit 1 when nobody can be told.\n"
	    "\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"help", cmd_help, 0, N_("List the commands, or show one command's help"),
	 N_("usage: moshimo help [COMMAND]\n"
	    "       moshimo help --man\n"
	    "\n"
	    "Without COMMAND: the list of commands. --man prints this help of every\n"
	    "command as the manual page moshimo(1), in roff (man -l -).\n")},
	{"contacts", cmd_contacts, 0, N_("Check that every contact is reachable (疎通確認)"),
	 N_("usage: moshimo contacts verify [--person ID]\n"
	    "       moshimo contacts list\n"
	    "\n"
	    "verify sends each person of the policy a test message on each of their\n"
	    "channels (e-mail, and the chat webhook their chat names in notify.yaml)\n"
	    "with a link PUBLIC_URL/verify/TOKEN, valid 7 days, used once. Only a\n"
	    "person opening it and pressing the button confirms the contact.\n"
	    "list shows, per person and channel, when a test was last sent and last\n"
	    "confirmed. moshimo check warns about contacts never confirmed or\n"
	    "confirmed longer ago than the policy's contacts.verify_every (6M).\n"
	    "\n"
	    "  --person ID   only this person\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"revision", cmd_revision, 0,
	 N_("The policy's revisions: list, diff, restore, save an edited policy"),
	 N_("usage: moshimo revision list [--json]\n"
	    "       moshimo revision diff A B\n"
	    "       moshimo revision restore N [--note TEXT]\n"
	    "       moshimo revision save [FILE] [--note TEXT]\n"
	    "\n"
	    "Every saved policy is kept in DIR/revisions/ (who, when, a note, SHA-256).\n"
	    "save checks FILE (default DIR/policy.yaml, after editing it) as moshimo\n"
	    "check does; with an error nothing changes. Otherwise FILE becomes\n"
	    "DIR/policy.yaml as a new revision, and manual.html, manual.pdf, card.html\n"
	    "and card.pdf in DIR are made again. restore makes revision N the policy\n"
	    "again, as a new revision. diff prints the lines that differ.\n"
	    "\n"
	    "  --json        list as a JSON array\n"
	    "  --note TEXT   what changed (kept with the revision)\n"
	    "  --as NAME     who is saving (default $MOSHIMO_USER, else $USER)\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"checks", cmd_checks, 0, N_("Peacetime checks (平時の点検): list them, record one done"),
	 N_("usage: moshimo checks [--due] [--json]\n"
	    "       moshimo checks done ID --note TEXT [--file FILE] [--as NAME]\n"
	    "\n"
	    "Lists the policy's checks (004 §4's prevention and detection checks and the\n"
	    "manual's own: contacts' 疎通確認, the drill, the review, the BCP's\n"
	    "verification, the backup restore test) with the owner, the interval, the last\n"
	    "result and when the next is due. contacts_verify is done when every contact\n"
	    "confirmed the test message (moshimo contacts verify); review when the review\n"
	    "is recorded (moshimo review done). done records a result of another check: who,\n"
	    "now, the note and the file as evidence (kept with its SHA-256). A check whose\n"
	    "next date passed reminds its owner once (notify run or serve).\n"
	    "\n"
	    "  --due         only the checks due now (never done, or the next date passed)\n"
	    "  --json        the list as JSON (id, title, owner, every, last_done_at,\n"
	    "                next_due_at, overdue)\n"
	    "  --note TEXT   what was checked and found (required with done)\n"
	    "  --file FILE   a file kept as evidence (a log, a restore test's screenshot)\n"
	    "  --as NAME     who did it (default $MOSHIMO_USER, else $USER)\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"review", cmd_review, 0, N_("Record the manual's periodic review, or show when it is due"),
	 N_("usage: moshimo review done [--note TEXT] [--as NAME]\n"
	    "       moshimo review status\n"
	    "\n"
	    "done records a review of the manual (000: review it regularly): the\n"
	    "policy's organization.review.last_reviewed becomes today, kept as a new\n"
	    "revision marked as a review with who, when, the note and what was checked\n"
	    "(the contacts' 疎通確認, placeholders left, the last drill); the next review\n"
	    "date moves by review.interval_months and the manual (with its review\n"
	    "history) and the cards are made again. status prints the dates.\n"
	    "\n"
	    "  --note TEXT   what was reviewed or changed\n"
	    "  --as NAME     who reviewed (default $MOSHIMO_USER, else $USER)\n"
	    "  --data DIR    the data folder (default $MOSHIMO_DATA, else ./moshimo-data)\n")},
	{"version", cmd_version, 0, N_("Print the version"), N_("usage: moshimo version\n")},
};

const size_t cli_commands_count = MO_ARRAY_SIZE(cli_commands);

static const struct cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < cli_commands_count; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

static void print_overview(FILE *out)
{
	fprintf(out, "%s\n\n",
		_("usage: moshimo COMMAND [OPTIONS]   (moshimo COMMAND --help for more)"));
	fprintf(out, "%s\n", _("Commands:"));
	for (size_t i = 0; i < cli_commands_count; i++)
		fprintf(out, "  %-10s %s\n", cli_commands[i].name, _(cli_commands[i].summary));
	fprintf(out, "\n%s\n",
		_("Every command takes --data DIR (default $MOSHIMO_DATA, else ./moshimo-data) and --help."));
}

int cmd_help(struct cli_ctx *ctx, int argc, char **argv)
{
	const struct cli_command *c;

	if (argc > 2)
		return cli_usage_error(ctx, _("too many arguments"));
	if (argc < 2) {
		print_overview(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--man") == 0) {
		cli_print_man(stdout);
		return EXIT_OK;
	}
	c = find_command(argv[1]);
	if (!c) {
		mo_die_msg(_("unknown command \"%s\" (see moshimo help)"), argv[1]);
		return EXIT_USAGE;
	}
	cli_print_usage(c);
	return EXIT_OK;
}

int cmd_version(struct cli_ctx *ctx, int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_usage_error(ctx, _("too many arguments"));
	printf("moshimo %s\n", MOSHIMO_VERSION);
	return EXIT_OK;
}

int cli_usage_error(const struct cli_ctx *ctx, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mo_die_msg("%s", msg);
	fprintf(stderr, _("(see moshimo %s --help)\n"), ctx->cmd ? ctx->cmd->name : "help");
	return EXIT_USAGE;
}

int cli_bad_option(const struct cli_ctx *ctx, int argc, char **argv)
{
	const char *opt = optind > 0 && optind <= argc ? argv[optind - 1] : "?";

	if (optopt && optopt != '?' && optopt < 128 && !(opt[0] == '-' && opt[1] == '-'))
		return cli_usage_error(ctx, _("unknown option or missing value: -%c"), optopt);
	return cli_usage_error(ctx, _("unknown option or missing value: %s"), opt);
}

int cli_data_path(const struct cli_ctx *ctx, const char *name, char *out, size_t size)
{
	if (fs_join(out, size, ctx->data_dir, name)) {
		mo_die_msg(_("the data folder path is too long"));
		return -1;
	}
	return 0;
}

/* Takes --data DIR / --data=DIR out of argv (in place) and notes --help.
 * Stops at "--" so a file named --help can still be passed. */
static int take_common_options(struct cli_ctx *ctx, int *argc, char **argv, bool *help)
{
	int out = 1;

	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			*help = true;
		} else if (strcmp(a, "--data") == 0) {
			if (i + 1 >= *argc)
				return cli_usage_error(ctx, _("--data needs a folder"));
			ctx->data_dir = argv[++i];
		} else if (strncmp(a, "--data=", 7) == 0) {
			ctx->data_dir = a + 7;
		} else {
			argv[out++] = argv[i];
		}
	}
	argv[out] = NULL;
	*argc = out;
	if (!*ctx->data_dir)
		return cli_usage_error(ctx, _("--data needs a folder"));
	return 0;
}

int cli_main(int argc, char **argv)
{
	struct cli_ctx ctx = {.cmd = NULL};
	const char *env = getenv("MOSHIMO_DATA");
	bool help = false;

	ctx.data_dir = env && *env ? env : "./moshimo-data";
	opterr = 0; /* options errors are reported by cli_bad_option, translated */
	if (argc < 2) {
		print_overview(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)
		return cmd_version(&ctx, 1, argv + 1);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_overview(stdout);
		return EXIT_OK;
	}
	ctx.cmd = find_command(argv[1]);
	if (!ctx.cmd) {
		mo_die_msg(_("unknown command \"%s\" (see moshimo help)"), argv[1]);
		return EXIT_USAGE;
	}
	argc--;
	argv++;
	if (take_common_options(&ctx, &argc, argv, &help))
		return EXIT_USAGE;
	if (help) {
		cli_print_usage(ctx.cmd);
		return EXIT_OK;
	}
	if (cli_take_shared_options(&ctx, &argc, argv))
		return EXIT_USAGE;
	return ctx.cmd->fn(&ctx, argc, argv);
}
