#!/usr/bin/env python3
"""The notification benchmark (bench/README.md, "Notifications"): on
loopback, `moshimo serve` with a notify.yaml pointing at a real SMTP server
(aiosmtpd, in its own process so it does not share the client's GIL).

  latency:     REPORTS level-3 reports over the JSON API, one at a time,
               RATE a second; for each, from the 201 (the commit is done
               before it is sent) to the SMTP server accepting the first of
               its three messages (matched by the Message-ID, which holds
               the incident id). p50, p99, max.
  throughput:  BURST reports from 4 clients at once (3 messages each); the
               messages a second the dispatcher sustains, from the SMTP
               server's first acceptance to its last.

Each phase RUNS times on a fresh data folder; the median of the runs is
printed. MOSHIMO_NOTIFY_RATE lifts the per-destination rate limit (20 a
second for SMTP by default) so that the dispatcher itself is measured.

  python3 bench/bench-notify.py [--reports 1000] [--rate 40] [--burst 200] [--runs 3]
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import http.client

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "tests", "web"))
LEAK = {"title": "顧客名簿の流出", "category": "leak",
        "impact": {"customers": True, "personal_data": True}}


def sink_main(portfile, outfile):
    """The SMTP server: records (monotonic time, incident id) per message."""
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        sys.path.append("/usr/lib/python3/dist-packages")
        from aiosmtpd.controller import Controller
    got = []
    mid = re.compile(rb"Message-ID: <moshimo\.(\d+)\.", re.I)

    class H:
        async def handle_DATA(self, server, session, envelope):
            m = mid.search(envelope.original_content or envelope.content)
            got.append((time.monotonic(), int(m.group(1)) if m else 0))
            return "250 2.0.0 accepted"

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    ctl = Controller(H(), hostname="127.0.0.1", port=port, decode_data=False)
    ctl.start()
    with open(portfile, "w") as f:
        f.write(str(port))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    stop.wait()
    ctl.stop()
    with open(outfile, "w") as f:
        json.dump(got, f)


class Sink:
    def __init__(self, tmp):
        self.portfile = os.path.join(tmp, "sink.port")
        self.outfile = os.path.join(tmp, "sink.json")
        self.proc = subprocess.Popen([sys.executable, __file__, "--sink", self.portfile,
                                      self.outfile])
        for _ in range(200):
            if os.path.exists(self.portfile) and open(self.portfile).read():
                self.port = int(open(self.portfile).read())
                return
            time.sleep(0.05)
        raise RuntimeError("sink did not start")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)
        return json.load(open(self.outfile))


def serve(binary, data, env):
    p = subprocess.Popen([binary, "serve", "--data", data, "--listen", "127.0.0.1:0",
                          "--no-access-log"], stdout=subprocess.PIPE,
                         stderr=open(os.path.join(data, "serve.log"), "w"), text=True, env=env)
    while True:
        line = p.stdout.readline()
        if not line:
            raise RuntimeError("serve did not start")
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
        if m:
            return p, int(m.group(1))


def token(binary, data):
    r = subprocess.run([binary, "token", "create", "--role", "reporter", "--data", data],
                       capture_output=True, text=True, check=True)
    return r.stdout.strip()


def setup(binary, tmp, sink):
    import notifyfix
    os.environ["TMPDIR"] = tmp
    notifyfix.TMP = tmp
    data = notifyfix.make_data(f"smtp://127.0.0.1:{sink.port}")
    return data, token(binary, data)


def post(conn, tok):
    conn.request("POST", "/api/v1/incidents", json.dumps(LEAK, ensure_ascii=False).encode(),
                 {"Authorization": "Bearer " + tok, "Content-Type": "application/json"})
    r = conn.getresponse()
    body = r.read()
    if r.status != 201:
        raise RuntimeError(f"create: {r.status} {body[:200]}")
    return json.loads(body)["id"]


def latency_run(binary, reports, rate, env):
    tmp = tempfile.mkdtemp(prefix="bench-notify-")
    sink = Sink(tmp)
    data, tok = setup(binary, tmp, sink)
    p, port = serve(binary, data, env)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    at = {}
    step = 1.0 / rate
    t_next = time.monotonic()
    for _ in range(reports):
        now = time.monotonic()
        if now < t_next:
            time.sleep(t_next - now)
        t_next += step
        iid = post(conn, tok)
        at[iid] = time.monotonic()
    time.sleep(2)
    p.send_signal(signal.SIGTERM)
    p.wait(30)
    got = sink.stop()
    first = {}
    for t, iid in got:
        if iid not in first or t < first[iid]:
            first[iid] = t
    lat = sorted(max(0.0, first[i] - at[i]) * 1000 for i in at if i in first)
    missing = len(at) - len(lat)
    shutil.rmtree(tmp, ignore_errors=True)
    return lat, missing, len(got)


def throughput_run(binary, burst, env):
    tmp = tempfile.mkdtemp(prefix="bench-notify-")
    sink = Sink(tmp)
    data, tok = setup(binary, tmp, sink)
    p, port = serve(binary, data, env)

    def client(n):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(n):
            post(c, tok)

    th = [threading.Thread(target=client, args=(burst // 4,)) for _ in range(4)]
    for t in th:
        t.start()
    for t in th:
        t.join()
    expect = (burst // 4) * 4 * 3
    deadline = time.time() + 90
    db = os.path.join(data, "moshimo.db")
    while time.time() < deadline:
        r = subprocess.run(["sqlite3", f"file:{db}?mode=ro",
                            "SELECT count(*) FROM outbox WHERE state = 'sent'"],
                           capture_output=True, text=True)
        if r.stdout.strip() == str(expect):
            break
        time.sleep(0.5)
    p.send_signal(signal.SIGTERM)
    p.wait(30)
    got = sink.stop()
    ts = sorted(t for t, _ in got)
    rate = (len(ts) - 1) / (ts[-1] - ts[0]) if len(ts) > 1 else 0
    shutil.rmtree(tmp, ignore_errors=True)
    return rate, len(ts), expect


def pct(v, q):
    return v[min(len(v) - 1, int(round(q * (len(v) - 1))))] if v else float("nan")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--sink":
        return sink_main(sys.argv[2], sys.argv[3])
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--rate", type=float, default=40)
    ap.add_argument("--burst", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--binary", default=os.path.join(TOP, "build", "moshimo"))
    ap.add_argument("--notify-rate", default="100000",
                    help="MOSHIMO_NOTIFY_RATE for the server ('' keeps the default limit)")
    a = ap.parse_args()
    env = dict(os.environ)
    if a.notify_rate:
        env["MOSHIMO_NOTIFY_RATE"] = a.notify_rate
    p50s, p99s, maxs, rates = [], [], [], []
    for run in range(a.runs):
        lat, missing, n = latency_run(a.binary, a.reports, a.rate, env)
        p50s.append(pct(lat, 0.50))
        p99s.append(pct(lat, 0.99))
        maxs.append(lat[-1] if lat else float("nan"))
        print(f"run {run + 1}: {len(lat)} reports, {n} messages, missing first message "
              f"{missing}; p50 {p50s[-1]:.1f} ms, p99 {p99s[-1]:.1f} ms, max {maxs[-1]:.1f} ms",
              flush=True)
    for run in range(a.runs):
        rate, n, expect = throughput_run(a.binary, a.burst, env)
        rates.append(rate)
        print(f"run {run + 1}: {n}/{expect} messages, {rate:.0f} messages/s", flush=True)
    print(json.dumps({
        "reports": a.reports, "rate": a.rate, "runs": a.runs,
        "commit_to_first_accept_ms": {"p50": round(statistics.median(p50s), 1),
                                      "p99": round(statistics.median(p99s), 1),
                                      "max": round(statistics.median(maxs), 1)},
        "dispatcher_messages_per_s": round(statistics.median(rates)),
        "notify_rate": a.notify_rate or "default"}, ensure_ascii=False))


if __name__ == "__main__":
    main()
