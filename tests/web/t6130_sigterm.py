"""SIGTERM during a write loop loses no acknowledged incident: 8 clients
create incidents as fast as they can; the server gets SIGTERM mid-loop,
finishes what is in flight and exits 0; every incident it answered 201 for
is in the database, which passes PRAGMA integrity_check and the audit
chain. Then the same with kill -9 (only what was acknowledged counts)."""
import os
import signal
import sqlite3
import threading
import time

from webtest import Server, cli, finish, make_token, ok, report


def write_loop(srv, token, acked, errors, stop):
    c = srv.client(token=token)
    n = 0
    while not stop.is_set():
        n += 1
        try:
            r = c.post("/api/v1/incidents", js=report(f"停止中の書き込み {threading.get_ident()}-{n}"))
        except OSError:
            break
        if r.status == 201:
            acked.append(r.json()["id"])
        elif r.status != 503:
            errors.append(r.status)
            break
        else:
            break


def run(sig):
    srv = Server().start()
    token = make_token(srv.data, "reporter")
    acked, errors, stop = [], [], threading.Event()
    threads = [threading.Thread(target=write_loop, args=(srv, token, acked, errors, stop))
               for _ in range(8)]
    for t in threads:
        t.start()
    time.sleep(1.0)
    before = len(acked)
    rc = srv.stop(sig)
    stop.set()
    for t in threads:
        t.join(30)
    name = "SIGTERM" if sig == signal.SIGTERM else "SIGKILL"
    ok(before > 20, f"{name}: the loop was writing ({before} acknowledged before the signal)")
    if sig == signal.SIGTERM:
        ok(rc == 0, f"SIGTERM: the server finished and exited 0 (rc {rc})")
    ok(not errors, f"{name}: no request failed other than being refused ({errors[:5]})")
    db = sqlite3.connect(os.path.join(srv.data, "moshimo.db"))
    ok(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok",
       f"{name}: PRAGMA integrity_check is ok")
    have = {row[0] for row in db.execute("SELECT id FROM incidents")}
    lost = [i for i in acked if i not in have]
    ok(not lost, f"{name}: all {len(acked)} acknowledged incidents are stored ({len(lost)} lost)")
    steps = db.execute("SELECT count(DISTINCT incident_id) FROM steps").fetchone()[0]
    ok(steps == len(have), f"{name}: every stored incident has its whole checklist")
    db.close()
    rc, out, err = cli(srv.data, "audit", "verify")
    ok(rc == 0, f"{name}: moshimo audit verify passes", out + err)
    return srv


run(signal.SIGTERM)
run(signal.SIGKILL)
finish()
