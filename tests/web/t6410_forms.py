"""Forms that forgive (HTTP, a real server): a date typed as
`2026/12/01 18:30` is read in the policy's zone (Asia/Tokyo) and stored as
09:30 UTC, on the report form and on the incident's record form; the
record form shows it back in a datetime-local field in local time; an
invalid date is named next to its field in Japanese as the page labels it
and every other value typed is shown again."""
import html
import os
import re
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(__file__))
from webtest import PASSWORD, Server, add_user, finish, ok  # noqa: E402

srv = Server().start()
add_user(srv.data, "mgr", "manager", display="情報 太郎")
db = sqlite3.connect(os.path.join(srv.data, "moshimo.db"))
anon = srv.client()


def form_csrf(page):
    m = re.search(r'name="csrf" value="([^"]+)"', page)
    return m.group(1) if m else ""


def report_fields(csrf, **kw):
    f = {"csrf": csrf, "sign": "ransom_screen", "device": "経理部のノートPC",
         "details": "画面に英語の脅迫文が出た。\n共有フォルダも開けない。", "title": "",
         "name": "経理部 山田", "contact": "内線 123", "impact": ["business"]}
    f.update(kw)
    return f


# The report form: a typed date.
page = anon.get(srv.link).text
ok('type="datetime-local"' in page, "the report form offers a date picker")
n0 = db.execute("SELECT count(*) FROM incidents").fetchone()[0]
r = anon.post(srv.link, form=report_fields(form_csrf(page), when="2026/12/01 18:30"))
ok(r.status in (200, 303), f"a report with 「2026/12/01 18:30」 is filed ({r.status})")
row = db.execute("SELECT id, discovered_at FROM incidents ORDER BY id DESC LIMIT 1").fetchone()
ok(db.execute("SELECT count(*) FROM incidents").fetchone()[0] == n0 + 1 and
   row[1] == "2026-12-01T09:30:00Z", f"stored as 09:30 UTC ({row})")

# An invalid date: nothing filed, the error next to the field, all kept.
page = anon.get(srv.link).text
n1 = db.execute("SELECT count(*) FROM incidents").fetchone()[0]
r = anon.post(srv.link, form=report_fields(form_csrf(page), when="2026/13/45 25:61"))
t = r.text
ok(r.status == 422, f"an invalid date is refused ({r.status})")
ok(db.execute("SELECT count(*) FROM incidents").fetchone()[0] == n1, "and files nothing")
m = re.search(r'<p class="field-error" role="alert" id="when-err">([^<]*)</p>', t)
ok(m and "「いつ気づきましたか」" in m.group(1) and "2026/12/01 18:30" in m.group(1),
   "the error is next to the field, naming it as the page does", m.group(1) if m else t[:300])
ok("occurred" not in t and "discovered_at" not in t and "RFC" not in t,
   "no field key or RFC in the page")
ok('aria-describedby="when-err"' in t and 'value="2026/13/45 25:61"' in t,
   "the date typed is shown again as typed, tied to its error")
ok('value="経理部のノートPC"' in t and 'value="経理部 山田"' in t and 'value="内線 123"' in t
   and html.escape("画面に英語の脅迫文が出た。\n共有フォルダも開けない。", quote=False) in t,
   "the device, name, contact and details typed survive the error")
ok(re.search(r'value="ransom_screen" checked', t) and re.search(r'value="business" checked', t),
   "the sign and the impact chosen survive the error")

# No sign chosen: the error is at the signs, the rest kept.
page = anon.get(srv.link).text
r = anon.post(srv.link, form=report_fields(form_csrf(page), sign="", when="2026/12/01 18:30"))
ok(r.status == 422 and 'id="sign-err"' in r.text and 'value="2026-12-01T18:30"' in r.text,
   "a missing sign is named at the signs, the date kept (in local time)")

# The record form of the incident page.
c = srv.client()
ok(c.login("mgr"), "the manager logs in")
iid = row[0]
page = c.get(f"/incidents/{iid}").text
ok('type="datetime-local" id="f-occurred_at"' in page, "the record's 発生日時 is a date picker")
csrf = form_csrf(page)
r = c.post(f"/incidents/{iid}/fields", form={"csrf": csrf, "occurred_at": "2026/12/01 18:30",
                                              "business": "株式会社もしも"})
ok(r.status == 303, f"the record saves (303, {r.status})")
got = db.execute("SELECT occurred_at, business FROM incidents WHERE id = ?", (iid,)).fetchone()
ok(got == ("2026-12-01T09:30:00Z", "株式会社もしも"), f"発生日時 stored as 09:30 UTC ({got})")
page = c.get(f"/incidents/{iid}").text
ok('id="f-occurred_at" name="occurred_at" value="2026-12-01T18:30"' in page,
   "and shown back in the policy's zone")
r = c.post(f"/incidents/{iid}/fields", form={"csrf": csrf, "occurred_at": "きのうの夜",
                                              "business": "株式会社もしも 経理部"})
t = r.text
ok(r.status == 422, f"an invalid 発生日時 is refused ({r.status})")
m = re.search(r'id="f-occurred_at-err">([^<]*)</p>', t)
ok(m and "「発生日時」" in m.group(1), "named next to its field as the page labels it",
   m.group(1) if m else "")
ok('value="きのうの夜"' in t and '株式会社もしも 経理部' in t,
   "the values typed are shown again", re.sub(r"\s+", " ", t)[t.find("f-business") - 200:][:600])
got = db.execute("SELECT occurred_at, business FROM incidents WHERE id = ?", (iid,)).fetchone()
ok(got == ("2026-12-01T09:30:00Z", "株式会社もしも"), "and nothing was saved")
# Saving the page unchanged (the picker has no seconds) logs nothing.
n = db.execute("SELECT count(*) FROM events WHERE incident_id = ?", (iid,)).fetchone()[0]
r = c.post(f"/incidents/{iid}/fields", form={"csrf": csrf, "occurred_at": "2026-12-01T18:30",
                                              "business": "株式会社もしも"})
ok(r.status == 303 and "nochange" in r.header("location") and
   db.execute("SELECT count(*) FROM events WHERE incident_id = ?", (iid,)).fetchone()[0] == n,
   "the same date from the picker is no change")
srv.stop()
finish()
