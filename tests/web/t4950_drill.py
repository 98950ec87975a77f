"""A scripted drill with the test clock (MOSHIMO_NOW): the drill starts at
10:00 (JST), 山田 acknowledges at 10:03, 鈴木 never; step 1 (due 10:10) is
done at 10:05, step 2 skipped at 10:20, step 3 (due 11:00) done at 11:30;
the first inject (30m) arrives with the tick at 10:31, the second (3h) never
(the drill ends at 12:00). The report gives the exact timings and the score
(1 + 0 + 0.5 for the steps, 1 + 0 for the people: 2.5 / 5 = 50). A drill is
never in `list` or `search` unless asked (`list --drills`), its filings are
never marked done, and `check` gives a positioned error for a bad scenario."""
import json
import os
import shutil
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from mailsink import MailSink  # noqa: E402
from webtest import MOSHIMO, finish, ok  # noqa: E402

TMP = os.environ.get("TMPDIR", "/tmp")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def at(hhmm):
    """10:03 JST → the UTC instant for MOSHIMO_NOW."""
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

r = run(data, "drill", "list", "--json")
ok(r.returncode == 0 and json.loads(r.stdout)[0]["id"] == "lost_pc"
   and json.loads(r.stdout)[0]["title"] == "ノートPCの紛失", "drill list --json: id and title",
   r.stdout + r.stderr)
r = run(data, "drill", "start", "nope")
ok(r.returncode == 1 and "nope" in r.stderr, "an unknown scenario is refused (exit 1)", r.stderr)

# A normal incident, to be sure the lists still show it.
r = run(data, "report", stdin=json.dumps({"title": "本物の紛失", "category": "leak",
                                          "impact": {"customers": True}}))
ok(r.returncode == 0, "a real incident is reported", r.stderr)

r = run(data, "drill", "start", "lost_pc", "--json", now="10:00")
ok(r.returncode == 0, "drill start", r.stderr)
inc = json.loads(r.stdout) if r.returncode == 0 else {}
did = inc.get("id")
ok(inc.get("drill") is True, "start --json says \"drill\": true", inc.get("drill"))
ok(inc.get("title", "").startswith("【訓練】"), "its title is marked 【訓練】", inc.get("title"))
ok(inc.get("level") == 3 and len(inc.get("steps", [])) == 3,
   "it runs the real playbook (level 3, three steps)", inc.get("level"))

ok(run(data, "ack", str(did), "--as", "yamada", now="10:03").returncode == 0, "山田 acks at 10:03")
ok(run(data, "step", str(did), "1", "done", now="10:05").returncode == 0, "step 1 done at 10:05")
ok(run(data, "step", str(did), "2", "skip", "--note", "訓練では省略", now="10:20").returncode == 0,
   "step 2 skipped at 10:20")
r = run(data, "notify", "run", "--once", now="10:31")
ok(r.returncode == 0, "the tick at 10:31", r.stderr)
ok(run(data, "step", str(did), "3", "done", now="11:30").returncode == 0, "step 3 done at 11:30")

# Not in list, search or statistics; list --drills has it.
r = run(data, "list", "--status", "all", "--json", now="11:40")
ids = [x["id"] for x in json.loads(r.stdout)]
ok(did not in ids and len(ids) == 1, "list --status all leaves the drill out", ids)
r = run(data, "list", "--drills", "--json", now="11:40")
ok([x["id"] for x in json.loads(r.stdout)] == [did], "list --drills shows it", r.stdout)
r = run(data, "search", "紛失", "--json", now="11:40")
ok(r.returncode == 0 and str(did) not in [str(x.get("id")) for x in json.loads(r.stdout)],
   "search leaves the drill out", r.stdout)

# Filings: drafted, never filed.
r = run(data, "filing", "done", str(did), "ppc_prompt", "--date", "2026-12-01", now="11:45")
ok(r.returncode == 1 and "drill" in r.stderr or "訓練" in r.stderr,
   "filing done is refused for a drill (exit 1)", r.stderr)

r = run(data, "filing", "list", str(did), "--json", now="11:45")
fl = json.loads(r.stdout) if r.returncode == 0 else []
ok([x["id"] for x in fl] == ["ppc_prompt"] and fl[0]["state"] != "done",
   "the drill's filing applies and stays not done", fl)
r = run(data, "filing", "draft", str(did), "ppc_prompt", now="11:45")
ok(r.returncode == 0 and "【訓練】" in r.stdout, "its draft is made, marked 【訓練】", r.stderr)

r = run(data, "drill", "end", str(did), now="12:00")
ok(r.returncode == 0 and "50" in r.stdout, "drill end gives the score 50", r.stdout + r.stderr)
r = run(data, "drill", "end", str(did), now="12:01")
ok(r.returncode == 1, "ending it twice is refused (exit 1)", r.stderr)

r = run(data, "drill", "report", str(did), "--format", "json", now="13:00")
rep = json.loads(r.stdout) if r.returncode == 0 else {}
ok(rep.get("score") == 50 and isinstance(rep.get("score"), int), "report: numeric score 50",
   rep.get("score"))
steps = {s["n"]: s for s in rep.get("steps", [])}
ok(steps.get(1, {}).get("due_at") == "2026-12-01T10:10:00+09:00"
   and steps[1]["done_at"] == "2026-12-01T10:05:00+09:00" and steps[1]["late"] is False
   and steps[1]["result"] == "pass" and steps[1]["after_s"] == 300,
   "step 1: due 10:10, done 10:05, 5 min after the report, pass", steps.get(1))
ok(steps.get(2, {}).get("result") == "skipped" and steps[2]["pass"] is False
   and steps[2]["due_at"] is None, "step 2: skipped, fail", steps.get(2))
ok(steps.get(3, {}).get("due_at") == "2026-12-01T11:00:00+09:00"
   and steps[3]["done_at"] == "2026-12-01T11:30:00+09:00" and steps[3]["late"] is True
   and steps[3]["result"] == "late" and steps[3]["after_s"] == 5400,
   "step 3: due 11:00, done 11:30, late", steps.get(3))
acks = rep.get("acks", [])
ok(len(acks) == 1 and acks[0]["name"] == "山田太郎" and acks[0]["after_s"] == 180,
   "山田 acknowledged 3 minutes after the report", acks)
ok([x["name"] for x in rep.get("never_acknowledged", [])] == ["鈴木花子"],
   "鈴木 never acknowledged", rep.get("never_acknowledged"))
inj = rep.get("injects", [])
ok(len(inj) == 2 and inj[0]["sent_at"] == "2026-12-01T10:31:00+09:00" and inj[1]["sent_at"] is None,
   "the 30m inject arrived with the 10:31 tick, the 3h one never", inj)
ok(any("鈴木花子" in x for x in rep.get("improve", []))
   and any("手順3" in x and "30分" in x for x in rep.get("improve", []))
   and any("手順2" in x for x in rep.get("improve", [])),
   "what to improve names 鈴木, step 3 late by 30 min, step 2 skipped", rep.get("improve"))
ok(rep.get("ended_at") == "2026-12-01T12:00:00+09:00", "ended at 12:00", rep.get("ended_at"))

r = run(data, "show", str(did), "--json", now="13:00")
ev = json.loads(r.stdout)
kinds = [e["kind"] for e in ev.get("events", ev.get("timeline", []))]
ok("inject" in kinds and kinds.count("drill") == 2, "the timeline has the inject and the drill's start and end", kinds)
ok(ev.get("status") == "closed", "the drill incident is closed at its end", ev.get("status"))

for fmt in ("md", "html"):
    r = run(data, "drill", "report", str(did), "--format", fmt, now="13:00")
    ok(r.returncode == 0 and "【訓練】訓練報告書" in r.stdout and "50点" in r.stdout
       and "期限超過" in r.stdout and "鈴木花子" in r.stdout,
       f"report --format {fmt}: 【訓練】 title, score, verdicts, who never acknowledged", r.stderr)
pdf = os.path.join(TMP, "r.pdf")
r = run(data, "drill", "report", str(did), "--format", "pdf", "-o", pdf, now="13:00")
ok(r.returncode == 0 and open(pdf, "rb").read(5) == b"%PDF-", "report --format pdf", r.stderr)

r = run(data, "drill", "list", "--past", "--json", now="13:00")
past = json.loads(r.stdout) if r.returncode == 0 else []
ok(len(past) == 1 and past[0]["score"] == 50 and past[0]["started_at"].startswith("2026-12-01T10:00")
   and past[0]["ended_at"].startswith("2026-12-01T12:00"), "drill list --past: dates and score", past)

db = sqlite3.connect(os.path.join(data, "moshimo.db"))
ok(db.execute("SELECT count(*) FROM filings WHERE incident_id = ?", (did,)).fetchone()[0] == 0,
   "no filing of the drill is recorded")
db.close()
r = run(data, "audit", "verify", now="13:00")
ok(r.returncode == 0, "the audit chain verifies", r.stdout + r.stderr)

# A bad scenario is a positioned check error.
bad = os.path.join(TMP, "bad.yaml")
text = open(os.path.join(data, "policy.yaml"), encoding="utf-8").read()
text = text.replace("      - {after: 30m, text: 取引先から問い合わせの電話}",
                    "      - {after: soon, text: 取引先から問い合わせの電話}")
text = text.replace("      category: leak\n      description: 電車内",
                    "      category: nosuch\n      description: 電車内")
open(bad, "w", encoding="utf-8").write(text)
# Every message the drill sent has 【訓練】 in its subject (the real SMTP
# server); the real incident's messages do not, and the digest leaves the
# drill out.
r = run(data, "notify", "run", "--once", now="12:01")
ok(r.returncode == 0, "the last messages are sent", r.stderr)
mails = sink.wait(100, timeout=3)
ref = "INC-%04d" % did
drill_mails = [m for m in mails if ref in str(m.msg["Subject"]) or ref in m.msg.get_content()]
subjects = [str(m.msg["Subject"]) for m in drill_mails]
ok(len(drill_mails) >= 3, "the drill sent its messages (report to both, the inject)", subjects)
ok(all("【訓練】" in s for s in subjects), "【訓練】 in the subject of every one", subjects)
ok(any("状況付与" in s for s in subjects), "the inject came as a message", subjects)
others = [str(m.msg["Subject"]) for m in mails if m not in drill_mails]
ok(others and not any("【訓練】" in s for s in others),
   "the real incident's messages and the digest are not marked (and do not name the drill)", others)
sink.__exit__(None, None, None)

r = run(data, "check", bad)
lines = [l for l in r.stderr.splitlines() if "error" in l]
ok(r.returncode == 1 and any(":48:" in l and "soon" in l for l in lines)
   and any(":43:" in l and "nosuch" in l for l in lines),
   "check: positioned errors for a bad duration and an unknown category", r.stderr)
finish()
