"""Report once, follow it up (HTTP, a real server): the report form posts,
is redirected (303) to the reporter's private follow-up page and that
page is a GET; the same form sent twice (a double tap, a resend after a
reload), even at the same moment, files one incident; the discoverer's
「発生の報告」 is done by the report; a photo sent with the report and
one sent later from the follow-up page become evidence with their
SHA-256; a note added there is on the incident's timeline under the
reporter's name; an altered link opens nothing."""
import hashlib
import os
import re
import sqlite3
import sys
import threading

sys.path.insert(0, os.path.dirname(__file__))
from webtest import Server, add_user, finish, multipart, ok  # noqa: E402

srv = Server().start()
add_user(srv.data, "mgr", "manager", display="情報 太郎")
db = sqlite3.connect(os.path.join(srv.data, "moshimo.db"))
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40   # a photo's bytes (not decoded)


def count():
    return db.execute("SELECT count(*) FROM incidents").fetchone()[0]


def hidden(page, name):
    m = re.search(rf'name="{name}" value="([^"]+)"', page)
    return m.group(1) if m else ""


anon = srv.client()
page = anon.get(srv.link).text
ok('enctype="multipart/form-data"' in page and 'type="file" id="photo"' in page,
   "the report form takes an optional photo")
once = hidden(page, "once")
ok(len(once) >= 40, "the form carries a one-time key")
fields = {"csrf": hidden(page, "csrf"), "once": once, "sign": "ransom_screen",
          "details": "画面に英語の脅迫文が出た。", "name": "経理部 山田", "contact": "内線 123",
          "when": "2026/12/01 18:30"}
body, ctype = multipart(fields, [("file", "screen.png", PNG)])
n0 = count()
r = anon.post(srv.link, body=body, raw_type=ctype)
ok(r.status == 303 and re.match(r"^/f/[A-Za-z0-9_.-]+\?new=1$", r.header("location") or ""),
   f"the report answers 303 to the follow-up page ({r.status} {r.header('location')})")
follow = (r.header("location") or "").split("?")[0]
ok(count() == n0 + 1, "one incident filed")
iid = db.execute("SELECT max(id) FROM incidents").fetchone()[0]

# The same form again (a double tap, or the browser's resend).
r2 = anon.post(srv.link, body=body, raw_type=ctype)
ok(r2.status == 303 and r2.header("location") and
   f"INC-{iid:04d}" in anon.get(r2.header("location")).text,
   "the same form again goes to the same incident's follow-up page")
ok(count() == n0 + 1, f"and files nothing more ({count() - n0} incidents)")

# Two sends of a new form at the same moment.
page = anon.get(srv.link).text
fields2 = dict(fields, once=hidden(page, "once"), csrf=hidden(page, "csrf"))
body2, ctype2 = multipart(fields2)
res = []


def send():
    c = srv.client()
    res.append(c.post(srv.link, body=body2, raw_type=ctype2).status)


ts = [threading.Thread(target=send) for _ in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
ok(res == [303] * 4 and count() == n0 + 2,
   f"four sends of one form at once file one incident ({res}, {count() - n0 - 1})")

# The result page is a GET: a reload files nothing.
p = anon.get(follow + "?new=1")
t = p.text
ok(p.status == 200 and "報告を受け付けました" in t and f"INC-{iid:04d}" in t,
   "the result page shows the incident number")
ok("してはいけないこと" in t and "電源を切らない" in t, "and the policy's don'ts")
ok(f'class="followup" href="{follow}"' in t and "ブックマーク" in t,
   "and the private follow-up link to keep")
anon.get(follow + "?new=1")
ok(count() == n0 + 2, "reloading the result files nothing")

# The discoverer's 発生の報告 is done by the report.
st = db.execute("SELECT title, actor, state FROM steps WHERE incident_id = ? ORDER BY n "
                "LIMIT 1", (iid,)).fetchone()
ok(st and st[1] == "discoverer" and st[2] == "done",
   f"the discoverer's first step is done by reporting ({st})")

# The photo sent with the report is evidence, with its hash.
ev = db.execute("SELECT name, sha256, size FROM evidence WHERE incident_id = ?", (iid,)).fetchall()
ok(ev == [("screen.png", hashlib.sha256(PNG).hexdigest(), len(PNG))],
   f"the report's photo is evidence with its SHA-256 ({ev})")

# The follow-up page: status in words, who handles it, a note, a photo.
t = anon.get(follow).text
ok("報告の状況" in t and "対応する人" in t and "状況" in t and "報告" in t,
   "the follow-up page says the status and who handles it")
ok("todo" not in t and "reported" not in t, "in words, not values")
csrf = hidden(t, "csrf")
r = anon.post(follow + "/notes", form={"csrf": csrf, "text": "隣の席のPCにも同じ画面が出ています。"})
ok(r.status == 303 and r.header("location") == follow + "?msg=note",
   f"a note is added (303, {r.status})")
row = db.execute("SELECT who, kind, text FROM events WHERE incident_id = ? AND kind = 'note' "
                 "ORDER BY id DESC LIMIT 1", (iid,)).fetchone()
ok(row == ("経理部 山田", "note", "隣の席のPCにも同じ画面が出ています。"),
   f"on the timeline under the reporter's name ({row})")
PHOTO2 = b"\xff\xd8\xff\xe0" + os.urandom(5000)
body3, ctype3 = multipart({"csrf": csrf, "note": "隣の席の画面"}, [("file", "IMG_0001.jpg", PHOTO2)])
r = anon.post(follow + "/evidence", body=body3, raw_type=ctype3)
ok(r.status == 303 and r.header("location") == follow + "?msg=evidence",
   f"a photo is sent from the follow-up page (303, {r.status})")
ev = db.execute("SELECT name, sha256, note FROM evidence WHERE incident_id = ? ORDER BY n",
                (iid,)).fetchall()
ok(len(ev) == 2 and ev[1] == ("IMG_0001.jpg", hashlib.sha256(PHOTO2).hexdigest(), "隣の席の画面"),
   f"and is evidence with its SHA-256 ({ev[1:] if len(ev) > 1 else ev})")
t = anon.get(follow).text
ok("隣の席のPCにも同じ画面が出ています。" in t and "IMG_0001.jpg" in t,
   "the reporter sees what they added")

# A responder sees both on the incident page.
c = srv.client()
c.login("mgr")
t = c.get(f"/incidents/{iid}").text
ok("隣の席のPCにも同じ画面が出ています。" in t and "IMG_0001.jpg" in t and "screen.png" in t,
   "the incident page shows the note and both files")
ok("/up-" not in t and srv.data not in t, "and no server upload path")

# A note without the form's token, and an altered link, change nothing.
n = db.execute("SELECT count(*) FROM events WHERE incident_id = ?", (iid,)).fetchone()[0]
r = srv.client().post(follow + "/notes", form={"csrf": "x", "text": "偽物"})
ok(r.status == 403, f"a note without the page's token is refused ({r.status})")
tok = follow[3:]
bad = "/f/" + tok[:-3] + ("AAA" if not tok.endswith("AAA") else "BBB")
ok(anon.get(bad).status == 404, "an altered link opens nothing")
r = anon.post(bad + "/notes", form={"csrf": csrf, "text": "偽物"})
ok(r.status == 404, f"and takes nothing ({r.status})")
ok(db.execute("SELECT count(*) FROM events WHERE incident_id = ?", (iid,)).fetchone()[0] == n,
   "nothing was added")
srv.stop()
finish()
