"""Peacetime checks (平時の点検) with the test clock (MOSHIMO_NOW):
`checks done` then `checks --due`; a check whose next date passed reminds
its owner (backup_restore: sysadmin) through the outbox and a real SMTP
server (aiosmtpd), once; checks never done are listed as due but mail
nobody; unknown ids, a missing note, a derived check and a missing file are
refused with nothing recorded; the evidence file is kept 0600 under its
SHA-256; contacts_verify follows the contacts' confirmations; the manual's
check table prints the last result."""
import hashlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from mailsink import MailSink  # noqa: E402
from webtest import MOSHIMO, finish, ok  # noqa: E402

TMP = os.environ.get("TMPDIR", "/tmp")
DONE_AT = "2026-12-01T01:00:00Z"
# backup_restore every 3M (90 days): due 2027-03-01T01:00:00Z (10:00 JST)
BEFORE = "2027-02-28T01:00:00Z"
AFTER = "2027-03-01T02:00:00Z"


def run(data, *args, now=None):
    env = dict(os.environ, MOSHIMO_USER="佐藤", LANG="C.UTF-8", LC_ALL="", LANGUAGE="")
    if now:
        env["MOSHIMO_NOW"] = now
    return subprocess.run([MOSHIMO, *args, "--data", data], capture_output=True, text=True,
                          timeout=120, env=env)


def results(data):
    db = sqlite3.connect(os.path.join(data, "moshimo.db"))
    rows = db.execute("SELECT check_id, who, note, evidence_sha256 FROM check_results "
                      "ORDER BY id").fetchall()
    db.close()
    return rows


def by_id(out):
    return {c["id"]: c for c in json.loads(out)}


data = os.path.join(TMP, "data")
subprocess.run([MOSHIMO, "init", data], check=True, capture_output=True)
edit = os.path.join(TMP, "edit.yaml")
text = open(os.path.join(data, "policy.yaml"), encoding="utf-8").read()
text = text.replace("    email: system@*****.co.jp", "    email: system@example.jp", 1)
text = text.replace("    email: incident@*****.co.jp", "    email: incident@example.jp", 1)
open(edit, "w", encoding="utf-8").write(text)
r = run(data, "revision", "save", edit, "--note", "メール")
ok(r.returncode == 0, "the owners' e-mail saved as a revision", r.stderr)

r = run(data, "checks", "--json", now=DONE_AT)
ok(r.returncode == 0, "checks --json", r.stderr)
cs = by_id(r.stdout)
for cid in ("contacts_verify", "drill", "review", "bcp_verify", "backup_restore"):
    ok(cid in cs and cs[cid]["kind"] == "manual", f"the manual's own check {cid} is built in",
       cs.get(cid))
ok(all(k in cs["backup_restore"] for k in
       ("id", "title", "owner", "every", "last_done_at", "next_due_at", "overdue")),
   "each check has id, title, owner, every, last_done_at, next_due_at, overdue")
ok(cs["backup_restore"]["owner"] == "sysadmin" and cs["backup_restore"]["every"] == "3M",
   "backup_restore: owner sysadmin, every 3M", cs["backup_restore"])
ok(cs["backup_restore"]["last_done_at"] is None and cs["backup_restore"]["overdue"] is True,
   "never done: no last result, due", cs["backup_restore"])
ok(cs["review"]["last_done_at"] == "2026-04-01T00:00:00+09:00" and not cs["review"]["overdue"],
   "review follows the policy's last_reviewed", cs["review"])

# Bad input: nothing recorded.
r = run(data, "checks", "done", "no_such_check", "--note", "x", now=DONE_AT)
ok(r.returncode == 1 and "no_such_check" in r.stderr, "an unknown id is refused (exit 1)",
   (r.returncode, r.stderr))
r = run(data, "checks", "done", "backup_restore", now=DONE_AT)
ok(r.returncode == 2 and "--note" in r.stderr, "a missing note is refused (exit 2)",
   (r.returncode, r.stderr))
r = run(data, "checks", "done", "backup_restore", "--note", "   ", now=DONE_AT)
ok(r.returncode == 1, "a blank note is refused (exit 1)", (r.returncode, r.stderr))
r = run(data, "checks", "done", "review", "--note", "見た", now=DONE_AT)
ok(r.returncode == 1 and "review done" in r.stderr, "review is recorded by review done",
   r.stderr)
r = run(data, "checks", "done", "contacts_verify", "--note", "電話した", now=DONE_AT)
ok(r.returncode == 1 and "contacts verify" in r.stderr,
   "contacts_verify is recorded by the contacts' confirmations", r.stderr)
r = run(data, "checks", "done", "backup_restore", "--note", "x", "--file",
        os.path.join(TMP, "missing.png"), now=DONE_AT)
ok(r.returncode == 1 and "missing.png" in r.stderr, "a missing file is refused", r.stderr)
ok(results(data) == [], "nothing was recorded by the refused commands", results(data))
ev = os.path.join(data, "evidence", "checks")
ok(not os.path.isdir(ev) or os.listdir(ev) == [], "and no file was kept",
   os.path.isdir(ev) and os.listdir(ev))

# Done, with a file as evidence.
proof = os.path.join(TMP, "restore-log.txt")
open(proof, "w").write("restored 1,024 files from NAS snapshot 2026-11-30\n")
want_sha = hashlib.sha256(open(proof, "rb").read()).hexdigest()
r = run(data, "checks", "done", "backup_restore", "--note", "NASから1,024件を復元、差分なし",
        "--file", proof, now=DONE_AT)
ok(r.returncode == 0, "checks done backup_restore --note --file", r.stderr)
rows = results(data)
ok(rows == [("backup_restore", "佐藤", "NASから1,024件を復元、差分なし", want_sha)],
   "one row: who, the note, the file's SHA-256", rows)
kept = os.path.join(ev, want_sha)
ok(os.path.isfile(kept) and stat.S_IMODE(os.stat(kept).st_mode) == 0o600,
   "the evidence is kept under its SHA-256, 0600")
ok(stat.S_IMODE(os.stat(ev).st_mode) == 0o700, "in a 0700 folder")
r = run(data, "audit", "verify")
ok(r.returncode == 0, "the audit chain verifies with the result on it", r.stdout + r.stderr)
db = sqlite3.connect(os.path.join(data, "moshimo.db"))
n_audit = db.execute("SELECT count(*) FROM audit WHERE tbl = 'check_results'").fetchone()[0]
try:
    db.execute("UPDATE check_results SET note = 'changed'")
    db.commit()
    changed = True
except sqlite3.DatabaseError:
    changed = False
db.close()
ok(n_audit == 1, "the result is one row of the audit chain", n_audit)
ok(not changed, "a recorded result cannot be changed")

r = run(data, "checks", "--due", "--json", now="2026-12-02T01:00:00Z")
due = by_id(r.stdout)
ok(r.returncode == 0 and "backup_restore" not in due and "drill" in due,
   "checks --due: backup_restore is done, the drill is still due", list(due))
r = run(data, "checks", "--json", now="2026-12-02T01:00:00Z")
b = by_id(r.stdout)["backup_restore"]
ok(b["last_done_at"] == "2026-12-01T10:00:00+09:00" and
   b["next_due_at"] == "2027-03-01T10:00:00+09:00" and b["overdue"] is False,
   "last_done_at and next_due_at (every 3M) in the policy's zone", b)

with MailSink() as ms:
    path = os.path.join(data, "notify.yaml")
    with open(path, "w") as f:
        f.write(f'smtp: {{url: "{ms.url}", from: "moshimo <moshimo@example.jp>"}}\n'
                "timeouts: {connect: 2, total: 10}\n")
    os.chmod(path, 0o600)

    r = run(data, "notify", "run", "--once", now=BEFORE)
    ok(r.returncode == 0, "notify run before the due date", r.stderr)
    ok(ms.wait(1, timeout=1) == [],
       "no reminder before the date (and none for the checks never done)")

    r = run(data, "checks", "--due", "--json", now=AFTER)
    ok("backup_restore" in by_id(r.stdout) and by_id(r.stdout)["backup_restore"]["overdue"],
       "checks --due lists backup_restore once its date passed")
    r = run(data, "checks", "--due", now=AFTER)
    ok("backup_restore" in r.stdout, "and so does the text list", r.stdout)
    r = run(data, "notify", "run", "--once", now=AFTER)
    ok(r.returncode == 0, "notify run after the due date", r.stderr)
    got = ms.wait(1)
    ok(len(got) == 1, "the SMTP server received one message", got)
    if got:
        m = got[0]
        ok(m.rcpt_tos == ["system@example.jp"], "to the check's owner (sysadmin)", m.rcpt_tos)
        ok("平時の点検の期限" in str(m.msg["Subject"]), "about the check's date",
           str(m.msg["Subject"]))
        body = m.msg.get_content()
        ok("バックアップしたファイルが復元" in body and
           "moshimo checks done backup_restore" in body,
           "naming the check and how to record it", body)
    db = sqlite3.connect(os.path.join(data, "moshimo.db"))
    rows = db.execute("SELECT purpose, state FROM outbox").fetchall()
    keys = db.execute("SELECT key FROM reminders_sent WHERE key LIKE 'check/%'").fetchall()
    db.close()
    ok(rows == [("check", "sent")], "the outbox row is a check reminder, sent", rows)
    ok(keys == [("check/backup_restore/2027-03-01",)], "keyed by the check and its due date",
       keys)
    ms.clear()
    r = run(data, "notify", "run", "--once", now="2027-03-02T05:00:00Z")
    ok(ms.wait(1, timeout=1) == [], "not twice for the same due date")

    r = run(data, "checks", "done", "backup_restore", "--note", "再テスト OK",
            now="2027-03-03T01:00:00Z")
    ok(r.returncode == 0, "done again", r.stderr)
    r = run(data, "checks", "--due", "--json", now="2027-03-03T02:00:00Z")
    ok("backup_restore" not in by_id(r.stdout), "no longer due")
    r = run(data, "notify", "run", "--once", now="2027-03-04T01:00:00Z")
    ok(ms.wait(1, timeout=1) == [], "no reminder after it was done")

# contacts_verify follows the contacts' confirmations (store/links.c's rows,
# as the confirm page writes them).
db = sqlite3.connect(os.path.join(data, "moshimo.db"))
t1, t2 = 1795000000, 1795100000
db.execute("INSERT INTO contact_checks (person, channel, confirmed_at) VALUES "
           "('president', 'email', ?)", (t1,))
db.commit()
r = run(data, "checks", "--json", now="2026-12-20T00:00:00Z")
c = by_id(r.stdout)["contacts_verify"]
ok(c["last_done_at"] is None and c["confirmed"] == 0 and c["channels"] == 2,
   "one confirmation of a channel not in the policy: 0 of 2 confirmed", c)
db.execute("INSERT INTO contact_checks (person, channel, confirmed_at) VALUES "
           "('incident_manager', 'email', ?), ('system_admin', 'email', ?)", (t2, t1))
db.commit()
db.close()
r = run(data, "checks", "--json", now="2026-12-20T00:00:00Z")
c = by_id(r.stdout)["contacts_verify"]
ok(c["confirmed"] == 2 and c["last_done_at"] == "2026-11-18T20:06:40+09:00",
   "every channel confirmed: done as of the oldest confirmation", c)

# The evidence is in a backup and comes back with a restore, checked.
arch = os.path.join(TMP, "backup.tar")
r = run(data, "backup", arch)
ok(r.returncode == 0, "backup", r.stderr)
import tarfile  # noqa: E402
with tarfile.open(arch) as t:
    names = t.getnames()
ok(f"evidence/checks/{want_sha}" in names, "the check's evidence is in the archive", names)
back = os.path.join(TMP, "restored")
r = run(data, "restore", arch, back, "--key", os.path.join(data, "audit.key"))
ok(r.returncode == 0, "restore", r.stderr)
got_file = os.path.join(back, "evidence", "checks", want_sha)
ok(os.path.isfile(got_file) and hashlib.sha256(open(got_file, "rb").read()).hexdigest() == want_sha,
   "and restored as kept")
os.unlink(os.path.join(data, "evidence", "checks", want_sha))
r = run(data, "backup", os.path.join(TMP, "backup2.tar"))
ok(r.returncode == 1 and want_sha in r.stderr, "a backup refuses a missing check evidence file",
   r.stderr)
open(os.path.join(data, "evidence", "checks", want_sha), "wb").write(open(proof, "rb").read())
os.chmod(os.path.join(data, "evidence", "checks", want_sha), 0o600)

r = run(data, "manual", "--format", "md", now="2027-03-03T02:00:00Z")
ok(r.returncode == 0 and "前回の実施" in r.stdout, "the manual's check table has the last result",
   r.stderr)
ok("再テスト OK" in r.stdout and "佐藤" in r.stdout, "with who and the note")
ok("未実施" in r.stdout, "and 未実施 for the checks never done")

# A result changed behind moshimo's back (its trigger dropped first) is
# found by audit verify, and so is one deleted.
tampered = os.path.join(TMP, "tampered")
shutil.copytree(data, tampered)
db = sqlite3.connect(os.path.join(tampered, "moshimo.db"))
db.execute("DROP TRIGGER check_results_no_update")
db.execute("UPDATE check_results SET note = 'rewritten'")
db.commit()
db.close()
r = run(tampered, "audit", "verify")
ok(r.returncode != 0 and "check_results" in r.stdout + r.stderr,
   "audit verify names a check result changed outside moshimo", r.stdout + r.stderr)
db = sqlite3.connect(os.path.join(tampered, "moshimo.db"))
db.execute("DROP TRIGGER check_results_no_delete")
db.execute("DELETE FROM check_results")
db.commit()
db.close()
r = run(tampered, "audit", "verify")
ok(r.returncode != 0, "and one deleted", r.stdout + r.stderr)
finish()
