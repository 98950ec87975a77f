#!/usr/bin/env python3
"""/healthz latency from 127.0.0.2 while 127.0.0.1 holds 1,000 idle
connections to `moshimo serve` (the connection-exhaustion finding of issue
10). Each /healthz is a new connection, as a monitoring probe makes it.
Prints the latencies without and with the flood; target: p99 < 10 ms.

    python3 bench/bench-flood.py [build/moshimo]    REQUESTS=500 FLOOD=1000
"""
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time

MOSHIMO = sys.argv[1] if len(sys.argv) > 1 else "build/moshimo"
REQUESTS = int(os.environ.get("REQUESTS", "500"))
FLOOD = int(os.environ.get("FLOOD", "1000"))

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if soft < FLOOD + 200:
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(FLOOD + 200, hard), hard))

data = tempfile.mkdtemp(prefix="bench-flood-")
proc = subprocess.Popen([MOSHIMO, "serve", "--data", data, "--listen", "127.0.0.1:0"],
                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
port = None
for line in proc.stdout:
    m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
    if m:
        port = int(m.group(1))
        break
if not port:
    sys.exit("bench-flood: the server did not start")


def healthz(src):
    t0 = time.perf_counter()
    s = socket.socket()
    s.bind((src, 0))
    s.settimeout(5)
    try:
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        out = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            out += chunk
    except OSError:
        out = b""
    finally:
        s.close()
    return out.startswith(b"HTTP/1.1 200"), (time.perf_counter() - t0) * 1000


def run(label):
    ms, fails = [], 0
    for _ in range(REQUESTS):
        good, t = healthz("127.0.0.2")
        fails += not good
        ms.append(t)
    ms.sort()
    pct = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]  # noqa: E731
    print(f"{label:<34} n={REQUESTS} p50={pct(0.5):.2f} ms p99={pct(0.99):.2f} ms "
          f"max={ms[-1]:.2f} ms failed={fails}")
    return pct(0.99), fails


try:
    run("/healthz, no flood")
    flood = []
    for _ in range(FLOOD):
        s = socket.socket()
        s.setblocking(False)
        s.bind(("127.0.0.1", 0))
        try:
            s.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        flood.append(s)
    time.sleep(1)
    p99, fails = run(f"/healthz, 127.0.0.1 holds {FLOOD}")
    for s in flood:
        s.close()
    print(f"target p99 < 10 ms: {'met' if p99 < 10 and not fails else 'NOT met'}")
finally:
    proc.terminate()
    proc.wait(30)
    shutil.rmtree(data, ignore_errors=True)
