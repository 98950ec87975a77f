"""The long-running server does not grow per PDF export: VmRSS (from
/proc) after 10 exports and after 50 more differ by little."""
import os
import time

from webtest import Server, add_user, finish, make_token, ok, report

srv = Server().start()
add_user(srv.data, "resp", "responder")
api = srv.client(token=make_token(srv.data, "manager"))
iid = api.post("/api/v1/incidents", js=report(description="経理部の共有フォルダが暗号化された。" * 50)).json()["id"]
c = srv.client()
ok(c.login("resp"), "a responder logs in")


def rss():
    with open(f"/proc/{srv.proc.pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0


def export(n):
    good = 0
    for _ in range(n):
        r = c.get(f"/incidents/{iid}/export/pdf")
        good += r.status == 200 and r.body.startswith(b"%PDF")
    return good


base = rss()
good = export(10)
ok(good == 10, f"10 PDF exports ({good} good)")
time.sleep(0.5)
warm = rss()
good = export(50)
time.sleep(0.5)
after = rss()
print(f"# RSS before {base:.1f} MiB, after 10 exports {warm:.1f} MiB, after 60 {after:.1f} MiB")
ok(good == 50, f"50 more ({good} good)")
ok(after - warm < 8, f"the server does not grow per export ({warm:.1f} → {after:.1f} MiB)")
srv.stop()
finish()
