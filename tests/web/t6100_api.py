"""JSON API v1 over real HTTP on loopback: every route's success and error
cases, JSON errors with the right status, the body limit and Content-Type,
malformed bodies rejected with nothing written, reporters see only their own
reports."""
import urllib.parse

from webtest import Server, finish, make_token, ok, raw, report

srv = Server().start()
rep = srv.client(token=make_token(srv.data, "reporter", "reporter-a"))
rep2 = srv.client(token=make_token(srv.data, "reporter", "reporter-b"))
resp = srv.client(token=make_token(srv.data, "responder"))
mgr = srv.client(token=make_token(srv.data, "manager"))
anon = srv.client()


def count_all():
    r = mgr.get("/api/v1/incidents?status=all&limit=500")
    return len(r.json()["items"])


# healthz and the unknown
r = anon.get("/healthz")
ok(r.status == 200 and r.json()["status"] == "ok", "GET /healthz 200 ok")
ok(r.header("content-type") == "application/json", "healthz is application/json")
r = anon.request("HEAD", "/healthz")
ok(r.status == 200 and r.body == b"", "HEAD /healthz 200 without a body")
r = anon.get("/api/v1/nothing")
ok(r.status == 404 and r.json()["error"]["code"] == "not_found", "unknown API path: 404 JSON error")
r = mgr.request("DELETE", "/api/v1/incidents/1")
ok(r.status == 405 and "GET" in (r.header("allow") or ""), "DELETE: 405 with Allow")

# authentication
r = anon.get("/api/v1/incidents")
ok(r.status == 401 and r.json()["error"]["code"] == "unauthorized", "no token: 401 JSON")
ok("Bearer" in (r.header("www-authenticate") or ""), "401 says WWW-Authenticate: Bearer")
bad = srv.client(token="x" * 43)
ok(bad.get("/api/v1/incidents").status == 401, "unknown token: 401")
ok(srv.client(token="short").get("/api/v1/incidents").status == 401, "malformed token: 401")

# create
r = rep.post("/api/v1/incidents", js=report(description="経理部の共有フォルダが暗号化された"))
ok(r.status == 201, "POST /api/v1/incidents: 201", r.text[:300])
inc = r.json()
iid = inc["id"]
ok(inc["level"] == 2 and inc["owner_role"] == "manager", "triage: business impact → level 2, manager")
ok(r.header("location") == f"/api/v1/incidents/{iid}", "Location of the new incident")
ok("電源を切らない (記録が消えます)" in inc["actions"]["dont"], "the reply carries the policy's don'ts")
r = rep.post("/api/v1/incidents", js=report("顧客情報の誤送信", "leak",
                                            impact={"personal_data": True}))
ok(r.status == 201 and r.json()["level"] == 3, "personal data leaked → level 3")
leak = r.json()["id"]

before = count_all()
cases = [
    ("missing title", {"category": "malware"}, 422, "invalid"),
    ("unknown category", report(category="nope"), 422, "invalid"),
    ("unknown key", dict(report(), colour="red"), 422, "invalid"),
    ("wrong type", dict(report(), title=5), 422, "invalid"),
    ("bad date", dict(report(), discovered_at="yesterday"), 422, "invalid"),
]
for desc, body, status, code in cases:
    r = rep.post("/api/v1/incidents", js=body)
    ok(r.status == status and r.json()["error"]["code"] == code,
       f"create with {desc}: {status} {code}", r.text[:200])
r = rep.post("/api/v1/incidents", body=b'{"title": "x", "category": ', raw_type="application/json")
ok(r.status == 400 and r.json()["error"]["code"] == "bad_json", "malformed JSON: 400 bad_json")
r = rep.post("/api/v1/incidents", body=b'["a"]', raw_type="application/json")
ok(r.status == 400, "a JSON array: 400")
r = rep.post("/api/v1/incidents", body=b'{"title":"a","title":"b","category":"malware"}',
             raw_type="application/json")
ok(r.status == 400, "duplicate keys: 400")
r = rep.post("/api/v1/incidents", body=b"title=x", raw_type="application/x-www-form-urlencoded")
ok(r.status == 415 and r.json()["error"]["code"] == "unsupported_media_type",
   "wrong Content-Type: 415")
r = rep.post("/api/v1/incidents", body=b'{"title":"x","category":"malware"}')
ok(r.status == 415, "no Content-Type: 415")
head = ("POST /api/v1/incidents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + rep.token +
        "\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n")
status, out = raw(srv.port, (head % (2 << 20)).encode())
ok(status == 413 and b'"too_large"' in out, "Content-Length of 2 MiB: 413 before the body")
chunked = head.replace("Content-Length: %d", "Transfer-Encoding: chunked").encode()
piece = b"%x\r\n%s\r\n" % (65536, b"a" * 65536)
status, out = raw(srv.port, chunked + b'10\r\n{"title":"xxxxxx\r\n' + piece * 20 + b"0\r\n\r\n")
ok(status == 413, "a chunked body over 1 MiB: 413")
r = rep.post("/api/v1/incidents", body=b'{"title":"\xff\xfe","category":"malware"}',
             raw_type="application/json")
ok(r.status == 400, "invalid UTF-8: 400")
ok(count_all() == before, "nothing was written by the rejected requests")

# get
r = rep.get(f"/api/v1/incidents/{iid}")
d = r.json() if r.status == 200 else {}
ok(r.status == 200 and d.get("id") == iid and len(d.get("steps", [])) > 0,
   "GET incident: 200 with steps")
ok(d.get("timeline") and d["timeline"][0]["kind"] == "created", "the timeline starts with created")
ok(rep.get(f"/api/v1/incidents/INC-{iid:04d}").status == 200, "GET by INC-0001 reference")
ok(rep.get("/api/v1/incidents/99999").status == 404, "GET unknown id: 404")
ok(rep.get("/api/v1/incidents/abc").status == 404, "GET a non-id: 404")
ok(rep2.get(f"/api/v1/incidents/{iid}").status == 404, "another reporter's report: 404")
ok(resp.get(f"/api/v1/incidents/{iid}").status == 200, "a responder sees every report")

# list
r = rep.get("/api/v1/incidents?status=open&limit=50&offset=0")
ok(r.status == 200 and {x["id"] for x in r.json()["items"]} == {iid, leak},
   "a reporter lists their own reports")
ok(rep2.get("/api/v1/incidents").json()["items"] == [], "another reporter lists none of them")
r = mgr.get("/api/v1/incidents?limit=1")
ok(r.status == 200 and len(r.json()["items"]) == 1 and r.json()["has_more"], "limit and has_more")
ok(r.json()["items"][0]["id"] == leak, "newest first")
r = mgr.get("/api/v1/incidents?limit=1&offset=1")
ok(r.json()["items"][0]["id"] == iid, "offset")
for q in ("status=bogus", "limit=0", "limit=501", "offset=-1", "limit=x"):
    r = mgr.get("/api/v1/incidents?" + q)
    ok(r.status == 400 and r.json()["error"]["code"] == "bad_request", f"list {q}: 400")

# patch
r = resp.request("PATCH", f"/api/v1/incidents/{iid}", js={"cause": "添付ファイルのマクロ",
                                                           "facts": {"hosts": "経理PC-3"}})
ok(r.status == 200 and r.json()["cause"] == "添付ファイルのマクロ"
   and r.json()["facts"]["hosts"] == "経理PC-3", "PATCH record item and fact: 200")
r = resp.request("PATCH", f"/api/v1/incidents/{iid}", js={"colour": "red"})
ok(r.status == 422, "PATCH an unknown field: 422")
r = resp.request("PATCH", f"/api/v1/incidents/{iid}", js={})
ok(r.status == 422, "PATCH nothing: 422")
r = resp.request("PATCH", f"/api/v1/incidents/{iid}", js={"level": 3, "reason": "x"})
ok(r.status == 403, "a responder cannot change the level: 403")
r = mgr.request("PATCH", f"/api/v1/incidents/{iid}", js={"level": 3})
ok(r.status == 422, "a level change without a reason: 422")
r = mgr.request("PATCH", f"/api/v1/incidents/{iid}", js={"level": 3, "reason": "顧客に影響"})
ok(r.status == 200 and r.json()["level"] == 3, "manager changes the level with a reason")
r = resp.request("PATCH", f"/api/v1/incidents/{iid}", js={"status": "initial"})
ok(r.status == 200 and r.json()["status"] == "initial", "status → initial")
r = rep.request("PATCH", f"/api/v1/incidents/{iid}", js={"cause": "x"})
ok(r.status == 403, "a reporter cannot patch: 403")
ok(mgr.request("PATCH", "/api/v1/incidents/99999", js={"cause": "x"}).status == 404,
   "PATCH unknown id: 404")
r = mgr.request("PATCH", f"/api/v1/incidents/{iid}", js={"status": "closed"})
ok(r.status == 422, "closing with open steps and no lessons: 422")

# steps
r = resp.post(f"/api/v1/incidents/{iid}/steps/1", js={"state": "done", "note": "切断済み"})
ok(r.status == 200 and r.json()["steps"][0]["state"] == "done", "step 1 done: 200")
r = resp.post(f"/api/v1/incidents/{iid}/steps/2", js={"state": "skipped"})
ok(r.status == 422, "skip without a reason: 422")
r = resp.post(f"/api/v1/incidents/{iid}/steps/999", js={"state": "done"})
ok(r.status == 422, "no step 999: 422")
r = resp.post(f"/api/v1/incidents/{iid}/steps/1", js={"state": "finished"})
ok(r.status == 422, "an unknown state: 422")
r = resp.post(f"/api/v1/incidents/{iid}/steps/1", js={"state": "done", "by": "me"})
ok(r.status == 422, "an unknown key: 422")
ok(rep.post(f"/api/v1/incidents/{iid}/steps/2", js={"state": "done"}).status == 403,
   "a reporter cannot tick steps: 403")
ok(resp.post("/api/v1/incidents/99999/steps/1", js={"state": "done"}).status == 404,
   "steps of an unknown incident: 404")

# close all steps, then close and reopen
steps = mgr.get(f"/api/v1/incidents/{iid}").json()["steps"]
for s in steps:
    if s["state"] in ("todo", "doing"):
        mgr.post(f"/api/v1/incidents/{iid}/steps/{s['n']}", js={"state": "skipped", "note": "試験"})
r = mgr.request("PATCH", f"/api/v1/incidents/{iid}", js={"measures": "マクロを無効化",
                                                         "lessons": "訓練の実施",
                                                         "status": "closed"})
ok(r.status == 200 and r.json()["status"] == "closed", "close with measures and lessons: 200",
   r.text[:300])
r = mgr.request("PATCH", f"/api/v1/incidents/{iid}", js={"cause": "y"})
ok(r.status == 409 and r.json()["error"]["code"] == "conflict", "changing a closed incident: 409")
r = resp.request("PATCH", f"/api/v1/incidents/{iid}", js={"status": "recovery", "reason": "x"})
ok(r.status == 403, "a responder cannot reopen: 403")
r = mgr.request("PATCH", f"/api/v1/incidents/{iid}", js={"status": "recovery", "reason": "再発"})
ok(r.status == 200 and r.json()["status"] != "closed", "manager reopens with a reason")

# notes
r = rep.post(f"/api/v1/incidents/{leak}/notes", js={"text": "送信先に削除を依頼しました"})
ok(r.status == 201 and r.json()["timeline"][-1]["text"] == "送信先に削除を依頼しました",
   "a reporter adds a note to their report: 201")
ok(rep2.post(f"/api/v1/incidents/{leak}/notes", js={"text": "x"}).status == 404,
   "a note on another's report: 404")
ok(rep.post(f"/api/v1/incidents/{leak}/notes", js={"text": ""}).status == 422, "empty note: 422")
ok(rep.post(f"/api/v1/incidents/{leak}/notes", js={"text": "a", "b": 1}).status == 422,
   "note with an extra key: 422")

# search
r = resp.get("/api/v1/search?q=" + urllib.parse.quote("ランサムウェア"))
ok(r.status == 200 and r.json()["total"] == 1 and r.json()["items"][0]["id"] == iid,
   "search ランサムウェア: 1 hit", r.text[:200])
r = resp.get("/api/v1/search?q=%E5%89%8A%E9%99%A4%E3%82%92%E4%BE%9D%E9%A0%BC")
ok(r.status == 200 and r.json()["total"] == 1, "search finds words of notes")
r = resp.get("/api/v1/search?q=%E8%AA%A4%E9%80%81")  # 誤送 (two characters)
ok(r.status == 200 and [x["id"] for x in r.json()["items"]] == [leak], "a two-character word")
ok(resp.get("/api/v1/search").status == 400, "search without q: 400")
ok(rep.get("/api/v1/search?q=abc").status == 403, "a reporter cannot search: 403")

# policy
r = rep.get("/api/v1/policy")
ok(r.status == 200 and "malware" in [c["id"] for c in r.json()["categories"]],
   "GET /api/v1/policy: the categories")
ok(any(s["label"] == "身代金を要求する画面" for s in r.json()["signs"]), "the policy's signs")

rc = srv.stop()
ok(rc == 0, "the server stops on SIGTERM with exit 0")
log = srv.stderr()
ok('"POST /api/v1/incidents" 201' in log, "an access log line per request")
ok(make_token.__name__ and "Bearer" not in log, "the access log holds no tokens")
finish()
