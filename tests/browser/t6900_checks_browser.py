"""Peacetime checks in a real browser (headless chromium): a check done
long ago (backup_restore, every 3M) shows as overdue on the dashboard's 平時
panel with a link to it; the link leads to the 平時の点検 page, whose form
records it with a note and a file (kept under its SHA-256); the panel then
no longer lists it. The panel's other lines (placeholders, review, contacts,
the last drill) link where each is fixed. Posts without a note, with an
unknown id or without the CSRF token are refused and record nothing.
Screenshots at 390 and 1280 px in $BUILD/screenshots/checks/ (copies in
docs/screenshots/checks/)."""
import hashlib
import os
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "web"))
import webdriver  # noqa: E402
from webdriver import Driver  # noqa: E402
from webtest import (MOSHIMO, PASSWORD, TMP, Server, add_user, finish, multipart,  # noqa: E402
                     ok)

webdriver.require_browser()

webdriver.SHOTS = os.path.join(webdriver.SHOTS, "checks")
data = os.path.join(TMP, "data")
subprocess.run([MOSHIMO, "init", data], check=True, capture_output=True)
env = dict(os.environ, MOSHIMO_USER="佐藤", MOSHIMO_NOW="2020-01-06T01:00:00Z")
subprocess.run([MOSHIMO, "checks", "done", "backup_restore", "--note", "NASから復元できた",
                "--data", data], check=True, capture_output=True, env=env)
subprocess.run([MOSHIMO, "checks", "done", "drill", "--note", "訓練：ランサムウェア",
                "--data", data], check=True, capture_output=True,
               env=dict(env, MOSHIMO_NOW="2026-11-20T05:00:00Z"))
add_user(data, "kanri", "admin", display="総務 佐藤")
add_user(data, "tantou", "responder", display="情シス 鈴木")
srv = Server(data).start()
base = f"http://127.0.0.1:{srv.port}"
d = Driver()


def rows():
    db = sqlite3.connect(os.path.join(data, "moshimo.db"))
    r = db.execute("SELECT check_id, who, note, evidence_sha256 FROM check_results "
                   "ORDER BY id").fetchall()
    db.close()
    return r


def js(script):
    return d.s("POST", "/execute/sync", {"script": script, "args": []})


try:
    d.size(1280, 900)
    d.login(base, "tantou", PASSWORD)
    page = d.text("平時の備え")
    ok("平時の備え" in page, "the dashboard has the 平時 panel")
    cls = js("return document.querySelector('#ready-checks').className;")
    ok(cls == "overdue", "the overdue-checks line is marked", cls)
    link = js("return document.querySelector('#ready-checks a[href=\"/checks#check-backup_restore\"]')"
              " ? document.querySelector('#ready-checks a[href=\"/checks#check-backup_restore\"]')"
              ".textContent : null;")
    ok(link and "バックアップ" in link, "the overdue check is listed, linking to it", link)
    txt = js("return document.querySelector('#ready-checks').innerText;")
    ok("期限切れ" in txt, "as 期限切れ", txt)
    drill = js("return document.querySelector('#ready-drill').innerText;")
    ok("2026-11-20" in drill and "訓練：ランサムウェア" in drill,
       "the last drill with its date and note", drill)
    ph = js("return document.querySelector('#ready-placeholders').innerText;")
    ok("未記入" in ph, "placeholders left are counted", ph)
    hrefs = js("return Array.from(document.querySelectorAll('#readiness a'))"
               ".map(a => a.getAttribute('href'));")
    ok("/admin/setup" not in hrefs and "/checks" in hrefs,
       "a responder gets the links they may use (no admin links)", hrefs)
    js("document.querySelector('#readiness').scrollIntoView();")
    d.shot("dashboard-panel-1280.png")
    d.size(390, 844)
    js("document.querySelector('#readiness').scrollIntoView();")
    d.shot("dashboard-panel-390.png")
    d.size(1280, 900)

    d.click('#ready-checks a[href="/checks#check-backup_restore"]')
    page = d.text("平時の点検")
    ok("/checks" in d.url(), "the link opens the checks page", d.url())
    cls = js("return document.querySelector('#check-backup_restore').className;")
    ok("overdue" in cls, "the check is marked overdue there", cls)
    d.shot("checks-1280.png")
    d.size(390, 844)
    d.click("#check-backup_restore summary")
    js("document.querySelector('#check-backup_restore').scrollIntoView();")
    d.shot("checks-overdue-390.png")
    d.size(1280, 900)

    proof = os.path.join(TMP, "restore-test.txt")
    open(proof, "w").write("2026-12-01 restore test: 1,024 files, no difference\n")
    d.type("#note-backup_restore", "NASのスナップショットから1,024件を復元、差分なし")
    el = d.find("#file-backup_restore")
    d.s("POST", f"/element/{el}/value", {"text": proof})
    d.click('form[action="/checks/backup_restore/done"] button[type="submit"]')
    page = d.text("点検の実施を記録しました")
    ok("点検の実施を記録しました" in page, "the page says it was recorded")
    r = rows()
    want = hashlib.sha256(open(proof, "rb").read()).hexdigest()
    ok(len(r) == 3 and r[-1] == ("backup_restore", "情シス 鈴木",
                                 "NASのスナップショットから1,024件を復元、差分なし", want),
       "recorded with who, the note and the file's SHA-256", r[-1:])
    ok(os.path.isfile(os.path.join(data, "evidence", "checks", want)), "the file is kept")
    cls = js("return document.querySelector('#check-backup_restore').className;")
    ok("overdue" not in cls, "the check is no longer overdue", cls)
    item = js("return document.querySelector('#check-backup_restore').innerText;")
    ok("期限内" in item and "restore-test.txt" in item and want in item,
       "it shows 期限内, the file and its hash", item)
    d.full_shot("checks-done-1280.png", 1280)
    d.size(390, 844)
    d.full_shot("checks-done-390.png", 390)
    d.size(1280, 900)
    d.go(base + "/checks/backup_restore/evidence")
    d.go(base + "/")
    d.text("平時の備え")
    gone = js("return document.querySelector('#ready-checks a[href=\"/checks#check-backup_restore\"]');")
    ok(gone is None, "the dashboard no longer lists it")

    # Bad posts: nothing recorded.
    c = srv.client()
    ok(c.login("tantou"), "a second session logs in")
    tok = c.csrf("/checks")
    body, ctype = multipart({"csrf": tok, "note": ""})
    r = c.post("/checks/backup_restore/done", body=body, raw_type=ctype)
    ok(r.status == 422 and "結果" in r.text, "a missing note is refused (422)", r.status)
    body, ctype = multipart({"csrf": tok, "note": "x"})
    r = c.post("/checks/no_such/done", body=body, raw_type=ctype)
    ok(r.status == 404, "an unknown check is refused (404)", r.status)
    body, ctype = multipart({"csrf": tok, "note": "見た"})
    r = c.post("/checks/review/done", body=body, raw_type=ctype)
    ok(r.status == 422 and "review done" in r.text, "the review is recorded elsewhere (422)",
       r.status)
    body, ctype = multipart({"note": "CSRFなし"})
    r = c.post("/checks/drill/done", body=body, raw_type=ctype)
    ok(r.status == 403, "no CSRF token: refused (403)", r.status)
    ok(len(rows()) == 3, "nothing more was recorded", rows())
    r = c.get("/checks/drill/evidence")
    ok(r.status == 404, "a result without a file has no evidence to download", r.status)
    r = c.get("/checks/backup_restore/evidence")
    ok(r.status == 200 and r.body == open(proof, "rb").read(), "the evidence downloads as kept",
       r.status)
    rep = srv.client()
    add_user(data, "hokoku", "reporter")
    ok(rep.login("hokoku"), "a reporter logs in")
    ok(rep.get("/checks").status == 403, "a reporter cannot open the checks page")
finally:
    d.quit()
    srv.stop()
finish()
