"""The outbox with real parts: `moshimo serve` and the CLI against a real
SMTP server (aiosmtpd, tests/web/mailsink.py) on loopback. Run through
tests/t6300-notify-outbox.sh."""
import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import notifyfix  # noqa: E402
from mailsink import MailSink, _Handler  # noqa: E402
from webtest import Server, add_user, finish, make_token, ok  # noqa: E402

PUBLIC = "https://moshimo.example.co.jp"
LEAK = {"title": "顧客名簿の流出", "category": "leak",
        "impact": {"customers": True, "personal_data": True}}
SUBJECT = "【moshimo】レベル3 INC-0001 顧客名簿の流出（漏えい・流出）"


def outbox(data, *extra, env=None):
    r = subprocess.run([os.environ["MOSHIMO"], "notify", "list", "--json", "--limit", "10000",
                        *extra, "--data", data], capture_output=True, text=True, timeout=60,
                       env=env)
    return json.loads(r.stdout) if r.returncode == 0 else []


def run_cli(data, *args, now=None, stdin=None):
    env = dict(os.environ)
    if now:
        env["MOSHIMO_NOW"] = now
    r = subprocess.run([os.environ["MOSHIMO"], *args, "--data", data], input=stdin,
                       capture_output=True, text=True, timeout=60, env=env)
    return r.returncode, r.stdout, r.stderr


def by_rcpt(mails):
    return sorted(r for m in mails for r in m.rcpt_tos)


class SlowHandler(_Handler):
    """Takes its time over each message: a dispatcher can be killed mid-send."""
    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.15)
        return await super().handle_DATA(server, session, envelope)


def slow_sink():
    from aiosmtpd.controller import Controller
    s = MailSink()
    for _ in range(5):
        s.port = __import__("mailsink")._free_port("127.0.0.1")
        try:
            s._ctl = Controller(SlowHandler(s), hostname="127.0.0.1", port=s.port,
                                decode_data=False, enable_SMTPUTF8=True)
            s._ctl.start()
            return s
        except (OSError, RuntimeError):
            s._ctl = None
    raise RuntimeError("no port")


def sink_on(port):
    from aiosmtpd.controller import Controller
    s = MailSink()
    s.port = port
    s._ctl = Controller(_Handler(s), hostname="127.0.0.1", port=port, decode_data=False,
                        enable_SMTPUTF8=True)
    s._ctl.start()
    return s


# ---- 1. a level-3 report over the API reaches the chain, at once ----
ms = MailSink().start()
data = notifyfix.make_data(ms.url)
srv = Server(data).start()
api = srv.client(token=make_token(data, "reporter"))
t0 = time.monotonic()
r = api.post("/api/v1/incidents", js=LEAK)
ok(r.status == 201, "the level-3 report is created", r.text[:300])
told = r.json().get("notified", [])
ok(sorted(t["person"] for t in told) == ["incident_manager", "president", "system_admin"],
   "the 201 names the three people the level tells", told)
ok(all("さん（メール）" in t["text"] for t in told), "and says by which channel", told)
got = ms.wait(3, timeout=5)
dt = time.monotonic() - t0
ok(by_rcpt(got) == notifyfix.LEVEL3, "the SMTP server receives a message for each of them",
   by_rcpt(got))
ok(dt < 2.0, f"within a second or two of the report (took {dt:.3f} s)")
for m in got:
    ok(str(m.msg["Subject"]) == SUBJECT, f"{m.rcpt_tos[0]}: the Japanese subject decodes exactly",
       str(m.msg["Subject"]))
    body = m.msg.get_content()
    ack = re.search(re.escape(PUBLIC) + r"/ack/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)", body)
    ok(ack is not None, f"{m.rcpt_tos[0]}: the body carries an ack link under public_url",
       body[:600])
    ok(PUBLIC + "/incidents/1" in body, f"{m.rcpt_tos[0]}: and the incident's link")
    ok(re.fullmatch(r"<moshimo\.1\.[0-9a-f]{32}@moshimo\.example\.co\.jp>", m.msg["Message-ID"])
       is not None, "Message-ID is moshimo's stable form", m.msg["Message-ID"])
pres = [m for m in got if m.rcpt_tos == ["president@example.co.jp"]]
if pres:
    b = pres[0].msg.get_content()
    ok("髙橋 一郎さん" in b and "レベル3のインシデントが報告されました" in b,
       "the president's body greets 髙橋 and says what happened", b[:200])
    ok("■ あなたが今すること" in b, "and what to do now (the steps of their role)")
time.sleep(0.3)
rows = outbox(data)
ok(len(rows) == 3 and all(x["state"] == "sent" for x in rows), "the outbox rows are sent",
   [(x["id"], x["state"]) for x in rows])
inc = api.get("/api/v1/incidents/1")
if inc.status == 403:
    inc = srv.client(token=make_token(data, "responder")).get("/api/v1/incidents/1")
tl = [e for e in inc.json().get("timeline", []) if e.get("kind") == "notify"]
ok(len(tl) == 3, "each send is on the incident's timeline (kind notify)", tl[:1])
ok("sent" in srv.stderr() and "notify #1" in srv.stderr(), "and one line each on stderr")
health = srv.client().get("/healthz").json()
ok(health.get("outbox_oldest_pending_s") == 0, "/healthz: outbox_oldest_pending_s 0", health)

# ---- 2. the report form says whom it told ----
anon = srv.client()
tok = anon.csrf(srv.link)
r = anon.post_follow(srv.link, form={"csrf": tok, "sign": "ransom_screen", "title": "身代金の画面",
                              "impact": ["customers"], "name": "鈴木 一郎"})
ok(r.status == 200, "the report form is accepted", r.text[:200])
ok("山田 太郎さん（メール）" in r.text, "the result page names whom it told and how",
   r.text[:2000])
ok("この報告は担当の" not in r.text, "the old unconditional claim is gone")
ok("通知の送り先が設定されていません" not in r.text, "and does not say nobody was reached")
ms.wait(6, timeout=5)
srv.stop()

# ---- 3. nobody reachable: no notify.yaml ----
data0 = notifyfix.make_data(None)
srv0 = Server(data0).start()
anon = srv0.client()
tok = anon.csrf(srv0.link)
r = anon.post_follow(srv0.link, form={"csrf": tok, "sign": "ransom_screen", "title": "身代金の画面",
                               "impact": ["customers"], "name": "鈴木 一郎"})
ok("通知の送り先が設定されていません。下の電話番号に連絡してください" in r.text,
   "without notify.yaml the page says to call", r.text[:1500])
ok("03-1234-5678" in r.text, "and gives the numbers")
d = srv0.client().get("/healthz").json()
ok(d.get("notify_configured") is False and d.get("outbox_pending") == 0,
   "/healthz: nothing configured, nothing queued", d)
srv0.stop()
rc, out, err = run_cli(data0, "report", stdin=json.dumps(LEAK))
ok(rc == 0 and "通知の送り先が設定されていません" in out, "the CLI report says the same", out[-500:])
# a broken notify.yaml: the CLI still takes the report, serve does not start
with open(os.path.join(data0, "notify.yaml"), "w") as f:
    f.write("smtp: [this is not a mapping\n")
os.chmod(os.path.join(data0, "notify.yaml"), 0o600)
rc, out, err = run_cli(data0, "report", stdin=json.dumps(LEAK))
ok(rc == 0 and "notify.yaml" in err and "通知の送り先が設定されていません" in out,
   "a broken notify.yaml: the CLI report is stored, says why and whom to call", (rc, err[-300:]))
try:
    Server(data0).start(timeout=10)
    ok(False, "serve refuses a broken notify.yaml")
except RuntimeError as ex:
    ok("notify.yaml" in str(ex), "serve refuses a broken notify.yaml, naming it", str(ex)[-300:])

# ---- 4. SMTP down at the report: the messages wait and arrive later, none lost ----
down = MailSink().start()
port = down.port
down.stop()
data2 = notifyfix.make_data(f"smtp://127.0.0.1:{port}")
T0 = "2026-12-01T10:00:00Z"
srv2 = Server(data2)
os.environ["MOSHIMO_NOW"] = T0
srv2.start()
del os.environ["MOSHIMO_NOW"]
api2 = srv2.client(token=make_token(data2, "reporter"))
ok(api2.post("/api/v1/incidents", js=LEAK).status == 201, "reported while SMTP is down")
deadline = time.time() + 10
rows = []
while time.time() < deadline:
    rows = outbox(data2)
    if len(rows) == 3 and all(x["attempts"] >= 1 and x["state"] == "pending" for x in rows):
        break
    time.sleep(0.1)
ok(len(rows) == 3 and all(x["state"] == "pending" and x["attempts"] == 1 for x in rows),
   "each message was tried once and waits", [(x["state"], x["attempts"]) for x in rows])
t0s = __import__("calendar").timegm(time.strptime(T0, "%Y-%m-%dT%H:%M:%SZ"))
ok(all(0 < x["next_at"] - t0s <= 30 for x in rows), "the first retry is within 30 s",
   [x["next_at"] - t0s for x in rows])
ok(all(x["last_error"] for x in rows), "with the failure recorded", rows[0].get("last_error"))
srv2.stop()
back = sink_on(port)
os.environ["MOSHIMO_NOW"] = "2026-12-01T10:01:00Z"
srv2 = Server(data2).start()
del os.environ["MOSHIMO_NOW"]
got = back.wait(3, timeout=10)
ok(by_rcpt(got) == notifyfix.LEVEL3, "once the server is back, all three arrive", by_rcpt(got))
time.sleep(0.3)
ok(all(x["state"] == "sent" and x["attempts"] == 2 for x in outbox(data2)),
   "and are sent on the second try")
srv2.stop()
back.stop()

# ---- 5. kill -9 while dispatching: after the restart every message arrives ----
slow = slow_sink()
data3 = notifyfix.make_data(slow.url)
srv3 = Server(data3).start()
api3 = srv3.client(token=make_token(data3, "reporter"))
N = 6
for i in range(N):
    ok(api3.post("/api/v1/incidents", js=dict(LEAK, title=f"流出 {i}")).status == 201,
       f"report {i} created") if i == 0 else api3.post("/api/v1/incidents",
                                                       js=dict(LEAK, title=f"流出 {i}"))
slow.wait(2, timeout=10)
srv3.proc.send_signal(signal.SIGKILL)
srv3.proc.wait()
srv3.proc = None
before = len(slow.messages)
ok(before < 3 * N, f"killed mid-way ({before} of {3 * N} delivered)")
srv3 = Server(data3).start()
deadline = time.time() + 30
while time.time() < deadline:
    # duplicates (the copy in flight at the kill) count once: wait for every Message-ID
    with slow._lock:
        got = list(slow.messages)
    ids = {}
    for m in got:
        ids.setdefault(m.msg["Message-ID"], set()).add((tuple(m.rcpt_tos),
                                                        str(m.msg["Subject"])))
    if len(ids) >= 3 * N:
        break
    time.sleep(0.1)
print(f"  ({len(got)} copies received for {len(ids)} messages)")
ok(len(ids) == 3 * N, f"after the restart all {3 * N} messages arrived",
   (len(ids), [(x["id"], x["state"], x["attempts"], x["last_error"]) for x in outbox(data3)
               if x["state"] != "sent"], srv3.stderr()[-1500:]))
ok(all(len(v) == 1 for v in ids.values()),
   "a duplicate, if any, carries the same Message-ID as its first copy")
time.sleep(0.5)
rows = outbox(data3)
ok(len(rows) == 3 * N and all(x["state"] == "sent" for x in rows), "every row is sent",
   sorted(set(x["state"] for x in rows)))
rc, out, err = run_cli(data3, "audit", "verify")
ok(rc == 0, "the audit chain verifies after the kill", out + err)
srv3.stop()
slow.stop()

# ---- 6. CLI only: 4xx retried, 5xx dead-lettered, notify retry resends ----
ms6 = MailSink().start()
ms6.reply("president@example.co.jp", "451 4.3.0 Try again later")
ms6.reply("manager@example.co.jp", "550 5.1.1 No such user")
data6 = notifyfix.make_data(ms6.url)
T = "2026-12-01T12:00:00Z"
rc, out, err = run_cli(data6, "report", now=T, stdin=json.dumps(LEAK))
ok(rc == 0 and "さん（メール）への通知を送信しています" in out, "the CLI report says what it queued",
   out[-600:])
ok(ms6.messages == [], "nothing is sent without a dispatcher")
rc, out, err = run_cli(data6, "notify", "run", "--once", now=T)
ok(rc == 0 and "送信 1 件" in out or "sent 1" in out, "notify run --once sends what is due", out + err)
rows = {x["person"]: x for x in outbox(data6)}
ok(rows["system_admin"]["state"] == "sent", "the reachable one is sent")
ok(rows["president"]["state"] == "pending" and "451" in (rows["president"]["last_error"] or ""),
   "4xx: waits for a retry, with the reply", rows["president"])
ok(rows["incident_manager"]["state"] == "dead" and
   "550 5.1.1 No such user" in (rows["incident_manager"]["last_error"] or ""),
   "5xx: a dead letter with the server's reply", rows["incident_manager"])
rc, out, err = run_cli(data6, "notify", "list", "--failed")
ok(rc == 0 and "dead" in out and "pending" in out and "sent " not in out,
   "notify list --failed shows the two", out)
ms6.clear()
rc, out, err = run_cli(data6, "notify", "run", "--once", now=T)
ok(ms6.messages == [], "before its time the retry is not sent")
rc, out, err = run_cli(data6, "notify", "run", "--once", now="2026-12-01T12:01:00Z")
ok(by_rcpt(ms6.messages) == ["president@example.co.jp"], "when due, the 4xx one is sent",
   by_rcpt(ms6.messages))
rc, out, err = run_cli(data6, "notify", "retry", str(rows["incident_manager"]["id"]))
ok(rc == 0, "notify retry takes the dead letter back", out + err)
rc, out, err = run_cli(data6, "notify", "retry", str(rows["system_admin"]["id"]))
ok(rc == 1, "notify retry refuses a sent message", out + err)
rc, out, err = run_cli(data6, "notify", "run", "--once")
ok("manager@example.co.jp" in by_rcpt(ms6.messages), "and notify run resends it",
   by_rcpt(ms6.messages))
m = [x for x in ms6.messages if x.rcpt_tos == ["manager@example.co.jp"]]
ok(m and m[0].msg["Message-ID"] == rows["incident_manager"]["message_id"],
   "with its Message-ID unchanged")
rc, out, err = run_cli(data6, "show", "1", "--json")
ev = [e for e in json.loads(out).get("timeline", []) if e.get("kind") == "notify"] if rc == 0 else []
ok({e.get("after") for e in ev} >= {"sent", "retry", "dead"},
   "the timeline holds the sends, the retry and the dead letter", ev[:2])
ms6.stop()

# ---- 7. chat: privacy minimal, 429 Retry-After honoured ----
from hooksink import HookSink  # noqa: E402
hs = HookSink().start()
ms7 = MailSink().start()
data7 = notifyfix.make_data(
    ms7.url, chat={"system_admin": "office"},
    extra=f'webhooks:\n  - {{id: office, kind: slack, url: "{hs.url("/slack")}"}}\n')
hs.answer("/slack", 429, {"Retry-After": "120"})
T = "2026-12-01T12:00:00Z"
tT = __import__("calendar").timegm(time.strptime(T, "%Y-%m-%dT%H:%M:%SZ"))
rc, out, err = run_cli(data7, "report", now=T, stdin=json.dumps(LEAK))
ok(rc == 0 and "佐藤 花子さん（チャット（office））" in out, "the CLI report names the chat channel",
   out[-700:])
run_cli(data7, "notify", "run", "--once", now=T)
rows = [x for x in outbox(data7) if x["channel"] == "office"]
ok(len(rows) == 1 and rows[0]["state"] == "pending" and rows[0]["next_at"] - tT >= 120,
   "429: the retry waits at least Retry-After", rows)
hs.clear()
run_cli(data7, "notify", "run", "--once", now="2026-12-01T12:01:00Z")
ok(hs.requests == [], "not before Retry-After", hs.requests)
run_cli(data7, "notify", "run", "--once", now="2026-12-01T12:02:01Z")
reqs = hs.wait(1, timeout=5)
ok(len(reqs) == 1, "after Retry-After the chat message is sent", reqs)
if reqs:
    body = reqs[0].body.decode("utf-8")
    ok("INC-0001" in body and "レベル3" in body, "the chat message has number and level", body[:400])
    ok("顧客名簿の流出" not in body, "privacy minimal: no title in chat", body[:400])
    ok("/ack/" in body, "and carries the ack link", body[:600])
mails = ms7.wait(3, timeout=5)
pm = [m for m in mails if m.rcpt_tos == ["sysadmin@example.co.jp"]]
ok(pm and "顧客名簿の流出" in pm[0].msg.get_content(), "e-mail always carries the summary")
hs.stop()
ms7.stop()

# ---- 8. serve and notify run at once: each message sent once ----
slow8 = slow_sink()
data8 = notifyfix.make_data(slow8.url)
for i in range(5):
    subprocess.run([os.environ["MOSHIMO"], "report", "--data", data8],
                   input=json.dumps(dict(LEAK, title=f"CLI {i}")), capture_output=True, text=True)
runner = subprocess.Popen([os.environ["MOSHIMO"], "notify", "run", "--data", data8],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
slow8.wait(1, timeout=20)   # notify run is sending the backlog: now the server joins
srv8 = Server(data8).start()
api8 = srv8.client(token=make_token(data8, "reporter"))
for i in range(3):
    api8.post("/api/v1/incidents", js=dict(LEAK, title=f"同時 {i}"))
got = slow8.wait(24, timeout=30)
time.sleep(1.5)
runner.send_signal(signal.SIGTERM)
rout, rerr = runner.communicate(timeout=30)
srv8.stop()
mids = [m.msg["Message-ID"] for m in slow8.messages]
ok(len(mids) == 24 and len(set(mids)) == 24,
   "serve and notify run together: 24 messages, each once", (len(mids), len(set(mids))))
ok(runner.returncode == 0, "notify run stops on SIGTERM", rerr[-300:])
m = re.search(r"sent (\d+)", rout)
served = len(re.findall(r"notify #\d+ .*: sent", srv8.stderr()))
# Which of the two claims a row is a race (under load one may take them
# all); what must hold is that their counts add up to each message once.
ok(m and int(m.group(1)) + served == 24,
   "notify run's and serve's sends add up to 24", (rout, served))
if m and (int(m.group(1)) == 0 or served == 0):
    print("note: one sender took every row this time", (rout, served))
slow8.stop()

# ---- 9. Admin's outbox, 再送, /healthz and the dashboard's warning ----
ms9 = MailSink().start()
ms9.reply("manager@example.co.jp", "550 5.1.1 No such user")
ms9.reply("president@example.co.jp", "451 4.3.0 Try again later")
data9 = notifyfix.make_data(ms9.url)
add_user(data9, "adm", "admin")
add_user(data9, "resp", "responder")
srv9 = Server(data9).start()
api9 = srv9.client(token=make_token(data9, "reporter"))
ok(api9.post("/api/v1/incidents", js=LEAK).status == 201, "reported with one bad address")
ms9.wait(1, timeout=5)
deadline = time.time() + 10
while time.time() < deadline:
    rows = {x["person"]: x for x in outbox(data9)}
    if rows.get("incident_manager", {}).get("state") == "dead" and \
            rows.get("president", {}).get("attempts", 0) >= 1:
        break
    time.sleep(0.1)
time.sleep(1.1)
h = srv9.client().get("/healthz").json()
ok(h.get("outbox_pending") == 1 and h.get("outbox_oldest_pending_s", 0) >= 1 and
   h.get("outbox_dead_recent") == 1, "/healthz: the waiting message's age and the dead letter", h)
resp = srv9.client()
resp.login("resp")
d = resp.get("/")
ok('id="outbox-warning"' in d.text and "送れなかった通知が 1 件" in d.text,
   "the dashboard warns of the dead letter", d.text[:1500])
adm = srv9.client()
adm.login("adm")
a = adm.get("/admin")
ok(a.status == 200 and "通知の送信状況" in a.text and "550 5.1.1 No such user" in a.text,
   "Admin lists the dead letter with the server's reply")
ok("再送" in a.text and f'/admin/outbox/{rows["incident_manager"]["id"]}/retry' in a.text,
   "with a 再送 button")
mid = rows["incident_manager"]["id"]
r = adm.post(f"/admin/outbox/{mid}/retry", form={"csrf": "0" * 64})
ok(r.status == 403, "再送 without the CSRF token is refused", r.status)
ok({x["person"]: x for x in outbox(data9)}["incident_manager"]["state"] == "dead",
   "and nothing changed")
ms9.clear()
r = adm.post(f"/admin/outbox/{mid}/retry", form={"csrf": adm.csrf("/admin")})
ok(r.status == 303 and "msg=resent" in (r.header("location") or ""), "再送 with it is taken",
   (r.status, r.header("location")))
got = ms9.wait(1, timeout=5)
ok([m.rcpt_tos for m in got] == [["manager@example.co.jp"]],
   "the server sends it again at once", [m.rcpt_tos for m in got])
r = adm.post(f"/admin/outbox/{mid}/retry", form={"csrf": adm.csrf("/admin")})
ok(r.status == 409, "a sent message cannot be sent again from Admin", r.status)
r = resp.post(f"/admin/outbox/{mid}/retry", form={"csrf": resp.csrf("/")})
ok(r.status == 403, "a responder cannot use 再送", r.status)
srv9.stop()
ms9.stop()

# ---- 10. the per-destination rate limit spaces the sends ----
class StampHandler(_Handler):
    async def handle_DATA(self, server, session, envelope):
        self.sink.stamps.append(time.monotonic())
        return await super().handle_DATA(server, session, envelope)


from aiosmtpd.controller import Controller  # noqa: E402
ms10 = MailSink()
ms10.stamps = []
ms10.port = __import__("mailsink")._free_port("127.0.0.1")
ms10._ctl = Controller(StampHandler(ms10), hostname="127.0.0.1", port=ms10.port,
                       decode_data=False, enable_SMTPUTF8=True)
ms10._ctl.start()
data10 = notifyfix.make_data(ms10.url)
os.environ["MOSHIMO_NOTIFY_RATE"] = "10"
srv10 = Server(data10).start()
del os.environ["MOSHIMO_NOTIFY_RATE"]
api10 = srv10.client(token=make_token(data10, "reporter"))
for i in range(6):
    api10.post("/api/v1/incidents", js=dict(LEAK, title=f"間隔 {i}"))
ms10.wait(18, timeout=30)
st = sorted(ms10.stamps)
# 18 messages at 10 a second after a burst of 10: the last at least 0.7 s after the first
ok(len(st) == 18 and st[-1] - st[0] >= 0.7,
   f"10 a second to one SMTP server: 18 messages over {st[-1] - st[0]:.2f} s" if st else "none",
   len(st))
srv10.stop()
ms10.stop()
finish()
