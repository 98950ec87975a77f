"""The follow-up, acknowledgement and report pages as engine operations
(engine/op.h), through a real server: each page's change is recorded under
the same person and login as before (the reporter's name and the page's
login "followup" on the follow-up page, the logged-in person for the report
and for 「対応します」, the visitor for an ack link), with every row the
operation makes (report once, the discoverer's step, the photo, the
follow-up link; the acknowledgement's person, or none when the login is
not one of the policy's people even if its name is a person's id); the
same form again files nothing; and refused ones (an ack link used,
altered, not a link, or of a closed incident; 「対応します」 on a closed
incident; a follow-up link altered) answer with their status and change
nothing (the audit chain's length and head, the events, the
acknowledgements, the evidence, the used links, the incidents)."""
import base64
import hashlib
import hmac
import os
import re
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from webtest import Server, add_user, finish, multipart, ok  # noqa: E402

T0 = 1795507200  # 2026-11-24T08:00:00Z
os.environ["MOSHIMO_NOW"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(T0))
srv = Server().start()
add_user(srv.data, "yamada", "reporter", display="山田 花子")
add_user(srv.data, "sato", "responder", display="佐藤 次郎")
add_user(srv.data, "kato", "responder", display="president")  # a person's id as a name
db = sqlite3.connect(os.path.join(srv.data, "moshimo.db"))
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def hidden(page, name):
    m = re.search(rf'name="{name}" value="([^"]+)"', page)
    return m.group(1) if m else ""


def rows(sql, *args):
    return db.execute(sql, args).fetchall()


def state():
    """What a refused request must leave as it was."""
    return (rows("SELECT count(*), max(seq), (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1) "
                 "FROM audit"),
            rows("SELECT count(*) FROM events"), rows("SELECT count(*) FROM acks"),
            rows("SELECT count(*) FROM evidence"), rows("SELECT count(*) FROM link_used"),
            rows("SELECT count(*) FROM incidents"), rows("SELECT count(*) FROM report_once"))


def audit_since(seq):
    return rows("SELECT who, login, tbl FROM audit WHERE seq > ? ORDER BY seq", seq)


def last_seq():
    return rows("SELECT coalesce(max(seq), 0) FROM audit")[0][0]


# ---- the report form, logged in, with a photo ----
me = srv.client()
ok(me.login("yamada"), "the reporter logs in")
page = me.get("/report").text
once = hidden(page, "once")
fields = {"csrf": hidden(page, "csrf"), "once": once, "sign": "ransom_screen",
          "details": "画面に英語の脅迫文が出た。", "contact": "内線 123"}
body, ctype = multipart(fields, [("file", "screen.png", PNG)])
seq0 = last_seq()
r = me.post("/report", body=body, raw_type=ctype)
follow = (r.header("location") or "").split("?")[0]
ok(r.status == 303 and follow.startswith("/f/"), f"the report files (303 to {follow})")
iid = rows("SELECT max(id) FROM incidents")[0][0]
made = audit_since(seq0)
ok(made and all(w == "山田 花子" and login == "user:yamada" for w, login, _ in made),
   "every audit row of the report is the reporter's, with her login",
   str(sorted(set((w, login) for w, login, _ in made))))
tables = {t for _, _, t in made}
ok({"incidents", "steps", "events", "report_owners", "evidence"} <= tables,
   f"the report wrote the incident, its steps, events, owner and evidence ({sorted(tables)})")
uid = rows("SELECT id FROM users WHERE name = 'yamada'")[0][0]
owners = rows("SELECT principal FROM report_owners WHERE incident_id = ?", iid)
ok(owners == [(f"user:{uid}",)], f"one owner: the reporter's account ({owners})")
ok(rows("SELECT state FROM steps WHERE incident_id = ? ORDER BY n LIMIT 1", iid) == [("done",)],
   "the discoverer's step is done by filing")
ok(rows("SELECT incident_id FROM report_once") == [(iid,)],
   "the form's one-time key names the incident")
ev = rows("SELECT name, note, sha256 FROM evidence WHERE incident_id = ?", iid)
ok(ev == [("screen.png", "報告と一緒に送られたファイル", hashlib.sha256(PNG).hexdigest())],
   f"the photo is evidence of the new incident ({ev})")
ev_who = rows("SELECT who, login FROM events WHERE incident_id = ? AND kind = 'evidence'", iid)
ok(ev_who == [("山田 花子", "user:yamada")], f"kept by the reporter ({ev_who})")

# The same form again: the same incident's page, nothing written.
before = state()
r2 = me.post("/report", body=body, raw_type=ctype)
ok(r2.status == 303 and (r2.header("location") or "").startswith("/f/"),
   f"the same form again answers with a follow-up link ({r2.status})")
ok(state() == before, "and writes nothing (a link is signed, nothing stored)",
   f"{before} -> {state()}")
ok(f"INC-{iid:04d}" in me.get(r2.header("location") or "/").text,
   "its link opens the same incident")

# ---- the follow-up page ----
anon = srv.client()
t = anon.get(follow).text
csrf = hidden(t, "csrf")
seq0 = last_seq()
r = anon.post(follow + "/notes", form={"csrf": csrf, "text": "隣のPCにも出ています"})
ok(r.status == 303 and r.header("location") == follow + "?msg=note", f"a note ({r.status})")
note = rows("SELECT who, login, kind, text FROM events WHERE id = (SELECT max(id) FROM events)")
ok(note == [("山田 花子", "followup", "note", "隣のPCにも出ています")],
   f"under the reporter's name and the page's login ({note})")
ok(all(w == "山田 花子" and login == "followup" for w, login, _ in audit_since(seq0)),
   "and so in the audit chain", str(audit_since(seq0)))
seq0 = last_seq()
b3, c3 = multipart({"csrf": csrf, "note": "2台目"}, [("file", "IMG_1.jpg", PNG[::-1])])
r = anon.post(follow + "/evidence", body=b3, raw_type=c3)
ok(r.status == 303 and r.header("location") == follow + "?msg=evidence", f"a file ({r.status})")
ev = rows("SELECT n, name, note FROM evidence WHERE incident_id = ? ORDER BY n", iid)
ok(ev[-1:] == [(2, "IMG_1.jpg", "2台目")], f"evidence 2 with its description ({ev})")
made = audit_since(seq0)
ok({t for _, _, t in made} == {"evidence", "events"} and
   all(w == "山田 花子" and login == "followup" for w, login, _ in made),
   "the evidence and its event, the reporter's", str(made))

# An altered follow-up link: 404, nothing.
before = state()
tok = follow[3:]
bad = "/f/" + tok[:-2] + ("AA" if not tok.endswith("AA") else "BB")
r = anon.post(bad + "/notes", form={"csrf": csrf, "text": "偽物"})
ok(r.status in (403, 404) and state() == before,
   f"an altered follow-up link adds nothing ({r.status})")

# ---- 「対応します」 on the incident page ----
sato = srv.client()
ok(sato.login("sato"), "a responder logs in")
t = sato.get(f"/incidents/{iid}").text
seq0 = last_seq()
r = sato.post(f"/incidents/{iid}/ack", form={"csrf": hidden(t, "csrf")})
ok(r.status == 303 and "msg=acked" in (r.header("location") or ""), f"acknowledged ({r.status})")
ack = rows("SELECT person, name, channel FROM acks WHERE incident_id = ?", iid)
ok(ack == [("", "佐藤 次郎", "web")], f"as nobody of the policy, by name, from the web ({ack})")
ok(audit_since(seq0) and all(w == "佐藤 次郎" and login == "user:sato"
                             for w, login, _ in audit_since(seq0)),
   "recorded as the responder", str(audit_since(seq0)))
kato = srv.client()
ok(kato.login("kato"), "a responder whose name is a person's id logs in")
t = kato.get(f"/incidents/{iid}").text
r = kato.post(f"/incidents/{iid}/ack", form={"csrf": hidden(t, "csrf")})
ack = rows("SELECT person, name FROM acks WHERE incident_id = ? ORDER BY id DESC LIMIT 1", iid)
ok(r.status == 303 and ack == [("", "president")],
   f"is not taken for that person: the login is not one of the policy's people ({ack})")

# ---- the ack message's link ----
key = bytes.fromhex(rows("SELECT value FROM web_settings WHERE key = 'link_key'")[0][0])


def b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def ack_token(incident, recipient="president", expires=T0 + 86400):
    payload = f"v1|ack|{incident}|{expires}|{recipient}".encode()
    return b64(payload) + "." + b64(hmac.new(key, payload, hashlib.sha256).digest())


tok = ack_token(iid)
visitor = srv.client()
t = visitor.get("/ack/" + tok).text
ok("対応します" in t, "the ack link's page has the button")
csrf = hidden(t, "csrf")
seq0 = last_seq()
r = visitor.post("/ack/" + tok, form={"csrf": csrf})
ok(r.status == 200 and "確認しました" in r.text, f"the link acknowledges ({r.status})")
ack = rows("SELECT person, channel FROM acks WHERE incident_id = ? ORDER BY id DESC LIMIT 1", iid)
ok(ack == [("president", "link")], f"as the link's person, by link ({ack})")
ok(rows("SELECT count(*) FROM link_used") == [(1,)], "the link is used up")
who = {(w, login) for w, login, _ in audit_since(seq0)}
ok(len(who) == 1 and next(iter(who))[0] == "anonymous", f"recorded as the visitor ({who})")

for desc, path, status in (
        ("used", "/ack/" + tok, 410),
        ("altered", "/ack/" + tok[:-2] + ("AA" if not tok.endswith("AA") else "BB"), 403),
        ("not a link", "/ack/nothing-here", 404)):
    before = state()
    r = visitor.post(path, form={"csrf": csrf})
    ok(r.status == status and "確認できません" in r.text and "何も変更していません" in r.text,
       f"an ack link {desc}: {status} and a page saying why ({r.status})")
    ok(state() == before, f"and it changed nothing ({desc})", f"{before} -> {state()}")

# ---- a closed incident ----
add_user(srv.data, "mgr", "manager", display="情報 太郎")
c = srv.client()
ok(c.login("mgr"), "a manager logs in")
page = me.get("/report").text
b4, c4 = multipart({"csrf": hidden(page, "csrf"), "once": hidden(page, "once"),
                    "sign": "ransom_screen", "details": "訓練"})
r = me.post("/report", body=b4, raw_type=c4)
iid2 = rows("SELECT max(id) FROM incidents")[0][0]
ok(r.status == 303 and iid2 == iid + 1 and
   rows("SELECT count(*) FROM evidence WHERE incident_id = ?", iid2) == [(0,)],
   "a second form files a second incident, without a photo")
t = c.get(f"/incidents/{iid2}").text
r = c.post(f"/incidents/{iid2}/dismiss", form={"csrf": hidden(t, "csrf"), "reason": "訓練でした"})
closed = rows("SELECT status FROM incidents WHERE id = ?", iid2)
ok(r.status == 303 and closed == [("closed",)], f"the second incident is closed ({closed})")
tok2 = ack_token(iid2)
before = state()
r = visitor.post("/ack/" + tok2, form={"csrf": csrf})
ok(r.status == 410 and state() == before,
   f"an ack link of a closed incident: 410, nothing changed ({r.status})")
before = state()
r = kato.post(f"/incidents/{iid2}/ack", form={"csrf": hidden(kato.get(f'/incidents/{iid2}').text,
                                                              'csrf')})
ok(r.status >= 400 and state() == before,
   f"「対応します」 on a closed incident is refused and changes nothing ({r.status})")

srv.stop()
db.close()
finish()
