"""serve --trusted-proxy: whose X-Forwarded-For is believed. Real server,
real HTTP; the access log (stderr) and the login throttle's counters per
address (the login_failures rows, which slow an address down) show which
address moshimo saw. Run through tests/t7030-trusted-proxy.sh."""
import os
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webtest import Server, finish, ok  # noqa: E402



def addr_counts(srv):
    """The throttle's attempt counters per client address."""
    db = sqlite3.connect(os.path.join(srv.data, "moshimo.db"))
    try:
        return {k[5:]: n for k, n in db.execute(
            "SELECT key, count FROM login_failures WHERE key LIKE 'addr:%'")}
    finally:
        db.close()


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
    fail_logins(srv, "203.0.113.7", 3)
    counts = addr_counts(srv)
    ok(counts.get("203.0.113.7", 0) >= 3 and "127.0.0.1" not in counts,
       "from the trusted proxy: failed logins count against the forwarded client, "
       "not the proxy", counts)
    ok(login(srv, "203.0.113.8", password) == 303,
       "another client behind the same proxy still logs in", "")
finally:
    srv.stop()

# ---- no trusted proxy: the header is ignored ----
srv = Server().start()
try:
    hit(srv, "203.0.113.7")
    for i in range(3):
        fail_logins(srv, f"198.51.100.{i + 1}", 1, start=i)
    counts = addr_counts(srv)
    ok(counts.get("127.0.0.1", 0) >= 3 and not any(k.startswith("198.51.100.") for k in counts),
       "without --trusted-proxy a new X-Forwarded-For each time does not dodge the "
       "throttle: every attempt counts against the peer", counts)
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
