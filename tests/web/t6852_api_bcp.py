"""GET /api/v1/incidents/ID/bcp: the business continuity board answered as
`moshimo bcp board --json` gives it (the same function makes both), for
the role of the board's page (responder: a reporter is refused, no token is
401), 404 for an incident that does not exist, the states recorded with
`bcp set` on it. Test clock MOSHIMO_NOW for the CLI and the server alike."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from webtest import MOSHIMO, Server, finish, make_token, ok  # noqa: E402

TMP = os.environ.get("TMPDIR", "/tmp")
os.environ.update(MOSHIMO_USER="tester", LANG="C.UTF-8", LC_ALL="", LANGUAGE="",
                  MOSHIMO_NOW="2026-12-02T11:30:00+09:00")


def run(data, *args, stdin=None):
    return subprocess.run([MOSHIMO, *args, "--data", data], capture_output=True, text=True,
                          timeout=120, input=stdin)


data = os.path.join(TMP, "data")
ok(run(data, "init").returncode == 0, "init")
r = run(data, "report", stdin=json.dumps({"title": "地震でサーバー室が停電", "sign": "disaster",
                                          "occurred_at": "2026-12-02T08:30:00+09:00"}))
ok(r.returncode == 0, "an earthquake is reported", r.stderr)
r = run(data, "bcp", "set", "1", "network", "stopped", "--note", "ルーターが停電で停止")
ok(r.returncode == 0, "bcp set network stopped", r.stderr)
r = run(data, "bcp", "board", "1", "--json")
ok(r.returncode == 0, "bcp board --json", r.stderr)
cli_board = json.loads(r.stdout) if r.returncode == 0 else None

responder = make_token(data, "responder")
reporter = make_token(data, "reporter")
srv = Server(data).start()
try:
    res = srv.client(token=responder).get("/api/v1/incidents/1/bcp")
    api_board = res.json() if res.status == 200 else None
    ok(res.status == 200 and res.header("content-type").startswith("application/json"),
       "a responder gets the board as JSON", f"{res.status} {res.text[:300]}")
    ok(api_board is not None and api_board == cli_board,
       "the very JSON of `moshimo bcp board --json`",
       json.dumps(api_board, ensure_ascii=False)[:400] + " / " +
       json.dumps(cli_board, ensure_ascii=False)[:400])
    ok(api_board and api_board["systems"][0]["id"] == "network"
       and api_board["systems"][0]["state"] == "stopped"
       and api_board["systems"][0]["note"] == "ルーターが停電で停止"
       and api_board["systems"][0]["elapsed_seconds"] == 10800,
       "the state recorded, its note and the elapsed time", api_board and api_board["systems"][0])
    ok(api_board and api_board["next"] == "network", "the next to restore",
       api_board and api_board.get("next"))
    res = srv.client(token=responder).get("/api/v1/incidents/99/bcp")
    ok(res.status == 404 and res.json()["error"]["code"] == "not_found",
       "an incident that does not exist: 404", f"{res.status} {res.text[:200]}")
    res = srv.client(token=reporter).get("/api/v1/incidents/1/bcp")
    ok(res.status in (403, 404) and "systems" not in res.text,
       "a reporter is refused (the page's role is responder)", f"{res.status} {res.text[:200]}")
    res = srv.client().get("/api/v1/incidents/1/bcp")
    ok(res.status == 401, "no token: 401", f"{res.status}")
finally:
    srv.stop()
finish()
