"""The manual's review cycle with the test clock: past the review date the
manual's owner (reminders.review_owner: the coordinator, manager) gets the
reminder through the outbox and a real SMTP server (aiosmtpd); once a day
at most; `moshimo review done` records the review as a revision marked as
one, moves the next date, and no reminder follows; the manual prints the
review's record."""
import os
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from mailsink import MailSink  # noqa: E402
from webtest import MOSHIMO, finish, ok  # noqa: E402

TMP = os.environ.get("TMPDIR", "/tmp")
DUE_PASSED = "2027-04-05T01:00:00Z"  # last_reviewed 2026-04-01 + 12 months


def run(data, *args, now=None):
    env = dict(os.environ, MOSHIMO_USER="佐藤", LANG="C.UTF-8", LC_ALL="", LANGUAGE="")
    if now:
        env["MOSHIMO_NOW"] = now
    return subprocess.run([MOSHIMO, *args, "--data", data], capture_output=True, text=True,
                          timeout=120, env=env)


data = os.path.join(TMP, "data")
subprocess.run([MOSHIMO, "init", data], check=True, capture_output=True)
edit = os.path.join(TMP, "edit.yaml")
text = open(os.path.join(data, "policy.yaml"), encoding="utf-8").read()
text = text.replace("    email: incident@*****.co.jp", "    email: incident@example.jp", 1)
open(edit, "w", encoding="utf-8").write(text)
r = run(data, "revision", "save", edit, "--note", "責任者のメール")
ok(r.returncode == 0, "the owner's e-mail is saved as revision 2", r.stderr)

with MailSink() as ms:
    path = os.path.join(data, "notify.yaml")
    with open(path, "w") as f:
        f.write(f'smtp: {{url: "{ms.url}", from: "moshimo <moshimo@example.jp>"}}\n'
                "timeouts: {connect: 2, total: 10}\n")
    os.chmod(path, 0o600)

    r = run(data, "notify", "run", "--once", now="2027-03-31T01:00:00Z")
    ok(r.returncode == 0, "notify run before the review date", r.stderr)
    ok(ms.wait(1, timeout=1) == [], "sends no review reminder before the date")

    os.environ["MOSHIMO_TODAY"] = "2027-04-05"
    r = run(data, "check", now=DUE_PASSED)
    ok("due for review" in r.stderr, "check warns of the review date passed", r.stderr)
    r = run(data, "review", "status", now=DUE_PASSED)
    ok("was due on 2027" in r.stdout, "review status says the review is past due", r.stdout)
    r = run(data, "notify", "run", "--once", now=DUE_PASSED)
    ok(r.returncode == 0, "notify run after the review date", r.stderr)
    got = ms.wait(1)
    ok(len(got) == 1, "the SMTP server received one message", got)
    if got:
        m = got[0]
        ok(m.rcpt_tos == ["incident@example.jp"], "to the manual's owner (manager)", m.rcpt_tos)
        ok("マニュアルの見直し期限" in str(m.msg["Subject"]), "about the review date",
           str(m.msg["Subject"]))
        body = m.msg.get_content()
        ok("見直しを記録する" in body and "moshimo review done" in body,
           "saying how to record the review", body)
    db = sqlite3.connect(os.path.join(data, "moshimo.db"))
    rows = db.execute("SELECT purpose, state FROM outbox").fetchall()
    ok(rows and all(k == "review" and s == "sent" for k, s in rows), "the outbox row is a review reminder, sent", rows)
    db.close()
    ms.clear()
    r = run(data, "notify", "run", "--once", now="2027-04-05T05:00:00Z")
    ok(ms.wait(1, timeout=1) == [], "not twice the same day")

    r = run(data, "review", "done", "--note", "連絡先と届出先を確認", now="2027-04-06T01:00:00Z")
    ok(r.returncode == 0, "review done", r.stderr)
    ok("revision 3" in r.stdout and "next review: 2028年4月6日" in r.stdout,
       "records revision 3 and moves the next date a year on", r.stdout)
    r = run(data, "revision", "list", "--json")
    import json  # noqa: E402
    last = json.loads(r.stdout)[-1]
    ok(last["review"] and last["who"] == "佐藤" and last["note"] == "連絡先と届出先を確認",
       "the revision is marked as a review with who and the note", last)
    ok("連絡先の疎通確認" in last["checked"] and "記入箇所" in last["checked"] and
       "訓練" in last["checked"], "with what was checked", last["checked"])
    pol = open(os.path.join(data, "policy.yaml"), encoding="utf-8").read()
    ok("last_reviewed: 2027-04-06" in pol, "policy.yaml's last_reviewed is the review's day")
    html = open(os.path.join(data, "manual.html"), encoding="utf-8").read()
    ok("見直しの記録" in html and "連絡先と届出先を確認" in html,
       "manual.html prints the review history")
    ok("2028年4月6日" in html, "and the next review date on its cover")

    r = run(data, "notify", "run", "--once", now="2027-04-07T01:00:00Z")
    ok(ms.wait(1, timeout=1) == [], "no reminder after the review")
    os.environ["MOSHIMO_TODAY"] = "2027-04-07"
    r = run(data, "check", now="2027-04-07T01:00:00Z")
    ok("due for review" not in r.stderr, "check no longer warns of the review", r.stderr)
finish()
