"""The revisions pages in a real browser (headless chromium): the YAML
editor refusing a broken text with its finding beside the line, saving a
good one, the revisions list with a diff, restoring one, recording the
review; screenshots at 390 and 1280 px wide in $BUILD/screenshots/revisions/
(copies in docs/screenshots/revisions/)."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "web"))
import webdriver  # noqa: E402
from webdriver import Driver  # noqa: E402
from webtest import MOSHIMO, PASSWORD, TMP, Server, add_user, finish, ok  # noqa: E402

webdriver.require_browser()

webdriver.SHOTS = os.path.join(webdriver.SHOTS, "revisions")
data = os.path.join(TMP, "data")
subprocess.run([MOSHIMO, "init", data], check=True, capture_output=True)
pol = os.path.join(data, "policy.yaml")
orig = open(pol, encoding="utf-8").read()
srv = Server(data).start()
add_user(data, "kanri", "admin", display="総務 佐藤")
base = f"http://127.0.0.1:{srv.port}"
d = Driver()


def set_text(text):
    d.s("POST", "/execute/sync", {"script": "document.querySelector('#text').value = arguments[0];",
                                  "args": [text]})


try:
    d.size(1280, 900)
    d.login(base, "kanri", PASSWORD)
    d.text("ダッシュボード")
    d.go(base + "/admin/policy/edit")
    ok("policy.yaml）を直接編集" in d.text("直接編集"), "the editor opens")
    broken = orig.replace("    name: 〇〇 〇〇", "    name:〇〇 〇〇", 1).replace(
        "  name: 株式会社〇〇", "  name: 株式会社もしも商事", 1)
    set_text(broken)
    d.type("#note", "社名を記入")
    d.click('main form[action="/admin/policy/edit"] button[type="submit"]')
    page = d.text("保存しませんでした")
    ok("保存しませんでした" in page and "のコロン（:）の後に半角スペースがありません" in page,
       "a broken text is refused with its finding")
    ok(open(pol, encoding="utf-8").read() == orig, "policy.yaml is unchanged")
    val = d.s("POST", "/execute/sync", {"script": "return document.querySelector('#text').value;",
                                        "args": []})
    ok(val == broken, "the browser's textarea still has the text typed")
    d.s("POST", "/execute/sync", {"script": "window.scrollTo(0, 0);", "args": []})
    d.shot("editor-error-1280.png")
    d.size(390, 844)
    d.shot("editor-error-390.png")
    d.size(1280, 900)
    set_text(broken.replace("    name:〇〇 〇〇", "    name: 〇〇 〇〇", 1))
    d.click('main form[action="/admin/policy/edit"] button[type="submit"]')
    page = d.text("第2版として保存しました")
    ok("第2版として保存しました" in page, "the corrected text is saved as revision 2")
    ok(b"\r" not in open(pol, "rb").read(), "with LF line ends (the browser sent CRLF)")
    d.click('button[type="submit"].small')  # 差分を見る (1 → 2)
    page = d.text("の差分")
    ok("株式会社もしも商事" in page and "株式会社〇〇" in page, "the diff shows both lines")
    n = d.s("POST", "/execute/sync", {
        "script": "return document.querySelectorAll('pre.diff .d-add, pre.diff .d-del').length;",
        "args": []})
    ok(n == 2, f"and only those two ({n})")
    d.full_shot("revisions-diff-1280.png", 1280)
    d.size(390, 844)
    d.full_shot("revisions-diff-390.png", 390)
    d.size(1280, 900)
    d.type("#review-note", "連絡先と届出先を確認")
    d.click('form[action="/admin/review"] button[type="submit"]')
    page = d.text("第3版として保存しました")
    ok("連絡先と届出先を確認" in page, "the review is recorded from its button")
    d.click('form[action="/admin/revisions/1/restore"] button[type="submit"]')
    page = d.text("第4版として保存しました")
    ok("第4版として保存しました" in page, "restoring revision 1 makes revision 4")
    ok(open(pol, encoding="utf-8").read() == orig, "policy.yaml is revision 1's text")
    d.full_shot("revisions-list-1280.png", 1280)
finally:
    d.quit()
    srv.stop()
finish()
