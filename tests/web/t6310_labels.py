"""One incident, the same words: a step done, a step skipped with a reason
and a status change, read on the web page, in the Markdown export and in
the PDF (pdftotext). Each says the same labels from engine/labels.c
(「手順1：未着手 → 完了」, 「省略」, 「状態変更」, 「復旧」) and none shows
a store key (todo → done, - → reported) or a decision's ids (判断 intake/…) where a person
reads the decision."""
import html
import os
import re
import shutil
import subprocess

from webtest import TMP, Server, add_user, cli, finish, make_token, ok, skip

if not shutil.which("pdftotext"):
    skip("pdftotext missing (scripts/deps.sh)")

srv = Server().start()
add_user(srv.data, "resp", "responder")
mgr = srv.client(token=make_token(srv.data, "manager"))

r = mgr.post("/api/v1/incidents", js={"title": "暗号化USBメモリの紛失", "sign": "device_lost",
                                       "impact": {"personal_data": True},
                                       "facts": {"encrypted": True}})
ok(r.status == 201, "report: 201", r.body[:200])
iid = r.json()["id"]
r = mgr.post(f"/api/v1/incidents/{iid}/steps/1", js={"state": "done"})
ok(r.status == 200, "step 1 done", r.body[:200])
r = mgr.post(f"/api/v1/incidents/{iid}/steps/2", js={"state": "skipped", "note": "該当しない"})
ok(r.status == 200, "step 2 skipped", r.body[:200])
r = mgr.request("PATCH", f"/api/v1/incidents/{iid}", js={"status": "recovery"})
ok(r.status == 200, "status → recovery", r.body[:200])


def flat(s):
    return re.sub(r"[\s\u3000]+", "", s)


resp = srv.client()
ok(resp.login("resp"), "a responder logs in")
page = resp.get(f"/incidents/{iid}")
ok(page.status == 200, "the incident page: 200")
web = flat(html.unescape(re.sub(r"<[^>]*>", " ", page.text)))

rc, md, err = cli(srv.data, "export", str(iid), "--format", "md")
ok(rc == 0, "export md", err)
md = flat(md)
pdf_path = os.path.join(TMP, "labels.pdf")
rc, out, err = cli(srv.data, "export", str(iid), "--format", "pdf", "-o", pdf_path)
ok(rc == 0, "export pdf", err)
pdf = flat(subprocess.run(["pdftotext", "-enc", "UTF-8", pdf_path, "-"], capture_output=True,
                          text=True, check=True).stdout)

same = ["手順1：未着手→完了", "手順2：未着手→省略", "状態変更", "→復旧", "状況：報告",
        "事故レベル：—→レベル2", "インシデントの発見及び報告：", "省略", "完了", "復旧"]
for word in same:
    where = [name for name, text in (("web", web), ("md", md), ("pdf", pdf)) if word not in text]
    ok(not where, f"「{word}」 in the web page, the Markdown and the PDF", f"missing in {where}")
for raw in ["todo→done", "todo→skipped", "-→reported", "判断intake/", "|intake/", "スキップ→", "状況の変更"]:
    where = [name for name, text in (("web", web), ("md", md), ("pdf", pdf)) if raw in text]
    ok(not where, f"no raw 「{raw}」 anywhere", f"found in {where}")

srv.stop()
finish()
