"""Screenshots of issue 9's pages at 390 px and 1280 px (headless chromium
through tests/browser/webdriver.py): the report result page with and without
notify.yaml, /ack/TOKEN (GET, after POST, used, altered, expired), /verify/TOKEN
and its result, Admin's outbox and 疎通確認, the dashboard's warning and the
incident page's 連絡と確認. Run through the test environment:
  MOSHIMO=$PWD/build/moshimo BUILD=build TMPDIR=$(mktemp -d) python3 tools/notify_screens.py
Pictures go to $BUILD/screenshots/notify/ (docs/screenshots/notify/ keeps a
selection)."""
import os
import re
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "web"))
sys.path.insert(0, os.path.join(ROOT, "tests", "browser"))
import webdriver  # noqa: E402
from mailsink import MailSink  # noqa: E402
from webtest import PASSWORD, Server, add_user  # noqa: E402

webdriver.SHOTS = os.path.join(os.environ.get("BUILD", "build"), "screenshots", "notify")
Driver = webdriver.Driver
PUB = "http://127.0.0.1"
T0 = 1795507200  # 2026-11-24T08:00:00Z, 17:00 in Tokyo


def rfc(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


PEOPLE = """people:
  - id: president
    name: 髙橋 一郎
    roles: [chief]
    phone: 090-1111-1111
    email: president@example.co.jp
  - id: incident_manager
    name: 山田 太郎
    roles: [manager]
    phone: 090-2222-2222
    email: incident@example.co.jp
  - id: system_admin
    name: 佐藤 花子
    roles: [sysadmin, first_responder]
    phone: 090-3333-3333
    email: system@example.co.jp

"""


def at(d, name, css):
    """The part of the page from the element css on, at both widths."""
    for w in (390, 1280):
        d.size(w, 844 if w == 390 else 900)
        d.s("POST", "/execute/sync", {
            "script": "document.querySelector(arguments[0]).scrollIntoView();", "args": [css]})
        d.shot(f"{name}-{w}.png")


def both(d, name, full=True):
    for w in (390, 1280):
        d.size(w, 844 if w == 390 else 900)
        if full:
            d.full_shot(f"{name}-{w}.png", w)
        else:
            d.size(w, 844 if w == 390 else 900)
            d.shot(f"{name}-{w}.png")


def report(d, base, link):
    d.size(390, 844)
    d.go(base + link)
    d.text("インシデントを報告する")
    d.click('input[name="sign"][value="device_lost"]')
    d.click('input[name="impact"][value="customers"]')
    d.type("#details", "顧客名簿の入ったノートPCを電車に置き忘れました。")
    d.type("#name", "営業部 鈴木")
    d.click('main button[type="submit"]')
    return d.text("報告を受け付けました")


def links(m, kind):
    return re.findall(r"(http://127\.0\.0\.1/%s/[A-Za-z0-9_.\-]+)" % kind, m.msg.get_content())


def login(d, base, name):
    d.size(1280, 900)
    d.go(base + "/login")
    d.type("#name", name)
    d.type("#password", PASSWORD)
    d.click('main button[type="submit"]')
    d.wait_url("/")


d = Driver()
try:
    # Without notify.yaml.
    srv = Server().start()
    base = f"http://127.0.0.1:{srv.port}"
    print(report(d, base, srv.link)[:400])
    both(d, "01-report-nobody")
    srv.stop()

    with MailSink() as sink:
        srv = Server()
        os.makedirs(srv.data, exist_ok=True)
        pol = open(os.path.join(ROOT, "data/policy.yaml"), encoding="utf-8").read()
        a, b = pol.index("\npeople:\n"), pol.index("\nlevels:\n")
        pol = pol[:a + 1] + PEOPLE + pol[b + 1:]
        p = os.path.join(srv.data, "policy.yaml")
        open(p, "w", encoding="utf-8").write(pol)
        os.chmod(p, 0o600)
        add_user(srv.data, "kanri", "admin", display="管理 次郎")
        conf = os.path.join(srv.data, "notify.yaml")
        with open(conf, "w") as f:
            f.write(f'public_url: {PUB}\nsmtp: {{url: "{sink.url}", '
                    f'from: "moshimo <moshimo@example.co.jp>"}}\n')
        os.chmod(conf, 0o600)
        os.environ["MOSHIMO_NOW"] = rfc(T0)
        srv = Server(srv.data).start()
        base = f"http://127.0.0.1:{srv.port}"
        sink.reply("system@example.co.jp", "550 5.1.1 <system@example.co.jp>: user unknown")
        link = srv.link
        print(report(d, base, link)[:400])
        both(d, "02-report-notified")
        mails = sink.wait(1)
        time.sleep(2)
        mails = list(sink.messages)
        for m in mails:
            print("MAIL to", m.rcpt_tos)
            print(m.raw.decode("utf-8", "replace")[:3000] if isinstance(m.raw, bytes) else m.raw)
            print("DECODED SUBJECT", m.msg["Subject"])
            print(m.msg.get_content())
        ack = links(mails[0], "ack")[0].replace(PUB, base)
        d.go(ack)
        d.text("対応します")
        both(d, "03-ack-get")
        d.size(390, 844)
        d.go(ack)
        d.text("対応します")
        d.click('main button[type="submit"]')
        d.text("確認しました")
        both(d, "04-ack-done")
        d.go(ack)
        d.text("使用済み")
        both(d, "05-ack-used")
        bad = ack[:-3] + ("A" if ack[-3] != "A" else "B") + ack[-2:]
        d.go(bad)
        d.text("確認できません")
        both(d, "06-ack-altered")
        # 疎通確認
        from webtest import cli
        rc, out, err = cli(srv.data, "contacts", "verify", "--person", "president")
        print(out, err)
        vm = sink.wait(len(mails) + 1)
        time.sleep(1)
        vlinks = [x for m in sink.messages for x in links(m, "verify")]
        print("verify links", vlinks)
        if vlinks:
            d.go(vlinks[-1].replace(PUB, base))
            d.text("届いたことを確認する")
            both(d, "07-verify-get")
            d.size(390, 844)
            d.go(vlinks[-1].replace(PUB, base))
            d.text("届いたことを確認する")
            d.click("#confirm")
            d.text("確認しました")
            both(d, "08-verify-done")
        login(d, base, "kanri")
        d.go(base + "/")
        d.text("ダッシュボード")
        both(d, "09-dashboard")
        d.go(base + "/incidents/1")
        d.text("連絡と確認")
        at(d, "10-incident-ack", "#ack")
        d.go(base + "/admin")
        d.text("管理")
        at(d, "11-admin-contacts", "#contacts")
        at(d, "12-admin-outbox", "#outbox")
        other = [x for m in mails for x in links(m, "ack")][-1]
        srv.stop()
        os.environ["MOSHIMO_NOW"] = rfc(T0 + 30 * 86400)
        srv = Server(srv.data).start()
        nb = f"http://127.0.0.1:{srv.port}"
        d.go(other.replace(PUB, nb))
        d.text("確認できません")
        both(d, "13-ack-expired")
        srv.stop()
finally:
    d.quit()
