"""/incidents/ID/filings: the filings of a ransomware attack on the customer
database (required by law and advised, in two lists, with the rule, the desk
and the deadline), the drafts to download in md, html and pdf, done and waive
forms with CSRF and the manager's role, a filed draft that cannot be filed
again, and escaping of what people typed."""
import json

from webtest import Server, add_user, cli, finish, make_token, ok

XSS = "<script>alert(1)</script>"

srv = Server().start()
add_user(srv.data, "resp", "responder")
add_user(srv.data, "boss", "manager")
api = srv.client(token=make_token(srv.data, "manager"))
r = api.post("/api/v1/incidents", js={
    "title": "顧客DBが暗号化 " + XSS, "sign": "ransom_screen",
    "impact": {"personal_data": True, "business": True},
    "facts": {"persons": 5000, "data_kinds": "氏名、住所"}})
iid = r.json()["id"]

resp = srv.client()
ok(resp.login("resp"), "a responder logs in")
r = resp.get(f"/incidents/{iid}/filings")
ok(r.status == 200, "the filings page: 200", r.text[:300])
t = r.text
ok("法律で必要なもの" in t and "推奨・検討するもの（任意）" in t, "required and advised apart")
ok(t.index("個人情報保護委員会への速報") < t.index("推奨・検討するもの"), "the PPC report is required")
ok(t.index("警察への相談・被害届") > t.index("推奨・検討するもの"), "the police are advised")
ok("④本人の数が1,000人を超える漏えい等に該当" in t, "the rule in words")
ok("https://www.ppc.go.jp/personalinfo/legal/leakAction/" in t and "03-6457-9685" in t,
   "the desk's URL and phone")
ok(XSS not in t and "&lt;script&gt;" in t, "the title is escaped")
ok("提出済みにする" not in t, "a responder gets no done/waive forms")

r = resp.get(f"/incidents/{iid}/filings/ppc_prompt?format=md")
ok(r.status == 200 and "二次被害又はそのおそれの有無及びその内容" in r.text, "the md draft")
ok("attachment" in (r.header("content-disposition") or ""), "a download")
r = resp.get(f"/incidents/{iid}/filings/public_notice?format=pdf")
ok(r.status == 200 and r.body[:5] == b"%PDF-", "the pdf draft of the 公表文")
r = resp.get(f"/incidents/{iid}/filings/ppc_prompt?format=docx")
ok(r.status == 404, "an unknown format: 404")
r = resp.get(f"/incidents/{iid}/filings/nothing?format=md")
ok(r.status == 404, "an unknown draft: 404")

# The responder may not record filings; the manager may, with CSRF.
r = resp.post(f"/incidents/{iid}/filings/ppc_prompt/done",
              form={"csrf": resp.csrf("/"), "date": "2026-12-02"})
ok(r.status == 403, "a responder cannot record a filing", str(r.status))
boss = srv.client()
ok(boss.login("boss"), "a manager logs in")
r = boss.post(f"/incidents/{iid}/filings/ppc_prompt/done", form={"date": "2026-12-02"})
ok(r.status == 403, "no CSRF token: 403")
r = boss.post(f"/incidents/{iid}/filings/ppc_prompt/done",
              form={"csrf": boss.csrf("/"), "date": "2026-12-02", "ref": "PPC-1"})
ok(r.status == 303, "done: 303", r.text[:300])
r = boss.get(f"/incidents/{iid}/filings")
ok("提出済み" in r.text and "PPC-1" in r.text, "shown as filed with its reference")
r = boss.post(f"/incidents/{iid}/filings/ppc_prompt/done",
              form={"csrf": boss.csrf("/"), "date": "2026-12-03", "ref": "X"})
ok(r.status == 409, "filing again is refused: 409", str(r.status))
r = boss.post(f"/incidents/{iid}/filings/police/waive", form={"csrf": boss.csrf("/"), "reason": ""})
ok(r.status == 422, "waive without a reason: 422")
r = boss.post(f"/incidents/{iid}/filings/police/waive",
              form={"csrf": boss.csrf("/"), "reason": "相談済み " + XSS})
ok(r.status == 303, "waive: 303")
r = boss.get(f"/incidents/{iid}/filings")
ok("不要と判断" in r.text and XSS not in r.text, "waived, the reason escaped")
rc, out, err = cli(srv.data, "filing", "list", str(iid), "--json")
filed = [f for f in json.loads(out) if f["id"] == "ppc_prompt"]
ok(rc == 0 and filed and filed[0]["state"] == "done" and filed[0]["ref"] == "PPC-1",
   "the CLI sees what the web recorded", out[:300])
r = api.get(f"/api/v1/incidents/{iid}/filings")
ok(r.status == 200 and [f["id"] for f in r.json()] ==
   ["ppc_prompt", "ppc_final", "persons_notice", "police", "ipa_virus"],
   "GET /api/v1/incidents/ID/filings", r.text[:300])
ok(r.json()[3]["state"] == "waived" and r.json()[3]["legal"] is False, "the API's states")
rc, out, err = cli(srv.data, "audit", "verify")
ok(rc == 0 and "audit chain OK" in out, "the audit chain verifies", out + err)
srv.stop()
finish()
