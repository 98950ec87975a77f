"""Login CSRF and redirects: the login form's token belongs to the browser
that fetched the form (its pre-session cookie), so a token taken from one
browser cannot log another in (login CSRF); next= after login is only a
path of this site: `//x`, `/\\t/evil.example/`, backslashes, schemes and
control characters all send the user to "/"."""
import re

from webtest import PASSWORD, Server, add_user, finish, ok

srv = Server().start()
add_user(srv.data, "clerk", "reporter")

# An attacker fetches the form and its token in their own browser...
attacker = srv.client()
tok = attacker.csrf("/login")
ok(bool(tok), "the login form carries a token")
pre = [k for k in attacker.cookies if "login" in k]
ok(bool(pre), f"and the browser a pre-session cookie ({list(attacker.cookies)})")
# ...and makes the victim's browser post it (a cross-site form: no cookie of ours).
victim = srv.client()
r = victim.post("/login", form={"csrf": tok, "name": "clerk", "password": PASSWORD, "next": "/"})
ok(r.status == 403 and "moshimo_session" not in victim.cookies,
   f"a token from another browser is refused ({r.status})")
# The victim has a pre-session cookie of their own: still not that token.
victim.csrf("/login")
r = victim.post("/login", form={"csrf": tok, "name": "clerk", "password": PASSWORD, "next": "/"})
ok(r.status == 403, f"even when the victim has a pre-session cookie of their own ({r.status})")
r = victim.post("/login", form={"name": "clerk", "password": PASSWORD})
ok(r.status == 403, f"no token: refused ({r.status})")
# The attacker's own browser, with its own token, is fine.
r = attacker.post("/login", form={"csrf": tok, "name": "clerk", "password": PASSWORD, "next": "/"})
ok(r.status == 303, f"the token works in the browser it was given to ({r.status})")

# next=: only a path of this site.
bad = ["//evil.example/", "/\t/evil.example/", "/\\evil.example/", "/\\/evil.example",
       "https://evil.example/", "javascript:alert(1)", "/x\r\nSet-Cookie: a=b", "/x\x01y",
       " /evil", "/ /evil.example", "\\\\evil.example", "/%0d%0aX: y\r\n"]
for nxt in bad:
    c = srv.client()
    tok = c.csrf("/login")
    r = c.post("/login", form={"csrf": tok, "name": "clerk", "password": PASSWORD, "next": nxt})
    ok(r.status == 303 and r.header("location") == "/",
       f"next={nxt!r} is refused: Location {r.header('location')!r}")
    page = c.get("/login?next=" + re.sub(r"[^A-Za-z0-9/]", lambda m: "%%%02X" % ord(m.group()), nxt))
    ok(page.status in (200, 303) and (page.status == 303 and page.header("location") == "/" or
                                       'name="next" value="/"' in page.text),
       f"and never offered back by the login page ({nxt!r})")
c = srv.client()
tok = c.csrf("/login")
r = c.post("/login", form={"csrf": tok, "name": "clerk", "password": PASSWORD,
                           "next": "/incidents/1?tab=steps"})
ok(r.header("location") == "/incidents/1?tab=steps", f"a path of ours is kept ({r.header('location')})")

# A page that needs a login sends there with next= encoded.
r = srv.client().get("/search?q=a&b=c")
ok(r.status == 303 and r.header("location") == "/login?next=%2Fsearch", f"({r.header('location')})")

rc = srv.stop()
ok(rc == 0, f"the server stops cleanly ({rc})")
finish()
