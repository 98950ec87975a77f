"""Password hashing off the HTTP threads: while 50 logins arrive at once
(argon2id, tens of milliseconds each), /healthz and the login page stay
fast; the logins queue on a bounded pool of hashing workers and are all
answered; past the queue's bound a login gets 503 with Retry-After."""
import socket
import statistics
import threading
import time

from webtest import Server, add_user, finish, ok

srv = Server().start()
add_user(srv.data, "someone", "reporter")


def login(i, out, name="someone"):
    c = srv.client(source=f"127.0.{7 + i // 60}.{1 + i % 60}")
    try:
        tok = c.csrf("/login")
        r = c.post("/login", form={"csrf": tok, "name": f"{name}{i}", "password": f"wrong-{i}"})
        out[i] = (r.status, r.header("retry-after"))
    except OSError as e:
        out[i] = (0, str(e))


def healthz():
    t0 = time.perf_counter()
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=30,
                                 source_address=("127.0.0.2", 0))
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = s.recv(100)
    s.close()
    return data.startswith(b"HTTP/1.1 200"), (time.perf_counter() - t0) * 1000


def flood(n):
    out = [None] * n
    threads = [threading.Thread(target=login, args=(i, out)) for i in range(n)]
    for t in threads:
        t.start()
    probes = []
    while any(t.is_alive() for t in threads):
        probes.append(healthz())
        time.sleep(0.05)
    for t in threads:
        t.join(120)
    return out, probes


t0 = time.monotonic()
out, probes = flood(50)
secs = time.monotonic() - t0
codes = [o[0] for o in out]
ms = [p[1] for p in probes]
ok(codes.count(401) == 50, f"50 concurrent logins are all answered ({codes.count(401)} × 401 in {secs:.1f} s)")
ok(all(p[0] for p in probes), f"/healthz answers throughout ({len(probes)} probes)")
ok(ms and max(ms) < 250 and statistics.median(ms) < 20,
   f"and fast (median {statistics.median(ms):.1f} ms, max {max(ms):.1f} ms)")

# Past the bound of the queue: 503 with Retry-After, not an endless wait.
out, probes = flood(200)
codes = [o[0] for o in out]
busy = [o for o in out if o[0] == 503]
ok(busy and all(o[1] for o in busy),
   f"200 at once: those past the queue get 503 with Retry-After ({len(busy)})")
ok(codes.count(401) >= 50, f"the queued ones are answered ({codes.count(401)} × 401)")
ok(all(p[0] for p in probes), "/healthz answers throughout")

rc = srv.stop()
ok(rc == 0, f"the server stops cleanly ({rc})")
finish()
