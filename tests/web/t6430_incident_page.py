"""The incident page has what the PDF has (HTTP, a real server): each
evidence file downloads byte for byte for a responder, with a
Content-Disposition whose names cannot break the header (an ASCII name
and the whole Japanese one as filename*), and not for a reporter; the
decision points of the policy (003) are recorded from the page and shown
with their question; a level change shows in the timeline in words with
its reason; the filings have their link; times are in the policy's zone."""
import os
import re
import sqlite3
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from webtest import Server, add_user, cli, finish, make_token, ok, report  # noqa: E402

srv = Server().start()
add_user(srv.data, "mgr", "manager", display="情報 太郎")
add_user(srv.data, "rep", "reporter", display="経理 花子")
api = srv.client(token=make_token(srv.data, "manager"))
iid = api.post("/api/v1/incidents", js=report(
    title="顧客名簿の流出", category="leak",
    impact={"personal_data": True, "customers": True})).json()["id"]
db = sqlite3.connect(os.path.join(srv.data, "moshimo.db"))
DATA = os.urandom(3000) + b'"; filename=evil.sh\r\nX-Injected: 1'
tmp = os.path.join(os.environ.get("TMPDIR", "/tmp"), '流出した名簿"; x.csv')
with open(tmp, "wb") as f:
    f.write(DATA)
rc, out, err = cli(srv.data, "evidence", "add", str(iid), tmp)
ok(rc == 0, "a file with a Japanese name with a quote is kept as evidence", err)

c = srv.client()
ok(c.login("mgr"), "the manager logs in")
t = c.get(f"/incidents/{iid}").text
m = re.search(rf'href="(/incidents/{iid}/evidence/1)" download>', t)
ok(m, "the evidence table links each file for download")
r = c.get(f"/incidents/{iid}/evidence/1")
ok(r.status == 200 and r.body == DATA, f"it downloads byte for byte ({r.status}, {len(r.body)})")
cd = r.header("content-disposition") or ""
ok(r.header("content-type") == "application/octet-stream" and "\r" not in cd and "\n" not in cd,
   "as application/octet-stream", cd)
m = re.fullmatch(r'attachment; filename="([A-Za-z0-9._-]+)"; filename\*=UTF-8\'\'([A-Za-z0-9%!#$&+.^_`|~-]+)', cd)
ok(m and urllib.parse.unquote(m.group(2)) == '流出した名簿"; x.csv',
   "with a safe ASCII name and the whole name as filename*", cd)
ok(r.header("x-content-type-options") == "nosniff", "never sniffed")
ok(c.get(f"/incidents/{iid}/evidence/9").status == 404, "a file that is not there: 404")
rep = srv.client()
rep.login("rep")
ok(rep.get(f"/incidents/{iid}/evidence/1").status == 403, "a reporter may not download evidence")

# The decision points (003) on the page.
ok('id="decisions"' in t and "判断ポイント" in t, "the page has the decision points")
m = re.search(r'name="point" value="([^"]+)"><label for="([^"]+)">([^<]+)</label>', t)
ok(m, "each open point is a form with its question")
point, question = m.group(1), m.group(3)
csrf = re.search(r'name="csrf" value="([^"]+)"', t).group(1)
r = c.post(f"/incidents/{iid}/decisions", form={"csrf": csrf, "point": point,
                                                "decision": "個人情報保護委員会に報告する",
                                                "why": "顧客の氏名と住所を含む"})
ok(r.status == 303, f"a decision is recorded (303, {r.status})")
row = db.execute("SELECT phase || '/' || point, decision, why FROM decisions WHERE incident_id = ? "
                 "ORDER BY id DESC LIMIT 1", (iid,)).fetchone()
ok(row == (point, "個人情報保護委員会に報告する", "顧客の氏名と住所を含む"), f"stored ({row})")
t = c.get(f"/incidents/{iid}").text
dec = t[t.find('id="decisions"'):]
ok(question in dec[:dec.find("</ul>")] and "個人情報保護委員会に報告する" in dec,
   "and shown under its question")
r = c.post(f"/incidents/{iid}/decisions", form={"csrf": csrf, "point": point, "decision": ""})
ok(r.status == 422, f"an empty decision is refused ({r.status})")

# A level change with its reason, in words.
r = c.post(f"/incidents/{iid}/level", form={"csrf": csrf, "level": "2",
                                            "reason": "流出は社内の1件に限られた"})
ok(r.status == 303, "the level is changed")
t = c.get(f"/incidents/{iid}").text
tl = t[t.find('id="timeline"'):]
tl = tl[:tl.find("</ol>")]
ok("レベル3 → レベル2" in tl and "流出は社内の1件に限られた" in tl,
   "the timeline says the level change in words with its reason", re.sub(r"<[^>]+>", " ", tl)[-600:])
ok(not re.search(r"\b(todo|done|reported|triage)\s*→", tl), "no raw values in the timeline")
ok(srv.data not in t and "/up-" not in t, "no server paths on the page",
   [l for l in t.splitlines() if srv.data in l or "/up-" in l][:3])
ok(re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", t) and "Z<" not in t and "UTC" not in t,
   "times in the policy's zone, never UTC")
ok(f'href="/incidents/{iid}/filings"' in t, "the filings section links to the filings page")
srv.stop()
finish()
