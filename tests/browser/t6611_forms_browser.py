"""Editing the policy later without YAML, in a real browser (headless
chromium): a person added on the people page is in the manual's contact
list; a level's chain changed on the escalation page is what `moshimo
check` accepts and what the manual prints; a bad duration is refused next
to its field, the value typed kept and policy.yaml unchanged; the forms
and the revision list are never wider than a 360 px window. Screenshots
at 390 and 1280 px in $BUILD/screenshots/forms/ (copies kept in
docs/screenshots/forms/ when FORMS_SHOTS_DOCS is set)."""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "web"))
import webdriver  # noqa: E402
from webdriver import Driver  # noqa: E402
from webtest import MOSHIMO, PASSWORD, TMP, Server, add_user, finish, ok  # noqa: E402

webdriver.require_browser()

webdriver.SHOTS = os.path.join(webdriver.SHOTS, "forms")
KEEP = os.environ.get("FORMS_SHOTS_DOCS")
DOCS = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "screenshots", "forms")
if KEEP:
    os.makedirs(DOCS, exist_ok=True)
data = os.path.join(TMP, "data")
subprocess.run([MOSHIMO, "init", data], check=True, capture_output=True)
pol = os.path.join(data, "policy.yaml")
srv = Server(data).start()
add_user(data, "kanri", "admin", display="総務 佐藤")
base = f"http://127.0.0.1:{srv.port}"
d = Driver()


def js(script, *args):
    return d.s("POST", "/execute/sync", {"script": script, "args": list(args)})


def shot(name, w):
    d.size(w, 900)  # the page's height at this width
    path = d.full_shot(name, w)
    if KEEP:
        shutil.copy(path, os.path.join(DOCS, name))


def no_sideways(name, w):
    d.size(w, 900)
    m = js("""
        const out = [];
        for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right > window.innerWidth + 0.5 && r.width > 0) out.push(
                el.tagName + (el.className ? '.' + el.className : '') + ' ' + Math.round(r.right));
        }
        return {sw: document.documentElement.scrollWidth, iw: window.innerWidth,
                out: out.slice(0, 5)};""")
    ok(m["sw"] <= m["iw"], f"{name} at {w} px: no sideways scrolling",
       f"scrollWidth {m['sw']} > {m['iw']}: {m['out']}")


def check():
    r = subprocess.run([MOSHIMO, "check", "--quiet", "--data", data], capture_output=True,
                       text=True)
    return r.returncode, r.stdout + r.stderr


try:
    d.size(1280, 900)
    d.login(base, "kanri", PASSWORD)
    d.text("ダッシュボード")

    # a new person, then the manual's contact list
    d.go(base + "/admin/setup")
    d.click('a[href="/admin/setup/people"]')
    ok("新しい人を加える" in d.text("新しい人を加える"), "かんたん設定 leads to the people page")
    d.type("#p-name", "鈴木 一郎")
    d.click('#person-new input[name="roles"][value="sysadmin"]')
    d.type("#p-phone", "０３－１２３４－５６７８")
    d.type("#p-email", "ichiro@example.co.jp")
    d.click('#person-new button[type="submit"]')
    page = d.text("保存しました")
    ok("保存しました" in page and "鈴木 一郎" in page, "the new person is saved and listed")
    d.go(base + "/manual/document")
    page = d.text("確認がないときの連絡の順番")
    i = page.rfind("緊急連絡先", 0, page.find("確認がないときの連絡の順番"))
    ok("鈴木 一郎" in page[i:] and "03-1234-5678" in page[i:],
       "the manual's contact list has them (full-width digits written as ASCII)", page[i:i + 600])

    # the escalation chain: a bad duration first
    d.go(base + "/admin/setup/escalation")
    d.text("連絡の順番")
    before = open(pol, encoding="utf-8").read()
    js("document.querySelector('#after-3-1').value = '';")
    d.type("#after-3-1", "15分後")
    d.click('#chain-3 button[type="submit"]')
    page = d.text("入力を確かめてください")
    err = js("const e = document.querySelector('#after-3-1-err'); return e ? e.textContent : null;")
    ok(err is not None and "15m" in err, "a bad duration is refused next to its field", str(err))
    ok(js("return document.querySelector('#after-3-1').value;") == "15分後",
       "the value typed is kept")
    ok(js("return document.querySelector('#after-3-1').getAttribute('aria-describedby');")
       == "after-3-1-err", "the field points at its error")
    ok(open(pol, encoding="utf-8").read() == before, "policy.yaml is unchanged")
    js("document.querySelector('#after-3-1-err').scrollIntoView({block: 'center'});")
    d.shot("escalation-error-1280.png")
    if KEEP:
        shutil.copy(os.path.join(webdriver.SHOTS, "escalation-error-1280.png"), DOCS)
    d.size(390, 844)
    js("document.querySelector('#after-3-1-err').scrollIntoView({block: 'center'});")
    d.shot("escalation-error-390.png")
    if KEEP:
        shutil.copy(os.path.join(webdriver.SHOTS, "escalation-error-390.png"), DOCS)
    d.size(1280, 900)

    # now a good chain: 10 minutes, the chief and the new sysadmin's role
    js("document.querySelector('#after-3-1').value = '';")
    d.type("#after-3-1", "10m")
    d.click('#chain-3 button[type="submit"]')
    page = d.text("保存しました")
    ok("保存しました" in page, "the corrected chain is saved")
    text = open(pol, encoding="utf-8").read()
    ok("      - after: 10m\n        notify: [chief]\n" in text, "policy.yaml has the new wait")
    rc, out = check()
    ok(rc == 0, "moshimo check accepts it", out[-400:])
    d.go(base + "/manual/document")
    page = d.text("確認がないときの連絡の順番")
    i = page.rfind("確認がないときの連絡の順番")
    ok("10分後：代表取締役" in page[i:i + 400] and "15分後" not in page[i:i + 200],
       "the manual prints the same chain", page[i:i + 300])

    # a revision whose note and saver are long words without a break
    edited = os.path.join(TMP, "edited.yaml")
    with open(edited, "w", encoding="utf-8") as f:
        f.write(open(pol, encoding="utf-8").read() + "# edited on the terminal\n")
    long_note = "https://example.co.jp/" + "x" * 120
    r = subprocess.run([MOSHIMO, "revision", "save", edited, "--note", long_note,
                        "--as", "outsourced-provider-administrator-account", "--data", data],
                       capture_output=True, text=True)
    ok(r.returncode == 0 and os.path.exists(os.path.join(data, "revisions", "000004.json")),
       "a revision with a long note is saved from the terminal", r.stdout + r.stderr)
    d.go(base + "/admin/revisions")
    ok(long_note in d.text("版の一覧"), "the revision list shows it")

    # the pages on a phone and on a desk
    for path, name in (("/admin/setup/people", "people"), ("/admin/setup/escalation",
                                                            "escalation"),
                       ("/admin/setup/signs", "signs"), ("/admin/setup/checks", "checks"),
                       ("/admin/setup/bcp", "bcp"), ("/admin/revisions", "revisions"),
                       ("/admin/revisions?a=1&b=4", "revisions-diff")):
        d.size(1280, 900)
        d.go(base + path)
        d.text("moshimo")
        no_sideways(name, 360)
        no_sideways(name, 1280)
    d.go(base + "/admin/setup/people")
    d.text("新しい人を加える")
    shot("people-1280.png", 1280)
    shot("people-390.png", 390)
    d.size(1280, 900)
    d.go(base + "/admin/setup/bcp")
    d.text("システムを加える")
    shot("bcp-390.png", 390)
    d.size(1280, 900)
    d.go(base + "/admin/revisions")
    d.text("版の一覧")
    shot("revisions-360.png", 360)
finally:
    d.quit()
    srv.stop()
finish()
