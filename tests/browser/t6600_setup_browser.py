"""The guided setup in the real browser (headless chromium through
chromedriver): from `moshimo init` the administrator follows the banner on
the dashboard through the setup pages, answers the template's questions (a
bad answer is refused next to its field with the other values kept), and
ends with a policy that `moshimo check` finds no placeholder in and a
manual PDF with the company's name and no 〇〇. Screenshots at 390 and
1280 px in $BUILD/screenshots/."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "web"))
sys.path.insert(0, os.path.dirname(__file__))
import webdriver  # noqa: E402
from webdriver import SHOTS, Driver  # noqa: E402
from webtest import MOSHIMO, Server, finish, ok  # noqa: E402

TMP = os.environ.get("TMPDIR", "/tmp")
NEW_PASSWORD = "setup-browser-passphrase"

webdriver.require_browser()

# every answer of the fixture, by question id (what a president types)
ANSWERS = {}
for line in open(os.path.join(os.path.dirname(__file__), "..", "fixtures", "setup", "answers.yaml"),
                 encoding="utf-8"):
    if line.startswith("#") or ":" not in line:
        continue
    k, v = line.split(":", 1)
    ANSWERS[k.strip()] = v.strip().strip('"')


def field(qid):
    return f'input[id="q-{qid}"]'


def value(d, qid):
    return d.s("GET", f"/element/{d.find(field(qid))}/property/value")


def fill(d, ids):
    for qid in ids:
        if qid in ANSWERS:  # the optional ones the fixture leaves out stay empty
            d.type(field(qid), ANSWERS[qid])


def inputs(d):
    """The ids of the questions on this page."""
    return d.s("POST", "/execute/sync", {
        "script": "return Array.from(document.querySelectorAll('form.setup input[type=text]'))"
                  ".map(e => e.name);", "args": []})


data = os.path.join(TMP, "data")
subprocess.run([MOSHIMO, "init", data], check=True, capture_output=True)
srv = Server(data).start()
base = f"http://127.0.0.1:{srv.port}"
d = Driver()
try:
    d.size(1280, 900)
    d.login(base, "admin", srv.admin_password)
    d.wait_url("/account")
    d.text("アカウント")
    d.type("#current", srv.admin_password)
    d.type("#new", NEW_PASSWORD)
    d.type("#again", NEW_PASSWORD)
    d.click('main button[type="submit"]')
    d.text("パスワードを変更しました")

    d.go(base + "/")
    page = d.text("かんたん設定をはじめる")
    ok("未記入" in page and "かんたん設定をはじめる" in page,
       "the dashboard tells the administrator that placeholders remain")
    d.shot("6600-01-dashboard-banner.png")
    d.click("#setup-banner a")
    page = d.text("はじめる")
    ok("会社" in page and "役割を担う人" in page, "the setup lists its steps")
    d.click("#setup-start")
    d.wait_url("/admin/setup/1")

    # 1 company
    fill(d, ["company_name", "related"])
    d.click('form.setup button[type="submit"]')
    d.wait_url("/admin/setup/2?msg=saved")

    # 2 people: the chief's name left empty is refused; the others kept
    ids = inputs(d)
    ok("president.name" in ids and "incident_manager.name" in ids, f"the role holders' names {ids}")
    fill(d, [i for i in ids if i != "president.name"])
    d.click('form.setup button[type="submit"]')
    page = d.text("赤い欄")
    ok(d.find('[id="e-president.name"]') is not None, "the empty name's error is next to its field")
    ok(value(d, "incident_manager.name") == ANSWERS["incident_manager.name"],
       "the other names are kept after the error")
    d.full_shot("6600-02-people-error-1280.png", 1280)
    d.size(1280, 900)
    fill(d, ["president.name"])
    d.click('form.setup button[type="submit"]')
    d.wait_url("/admin/setup/3?msg=saved")

    # 3 contacts: the person named twice is asked once; a bad phone refused
    ids = inputs(d)
    ok("system_admin.phone" not in ids, "one name for two roles: their contacts asked once")
    fill(d, ids)
    d.type(field("president.phone"), "電話します")
    d.click('form.setup button[type="submit"]')
    d.text("赤い欄")
    err_el = d.find('[id="e-president.phone"]')
    err = d.s("GET", f"/element/{err_el}/text")
    ok("phone" in err or "電話" in err, f"the bad phone is refused next to its field ({err})")
    ok(value(d, "president.email") == ANSWERS["president.email"], "the e-mail typed is kept")
    d.size(390, 844)
    d.shot("6600-03-contacts-error-390.png")
    d.size(1280, 900)
    d.type(field("president.phone"), "０９０－１１１１－２２２２")  # full-width is fine
    d.click('form.setup button[type="submit"]')
    d.wait_url("/admin/setup/4?msg=saved")

    # 4 bcp, 5 outside, 6 review
    for n in (4, 5, 6):
        ids = inputs(d)
        ok(len(ids) > 0, f"step {n} asks {len(ids)} questions")
        fill(d, ids)
        if n == 5:
            d.size(390, 844)
            d.full_shot("6600-04-outside-390.png", 390)
            d.size(1280, 900)
        d.click('form.setup button[type="submit"]')
        if n < 6:
            d.wait_url(f"/admin/setup/{n + 1}?msg=saved")
    d.wait_url("/admin/setup?msg=saved")
    page = d.text("未記入はありません")
    ok("未記入はありません" in page, "the setup says nothing is left to fill in")
    d.shot("6600-05-done-1280.png")
    d.go(base + "/")
    page = d.text("ダッシュボード")
    ok("かんたん設定をはじめる" not in page, "the dashboard's banner is gone")
    ok("株式会社もしも商事" in page, "the header shows the company's name")

    # editing later: the same page shows the saved value and changes it
    d.go(base + "/admin/setup/3")
    d.text("連絡先")
    ok(value(d, "president.phone") == "090-1111-2222", "the saved phone is shown (as ASCII)")
    d.type(field("president.phone"), "090-9999-0000")
    d.click('form.setup button[type="submit"]')
    d.wait_url("/admin/setup/4?msg=saved")

    # roles and level owners: a person left without a role is refused, kept as typed
    d.go(base + "/admin/setup/roles")
    d.text("役割の割り当て")
    d.click('input[name="roles.sales_manager"][value="sales_head"]')  # unchecks the only one
    d.click('form.setup button[type="submit"]')
    page = d.text("役割を一つ以上選んでください")
    ok("「高橋 三郎」の役割を一つ以上選んでください" in page, "a person without a role is refused, named",
       page[:400])
    box = d.find('input[name="roles.sales_manager"][value="sales_head"]')
    ok(not d.s("GET", f"/element/{box}/selected"), "the unchecked box stays unchecked after the error")
    d.click('input[name="roles.sales_manager"][value="sales_head"]')
    d.click('input[name="roles.general_affairs_head"][value="committee"]')
    d.s("POST", "/execute/sync", {"script": "document.getElementById('owner-1').value = 'sysadmin';",
                                   "args": []})
    d.size(390, 844)
    d.shot("6600-06-roles-390.png")
    d.size(1280, 900)
    d.click('form.setup button[type="submit"]')
    page = d.text("保存しました")
    ok("保存しました" in page, "roles and a level's owner saved")
finally:
    d.quit()
    srv.stop()

r = subprocess.run([MOSHIMO, "check", "--data", data], capture_output=True, text=True)
ok(r.returncode == 0, "moshimo check passes", r.stderr[-2000:])
ok("placeholder" not in r.stderr, "and warns of no placeholder", r.stderr[-2000:])
pol = open(os.path.join(data, "policy.yaml"), encoding="utf-8").read()
ok("phone: 090-9999-0000" in pol, "the later edit is in policy.yaml")
ok("roles: [general_affairs, committee]" in pol, "the role added on the roles page is in policy.yaml")
import re  # noqa: E402
ok(re.search(r"- level: 1\n    owner: sysadmin\n", pol) is not None, "level 1's owner is changed")
ok("# 〇〇・○○・△△・◇◇・**** は自社の情報に置き換えてください" in pol, "its comments are kept")
revs = [f for f in os.listdir(os.path.join(data, "revisions")) if f.endswith(".yaml")]
ok(len(revs) >= 7, f"each saved page is a revision ({len(revs)})")
txt = subprocess.run(["pdftotext", os.path.join(data, "manual.pdf"), "-"],
                     capture_output=True, text=True).stdout
ok("株式会社もしも商事" in txt, "manual.pdf has the company's name")
ok("〇〇" not in txt and "○○" not in txt, "manual.pdf has no 〇〇")
ok(len([f for f in os.listdir(SHOTS) if f.startswith("6600-")]) >= 5, f"screenshots in {SHOTS}")
finish()
