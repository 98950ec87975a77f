"""Revisions in the web app (Admin): the YAML editor saves through
revise_save — a broken text never replaces the working policy and comes
back with its positioned, translated finding next to its line (the text
kept, no 「エラー 0 件」 of the old policy); a good one becomes a revision,
the server uses it and the documents in the data folder follow; the line
diff between two revisions; restore (CSRF, admin only); the reload of a
policy.yaml broken on the server; the review button and the dashboard's
notice with the test clock."""
import html
import json
import os
import re
import signal
import subprocess
import time

from webtest import MOSHIMO, TMP, Server, add_user, finish, ok

os.environ["MOSHIMO_NOW"] = "2027-04-05T01:00:00Z"  # past the template's review date
data = os.path.join(TMP, "data")
subprocess.run([MOSHIMO, "init", data], check=True, capture_output=True)
pol = os.path.join(data, "policy.yaml")
orig = open(pol, encoding="utf-8").read()
srv = Server(data).start()
add_user(data, "kanri", "admin", display="総務 佐藤")
add_user(data, "hanako", "reporter", display="花子")
try:
    adm = srv.client()
    ok(adm.login("kanri"), "the administrator logs in")

    r = adm.get("/")
    ok(r.status == 200 and "review-notice" in r.text and "見直し期限" in r.text,
       "the dashboard says the manual's review is due", r.text[:300])

    r = adm.get("/admin/policy/edit")
    ok(r.status == 200 and "株式会社〇〇" in r.text and "<textarea" in r.text,
       "the editor opens with the current text")
    tok = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)

    lines = orig.split("\n")
    n = next(i for i, l in enumerate(lines) if l == "    name: 〇〇 〇〇") + 1
    broken = lines[:]
    broken[n - 1] = "    name:〇〇 〇〇"
    broken = "\n".join(broken)
    r = adm.post("/admin/policy/edit", form={"text": broken, "note": "壊れた編集"})
    ok(r.status == 403, "a save without the CSRF token is refused", str(r.status))
    r = adm.post("/admin/policy/edit", form={"csrf": tok, "text": broken, "note": "壊れた編集"})
    ok(r.status == 422, "a broken edit is refused (422)", str(r.status))
    ok("保存しませんでした" in r.text, "the page says it was not saved")
    ok(f"{n} 行目（10 文字目）" in r.text and "「name:」のコロン（:）の後に半角スペースがありません" in r.text,
       f"the finding names line {n} in Japanese", r.text[:2000])
    ok(re.search(r"<mark>\s*%d\s+name:〇〇 〇〇</mark>" % n, r.text) is not None,
       "next to the line itself, marked")
    ta = re.search(r"<textarea[^>]*>(.*?)</textarea>", r.text, re.S)
    ok(ta and html.unescape(ta.group(1)) == broken, "the editor keeps the text typed")
    ok('value="壊れた編集"' in r.text, "and the note")
    ok("エラー 0 件" not in r.text, "and does not show the old policy's 「エラー 0 件」")
    ok(open(pol, encoding="utf-8").read() == orig, "policy.yaml is unchanged")
    ok(not os.path.exists(os.path.join(data, "revisions", "000002.json")), "no revision was kept")

    good = orig.replace("  name: 株式会社〇〇", "  name: 株式会社もしも商事", 1)
    # As a browser sends a textarea: lines end in CRLF.
    r = adm.post("/admin/policy/edit", form={"csrf": tok, "text": good.replace("\n", "\r\n"),
                                             "note": "社名を記入"})
    ok(r.status == 303 and "/admin/revisions?saved=2" in (r.header("location") or ""),
       "a good edit is saved as revision 2", f"{r.status} {r.header('location')}")
    ok(open(pol, "rb").read() == good.encode(), "policy.yaml is the new text, its lines ending in LF")
    ok("株式会社もしも商事" in open(os.path.join(data, "manual.html"), encoding="utf-8").read(),
       "manual.html in the data folder was made again")
    r = adm.get("/admin/revisions?saved=2")
    ok("第2版として保存しました" in r.text and "社名を記入" in r.text and "総務 佐藤" in r.text,
       "the revisions page lists it with the note and who saved it")
    r = adm.get("/manual/document")
    ok("株式会社もしも商事" in r.text, "the server uses the new policy")
    ok("改訂履歴" in r.text and "社名を記入" in r.text and "改訂番号" in r.text,
       "the web manual has the revision on its cover and the history")
    r = adm.get("/manual/download/manual.html")
    ok("改訂履歴" in r.text and "社名を記入" in r.text, "so has its download")

    r = adm.get("/admin/revisions?a=1&b=2")
    ok(r.status == 200 and re.search(r'class="d-del">[^<]*- +name: 株式会社〇〇<', r.text) and
       re.search(r'class="d-add">[^<]*\+ +name: 株式会社もしも商事<', r.text),
       "the diff of 1 and 2 shows the line removed and the line added", r.text[-3000:])
    pre = re.search(r'<pre class="diff">(.*?)</pre>', r.text, re.S)
    ok(pre and len(re.findall(r'class="d-(?:add|del)">', pre.group(1))) == 2,
       "and no other change")

    r = adm.post("/admin/revisions/1/restore", form={})
    ok(r.status == 403, "a restore without the CSRF token is refused", str(r.status))
    r = adm.post("/admin/revisions/1/restore", form={"csrf": tok})
    ok(r.status == 303 and "saved=3" in (r.header("location") or ""),
       "restoring revision 1 makes revision 3", f"{r.status} {r.header('location')}")
    ok(open(pol, encoding="utf-8").read() == orig, "policy.yaml is revision 1's text")
    r = adm.get("/manual/document")
    ok("株式会社もしも商事" not in r.text, "the server uses it")
    r = adm.post("/admin/revisions/99/restore", form={"csrf": tok})
    ok(r.status == 404, "restoring a revision that does not exist is a 404", str(r.status))

    rep = srv.client()
    ok(rep.login("hanako"), "a reporter logs in")
    for path in ("/admin/revisions", "/admin/policy/edit"):
        r = rep.get(path)
        ok(r.status == 403, f"a reporter may not open {path}", str(r.status))
    rtok = rep.csrf("/account")
    r = rep.post("/admin/revisions/2/restore", form={"csrf": rtok})
    ok(r.status == 403, "nor restore", str(r.status))

    # policy.yaml broken on the server, then "reload".
    with open(pol, "w", encoding="utf-8") as f:
        f.write(good.replace("roles: [chief]", "roles: [chief", 1))
    bl = next(i for i, l in enumerate(good.split("\n")) if "roles: [chief]" in l) + 1
    r = adm.post("/admin/policy/reload", form={"csrf": tok})
    ok(r.status == 422 and "読み込みませんでした" in r.text, "the reload of a broken file is refused",
       f"{r.status} {r.text[:500]}")
    ok(f"{bl} 行目" in r.text and "ここで開いたかっこ [ が閉じていません" in r.text,
       f"with the finding at line {bl}")
    ok("エラー 0 件" not in r.text, "not the old policy's 「エラー 0 件」")
    r = adm.get("/manual/document")
    ok("株式会社もしも商事" not in r.text, "the server keeps the policy it had")
    r = adm.post("/admin/revisions/2/restore", form={"csrf": tok})
    ok(r.status == 303, "restoring revision 2 repairs it")
    r = adm.get("/admin/revisions")
    ok("第4版" in r.text, "as revision 4")

    # An edit on the server, then SIGHUP (as `systemctl reload`): a revision too.
    with open(pol, "w", encoding="utf-8") as f:
        f.write(good.replace("株式会社もしも商事", "株式会社もしも物産", 1))
    srv.proc.send_signal(signal.SIGHUP)
    deadline = time.time() + 30
    while time.time() < deadline and "policy reloaded" not in srv.stderr() and \
            "ポリシーを読み込み直しました" not in srv.stderr():
        time.sleep(0.2)
    ok(os.path.exists(os.path.join(data, "revisions", "000005.json")),
       "SIGHUP keeps the edited policy.yaml as revision 5")
    r = adm.get("/manual/document")
    ok("株式会社もしも物産" in r.text, "and the server uses it")
    ok("株式会社もしも物産" in open(os.path.join(data, "manual.html"), encoding="utf-8").read(),
       "and manual.html was made again")

    # The review.
    r = adm.post("/admin/review", form={"csrf": tok, "note": "連絡先と届出先を確認"})
    ok(r.status == 303, "the review button records a review", str(r.status))
    r = adm.get("/admin/revisions")
    ok("最終見直し日 2027年4月5日" in r.text and "次回の見直し予定 <strong>2028年4月5日" in r.text,
       "the last review is today and the next a year on", r.text[:3000])
    ok("連絡先と届出先を確認" in r.text and "連絡先の疎通確認" in r.text,
       "the review's record is listed with what was checked")
    r = adm.get("/")
    ok("review-notice" not in r.text, "the dashboard no longer asks for a review")
    out = subprocess.run([MOSHIMO, "revision", "list", "--json", "--data", data],
                         capture_output=True, text=True).stdout
    last = json.loads(out)[-1]
    ok(last["review"] and last["who"].startswith("総務 佐藤"), "the revision is the review, by the administrator",
       last)
finally:
    srv.stop()
finish()
