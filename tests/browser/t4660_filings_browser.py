"""Filings in a real browser (headless chromium): the dashboard's row with
the next legal deadline, the incident page's line, marking the 速報 filed
with the file actually sent chosen in the form's file input (kept byte for
byte with its SHA-256), and 代替措置 for 本人への通知 through its form;
screenshots at 390 and 1280 px wide in $BUILD/screenshots/filings/ (copies
in docs/screenshots/filings/)."""
import hashlib
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "web"))
import webdriver  # noqa: E402
from webdriver import Driver  # noqa: E402
from webtest import PASSWORD, TMP, Server, add_user, finish, make_token, ok  # noqa: E402

webdriver.require_browser()

webdriver.SHOTS = os.path.join(webdriver.SHOTS, "filings")
srv = Server().start()
add_user(srv.data, "boss", "manager", display="情報管理 鈴木")
api = srv.client(token=make_token(srv.data, "manager"))
r = api.post("/api/v1/incidents", js={
    "title": "顧客DBがランサムウェアで暗号化", "sign": "ransom_screen",
    "impact": {"personal_data": True, "business": True},
    "facts": {"persons": 5000, "data_kinds": "氏名、住所"}})
iid = r.json()["id"]
base = f"http://127.0.0.1:{srv.port}"
sent = os.path.join(TMP, "sokuhou-sent.pdf")
with open(sent, "wb") as f:
    f.write(b"%PDF-1.4\n% the report as sent\n" + bytes(range(256)))
notice = os.path.join(TMP, "kouhyou.html")
with open(notice, "w", encoding="utf-8") as f:
    f.write("<p>当社ウェブサイトに掲載したお知らせ</p>\n")
d = Driver()


def js(script, *args):
    return d.s("POST", "/execute/sync", {"script": script, "args": list(args)})


try:
    d.size(1280, 900)
    d.login(base, "boss", PASSWORD)
    page = d.text("ダッシュボード")
    d.go(base + "/?auto=0")
    page = d.text("届出期限")
    ok("届出期限: " in page and "（個人情報保護委員会への速報）" in page,
       "the dashboard's row shows the next legal deadline", page[-800:])
    d.shot("dashboard-deadline-1280.png")
    d.size(390, 844)
    d.full_shot("dashboard-deadline-390.png", 390)
    d.size(1280, 900)
    d.go(base + f"/incidents/{iid}")
    page = d.text("届け出・通知へ")
    ok("届出期限: " in page and "届け出・通知へ" in page, "the incident page's line")
    d.click("p.filing-next a")
    page = d.text("法律で必要なもの")
    ok(d.url().endswith(f"/incidents/{iid}/filings"), "the link opens the filings page")

    done = f'form[action="/incidents/{iid}/filings/ppc_prompt/done"]'
    js("document.querySelector(arguments[0]).closest('details').open = true;", done)
    js("document.querySelector(arguments[0] + ' input[name=date]').value = '2026-12-02';", done)
    d.type(done + ' input[name="ref"]', "PPC-2026-77")
    d.s("POST", f"/element/{d.find(done + ' input[type=file]')}/value", {"text": sent})
    d.click(done + " button")
    page = d.text("sokuhou-sent.pdf")
    digest = hashlib.sha256(open(sent, "rb").read()).hexdigest()
    ok("提出済み" in page and "PPC-2026-77" in page and digest in page,
       "filed: the file's name and SHA-256 on the page", page[:600])
    db = sqlite3.connect(os.path.join(srv.data, "moshimo.db"))
    row = db.execute("SELECT draft, sha256 FROM filings WHERE kind = 'ppc_prompt'").fetchone()
    ok(row and bytes(row[0]) == open(sent, "rb").read() and row[1] == digest,
       "the bytes the browser sent are kept")

    sub = f'form[action="/incidents/{iid}/filings/persons_notice/substitute"]'
    js("document.querySelector(arguments[0]).closest('details').open = true;", sub)
    js("document.querySelector(arguments[0] + ' input[name=date]').value = '2026-12-03';", sub)
    d.type(sub + ' input[name="published"]', "https://example.jp/news/1203")
    d.type(sub + ' input[name="desk"]', "0120-000-000（平日9〜17時）")
    d.type(sub + ' textarea[name="reason"]', "連絡先が分からない本人が多い")
    d.s("POST", f"/element/{d.find(sub + ' input[type=file]')}/value", {"text": notice})
    d.click(sub + " button")
    page = d.text("代替措置（公表・問合せ窓口）（")
    ok("代替措置（公表・問合せ窓口）（" in page and "0120-000-000（平日9〜17時）" in page and
       "kouhyou.html" in page, "代替措置 recorded and shown", page[:900])
    st = db.execute("SELECT published, desk FROM filing_substitutes").fetchall()
    ok(st == [("https://example.jp/news/1203", "0120-000-000（平日9〜17時）")],
       "its row in the database", st)
    db.close()
    js("window.scrollTo(0, 0);")
    d.full_shot("filings-done-substitute-1280.png", 1280)
    d.size(390, 844)
    d.full_shot("filings-done-substitute-390.png", 390)
    # The timeline's filing events carry a SHA-256 (64 characters, no
    # break): on a phone they wrap instead of widening the page.
    d.go(base + f"/incidents/{iid}")
    d.text("提出済み")
    widths = js("return [document.documentElement.scrollWidth, "
                "document.documentElement.clientWidth];")
    ok(widths[0] <= widths[1], f"the incident page fits 390 px (scroll width {widths})")
finally:
    d.quit()
    srv.stop()
finish()
