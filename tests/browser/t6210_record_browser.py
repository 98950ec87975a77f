"""The record form in a real browser (headless chromium): a 16 KB
multi-line Japanese description is filled in and saved; then another
field is typed and saved. The browser posts every textarea back with CR LF
line ends (the HTML form submission rule); the stored description must
stay byte-identical and only the typed field may log 「記録の更新」."""
import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "web"))
sys.path.insert(0, os.path.dirname(__file__))
from webtest import PASSWORD, Server, add_user, finish, make_token, ok, report  # noqa: E402
import webdriver  # noqa: E402

webdriver.require_browser()

LINE = "経理部の共有フォルダ「＼＼fs01＼経理」のファイルが暗号化され、拡張子が .locked に変わった。𠮷野家の領収書も開けない。"
DESC = "\n".join(f"{i:03d} {LINE}" for i in range(1, 120)) + "\n\n　以上（全角空白で始まる行）\n"
assert len(DESC.encode()) > 16 * 1024, len(DESC.encode())

srv = Server().start()
add_user(srv.data, "resp", "responder", display="対応 太郎")
api = srv.client(token=make_token(srv.data, "manager"))
iid = api.post("/api/v1/incidents", js=report(description=DESC)).json()["id"]
db = sqlite3.connect(os.path.join(srv.data, "moshimo.db"))


def stored(field="description"):
    return db.execute(f"SELECT {field} FROM incidents WHERE id = ?", (iid,)).fetchone()[0]


def field_events():
    return [r[0] for r in db.execute("SELECT field FROM events WHERE incident_id = ? AND "
                                     "kind = 'field' ORDER BY id", (iid,))]


base = f"http://127.0.0.1:{srv.port}"
d = webdriver.Driver()
try:
    d.size(1280, 900)
    d.login(base, "resp", PASSWORD)
    d.wait_url("/")
    d.go(base + f"/incidents/{iid}")
    d.text("記録を保存")
    shown = d.s("POST", "/execute/sync", {
        "script": "return document.querySelector('#f-description').value;", "args": []})
    ok(shown == DESC, f"the record form shows the whole {len(DESC.encode())}-byte description",
       f"{len(shown.encode())} bytes shown")

    # A report's long description (LF line ends, from the API); the
    # responder types another field and saves.
    d.type("#f-business", "株式会社もしも 経理部")
    d.click(f'form[action="/incidents/{iid}/fields"] button[type="submit"]')
    ok("保存しました" in d.text("保存しました"), "the record form saves")
    ok(stored("business") == "株式会社もしも 経理部", "the typed field is saved")
    ok(stored() == DESC, "the description is byte-identical after saving another field",
       f"{len(stored().encode())} bytes, CR in it: {chr(13) in stored()}")
    ok(field_events() == ["business"], f"only the typed field logged 記録の更新 ({field_events()})")

    # A new description pasted in (typing 16 KB key by key takes minutes);
    # the browser's own form submission sends it with CR LF.
    new = DESC.replace("経理部", "総務部")
    d.s("POST", "/execute/sync", {
        "script": "document.querySelector('#f-description').value = arguments[0];",
        "args": [new]})
    d.click(f'form[action="/incidents/{iid}/fields"] button[type="submit"]')
    deadline = time.time() + 20     # the same page again: wait for the database
    while len(field_events()) < 2 and time.time() < deadline:
        time.sleep(0.2)
    d.text("保存しました")
    ok(stored() == new, "a pasted 16 KB description is stored with LF line ends, byte for byte",
       f"{len(stored().encode())} bytes, CR in it: {chr(13) in stored()}")
    ok(field_events() == ["business", "description"], f"one more event ({field_events()})")
    DESC = new
    d.full_shot("t6210-record-saved.png", 1280)

    # Saving again without touching anything changes nothing.
    d.size(1280, 900)
    d.click(f'form[action="/incidents/{iid}/fields"] button[type="submit"]')
    ok("変更はありませんでした" in d.text("変更はありませんでした"),
       "a save without edits logs nothing")
    ok(field_events() == ["business", "description"] and stored() == DESC,
       "and rewrites nothing")
finally:
    d.quit()
    srv.stop()
finish()
