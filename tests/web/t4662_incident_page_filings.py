"""The incident page says what `show` and the report document say about
filings (one view, engine/view.c): the earliest deadline of a filing still
due, a filed 速報 as 提出済み with its date and not overdue, the 確報 still
due. Test clock MOSHIMO_NOW (the 速報's deadline, 12-04, is past)."""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from webtest import MOSHIMO, Server, add_user, finish, ok  # noqa: E402

TMP = os.environ.get("TMPDIR", "/tmp")
os.environ.update(MOSHIMO_USER="tester", LANG="C.UTF-8", LC_ALL="", LANGUAGE="",
                  MOSHIMO_NOW="2026-11-30T14:30:00Z")


def run(data, *args, stdin=None):
    return subprocess.run([MOSHIMO, *args, "--data", data], capture_output=True, text=True,
                          timeout=120, input=stdin)


def filing_li(page, title):
    m = re.search(r"<li>[^<]*" + re.escape(title) + r".*?</li>", page, re.S)
    return m.group(0) if m else ""


data = os.path.join(TMP, "data")
ok(run(data, "init").returncode == 0, "init")
r = run(data, "report", stdin=json.dumps({
    "title": "顧客DBがランサムウェアで暗号化", "sign": "ransom_screen",
    "impact": {"personal_data": True, "business": True},
    "facts": {"persons": 5000, "data_kinds": "氏名、住所"}}))
ok(r.returncode == 0, "report", r.stderr)
os.environ["MOSHIMO_NOW"] = "2026-12-07T10:00:00+09:00"
add_user(data, "tanaka", "responder")

srv = Server(data).start()
try:
    c = srv.client()
    c.login("tanaka")
    page = c.get("/incidents/1").text
    ok("最も早い期限 <strong>2026-12-04 23:59</strong>" in page,
       "before: the 速報's deadline is the earliest", re.findall(r"最も早い期限.{0,60}", page))
    ok("期限超過" in filing_li(page, "個人情報保護委員会への速報"), "before: the 速報 overdue",
       filing_li(page, "個人情報保護委員会への速報"))
finally:
    srv.stop()

r = run(data, "filing", "done", "1", "ppc_prompt", "--date", "2026-12-03")
ok(r.returncode == 0, "the 速報 filed", r.stderr)

srv = Server(data).start()
try:
    c = srv.client()
    c.login("tanaka")
    page = c.get("/incidents/1").text
    ok("最も早い期限 <strong>2027-01-28 23:59</strong>" in page,
       "after: the 確報's deadline is the earliest", re.findall(r"最も早い期限.{0,60}", page))
    li = filing_li(page, "個人情報保護委員会への速報")
    ok("提出済み（2026-12-03）" in li and "期限超過" not in li,
       "after: the 速報 提出済み with its date, not overdue", li)
    li = filing_li(page, "個人情報保護委員会への確報")
    ok("期限 2027-01-28 23:59" in li and "提出済み" not in li, "the 確報 still due", li)
finally:
    srv.stop()

r = run(data, "show", "1")
ok("Earliest deadline of a filing still due: 2027-01-28 23:59" in r.stdout,
   "show says the same earliest deadline", r.stdout[-600:])
r = run(data, "export", "1", "--format", "md")
ok("（最も早い期限 2027-01-28 23:59）" in r.stdout, "and the report document", r.stderr)
finish()
