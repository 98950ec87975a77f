"""serve --trusted-proxy: whose X-Forwarded-For is believed. Real server,
real HTTP; the access log (stderr) and the login throttle (20 failures per
address in 15 minutes) show which address moshimo saw. Run through
tests/t7030-trusted-proxy.sh."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webtest import Server, finish, ok  # noqa: E402

ADDR_MAX = 20  # WEB_LOGIN_MAX_ADDR_FAILURES


def hit(srv, xff):
    c = srv.client()
    c.get("/healthz", headers={"X-Forwarded-For": xff} if xff else None)


def log_addrs(srv):
    """The address column of the access log's /healthz lines."""
    out = []
    for line in srv.stderr().splitlines():
        f = line.split()
        if len(f) > 4 and '"GET' in f and "/healthz\"" in line:
            out.append(f[1])
    return out


def fail_logins(srv, xff, n, start=0):
    """n failed logins (each a different unknown user: the per-user limit
    stays out of it) from xff; the last status."""
    status = None
    for i in range(n):
        c = srv.client()
        tok = c.csrf("/login")
        r = c.post("/login", form={"csrf": tok, "name": f"nobody{start + i}", "password": "x",
                                   "next": "/"}, headers={"X-Forwarded-For": xff})
        status = r.status
    return status


def login(srv, xff, password):
    c = srv.client()
    tok = c.csrf("/login")
    r = c.post("/login", form={"csrf": tok, "name": "admin", "password": password, "next": "/"},
               headers={"X-Forwarded-For": xff})
    return r.status


# ---- behind the proxy: the forwarded address is the client ----
srv = Server(args=["--trusted-proxy", "127.0.0.1"]).start()
password = srv.admin_password or ""
try:
    hit(srv, "203.0.113.7")
    hit(srv, "1.1.1.1, 198.51.100.9")
    hit(srv, "not-an-address")
    hit(srv, None)
    srv.stop()
    addrs = log_addrs(srv)
    ok(sorted(addrs) == ["127.0.0.1", "127.0.0.1", "198.51.100.9", "203.0.113.7"],
       "from the trusted proxy: the log shows the forwarded client (the last hop), "
       "the peer when the header is missing or not an address", addrs)
    srv.start()
    st = fail_logins(srv, "203.0.113.7", ADDR_MAX)
    ok(st != 429, f"{ADDR_MAX} failed logins from 203.0.113.7 are let through", st)
    st = fail_logins(srv, "203.0.113.7", 1, start=100)
    ok(st == 429, "the next one from 203.0.113.7 is throttled (429)", st)
    ok(login(srv, "203.0.113.8", password) == 303,
       "another client behind the same proxy still logs in", "")
finally:
    srv.stop()

# ---- no trusted proxy: the header is ignored ----
srv = Server().start()
try:
    hit(srv, "203.0.113.7")
    st = None
    for i in range(ADDR_MAX):
        st = fail_logins(srv, f"198.51.100.{i + 1}", 1, start=i)
    st = fail_logins(srv, "198.51.100.200", 1, start=500)
    ok(st == 429, "without --trusted-proxy a new X-Forwarded-For each time does not dodge "
       "the throttle (429)", st)
    srv.stop()
    ok(log_addrs(srv)[:1] == ["127.0.0.1"], "and the log shows the peer", log_addrs(srv))
finally:
    srv.stop()

# ---- a proxy that is not the peer: ignored too ----
srv = Server(args=["--trusted-proxy", "127.0.0.2"]).start()
try:
    hit(srv, "203.0.113.7")
    srv.stop()
    ok(log_addrs(srv)[:1] == ["127.0.0.1"], "--trusted-proxy 127.0.0.2: a header from 127.0.0.1 "
       "is ignored", log_addrs(srv))
finally:
    srv.stop()

r = subprocess.run([os.environ["MOSHIMO"], "serve", "--trusted-proxy", "nginx.local"],
                   capture_output=True, text=True, timeout=30)
ok(r.returncode == 2 and "--trusted-proxy" in r.stderr, "--trusted-proxy wants an address (exit 2)",
   r.stderr)
finish()
