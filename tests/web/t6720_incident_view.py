"""The incident page's read-only parts come from the incident's view
(engine/view.h), so they say what `moshimo show` and the report say: a
closed incident's record (no form) shows yes/no facts as はい/いいえ and
times in the policy's zone, never the stored yes/no or an RFC 3339 time;
the header's status and category, the checklist's states and the
timeline's kinds are the report's words; the export links offer HTML too,
and /incidents/N/export/html is the report as a standalone page."""
import html
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from webtest import Server, add_user, cli, finish, make_token, ok, report  # noqa: E402

srv = Server().start()
add_user(srv.data, "mgr", "manager")
api = srv.client(token=make_token(srv.data, "manager"))
r = api.post("/api/v1/incidents", js=report(title="名簿の誤送信", category="leak",
                                            impact={"personal_data": True}))
ok(r.status == 201, "a report: 201", r.body[:200])
iid = r.json()["id"]
for args in (("set", str(iid), "sensitive", "true"), ("set", str(iid), "encrypted", "false"),
             ("set", str(iid), "persons", "1200"),
             ("set", str(iid), "occurred_at", "2026-11-30T09:15:00+09:00")):
    rc, out, err = cli(srv.data, *args)
    ok(rc == 0, " ".join(args[2:]), err)

c = srv.client()
ok(c.login("mgr"), "the manager logs in")
page = c.get(f"/incidents/{iid}").text
ok(f'href="/incidents/{iid}/export/html"' in page, "the export links offer HTML")
r = c.get(f"/incidents/{iid}/export/html")
ok(r.status == 200 and r.text.startswith("<!DOCTYPE html>"),
   f"export/html: the report as a page ({r.status})", r.text[:100])
ok((r.header("content-type") or "").startswith("text/html")
   and "attachment" in (r.header("content-disposition") or ""),
   "sent as a download of text/html", r.header("content-disposition"))
ok("<script" not in r.text, "without scripts")
ok(c.get(f"/incidents/{iid}/export/docx").status == 404, "an unknown format: 404")

rc, out, err = cli(srv.data, "close", str(iid), "--false-alarm", "--reason", "社内の宛先だった")
ok(rc == 0, "closed", err)
page = c.get(f"/incidents/{iid}").text
m = re.search(r'<h2 id="record">.*?</h2>\n(<dl class="record">.*?</dl>)', page, re.S)
ok(m, "a closed incident's record is a list, not a form")
rec = html.unescape(m.group(1)) if m else ""
items = dict(re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", rec))
ok(items.get("要配慮個人情報を含む") == "はい", "a yes fact reads はい",
   items.get("要配慮個人情報を含む"))
ok(items.get("暗号化されていた") == "いいえ", "a no fact reads いいえ", items.get("暗号化されていた"))
ok(items.get("件数（本人の数）") == "1200", "a count as a number", items.get("件数（本人の数）"))
ok(items.get("発生日時") == "2026-11-30 09:15", "a time in the policy's zone",
   items.get("発生日時"))
ok(not re.search(r"<dd>(yes|no)</dd>|\dT\d\d:\d\d", rec), "no stored value shows", rec[:300])

# The same words as the report (md) for the status, the category and the
# states and kinds on the page.
rc, md, err = cli(srv.data, "export", str(iid), "--format", "md")
ok(rc == 0, "export md", err)
head = re.search(r'<p class="row">(.*?)</p>', page, re.S).group(1)
spans = re.findall(r"<span>([^<]+)</span>", head)
ok(len(spans) >= 2 and spans[0] in md and spans[1] in md,
   "the header's status and category are the report's words", spans)
states = set(re.findall(r'<span class="state state-[a-z]+">([^<]+)</span>', page))
ok(states and all(s in md for s in states), "the checklist's states are the report's", states)
kinds = set(re.findall(r"</span><br><strong>([^<]+)</strong>", page))
ok(kinds and all(k in md for k in kinds), "the timeline's kinds are the report's", kinds)
srv.stop()
finish()
