"""The drill's incident JSON carries "drill": true and its scenario in
every place that gives an incident's JSON (engine_incident_json): `show
--json`, `drill start --json` and the API's GET /api/v1/incidents/ID; a
real incident says "drill": false."""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from webtest import MOSHIMO, Server, finish, make_token, ok  # noqa: E402

TMP = os.environ.get("TMPDIR", "/tmp")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(data, *args, stdin=None):
    env = dict(os.environ, MOSHIMO_USER="訓練係", LANG="C.UTF-8", LC_ALL="", LANGUAGE="",
               MOSHIMO_NOW="2026-12-01T01:00:00Z")
    return subprocess.run([MOSHIMO, *args, "--data", data], capture_output=True, text=True,
                          timeout=120, env=env, input=stdin)


data = os.path.join(TMP, "data")
os.makedirs(data, mode=0o700)
shutil.copy(os.path.join(ROOT, "tests", "fixtures", "drills.yaml"),
            os.path.join(data, "policy.yaml"))

r = run(data, "report", stdin=json.dumps({"title": "本物の紛失", "category": "leak",
                                          "impact": {"customers": True}}))
ok(r.returncode == 0, "a real incident is reported", r.stderr)
r = run(data, "drill", "start", "lost_pc", "--json")
ok(r.returncode == 0, "drill start", r.stderr)
did = json.loads(r.stdout)["id"] if r.returncode == 0 else 0

r = run(data, "show", "--json", str(did))
j = json.loads(r.stdout) if r.returncode == 0 else {}
ok(j.get("drill") is True, "show --json of the drill: \"drill\": true", r.stdout[:300] + r.stderr)
ok(j.get("drill_scenario") == "lost_pc", "and its scenario", j.get("drill_scenario"))
r = run(data, "show", "--json", "1")
j = json.loads(r.stdout) if r.returncode == 0 else {}
ok(j.get("drill") is False, "show --json of a real incident: \"drill\": false", j.get("drill"))
ok("drill_scenario" not in j, "and no scenario", j.get("drill_scenario"))

token = make_token(data, "responder")
srv = Server(data).start()
try:
    c = srv.client(token=token)
    res = c.get(f"/api/v1/incidents/{did}")
    j = res.json() if res.status == 200 else {}
    ok(res.status == 200 and j.get("drill") is True and j.get("drill_scenario") == "lost_pc",
       "GET /api/v1/incidents/ID of the drill: \"drill\": true", f"{res.status} {res.text[:300]}")
    res = c.get("/api/v1/incidents/1")
    j = res.json() if res.status == 200 else {}
    ok(res.status == 200 and j.get("drill") is False, "the API's real incident: false",
       f"{res.status} {res.text[:300]}")
finally:
    srv.stop()
finish()
