"""Connection exhaustion: while 127.0.0.1 holds 1,000 idle sockets, or
trickles headers a byte at a time, the server keeps answering /healthz
from 127.0.0.2; connections that send nothing, or stop half-way through
their headers, are closed after a short time-out. Real sockets, bounded in
count and in time."""
import resource
import socket
import time

from webtest import Server, finish, ok

FLOOD = 1000
TIMEOUT = 10          # the server's idle/header time-out (server.c)
DEADLINE = 15         # the whole headers' deadline (dispatch.c)

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
want = FLOOD + 200
if soft < want:
    soft = min(want, hard) if hard != resource.RLIM_INFINITY else want
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
FLOOD = min(FLOOD, soft - 200)
print(f"# flood of {FLOOD} sockets (file limit {soft})")

srv = Server().start()
port = srv.port


def healthz(src, timeout=5.0):
    """(status, seconds) of GET /healthz over a new connection from src."""
    t0 = time.perf_counter()
    s = socket.socket()
    try:
        s.bind((src, 0))
        s.settimeout(timeout)
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        out = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            out += chunk
    except OSError:
        return 0, time.perf_counter() - t0
    finally:
        s.close()
    return (int(out[9:12]) if out.startswith(b"HTTP/1.1 ") else 0), time.perf_counter() - t0


def closed_within(s, t0, seconds):
    """Seconds from t0 until the server closed s, or None when it stayed
    open seconds after t0."""
    s.settimeout(0.5)
    while time.monotonic() - t0 < seconds:
        try:
            if s.recv(4096) == b"":
                return time.monotonic() - t0
        except (ConnectionResetError, BrokenPipeError):
            return time.monotonic() - t0
        except socket.timeout:
            pass
    return None


st, t = healthz("127.0.0.2")
ok(st == 200, f"/healthz from 127.0.0.2 before the flood ({st}, {t * 1000:.1f} ms)")

# 1,000 idle connections from 127.0.0.1.
flood = []
for i in range(FLOOD):
    s = socket.socket()
    s.setblocking(False)
    s.bind(("127.0.0.1", 0))
    try:
        s.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    flood.append(s)
time.sleep(1.0)
times = []
statuses = []
for i in range(20):
    st, t = healthz("127.0.0.2")
    statuses.append(st)
    times.append(t)
ok(all(x == 200 for x in statuses), f"/healthz from 127.0.0.2 answers while 127.0.0.1 holds {FLOOD} "
   f"sockets ({statuses.count(200)}/20)")
times.sort()
ok(times[-1] < 1.0, f"and quickly (median {times[10] * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms)")
for s in flood:
    s.close()
flood = []

# A slow sender: 127.0.0.1 opens as many connections again, each trickling
# its headers a byte at a time.
slow = []
for i in range(FLOOD):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.settimeout(0.5)
    try:
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET /healthz HTTP/1.1\r\n")
        slow.append(s)
    except OSError:
        s.close()
statuses = []
t_end = time.monotonic() + 4
while time.monotonic() < t_end:
    for s in slow:
        try:
            s.send(b"X")
        except OSError:
            pass
    statuses.append(healthz("127.0.0.2")[0])
    time.sleep(0.5)
ok(statuses and all(x == 200 for x in statuses),
   f"/healthz from 127.0.0.2 answers while 127.0.0.1 trickles headers ({statuses})")
for s in slow:
    s.close()

# Time-outs: a connection that sends nothing, and one that stops half-way
# through its headers, are closed after about TIMEOUT seconds.
t0 = time.monotonic()
quiet = socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.3", 0))
half = socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.3", 0))
half.sendall(b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Le")
t_quiet = closed_within(quiet, t0, TIMEOUT + 8)
t_half = closed_within(half, t0, TIMEOUT + 8)
ok(t_quiet is not None and t_quiet <= TIMEOUT + 5,
   f"a silent connection is closed after the time-out ({t_quiet})")
ok(t_half is not None and t_half <= TIMEOUT + 5, f"so is one that stopped inside its headers ({t_half})")
quiet.close()
half.close()

# A connection that keeps sending its headers a byte a second is closed at
# the headers' deadline.
drip = socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.4", 0))
drip.settimeout(1)
t0 = time.monotonic()
closed = None
for i in range(DEADLINE + 8):
    try:
        drip.send(b"GET /healthz HTTP/1.1\r\nX-Slow: "[i:i + 1] or b"a")
        if drip.recv(100) == b"":
            closed = time.monotonic() - t0
            break
    except socket.timeout:
        pass
    except OSError:
        closed = time.monotonic() - t0
        break
drip.close()
ok(closed is not None and closed <= DEADLINE + 4,
   f"headers sent a byte a second are cut at the deadline ({closed})")

st, t = healthz("127.0.0.1")
ok(st == 200, f"127.0.0.1 is served again once it lets go ({st})")
rc = srv.stop()
ok(rc == 0, f"the server stops cleanly ({rc})")
finish()
