"""Evidence uploads: a Japanese file name longer than 127 bytes is cut at a
character boundary and keeps its extension; a multipart body without its
closing boundary is refused (400), not kept as a 0-byte evidence file; the
evidence record and its timeline event never show the server's temporary
path."""
import os
import sqlite3
import time

from webtest import Server, add_user, finish, make_token, multipart, ok, report

srv = Server().start()
add_user(srv.data, "resp", "responder")
api = srv.client(token=make_token(srv.data, "manager"))
iid = api.post("/api/v1/incidents", js=report()).json()["id"]
c = srv.client()
ok(c.login("resp"), "a responder logs in")
db = sqlite3.connect(os.path.join(srv.data, "moshimo.db"))


def rows():
    return db.execute("SELECT name, source, size, file FROM evidence WHERE incident_id = ? "
                      "ORDER BY n", (iid,)).fetchall()


def files():
    d = os.path.join(srv.data, "evidence", str(iid))
    return sorted(f for f in os.listdir(d) if not f.startswith(".")) if os.path.isdir(d) else []


LONG = "令和7年度_経理部_共有フォルダ_暗号化された請求書一覧_最終版_確認済み_山田さん提出分_その2.xlsx"
assert len(LONG.encode()) > 127, len(LONG.encode())
tok = c.csrf(f"/incidents/{iid}")
body, ctype = multipart({"csrf": tok, "note": "共有フォルダから"}, [("file", LONG, b"PK\x03\x04 data")])
r = c.request("POST", f"/incidents/{iid}/evidence", body=body, raw_type=ctype)
ok(r.status == 303, f"an upload with a {len(LONG.encode())}-byte Japanese name is kept ({r.status})")
got = rows()
name = got[0][0] if got else ""
ok(name.endswith(".xlsx") and "?" not in name and "\ufffd" not in name,
   f"its name keeps the extension and whole characters ({name!r})")
ok(len(name.encode()) <= 127 and LONG.startswith(name[:-5]),
   f"and is the original cut at a character boundary ({len(name.encode())} bytes)")

# The record and the timeline never show where the server kept the upload.
tok = c.csrf(f"/incidents/{iid}")
body, ctype = multipart({"csrf": tok}, [("file", "firewall.log", b"deny 10.0.0.5\n")])
r = c.request("POST", f"/incidents/{iid}/evidence", body=body, raw_type=ctype)
got = rows()
ok(r.status == 303 and len(got) == 2, f"a second upload ({r.status})")
src = " ".join(g[1] for g in got)
texts = [t for (t,) in db.execute("SELECT coalesce(text, '') FROM events WHERE incident_id = ?",
                                  (iid,))]
ok(srv.data not in src and "uploads" not in src and "/up-" not in src,
   f"the evidence's source is not the server's temporary path ({src!r})")
ok(not any(srv.data in t or "/up-" in t for t in texts),
   "nor is the timeline", [t for t in texts if "up-" in t][:1])
page = c.get(f"/incidents/{iid}").text
ok(srv.data not in page and "/up-" not in page, "nor the incident page")

# A body cut before its closing boundary.
before_rows, before_files = len(rows()), files()
tok = c.csrf(f"/incidents/{iid}")
body, ctype = multipart({"csrf": tok}, [("file", "log.txt", b"line 1\nline 2\n" * 100)])
cut = body[:body.rindex(b"\r\n--")]
r = c.request("POST", f"/incidents/{iid}/evidence", body=cut, raw_type=ctype)
ok(r.status == 400, f"a multipart body without its closing boundary is refused ({r.status})")
ok(len(rows()) == before_rows and files() == before_files,
   f"and nothing was kept ({rows()[before_rows:]}, {files()})")
cut = body[:len(body) // 2]
r = c.request("POST", f"/incidents/{iid}/evidence", body=cut, raw_type=ctype)
ok(r.status == 400 and len(rows()) == before_rows, f"nor one cut in the middle of the file ({r.status})")
uploads = os.path.join(srv.data, "uploads")
deadline = time.time() + 5      # removed when the request ends, just after its reply
while os.listdir(uploads) and time.time() < deadline:
    time.sleep(0.1)
ok(not os.listdir(uploads), f"no temporary upload is left behind ({os.listdir(uploads)})")

rc = srv.stop()
ok(rc == 0, f"the server stops cleanly ({rc})")
finish()
