"""Who did it is who is logged in (issue 10, item 7): a reporter cannot take
the manager's display name (refused, case-, width- and space-insensitively);
what they do shows their own display name with their login id beside it, in
the timeline and in the audit rows; the server keeps the keyed chain's
anchor, and the data folder verifies."""
import os
import subprocess

from webtest import PASSWORD, Server, add_user, cli, finish, ok

srv = Server().start()
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
r = rep.post("/report", form={"csrf": tok, "sign": "ransom_screen", "title": "画面が変",
                              "details": "脅迫文", "device": "PC-1"})
ok(r.status == 200, "the reporter files a report", str(r.status))

mgr = srv.client()
ok(mgr.login("boss"), "the manager logs in")
page = mgr.get("/incidents/1").text
ok("花子" in page and "[user:hanako]" in page, "the timeline shows the reporter's name and login")
ok("部長 [user:hanako]" not in page, "nothing of the reporter's shows as the manager")
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
subprocess.run(["sqlite3", db, "UPDATE users SET role = 'admin' WHERE name = 'hanako'"], check=True)
rc, out, err = cli(srv.data, "audit", "verify")
ok(rc == 1 and "users row" in err, "a reporter made admin with sqlite3 fails verify", err)
finish()
