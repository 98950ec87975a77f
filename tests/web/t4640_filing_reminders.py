"""Reminders before a legal filing's deadline and escalation after it, with
the test clock (MOSHIMO_NOW) and a real SMTP server (aiosmtpd). A ransomware
attack on a customer database discovered 2026-11-30 23:30 JST owes the PPC
速報 within 3-5 days (window from the end of 2026-12-02 JST, deadline the
end of 2026-12-04 JST) and the 確報 within 60 days. The filing's owner is
the manager (incident@), the level-3 owner the chief (president@); the
policy's grace is 30 minutes."""
import os
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from mailsink import MailSink  # noqa: E402
from webtest import MOSHIMO, finish, ok  # noqa: E402

TMP = os.environ.get("TMPDIR", "/tmp")
MARK = "法定の届け出・通知"


def run(data, *args, now, stdin=None):
    env = dict(os.environ, MOSHIMO_USER="佐藤", LANG="C.UTF-8", LC_ALL="", LANGUAGE="",
               MOSHIMO_NOW=now)
    return subprocess.run([MOSHIMO, *args, "--data", data], capture_output=True, text=True,
                          timeout=120, env=env, input=stdin)


def filing_mails(ms, timeout=0.5):
    """The messages about a filing deadline received so far (waits up to
    timeout seconds for at least one more)."""
    ms.wait(100, timeout=timeout)
    return [m for m in ms.wait(0, timeout=0) if MARK in m.msg.get_content()]


data = os.path.join(TMP, "data")
subprocess.run([MOSHIMO, "init", data], check=True, capture_output=True)
edit = os.path.join(TMP, "edit.yaml")
text = open(os.path.join(data, "policy.yaml"), encoding="utf-8").read()
text = text.replace("email: incident@*****.co.jp", "email: incident@example.jp", 1)
text = text.replace("email: president@*****.co.jp", "email: president@example.jp", 1)
open(edit, "w", encoding="utf-8").write(text)
r = run(data, "revision", "save", edit, "--note", "メール", now="2026-11-30T14:00:00Z")
ok(r.returncode == 0, "the e-mail addresses are saved", r.stderr)

with MailSink() as ms:
    path = os.path.join(data, "notify.yaml")
    with open(path, "w") as f:
        f.write(f'smtp: {{url: "{ms.url}", from: "moshimo <moshimo@example.jp>"}}\n'
                "timeouts: {connect: 2, total: 10}\n")
    os.chmod(path, 0o600)
    report = ('{"title":"顧客DBがランサムウェアで暗号化","sign":"ransom_screen",'
              '"impact":{"personal_data":true,"business":true},'
              '"facts":{"persons":5000,"data_kinds":"氏名、住所"}}')
    r = run(data, "report", now="2026-11-30T14:30:00Z", stdin=report)
    ok(r.returncode == 0, "the incident is reported", r.stderr)
    r = run(data, "notify", "run", "--once", now="2026-12-01T00:00:00Z")
    ok(r.returncode == 0, "notify run before the window", r.stderr)
    ok(filing_mails(ms) == [], "no filing reminder before the 速報's window opens")
    ms.clear()

    # The window opens (end of day 3, 2026-12-02 23:59:59 JST).
    r = run(data, "notify", "run", "--once", now="2026-12-02T15:10:00Z")
    ok(r.returncode == 0, "notify run in the window", r.stderr)
    got = filing_mails(ms)
    ok(len(got) == 1, "one reminder as the window opens", got)
    if got:
        m = got[0]
        body = m.msg.get_content()
        ok(m.rcpt_tos == ["incident@example.jp"], "to the filing's owner (manager)", m.rcpt_tos)
        ok("個人情報保護委員会への速報" in body and "2026-12-04 23:59" in body and
           "提出期間に入りました" in body, "naming the filing, its window and deadline", body)
    ms.clear()
    r = run(data, "notify", "run", "--once", now="2026-12-02T15:20:00Z")
    ok(filing_mails(ms) == [], "not twice")

    # The deadline passes: the owner again, then the level's owner after 30m.
    r = run(data, "notify", "run", "--once", now="2026-12-04T15:10:00Z")
    got = filing_mails(ms)
    ok(len(got) == 1 and got[0].rcpt_tos == ["incident@example.jp"],
       "the deadline passed: the manager is told once", got)
    if got:
        ok("を過ぎました" in got[0].msg.get_content(), "saying it passed",
           got[0].msg.get_content())
    ms.clear()
    r = run(data, "notify", "run", "--once", now="2026-12-04T15:20:00Z")
    ok(filing_mails(ms) == [], "no escalation within the grace")
    r = run(data, "notify", "run", "--once", now="2026-12-04T15:31:00Z")
    got = filing_mails(ms)
    ok(len(got) == 1 and got[0].rcpt_tos == ["president@example.jp"],
       "after the grace: escalated to the level's owner (chief) once", got)
    if got:
        ok("30分過ぎても提出の記録がありません" in got[0].msg.get_content(),
           "saying how long it is overdue", got[0].msg.get_content())
    ms.clear()
    r = run(data, "notify", "run", "--once", now="2026-12-04T16:00:00Z")
    ok(filing_mails(ms) == [], "each reminder once")

    db = sqlite3.connect(os.path.join(data, "moshimo.db"))
    rows = db.execute("SELECT state FROM outbox WHERE purpose = 'filing'").fetchall()
    ok(len(rows) == 3 and all(s == "sent" for (s,) in rows),
       "three outbox rows of purpose filing, all sent", rows)
    keys = [k for (k,) in db.execute(
        "SELECT key FROM reminders_sent WHERE key LIKE 'filing/%' ORDER BY key")]
    ok(len(keys) == 3 and all(k.startswith("filing/1/ppc_prompt/") for k in keys),
       "three reminders_sent keys for the 速報", keys)
    db.close()
    r = run(data, "show", "1", now="2026-12-04T16:00:00Z")
    ok("届け出・通知「個人情報保護委員会への速報」の期限（2026-12-04 23:59）切れを" in r.stdout,
       "the timeline records the reminder", r.stdout[-2000:])

    # Recorded as filed: the 確報's reminder (a day before its deadline) is
    # the next, and the 速報 gets nothing more.
    r = run(data, "filing", "done", "1", "ppc_prompt", "--date", "2026-12-05",
            now="2026-12-05T01:00:00Z")
    ok(r.returncode == 0, "the 速報 recorded as filed", r.stderr)
    r = run(data, "notify", "run", "--once", now="2027-01-20T01:00:00Z")
    ok(filing_mails(ms) == [], "nothing until the day before the 確報's deadline")
    r = run(data, "notify", "run", "--once", now="2027-01-27T15:30:00Z")
    got = filing_mails(ms)
    ok(len(got) == 1 and "個人情報保護委員会への確報" in got[0].msg.get_content() and
       "近づいています" in got[0].msg.get_content(),
       "one reminder a day before the 確報's deadline (2027-01-28)", got)
finish()
