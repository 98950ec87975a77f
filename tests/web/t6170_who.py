"""Who did it is who is logged in (issue 10, item 7): a reporter cannot take
the manager's display name (refused, case-, width- and space-insensitively);
what they do shows their own display name with their login id beside it, in
the timeline and in the audit rows; the server keeps the keyed chain's
anchor, and the data folder verifies. Also: the server's start removes the
upload folders a crash left."""
import os
import subprocess
import tempfile

from webtest import PASSWORD, TMP, Server, add_user, cli, finish, multipart, ok

# An upload folder a crashed server left behind goes when the server starts.
data = tempfile.mkdtemp(prefix="data-", dir=TMP)
os.makedirs(os.path.join(data, "uploads", "up-crashed"))
open(os.path.join(data, "uploads", "up-crashed", "half.bin"), "wb").write(b"x" * 1000)
srv = Server(data).start()
ok(not os.path.exists(os.path.join(data, "uploads", "up-crashed")),
   "the server's start removes a stale upload folder")
add_user(srv.data, "hanako", "reporter", display="花子")
add_user(srv.data, "boss", "manager", display="部長")
db = os.path.join(srv.data, "moshimo.db")

rep = srv.client()
ok(rep.login("hanako"), "the reporter logs in")
for name in ("部長", " 部 長 ", "BOSS", "ｂｏｓｓ"):
    tok = rep.csrf("/account")
    r = rep.post("/account", form={"csrf": tok, "display": name, "current": PASSWORD})
    ok(r.status == 422 and ("already used by another account" in r.text or
                            "他のアカウント" in r.text), f"the display name {name!r} (the manager's) is refused",
       f"{r.status} {r.text[:200]}")
r = subprocess.run(["sqlite3", db, "SELECT display FROM users WHERE name = 'hanako'"],
                   capture_output=True, text=True)
ok(r.stdout.strip() == "花子", "the reporter's display name is unchanged", r.stdout)

tok = rep.csrf("/report")
r = rep.post_follow("/report", form={"csrf": tok, "sign": "ransom_screen", "title": "画面が変",
                              "details": "脅迫文", "device": "PC-1"})
ok(r.status == 200, "the reporter files a report", str(r.status))

mgr = srv.client()
ok(mgr.login("boss"), "the manager logs in")
page = mgr.get("/incidents/1").text
ok("花子" in page and "[user:hanako]" in page, "the timeline shows the reporter's name and login")
ok("部長 [user:hanako]" not in page, "nothing of the reporter's shows as the manager")
# An upload through the server's writer: linked into place after its commit.
body, ctype = multipart({"csrf": mgr.csrf("/incidents/1"), "note": "画面の写真"},
                        [("file", "screen.png", b"\x89PNG fake" * 100)])
r = mgr.request("POST", "/incidents/1/evidence", body=body, raw_type=ctype)
ok(r.status == 303, "the manager uploads evidence", str(r.status))
edir = os.path.join(srv.data, "evidence", "1")
names = sorted(os.listdir(edir)) if os.path.isdir(edir) else []
ok(names == ["1-screen.png"], "the upload is at its numbered name, no temporary copy left", str(names))
r = subprocess.run(["sqlite3", db, "SELECT DISTINCT login FROM audit WHERE tbl = 'incidents'"],
                   capture_output=True, text=True)
ok("user:hanako" in r.stdout.split(), "the audit rows record the login", r.stdout)

srv.stop()
anchor = open(os.path.join(srv.data, "audit.anchor")).read()
rows = subprocess.run(["sqlite3", db, "SELECT max(seq) FROM audit"], capture_output=True,
                      text=True).stdout.strip()
ok(f"rows {rows}\n" in anchor, "the server wrote the anchor after its commits", anchor)
rc, out, err = cli(srv.data, "audit", "verify")
ok(rc == 0, "the data folder verifies after the server's writes", err)
rc, out, err = cli(srv.data, "evidence", "verify", "1")
ok(rc == 0 and "evidence 1: ok" in out, "the uploaded evidence verifies", out + err)
subprocess.run(["sqlite3", db, "UPDATE users SET role = 'admin' WHERE name = 'hanako'"], check=True)
rc, out, err = cli(srv.data, "audit", "verify")
ok(rc == 1 and "users row" in err, "a reporter made admin with sqlite3 fails verify", err)
finish()
