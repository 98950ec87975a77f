"""moshimo notify send --role ROLE --subject S --body B: queued in the
outbox, sent by notify run --once to a real SMTP server (mailsink.py), only
to the people holding ROLE. Run through tests/t7010-notify-send.sh."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import notifyfix  # noqa: E402
from mailsink import MailSink  # noqa: E402
from webtest import finish, ok  # noqa: E402


def run(data, *args):
    r = subprocess.run([os.environ["MOSHIMO"], *args, "--data", data], capture_output=True,
                       text=True, timeout=60)
    return r.returncode, r.stdout, r.stderr


def outbox(data):
    rc, out, _ = run(data, "notify", "list", "--json")
    return json.loads(out) if rc == 0 else None


BODY = "moshimo-backup.service が失敗しました。\njournalctl -u moshimo-backup.service を確認してください。"

with MailSink() as ms:
    data = notifyfix.make_data(ms.url)
    rc, out, err = run(data, "notify", "send", "--role", "sysadmin",
                       "--subject", "バックアップに失敗しました（server1）", "--body", BODY)
    ok(rc == 0, "notify send queues the message (exit 0)", out + err)
    ok("1 message(s) queued" in out, "and says how many", out)
    rows = outbox(data) or []
    ok(len(rows) == 1 and rows[0].get("purpose") == "backup" and
       rows[0].get("person") == "system_admin", "one outbox row, purpose backup, for system_admin",
       json.dumps(rows, ensure_ascii=False)[:600])
    rc, out, err = run(data, "notify", "run", "--once")
    ok(rc == 0, "notify run --once sends it", out + err)
    got = ms.wait(1)
    ok(len(got) == 1 and got[0].rcpt_tos == ["sysadmin@example.co.jp"],
       "the SMTP server receives it for the 情報システム管理者 only", repr(got))
    if got:
        m = got[0].msg
        ok(m["Subject"] == "【moshimo】バックアップに失敗しました（server1）",
           "the subject has the moshimo prefix", m["Subject"])
        body = m.get_content()
        ok("佐藤 花子さん" in body and "journalctl -u moshimo-backup.service" in body,
           "the body greets the person and carries the text", body[:400])

    # Bad input: said, and nothing queued.
    before = len(outbox(data) or [])
    for args, want, desc in (
            (["--role", "nosuch", "--subject", "x", "--body", "y"], 1, "an unknown role"),
            (["--role", "sysadmin", "--subject", "a\nb", "--body", "y"], 1, "a two-line subject"),
            (["--role", "sysadmin", "--subject", "", "--body", "y"], 1, "an empty subject"),
            (["--role", "sysadmin", "--body", "y"], 2, "no --subject"),
            (["--role", "sysadmin", "--subject", "x", "--body", "y", "extra"], 2, "an extra argument")):
        rc, out, err = run(data, "notify", "send", *args)
        ok(rc == want and err.strip(), f"{desc}: exit {want} with a message", f"{rc} {err}")
    ok(len(outbox(data) or []) == before, "bad input queued nothing")
    rc, out, err = run(data, "notify", "send", "--role", "nosuch", "--subject", "x", "--body", "y")
    ok('"nosuch"' in err, "the unknown role is named", err)

# No notify.yaml: nobody can be told, exit 1 (the failed unit shows it).
data0 = notifyfix.make_data(None)
rc, out, err = run(data0, "notify", "send", "--role", "sysadmin", "--subject", "x", "--body", "y")
ok(rc == 1 and "sysadmin" in err, "without notify.yaml: exit 1, nobody can be told", f"{rc} {err}")
finish()
