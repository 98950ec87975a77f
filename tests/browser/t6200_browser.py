"""A real browser: Debian's chromium, headless, driven by chromedriver over
the W3C WebDriver HTTP API (stdlib only). An employee files a report from
a phone-sized window through the report link; the administrator logs in
with the one-time password, sets their own, opens the incident from the
dashboard and marks a step done. Screenshots go to $BUILD/screenshots/."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "web"))
sys.path.insert(0, os.path.dirname(__file__))
import webdriver  # noqa: E402
from webdriver import SHOTS, Driver  # noqa: E402
from webtest import Server, finish, ok  # noqa: E402

NEW_PASSWORD = "browser-test-passphrase"

webdriver.require_browser()


srv = Server().start()
base = f"http://127.0.0.1:{srv.port}"
d = Driver()
try:
    # An employee on a phone, through the report link.
    d.size(390, 844)
    d.go(base + srv.link)
    ok("インシデントを報告する" in d.text("インシデントを報告する"), "the report form opens from the link")
    d.shot("01-report-form-phone.png")
    d.click('input[name="sign"][value="ransom_screen"]')
    d.type("#device", "経理部のノートPC")
    d.click('input[name="impact"][value="business"]')
    d.type("#details", "画面に英語の脅迫文が出て、共有フォルダのファイルが開けません。")
    d.type("#name", "経理部 山田")
    d.type("#contact", "内線 123")
    d.full_shot("02-report-filled-phone.png", 390)
    d.click('main button[type="submit"]')
    page = d.text("報告を受け付けました")
    ok("報告を受け付けました" in page, "the employee sees the report was received")
    ok("INC-0001" in page, "with the incident number")
    ok("電源を切らない" in page and "身代金を支払わない" in page,
       "and the policy's don'ts for a ransom screen")
    ok("ネットワークから切り離す" in page, "and what to do now")
    d.full_shot("03-report-received-phone.png", 390)

    # The administrator on a PC: one-time password, then their own.
    d.size(1280, 900)
    d.login(base, "admin", srv.admin_password)
    ok(d.wait_url("/account").endswith("/account"),
       "the first login goes to the password change")
    d.text("アカウント")
    d.type("#current", srv.admin_password)
    d.type("#new", NEW_PASSWORD)
    d.type("#again", NEW_PASSWORD)
    d.click('main button[type="submit"]')
    ok("パスワードを変更しました" in d.text("パスワードを変更しました"), "the administrator sets their own password")
    d.go(base + "/")
    page = d.text("INC-0001")
    ok("ダッシュボード" in page and "INC-0001" in page, "the dashboard lists the new incident")
    d.shot("04-dashboard.png")
    d.click('a[href="/incidents/1"]')
    ok("対応手順" in d.text("対応手順"), "the incident page shows the checklist")
    d.full_shot("05-incident.png", 1280)
    d.size(1280, 900)
    # Step 1 (the discoverer's 発生の報告) was done by reporting.
    state = d.s("GET", f"/element/{d.find('#step-1 .state')}/text")
    ok(state == "完了", f"step 1, the report itself, is shown as done ({state})")
    d.click('#step-2 button[type="submit"]')
    page = d.text("チェックリストを更新しました")
    ok("チェックリストを更新しました" in page, "one click marks step 2 done")
    state = d.s("GET", f"/element/{d.find('#step-2 .state')}/text")
    ok(state == "完了", f"step 2 is shown as done ({state})")
    d.shot("06-step-done.png")
    d.go(base + "/manual")
    d.shot("07-manual.png")
    d.go(base + "/admin")
    d.full_shot("08-admin.png", 1280)
finally:
    d.quit()
    srv.stop()

r = srv.client  # the server is stopped; check what the browser did through the database
import sqlite3  # noqa: E402
db = sqlite3.connect(os.path.join(srv.data, "moshimo.db"))
state = db.execute("SELECT state, by FROM steps WHERE incident_id = 1 AND n = 2").fetchone()
ok(state[0] == "done", f"the database has step 2 done by {state[1]}")
ok(len(os.listdir(SHOTS)) >= 8, f"screenshots saved in {SHOTS}")
finish()
