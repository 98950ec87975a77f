#!/usr/bin/env python3
"""How late an escalation step fires after its time (bench/README.md,
"Escalation"): `moshimo serve` on loopback with notify.yaml at a real SMTP
server (aiosmtpd), a policy whose level 3 tells the manager at once and the
president after 1 minute (the shortest wait a policy can write). N level-3
reports spread over a few seconds; for each, from the step's due time (the
report's commit second + 60 s) to the SMTP server accepting the president's
message. Real clock, no test clock: about 70 seconds.

  python3 bench/bench-escalation.py [--reports 10]
"""
import argparse
import calendar
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "tests", "web"))
from mailsink import MailSink  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--reports", type=int, default=10)
ap.add_argument("--moshimo", default=os.path.join(TOP, "build", "moshimo"))
args = ap.parse_args()
os.environ["MOSHIMO"] = args.moshimo
os.environ.pop("MOSHIMO_NOW", None)
from webtest import Server, make_token  # noqa: E402

PEOPLE = """people:
  - {id: president, name: 髙橋 一郎, roles: [chief], email: president@example.co.jp}
  - {id: incident_manager, name: 山田 太郎, roles: [manager], email: manager@example.co.jp}
  - {id: system_admin, name: 佐藤 花子, roles: [sysadmin, first_responder], email: sysadmin@example.co.jp}
"""

with MailSink() as sink:
    data = tempfile.mkdtemp(prefix="bench-esc-")
    text = open(os.path.join(TOP, "data", "policy.yaml"), encoding="utf-8").read()
    a, b = text.index("\npeople:\n"), text.index("\nlevels:\n")
    text = text[:a + 1] + PEOPLE + text[b + 1:]
    text = text.replace("      - notify: [manager, sysadmin]\n      - after: 15m\n",
                        "      - notify: [manager]\n      - after: 1m\n", 1)
    for name, body in (("policy.yaml", text),
                       ("notify.yaml", f'smtp: {{url: "{sink.url}", from: "m <m@example.co.jp>"}}\n')):
        with open(os.path.join(data, name), "w", encoding="utf-8") as f:
            f.write(body)
        os.chmod(os.path.join(data, name), 0o600)
    token = make_token(data, "reporter")
    srv = Server(data).start()
    api = srv.client(token=token)
    due = {}
    for i in range(args.reports):
        r = api.post("/api/v1/incidents", js={"title": f"流出 {i}", "category": "leak",
                                              "impact": {"customers": True}})
        j = r.json()
        rep = re.sub(r"([+-]\d\d):(\d\d)$", r"\1\2", j["reported_at"])
        t = time.strptime(rep, "%Y-%m-%dT%H:%M:%S%z")
        off = int(rep[-5:-2]) * 3600 + int(rep[-2:]) * 60 * (1 if rep[-5] == "+" else -1)
        due[j["id"]] = calendar.timegm(t) - off + 60
        time.sleep(0.37)
    seen = {}
    end = time.time() + 90
    while time.time() < end and len(seen) < len(due):
        for m in list(sink.messages):
            if m.rcpt_tos == ["president@example.co.jp"]:
                iid = int(re.search(r"moshimo\.(\d+)\.", m.msg["Message-ID"]).group(1))
                seen.setdefault(iid, time.time())
        time.sleep(0.01)
    srv.stop()
    late = sorted(seen[i] - due[i] for i in seen)
    print(f"escalation: {len(seen)} of {len(due)} fired; late after the due second: "
          f"p50 {statistics.median(late) * 1000:.0f} ms, max {late[-1] * 1000:.0f} ms, "
          f"min {late[0] * 1000:.0f} ms")
    sys.exit(0 if len(seen) == len(due) else 1)
