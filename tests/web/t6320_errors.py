"""Errors by their code (util/err.h's table): an unknown id is 404, an
invalid body 422, a step done twice 409; on a full disk (the database
capped at its size, MOSHIMO_TEST_DB_FULL) a report and a note answer 5xx
with a request id and a fixed text, never SQLite's words, which go to the
server's log under that id; the incident page's form says the same."""
import json
import os

from webtest import Server, add_user, finish, make_token, ok

srv = Server().start()
add_user(srv.data, "resp", "responder")
tok = make_token(srv.data, "manager")
mgr = srv.client(token=tok)
r = mgr.post("/api/v1/incidents", js={"title": "不審なメール", "sign": "suspicious_mail"})
ok(r.status == 201, "report: 201", r.body[:200])
iid = r.json()["id"]

r = mgr.get("/api/v1/incidents/99999")
ok(r.status == 404 and r.json()["error"]["code"] == "not_found", "unknown id: 404 not_found")
r = mgr.post("/api/v1/incidents/99999/notes", js={"text": "x"})
ok(r.status == 404, "a note on an unknown id: 404")
r = mgr.post("/api/v1/incidents", js={"title": 5})
ok(r.status == 422 and r.json()["error"]["code"] == "invalid", "an invalid report: 422 invalid")
r = mgr.post(f"/api/v1/incidents/{iid}/steps/1", js={"state": "done"})
ok(r.status == 200, "step 1 done")
r = mgr.post(f"/api/v1/incidents/{iid}/steps/1", js={"state": "done"})
ok(r.status == 409 and r.json()["error"]["code"] == "conflict", "step 1 done again: 409 conflict",
   r.body[:200])
srv.stop()

# The same data, the database now full.
os.environ["MOSHIMO_TEST_DB_FULL"] = "1"
full = Server(data=srv.data).start()
del os.environ["MOSHIMO_TEST_DB_FULL"]
api = full.client(token=tok)
SQLITE_WORDS = ["disk is full", "database error", "SQLITE", "sqlite", "moshimo.db"]

r = api.post("/api/v1/incidents", js={"title": "大きな記述", "sign": "suspicious_mail",
                                       "description": "あ" * 20000})
body = r.body.decode()
ok(r.status in (500, 503), f"a report on a full disk: 5xx ({r.status}), not 422", body[:300])
err = r.json()["error"] if r.status in (500, 503) else {}
rid = err.get("request_id", "")
ok(err.get("code") == "io" and len(rid) == 16, "the JSON says io and carries a request id", body)
ok(r.header("x-request-id") == rid, "and the X-Request-Id header the same id")
ok(not any(w in body for w in SQLITE_WORDS), "no SQLite text in the body", body)

r = api.post(f"/api/v1/incidents/{iid}/notes", js={"text": "い" * 20000})
ok(r.status in (500, 503) and not any(w in r.body.decode() for w in SQLITE_WORDS),
   f"a long note on a full disk: 5xx without SQLite's words ({r.status})", r.body[:300])

resp = full.client()
ok(resp.login("resp"), "a responder logs in (the session fits)")
page = resp.post(f"/incidents/{iid}/notes", form={"csrf": resp.csrf(f"/incidents/{iid}"),
                                                   "text": "う" * 20000})
ok(page.status in (500, 503) and not any(w in page.text for w in SQLITE_WORDS)
   and "要求ID" in page.text, f"the page's note form: 5xx with a request id ({page.status})",
   page.text[:500])
ok("停止しています" not in page.text,
   "and it does not say the server is stopping (it is not)", page.text[:500])

full.stop()
log = full.stderr()
ok(rid and rid in log and "full" in log, "the log has the id with SQLite's message", log[-600:])
finish()
