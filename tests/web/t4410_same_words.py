"""One incident with a step in every state, a walk through the statuses, a
decision, a level change, a correction, evidence, a note, a close and a
reopen: the web page, `moshimo show` (Japanese), and the report as md, html
and PDF (pdftotext) all say, for each of its timeline kinds, step states and
its status, the Japanese word of the label table (read from
src/engine/labels.c itself), and none shows a store key where a person reads
the value (todo → done, → reported, a bare kind)."""
import html
import os
import re
import shutil
import subprocess

from webtest import TMP, Server, add_user, cli, finish, make_token, ok

if not shutil.which("pdftotext"):
    print("skip: pdftotext missing (scripts/deps.sh)")
    raise SystemExit(0)

# The label table, from its source: {value, "key", "日本語", "English"}.
src = open(os.path.join(os.path.dirname(__file__), "..", "..", "src", "engine", "labels.c"),
           encoding="utf-8").read()


def table(name):
    body = re.search(r"static const struct label " + name + r"\[\] = \{(.*?)\n\};", src, re.S)
    return {m[0]: m[1] for m in re.findall(r'\{[^{}]*?"([^"]+)",\s*"([^"]+)",\s*"[^"]*"\}',
                                           body.group(1))}


kinds, steps, statuses = table("kind_rows"), table("step_rows"), table("status_rows")
ok(len(kinds) >= 19 and len(steps) == 4 and len(statuses) == 6, "the label tables read",
   f"{len(kinds)} kinds, {len(steps)} states, {len(statuses)} statuses")

srv = Server().start()
add_user(srv.data, "resp", "responder")
mgr = srv.client(token=make_token(srv.data, "manager"))
r = mgr.post("/api/v1/incidents", js={"title": "取引先を装ったメールでの送金", "category": "leak",
                                       "impact": {"personal_data": True}})
ok(r.status == 201, "report: 201", r.body[:200])
iid = r.json()["id"]
for args in (("category", str(iid), "impersonation", "--reason", "なりすましだった"),
             ("level", str(iid), "2", "--reason", "個人情報は含まれていなかった")):
    rc, out, err = cli(srv.data, *args)
    ok(rc == 0, args[0], err)
for status in ("triage", "initial", "recovery", "monitoring"):
    r = mgr.request("PATCH", f"/api/v1/incidents/{iid}", js={"status": status})
    ok(r.status == 200, f"status → {status}", r.body[:200])
r = mgr.post(f"/api/v1/incidents/{iid}/notes", js={"text": "送金先の銀行に組戻しを依頼"})
ok(r.status in (200, 201), "a note", r.body[:200])
ev = os.path.join(TMP, "mail.eml")
with open(ev, "w") as f:
    f.write("From: ceo@example.invalid\n")
for args in (("decide", str(iid), "intake/record", "記録した", "--why", "記録のため"),
             ("evidence", "add", str(iid), ev, "--note", "受信したメール")):
    rc, out, err = cli(srv.data, *args)
    ok(rc == 0, args[0], err)
# Every step closed (one skipped), closed, reopened; then one step in
# progress and one to do again, so every state is on the page.
rc, out, err = cli(srv.data, "show", str(iid), "--json")
nsteps = len(__import__("json").loads(out)["steps"])
ok(nsteps >= 4, f"{nsteps} steps")
for n in range(1, nsteps + 1):
    js = {"state": "skipped", "note": "該当しない"} if n == 2 else {"state": "done"}
    r = mgr.post(f"/api/v1/incidents/{iid}/steps/{n}", js=js)
    ok(r.status == 200, f"step {n} {js['state']}", r.body[:200])
for args in (("close", str(iid), "--cause", "なりすまし", "--measures", "送金の二重確認",
              "--lessons", "電話で確かめる"),
             ("reopen", str(iid), "--reason", "別の送金も見つかった")):
    rc, out, err = cli(srv.data, *args)
    ok(rc == 0, args[0], err)
for n, state in ((3, "doing"), (4, "todo")):
    r = mgr.post(f"/api/v1/incidents/{iid}/steps/{n}", js={"state": state})
    ok(r.status == 200, f"step {n} back to {state}", r.body[:200])


def flat(s):
    return re.sub(r"[\s\u3000]+", "", s)


resp = srv.client()
ok(resp.login("resp"), "a responder logs in")
page = resp.get(f"/incidents/{iid}")
ok(page.status == 200, "the incident page: 200")
texts = {"web": flat(html.unescape(re.sub(r"<[^>]*>", " ", page.text)))}
for fmt in ("md", "html"):
    rc, out, err = cli(srv.data, "export", str(iid), "--format", fmt)
    ok(rc == 0, f"export {fmt}", err)
    if fmt == "html":
        ok(out.startswith("<!DOCTYPE html>") and "<script" not in out,
           "the html report is a standalone page without scripts")
        out = html.unescape(re.sub(r"<[^>]*>", " ", out))
    texts[fmt] = flat(out)
pdf_path = os.path.join(TMP, "report.pdf")
rc, out, err = cli(srv.data, "export", str(iid), "--format", "pdf", "-o", pdf_path)
ok(rc == 0, "export pdf", err)
texts["pdf"] = flat(subprocess.run(["pdftotext", "-enc", "UTF-8", pdf_path, "-"],
                                   capture_output=True, text=True, check=True).stdout)
r = subprocess.run([os.environ["MOSHIMO"], "show", str(iid), "--data", srv.data],
                   capture_output=True, text=True, env={**os.environ, "LC_ALL": "ja_JP.UTF-8",
                                                         "LANG": "ja_JP.UTF-8"})
ok(r.returncode == 0, "show (Japanese)", r.stderr)
texts["show"] = flat(r.stdout)

rc, out, err = cli(srv.data, "show", str(iid), "--json")
import json  # noqa: E402

inc = json.loads(out)
seen_kinds = sorted({e["kind"] for e in inc["timeline"]})
seen_states = sorted({s["state"] for s in inc["steps"]})
ok(len(seen_kinds) >= 10, f"{len(seen_kinds)} kinds on the timeline", seen_kinds)
ok(set(seen_states) == set(steps), "a step in every state", seen_states)

words = [(f"kind {k}", kinds[k]) for k in seen_kinds if k in kinds]
words += [(f"state {s}", steps[s]) for s in seen_states]
words += [(f"status {inc['status']}", statuses[inc["status"]])]
words += [(f"→ {s}", "→" + statuses[s]) for s in ("triage", "initial", "recovery", "monitoring")]
for what, word in words:
    where = [name for name, text in texts.items() if word not in text]
    ok(not where, f"{what}: 「{word}」 on the web page, in show, md, html and pdf",
       f"missing in {where}")
ok(all(k in kinds for k in seen_kinds), "every kind written has a label",
   [k for k in seen_kinds if k not in kinds])
raws = [f"{a}→{b}" for a in steps for b in steps if a != b]
raws += [f"→{s}" for s in statuses] + ["-→reported", "判断intake/"]
for raw in raws:
    where = [name for name, text in texts.items() if raw in text]
    ok(not where, f"no raw 「{raw}」", f"found in {where}")

srv.stop()
finish()
