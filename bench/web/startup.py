#!/usr/bin/env python3
"""Time from exec of `moshimo serve` to its first answer on /healthz, in ms.
    startup.py MOSHIMO DATA_DIR PORT   (prints the ms; leaves the server running
    and prints its pid on the second line)"""
import socket
import subprocess
import sys
import time

moshimo, data, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
t0 = time.perf_counter()
p = subprocess.Popen([moshimo, "serve", "--data", data, "--listen", f"127.0.0.1:{port}",
                      "--no-access-log"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
req = b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
while True:
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(req)
        if s.recv(64).startswith(b"HTTP/1.1 200"):
            s.close()
            break
        s.close()
    except OSError:
        pass
    if time.perf_counter() - t0 > 20:
        sys.exit("no answer in 20 s")
    time.sleep(0.0005)
print(f"{(time.perf_counter() - t0) * 1000:.1f}")
print(p.pid)
