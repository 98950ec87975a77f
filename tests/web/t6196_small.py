"""The smaller points of issue 10: requests with two Content-Length or two
Transfer-Encoding headers, or an encoded NUL in the path, are refused; a
status given with a reopen is honoured; a title of only spaces is refused;
bidi overrides and line/paragraph separators are removed from one-line
fields; a reporter cannot pre-fill cause, measures or lessons; the
server's error pages carry the security headers."""
import os
import sqlite3

from webtest import Server, add_user, finish, make_token, ok, raw, report

srv = Server().start()
add_user(srv.data, "resp", "responder")
mgr = srv.client(token=make_token(srv.data, "manager"))
rep = srv.client(token=make_token(srv.data, "reporter"))
db = sqlite3.connect(os.path.join(srv.data, "moshimo.db"))


def count():
    return db.execute("SELECT count(*) FROM incidents").fetchone()[0]


def headers_ok(out):
    head = out.split(b"\r\n\r\n")[0].decode("latin-1")
    return "Content-Security-Policy: " in head and "X-Content-Type-Options: nosniff" in head


# Request smuggling shapes and encoded NUL.
form = b"Content-Type: application/x-www-form-urlencoded\r\n"
st, out = raw(srv.port, b"POST /login HTTP/1.1\r\nHost: x\r\n" + form +
              b"Content-Length: 5\r\nContent-Length: 7\r\n\r\nabcde")
ok(st == 400 and headers_ok(out), f"two Content-Length headers: 400 ({st})")
st, out = raw(srv.port, b"POST /login HTTP/1.1\r\nHost: x\r\n" + form +
              b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
ok(st == 400 and headers_ok(out), f"two Transfer-Encoding headers: 400 ({st})")
for path in (b"/static/app.css%00", b"/incidents/1%00.json", b"/healthz%00x", b"/login?next=%00"):
    st, out = raw(srv.port, b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    ok(st == 400 and headers_ok(out), f"an encoded NUL in {path.decode()}: 400 ({st})")
st, _ = raw(srv.port, b"GET /static/app.css HTTP/1.1\r\nHost: x\r\n\r\n")
ok(st == 200, f"the same path without it is served ({st})")

# A reopen with a status.
iid = mgr.post("/api/v1/incidents", js=report(cause="設定ミス", measures="見直し",
                                              lessons="確認手順")).json()["id"]
for step in mgr.get(f"/api/v1/incidents/{iid}").json().get("steps", []):
    mgr.post(f"/api/v1/incidents/{iid}/steps/{step['n']}", js={"state": "skipped", "note": "訓練"})
r = mgr.request("PATCH", f"/api/v1/incidents/{iid}", js={"status": "closed"})
ok(r.status == 200, f"closed ({r.status}: {r.text[:200]})")
r = mgr.request("PATCH", f"/api/v1/incidents/{iid}", js={"status": "triage", "reason": "再調査"})
got = mgr.get(f"/api/v1/incidents/{iid}").json().get("status")
ok(r.status == 200 and got == "triage", f"a reopen with status triage ends in triage ({r.status}, {got})")

# Titles of only spaces.
n = count()
for t in (" ", "   ", "\u3000\u3000", " \t "):
    r = mgr.post("/api/v1/incidents", js=report(title=t))
    ok(r.status == 422, f"a report titled {t!r} is refused ({r.status})")
    r = mgr.request("PATCH", f"/api/v1/incidents/{iid}", js={"title": t})
    ok(r.status == 422, f"so is renaming to {t!r} ({r.status})")
ok(count() == n, "nothing was created")

# Bidi controls and separators in one-line fields.
evil = "請求書\u202e\u2066txt.exe\u2069\u2028二行目\u2029"
r = mgr.post("/api/v1/incidents", js=report(title=evil, reporter={"name": "山田\u202e太郎",
                                                                   "contact": "内線\u2028123"}))
ok(r.status == 201, f"a report with bidi controls ({r.status})")
bid = r.json().get("id")
row = db.execute("SELECT title, reporter_name, reporter_contact FROM incidents WHERE id = ?",
                 (bid,)).fetchone()
ok(row == ("請求書txt.exe二行目", "山田太郎", "内線123"),
   f"they are removed from title, name and contact ({row!r})")
r = mgr.request("PATCH", f"/api/v1/incidents/{bid}", js={"title": "題名\u202a\u202b\u202c\u202d改"})
row = db.execute("SELECT title FROM incidents WHERE id = ?", (bid,)).fetchone()
ok(r.status == 200 and row[0] == "題名改", f"and from a renamed title ({row[0]!r})")
r = mgr.request("PATCH", f"/api/v1/incidents/{bid}", js={"description": "一行目\u2028二行目"})
row = db.execute("SELECT description FROM incidents WHERE id = ?", (bid,)).fetchone()
ok(row[0] == "一行目\u2028二行目", "multi-line text is kept as written")

# A reporter cannot pre-fill the conclusions.
n = count()
for key in ("cause", "measures", "lessons"):
    r = rep.post("/api/v1/incidents", js=report(**{key: "報告者が書いた結論"}))
    ok(r.status in (403, 422), f"a reporter's report with {key}: refused ({r.status})")
ok(count() == n, "and nothing was created")
r = rep.post("/api/v1/incidents", js=report())
ok(r.status == 201, f"a reporter's plain report is taken ({r.status})")
r = mgr.post("/api/v1/incidents", js=report(cause="設定ミス"))
ok(r.status == 201, f"a manager may fill cause ({r.status})")

# Error pages carry the security headers.
c = srv.client()
ok(c.login("resp"), "a responder logs in")
cases = {
    "404 page": ("GET", "/nowhere", None, None),
    "405 page": ("DELETE", "/", None, None),
    "403 csrf": ("POST", f"/incidents/{iid}/notes", b"text=x", "application/x-www-form-urlencoded"),
    "415 page": ("POST", f"/incidents/{iid}/notes", b"x", "text/plain"),
    "413 page": ("POST", "/login", b"x" * 9000, "application/x-www-form-urlencoded"),
}
for name, (m, path, body, ctype) in cases.items():
    r = c.request(m, path, body=body, raw_type=ctype)
    ok(str(r.status) == name[:3] and "default-src 'none'" in (r.header("content-security-policy") or "")
       and r.header("x-content-type-options") == "nosniff", f"{name}: security headers ({r.status})")

rc = srv.stop()
ok(rc == 0, f"the server stops cleanly ({rc})")
finish()
