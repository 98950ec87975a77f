"""A drill's injected message (状況付与) belongs to the drill's incident:
its outbox rows carry the drill's incident id (not 0), the incident's
record lists them (store_outbox_incident), and once sent (the real SMTP server) the send is on the drill's timeline
(a "notify" event) and on its web page, 【訓練】 in the subject. Test clock MOSHIMO_NOW."""
import json
import os
import shutil
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from mailsink import MailSink  # noqa: E402
from webtest import MOSHIMO, Server, add_user, finish, ok  # noqa: E402

TMP = os.environ.get("TMPDIR", "/tmp")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def at(hhmm):
    h, m = hhmm.split(":")
    return "2026-12-01T%02d:%s:00Z" % (int(h) - 9, m)


def run(data, *args, now="10:00", stdin=None):
    env = dict(os.environ, MOSHIMO_USER="訓練係", LANG="C.UTF-8", LC_ALL="", LANGUAGE="",
               MOSHIMO_NOW=at(now))
    return subprocess.run([MOSHIMO, *args, "--data", data], capture_output=True, text=True,
                          timeout=120, env=env, input=stdin)


data = os.path.join(TMP, "data")
os.makedirs(data, mode=0o700)
shutil.copy(os.path.join(ROOT, "tests", "fixtures", "drills.yaml"),
            os.path.join(data, "policy.yaml"))
sink = MailSink()
sink.__enter__()
with open(os.path.join(data, "notify.yaml"), "w") as f:
    f.write(f'smtp: {{url: "{sink.url}", from: "moshimo <moshimo@example.jp>"}}\n'
            "timeouts: {connect: 2, total: 10}\n")
os.chmod(os.path.join(data, "notify.yaml"), 0o600)

r = run(data, "drill", "start", "lost_pc", "--json", now="10:00")
ok(r.returncode == 0, "drill start", r.stderr)
did = json.loads(r.stdout)["id"] if r.returncode == 0 else 0
r = run(data, "notify", "run", "--once", now="10:01")
ok(r.returncode == 0, "the report's messages are sent", r.stderr)
sink.wait(100, timeout=3)
sink.clear()

# The first inject (30m) comes with the tick at 10:31 and is sent.
r = run(data, "notify", "run", "--once", now="10:31")
ok(r.returncode == 0, "the tick at 10:31 delivers the inject", r.stderr)
r = run(data, "notify", "run", "--once", now="10:32")
ok(r.returncode == 0, "and sends it", r.stderr)
mails = sink.wait(1, timeout=5)
subjects = [str(m.msg["Subject"]) for m in mails]
ok(any("状況付与" in s and "【訓練】" in s for s in subjects),
   "the inject's mail arrived, 【訓練】 in its subject", subjects)

db = sqlite3.connect(os.path.join(data, "moshimo.db"))
rows = db.execute("SELECT incident_id, state FROM outbox WHERE purpose = 'drill'").fetchall()
db.close()
ok(rows and all(r[0] == did for r in rows), "its outbox rows are the drill's incident's, not 0",
   rows)

r = run(data, "show", "--json", str(did), now="10:33")
j = json.loads(r.stdout) if r.returncode == 0 else {}
sends = [e for e in j.get("timeline", []) if e.get("kind") == "notify"]
times = {e.get("at", "")[:16] for e in sends}
ok(any(t.startswith("2026-12-01T10:3") for t in times),
   "the drill's timeline records the inject's send (a notify event)", sends)

ok(any("に送信しました（drill）" in (e.get("text") or "") for e in sends),
   "the send is the inject's (purpose drill)", sends)

add_user(data, "tanaka", "responder")
srv = Server(data).start()
try:
    c = srv.client()
    c.login("tanaka")
    res = c.get(f"/incidents/{did}")
    ok(res.status == 200 and "に送信しました（drill）" in res.text,
       "the incident page's timeline lists the inject's message", f"{res.status}")
finally:
    srv.stop()
sink.__exit__(None, None, None)
finish()
