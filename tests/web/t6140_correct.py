"""Corrections over the JSON API: a manager moves an incident to another
category with a reason (re-planned, the level raised to the new minimum),
closes one as a false alarm and another as a duplicate without cause,
measures and lessons; bad combinations get 422 and change nothing."""
from webtest import Server, add_user, finish, make_token, ok

srv = Server().start()
resp = srv.client(token=make_token(srv.data, "responder"))
mgr = srv.client(token=make_token(srv.data, "manager"))


def new(title, sign):
    r = mgr.request("POST", "/api/v1/incidents", js={"title": title, "sign": sign})
    ok(r.status == 201, f"report {sign}: 201", r.body[:200])
    return r.json()["id"]


mail = new("不審なメール", "suspicious_mail")
r = mgr.get(f"/api/v1/incidents/{mail}")
ok(r.json()["level"] == 0 and r.json()["category"] == "malware", "a suspicious mail: malware, level 0")

r = resp.request("PATCH", f"/api/v1/incidents/{mail}", js={"category": "leak", "reason": "x"})
ok(r.status == 403, "a responder does not change the category: 403")
r = mgr.request("PATCH", f"/api/v1/incidents/{mail}", js={"category": "leak"})
ok(r.status == 422 and "reason" in r.body.decode(), "a category change without a reason: 422",
   r.body[:200])
r = mgr.request("PATCH", f"/api/v1/incidents/{mail}", js={"category": "fire", "reason": "x"})
ok(r.status == 422, "an unknown category: 422")
r = mgr.request("PATCH", f"/api/v1/incidents/{mail}",
                js={"category": "leak", "reason": "添付に顧客名簿が含まれていた"})
ok(r.status == 200, "category change: 200", r.body[:200])
j = mgr.get(f"/api/v1/incidents/{mail}").json()
ok(j["category"] == "leak" and j["level"] == 2, "now a leak, raised to its minimum level 2",
   str(j["category"]) + " " + str(j["level"]))
ok(any("漏えい先を調査" in s["action"] for s in j["steps"]), "re-planned from the leak playbook")
ok(any(ev["kind"] == "category" for ev in j["timeline"]), "the change is on the timeline")

dup = new("同じ不審なメール", "suspicious_mail")
r = mgr.request("PATCH", f"/api/v1/incidents/{dup}", js={"resolution": "duplicate",
                                                        "duplicate_of": f"INC-{mail}"})
ok(r.status == 422, "a resolution without status closed: 422")
r = mgr.request("PATCH", f"/api/v1/incidents/{dup}", js={"status": "closed",
                                                        "resolution": "duplicate"})
ok(r.status == 422, "a duplicate without duplicate_of: 422")
r = mgr.request("PATCH", f"/api/v1/incidents/{dup}", js={"status": "closed",
                                                        "resolution": "duplicate",
                                                        "duplicate_of": dup})
ok(r.status == 422, "a duplicate of itself: 422")
ok(mgr.get(f"/api/v1/incidents/{dup}").json()["status"] != "closed", "nothing changed")
r = mgr.request("PATCH", f"/api/v1/incidents/{dup}", js={"status": "closed",
                                                        "resolution": "duplicate",
                                                        "duplicate_of": f"INC-{mail}",
                                                        "reason": "同じメール"})
ok(r.status == 200, "closed as a duplicate: 200", r.body[:200])
j = mgr.get(f"/api/v1/incidents/{dup}").json()
ok(j["status"] == "closed" and not j.get("cause"), "closed without a cause")
ok(all(s["state"] == "skipped" for s in j["steps"]), "its open steps skipped")
ok(any("の重複としてクローズ" in (ev.get("text") or "") for ev in j["timeline"]),
   "the timeline says which incident it repeats")

alarm = new("気のせいだった", "system_down")
r = mgr.request("PATCH", f"/api/v1/incidents/{alarm}", js={"status": "closed"})
ok(r.status == 422, "a plain close still needs cause, measures and lessons")
r = mgr.request("PATCH", f"/api/v1/incidents/{alarm}", js={"status": "closed",
                                                          "resolution": "false_alarm"})
ok(r.status == 200, "closed as a false alarm: 200", r.body[:200])
ok(mgr.get(f"/api/v1/incidents/{alarm}").json()["status"] == "closed", "closed")

# The policy's triage rules and the level table's words come from the same data.
pol = mgr.get("/api/v1/policy").json()
ok({"level": 2, "any": ["business"], "all": [], "unless": [], "text": None} in pol["triage"],
   "GET /api/v1/policy lists the triage rules", str(pol.get("triage"))[:300])
lv3 = [l for l in pol["levels"] if l["level"] == 3][0]
ok("顧客、取引先、株主等に影響が及ぶとき" in lv3["impact"], "level 3's words from its rules")
ransom = [x for x in pol["signs"] if x["id"] == "ransom_screen"][0]
ok(ransom["min_level"] == 2 and "malicious" in ransom["facts"], "a sign's minimum and facts")

# The same from the incident page's small block (a manager's session, CSRF).
add_user(srv.data, "boss", "manager")
web = srv.client()
ok(web.login("boss"), "a manager logs in")
form_case = new("見慣れない画面", "other")
page = web.get(f"/incidents/{form_case}")
ok("区分の変更・誤報・重複" in page.text and f"/incidents/{form_case}/dismiss" in page.text,
   "the incident page offers the corrections")
tok = web.csrf(f"/incidents/{form_case}")
r = web.post(f"/incidents/{form_case}/category",
             form={"csrf": tok, "category": "malware", "reason": "警告画面だった"})
ok(r.status == 303, "category form: 303", str(r.status))
j = mgr.get(f"/api/v1/incidents/{form_case}").json()
ok(j["category"] == "malware" and j["level"] == 1, "the form moved it to malware, level 1")
r = web.post(f"/incidents/{form_case}/dismiss",
             form={"csrf": tok, "duplicate_of": "INC-x", "reason": "x"})
ok(r.status == 422, "a duplicate of no incident: 422")
r = web.post(f"/incidents/{form_case}/dismiss",
             form={"csrf": tok, "duplicate_of": f"INC-{mail}", "reason": "同じ件"})
ok(r.status == 303, "dismiss form: 303", str(r.status))
ok(mgr.get(f"/api/v1/incidents/{form_case}").json()["status"] == "closed", "closed as a duplicate")
r = web.post(f"/incidents/{mail}/dismiss", form={"duplicate_of": "", "reason": "x"})
ok(r.status in (400, 403), "without the CSRF token: refused", str(r.status))

srv.stop()
finish()
