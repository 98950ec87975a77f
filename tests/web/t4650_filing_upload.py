"""The web side of filings, issue 13's rest: the dashboard's rows and the
incident page show the next legal deadline (and the incident page marks
each filing 必要（法定）/推奨/検討) (the 速報, then the 確報 once
the 速報 is filed); marking a filing done uploads the file actually sent
(multipart), kept byte for byte with its SHA-256 and immutable; 代替措置
(公表 and an inquiry desk) for 本人への通知 is its own recorded state with
its label, refused without its fields or for a filing that has none."""
import hashlib
import json
import os
import sqlite3

from webtest import Server, add_user, cli, finish, make_token, multipart, ok

srv = Server().start()
add_user(srv.data, "boss", "manager")
api = srv.client(token=make_token(srv.data, "manager"))
r = api.post("/api/v1/incidents", js={
    "title": "顧客DBがランサムウェアで暗号化", "sign": "ransom_screen",
    "impact": {"personal_data": True, "business": True},
    "facts": {"persons": 5000, "data_kinds": "氏名、住所"}})
iid = r.json()["id"]
boss = srv.client()
ok(boss.login("boss"), "a manager logs in")

t = boss.get("/?auto=0").text
ok("届出期限: " in t and "（個人情報保護委員会への速報）" in t,
   "the dashboard's row shows the next legal deadline, the 速報", t[-1500:])
t = boss.get(f"/incidents/{iid}").text
ok('class="filing-next"' in t and "届出期限: " in t and "個人情報保護委員会への速報" in t and
   f'href="/incidents/{iid}/filings"' in t, "the incident page has the line with a link")
ok("個人情報保護委員会への速報 <span class=\"need\">【必要（法定）】</span>" in t and
   "警察への相談・被害届 <span class=\"need\">【推奨】</span>" in t,
   "the incident page's filings say 必要（法定） or 推奨")

# Done with the file actually sent.
sent = "個人情報保護委員会への速報（送信したもの）\n".encode() + bytes(range(256))
body, ctype = multipart({"csrf": boss.csrf(f"/incidents/{iid}/filings"), "date": "2026-12-02",
                         "ref": "PPC-9"}, [("file", "sent-report.pdf", sent)])
r = boss.post(f"/incidents/{iid}/filings/ppc_prompt/done", body=body, raw_type=ctype)
ok(r.status == 303, "done with an upload: 303", r.text[:300])
db = sqlite3.connect(os.path.join(srv.data, "moshimo.db"), isolation_level=None)
row = db.execute("SELECT draft, sha256, draft_name FROM filings WHERE kind = 'ppc_prompt'").fetchone()
digest = hashlib.sha256(sent).hexdigest()
ok(row and bytes(row[0]) == sent and row[1] == digest and row[2] == "sent-report.pdf",
   "the uploaded bytes are kept with their SHA-256 and name", row and row[1:])
t = boss.get(f"/incidents/{iid}/filings").text
ok(digest in t and "sent-report.pdf" in t, "the page shows the kept file and its SHA-256")
try:
    db.execute("UPDATE filings SET draft = x'00' WHERE kind = 'ppc_prompt'")

    ok(False, "the database refuses to change the kept file")
except sqlite3.DatabaseError:
    ok(True, "the database refuses to change the kept file")
t = boss.get("/?auto=0").text
ok("（個人情報保護委員会への確報）" in t and "（個人情報保護委員会への速報）" not in t,
   "the dashboard moves on to the 確報")

# 代替措置 for the notice to the persons.
url = f"/incidents/{iid}/filings/persons_notice/substitute"
t = boss.get(f"/incidents/{iid}/filings").text
ok("代替措置（公表・問合せ窓口）を記録する" in t, "persons_notice offers 代替措置")
ok(t.count("代替措置（公表・問合せ窓口）を記録する") == 1, "and only it")
fields = {"date": "2026-12-03", "published": "https://example.jp/news/1203",
          "desk": "0120-000-000（平日9〜17時）", "reason": "連絡先が分からない本人が多い"}
body, ctype = multipart(dict(fields, csrf=boss.csrf("/"), desk=""))
r = boss.post(url, body=body, raw_type=ctype)
ok(r.status == 422 and "問合せ窓口を入力してください" in r.text, "no desk: 422, says what",
   str(r.status))
body, ctype = multipart(dict(fields, csrf=boss.csrf("/")))
r = boss.post(f"/incidents/{iid}/filings/ppc_final/substitute", body=body, raw_type=ctype)
ok(r.status == 422 and "代替措置がありません" in r.text, "a filing without 代替措置: 422",
   str(r.status))
notice = "当社ウェブサイトでのお知らせ（公表文）\n".encode()
body, ctype = multipart(dict(fields, csrf=boss.csrf("/")), [("file", "notice.html", notice)])
r = boss.post(url, body=body, raw_type=ctype)
ok(r.status == 303, "代替措置 recorded: 303", r.text[:300])
t = boss.get(f"/incidents/{iid}/filings").text
ok("代替措置（公表・問合せ窓口）" in t and "https://example.jp/news/1203" in t and
   "0120-000-000（平日9〜17時）" in t and "連絡先が分からない本人が多い" in t,
   "shown with its label, the place, the desk and why")
ok(hashlib.sha256(notice).hexdigest() in t, "the 公表文 as published kept with its SHA-256")
r = api.get("/api/v1/incidents?status=all")
item = [i for i in r.json()["items"] if i["id"] == iid]
ok(item and "filing_due" in item[0] and "filing_due_kind" in item[0],
   "the API's list has each item's next legal filing deadline, as list --json", item)
r = api.get(f"/api/v1/incidents/{iid}/filings")
pn = [f for f in r.json() if f["id"] == "persons_notice"]
ok(pn and pn[0]["state"] == "substituted" and pn[0]["done_at"].startswith("2026-12-03") and
   pn[0]["substitute"] == {"published": fields["published"], "desk": fields["desk"],
                           "reason": fields["reason"]}, "the API's JSON", pn)
body, ctype = multipart(dict(fields, csrf=boss.csrf("/")))
r = boss.post(url, body=body, raw_type=ctype)
ok(r.status == 409, "recording it again is refused: 409", str(r.status))
try:
    db.execute("DELETE FROM filing_substitutes")

    ok(False, "the database refuses to delete 代替措置")
except sqlite3.DatabaseError:
    ok(True, "the database refuses to delete 代替措置")
db.close()
rc, out, err = cli(srv.data, "filing", "list", str(iid))
ok(rc == 0 and ("代替措置（公表・問合せ窓口）" in out or "substitute measures" in out),
   "the CLI shows the state", out[:600])
rc, out, err = cli(srv.data, "audit", "verify")
ok(rc == 0 and "audit chain OK" in out, "the audit chain verifies", out + err)
srv.stop()
finish()
