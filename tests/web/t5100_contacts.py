"""疎通確認 end to end with real parts: `moshimo contacts verify` sends each
person's test message through a real SMTP server (aiosmtpd) and a real
webhook receiver; the link in the mail opens a page on a real `moshimo
serve`; its GET confirms nothing, its POST confirms once; a second POST,
an altered and an expired link are refused with a Japanese page and a 4xx.
`contacts list` and `check` show the state; Admin sends the checks too."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from hooksink import HookSink  # noqa: E402
from mailsink import MailSink  # noqa: E402
from webtest import MOSHIMO, PASSWORD, Server, add_user, cli, finish, ok  # noqa: E402

TMP = os.environ.get("TMPDIR", "/tmp")


def setup_data():
    data = os.path.join(TMP, "data")
    subprocess.run([MOSHIMO, "init", data], check=True, capture_output=True)
    pol = os.path.join(data, "policy.yaml")
    text = open(pol, encoding="utf-8").read()
    text = text.replace("    email: president@*****.co.jp",
                        "    email: president@example.jp\n    chat: office", 1)
    text = text.replace("  - id: president\n    name: 〇〇 〇〇", "  - id: president\n    name: 髙橋 一郎", 1)
    text = text.replace("    email: incident@*****.co.jp", "    email: incident@example.jp", 1)
    open(pol, "w", encoding="utf-8").write(text)
    return data


def write_notify(data, ms, hs, public_url):
    path = os.path.join(data, "notify.yaml")
    with open(path, "w") as f:
        f.write(f"""public_url: {public_url}
smtp: {{url: "{ms.url}", from: "moshimo <moshimo@example.jp>"}}
timeouts: {{connect: 2, total: 10}}
webhooks:
  - {{id: office, kind: slack, url: "{hs.url('/slack/SECRET')}"}}
""")
    os.chmod(path, 0o600)


def link_of(mail):
    body = mail.msg.get_content()
    m = re.search(r"(https?://\S+/verify/([A-Za-z0-9_.-]+))", body)
    return (m.group(1), m.group(2)) if m else (None, None)


def run(*args, env=None):
    e = dict(os.environ)
    e.update(env or {})
    r = subprocess.run([MOSHIMO, *args], capture_output=True, text=True, timeout=120, env=e)
    return r.returncode, r.stdout, r.stderr


data = setup_data()
srv = Server(data).start()
base = f"http://127.0.0.1:{srv.port}"
with MailSink() as ms, HookSink() as hs:
    write_notify(data, ms, hs, base)

    rc, out, err = run("check", "--data", data)
    ok("never confirmed" in err and "policy.yaml:" in err,
       "check warns: contacts never confirmed", err[-600:])

    rc, out, err = run("contacts", "verify", "--data", data,
                       env={"LANG": "C", "LC_ALL": "C", "LANGUAGE": ""})
    ok(rc == 0, "contacts verify: exit 0", out + err)
    ok("sent: 髙橋 一郎 (email)" in out and "sent: 髙橋 一郎 (office)" in out
       and "3 test messages sent, 0 not sent" in out,
       "contacts verify reports each channel sent", out)
    mails = ms.wait(2)
    ok(len(mails) == 2, "two test mails arrived (president, incident manager)", mails)
    by_to = {m.rcpt_tos[0]: m for m in mails}
    pres = by_to.get("president@example.jp")
    ok(pres is not None and "髙橋 一郎" in str(pres.msg["To"]),
       "the president's mail is addressed to 髙橋 一郎", pres and str(pres.msg["To"]))
    subj = str(pres.msg["Subject"]) if pres else ""
    text = pres.msg.get_content() if pres else ""
    ok(subj == "【moshimo】疎通確認 髙橋 一郎さん（メール）"
       and text.splitlines()[:1] == ["髙橋 一郎さん"] and "「届いたことを確認する」ボタン" in text
       and "この連絡先（メール）" in text,
       "the test mail is Japanese even when the CLI runs in the C locale", subj + "\n" + text)
    hooks = hs.wait(1)
    ok(hooks and "/verify/" in hooks[0].body.decode(), "the chat webhook got a verify link too",
       hooks)
    url, token = link_of(pres)
    ok(url and url.startswith(base + "/verify/"), "the mail holds PUBLIC_URL/verify/TOKEN", url)

    rc, out, err = run("contacts", "list", "--data", data)
    ok(rc == 0 and "never confirmed" in out and "髙橋 一郎" in out,
       "contacts list: sent, not confirmed", out)

    c = srv.client()
    path = "/verify/" + token
    r = c.get(path)
    ok(r.status == 200 and "届いたことを確認する" in r.text and "髙橋 一郎" in r.text
       and "メール" in r.text, "GET shows who, which channel and a button", r.text[:400])
    r2 = c.get(path)
    rc, out, err = run("contacts", "list", "--data", data)
    line = [x for x in out.splitlines() if "髙橋" in x and "email" in x]
    ok(r2.status == 200 and line and "never confirmed" in line[0],
       "two GETs (a mail scanner) confirm nothing", out)
    csrf = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
    r = c.post(path, form={"csrf": csrf})
    ok(r.status == 200 and "確認しました" in r.text, "POST confirms", r.text[:400])
    rc, out, err = run("contacts", "list", "--data", data)
    line = [x for x in out.splitlines() if "髙橋" in x and "email" in x]
    ok(line and line[0].rstrip().endswith("confirmed") and "never" not in line[0],
       "contacts list: the president's e-mail is confirmed", out)
    r = c.post(path, form={"csrf": csrf})
    ok(r.status == 409 and "すでに完了" in r.text, "a second POST is refused (409, Japanese)",
       (r.status, r.text[:300]))
    r = c.get(path)
    ok(r.status == 409 and "すでに完了" in r.text, "the used link's page says it was used",
       r.status)

    # Altered: one character changed (in the signed part).
    i = len(token) // 3
    bad = token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1:]
    r = c.get("/verify/" + bad)
    ok(r.status == 400 and "書き換えられた" in r.text, "an altered link: 400 with a clear page",
       r.status)
    r = c.post("/verify/" + bad, form={"csrf": csrf})
    ok(r.status == 400, "an altered link's POST: 400", r.status)
    r = c.post(path, form={"csrf": "wrong"})
    ok(r.status == 403, "a POST without our form token: 403", r.status)

    # Expired: a check sent "8 days ago" (test clock).
    ms.clear()
    rc, out, err = run("contacts", "verify", "--person", "incident_manager", "--data", data,
                       env={"MOSHIMO_NOW": "2020-01-01T00:00:00Z"})
    mails = ms.wait(1)
    ok(rc == 0 and len(mails) == 1 and mails[0].rcpt_tos == ["incident@example.jp"],
       "--person sends to that person only", out + err)
    url2, token2 = link_of(mails[0]) if mails else (None, None)
    r = c.get("/verify/" + (token2 or "x.y"))
    ok(r.status == 410 and "有効期限" in r.text, "an expired link: 410 with a clear page",
       r.status)
    r = c.post("/verify/" + (token2 or "x.y"), form={"csrf": csrf})
    ok(r.status == 410, "an expired link's POST: 410", r.status)

    rc, out, err = run("check", "--data", data)
    pres_warn = [x for x in err.splitlines() if "president" in x and "email" in x
                 and "confirmed" in x]
    ok(not pres_warn and "office of \"president\" was never confirmed" in err,
       "check: the confirmed e-mail no longer warns, the chat still does", err[-800:])

    # The manual's contact list: the last 疎通確認 per channel (and 未確認).
    rc, out, err = run("manual", "--data", data)
    pres = [x for x in out.splitlines() if "疎通確認：" in x]
    ok(rc == 0 and any(re.search(r"疎通確認：メール \d{4}-\d{2}-\d{2}、チャット（office） 未確認", x)
                       for x in pres)
       and any("疎通確認：メール 未確認" in x for x in pres),
       "manual --data: the contact list shows each channel's last confirmation or 未確認",
       "\n".join(pres) or out[:1500])
    rc, out, err = run("manual", "--format", "html", "--data", data)
    ok(rc == 0 and "疎通確認：" in out, "the HTML manual too")
    nodb = os.path.join(TMP, "nodb")
    os.makedirs(nodb, exist_ok=True)
    with open(os.path.join(nodb, "policy.yaml"), "w", encoding="utf-8") as f:
        f.write(open(os.path.join(data, "policy.yaml"), encoding="utf-8").read())
    rc, out, err = run("manual", "--data", nodb)
    ok(rc == 0 and "疎通確認：" not in out and not os.path.exists(os.path.join(nodb, "moshimo.db")),
       "without a database the manual says nothing of 疎通確認 and creates none", err)

    # Admin: the section and its button.
    add_user(data, "boss", "admin")
    a = srv.client()
    ok(a.login("boss"), "an admin logs in")
    r = a.get("/admin")
    ok(r.status == 200 and "疎通確認を送る" in r.text and "確認済み" in r.text
       and "未確認" in r.text, "Admin lists persons × channels with their state", r.text[-1500:])
    ms.clear()
    hs.clear()
    csrf_a = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
    r = a.post("/admin/contacts/verify", form={"csrf": csrf_a})
    ok(r.status == 200 and r.text.count("送信しました") == 3,
       "Admin's 疎通確認を送る sends three test messages", r.text[-1200:])
    ok(len(ms.wait(2)) == 2 and len(hs.wait(1)) == 1, "the mails and the chat post arrived")
    log = srv.stderr()
    ok(token not in log and "SECRET" not in log, "the server's log holds no link token or "
       "webhook secret")
srv.stop()
finish()
