"""The API's writes are engine operations (engine/op.h) through the writer:
a PATCH applies its changes in one fixed order whatever the body's order
(reopen, fields, category, level, status, close), all in one transaction;
a PATCH whose last change is refused leaves nothing of the others, and a
note or a step through the API is the same timeline event as the CLI's."""
import os
import sqlite3

from webtest import Server, cli, finish, make_token, ok, report

srv = Server().start()
mgr = srv.client(token=make_token(srv.data, "manager"))
db = os.path.join(srv.data, "moshimo.db")


def rows(sql, *args):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def kinds(iid, after):
    return [k for (k,) in rows("SELECT kind FROM events WHERE incident_id = ? AND id > ? "
                               "ORDER BY id", iid, after)]


def last_event():
    return rows("SELECT coalesce(max(id), 0) FROM events")[0][0]


r = mgr.post("/api/v1/incidents", js=report(description="経理部のPCが暗号化された"))
ok(r.status == 201, "create: 201", r.text[:300])
iid = r.json()["id"]

# The body says status, level, category, a field, the reason last.
mark = last_event()
r = mgr.request("PATCH", f"/api/v1/incidents/{iid}",
                js={"status": "initial", "level": 3, "category": "leak",
                    "cause": "添付ファイルのマクロ", "reason": "顧客名簿も暗号化"})
ok(r.status == 200, "PATCH of four changes: 200", r.text[:300])
got = [k for k in kinds(iid, mark) if k in ("field", "category", "level", "status")]
ok(got == ["field", "category", "level", "status"],
   "applied as field, category, level, status (not the body's order)", str(got))
reasons = rows("SELECT kind, text FROM events WHERE incident_id = ? AND id > ? "
               "AND kind IN ('category', 'level') ORDER BY id", iid, mark)
ok(all(t and "顧客名簿も暗号化" in t for _, t in reasons) and len(reasons) == 2,
   "the body's one reason goes with the category and the level", str(reasons))

# A refused close takes the field change of the same PATCH with it.
mark = last_event()
audit = rows("SELECT count(*) FROM audit")[0][0]
r = mgr.request("PATCH", f"/api/v1/incidents/{iid}",
                js={"measures": "マクロを無効化", "lessons": "訓練", "status": "closed"})
ok(r.status == 422, "closing with open steps: 422", r.text[:300])
ok(kinds(iid, mark) == [], "no event of the refused PATCH")
ok(rows("SELECT count(*) FROM audit")[0][0] == audit, "no audit row of the refused PATCH")
ok(mgr.get(f"/api/v1/incidents/{iid}").json().get("measures") in (None, ""),
   "the measures of the refused PATCH are not stored")

# The API's note and step, and the CLI's, are the same events.
mark = last_event()
r = mgr.post(f"/api/v1/incidents/{iid}/notes", js={"text": "バックアップを確認"})
ok(r.status == 201, "note: 201")
r = mgr.post(f"/api/v1/incidents/{iid}/steps/1", js={"state": "done", "note": "済"})
ok(r.status == 200, "step: 200")
api = rows("SELECT kind, field, before, after, text FROM events WHERE incident_id = ? "
           "AND id > ? ORDER BY id", iid, mark)
srv.stop()
rc1 = cli(srv.data, "note", str(iid), "バックアップを確認")
rc2 = cli(srv.data, "step", str(iid), "1", "reopen")
rc3 = cli(srv.data, "step", str(iid), "1", "done", "--note", "済")
mark2 = rows("SELECT max(id) FROM events")[0][0]
c = rows("SELECT kind, field, before, after, text FROM events WHERE incident_id = ? "
         "AND id > ? ORDER BY id", iid, mark2 - 3)
ok(api[0] == c[0] and api[1] == c[2], "the CLI's note and step are the API's events",
   f"{api} {c} {rc1} {rc2} {rc3}")
finish()
