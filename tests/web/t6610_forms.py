"""Editing the policy later without YAML (Admin → かんたん設定 → あとから直す).
Each form's refused post shows its error next to the field (the id the
field's aria-describedby names) with the values typed kept and policy.yaml,
the revisions and the documents untouched; each good post becomes a new
revision through revise_save, `moshimo check` passes on the result, the
generated manual in the data folder follows, and every comment of
policy.yaml outside the item changed stays. Reporters cannot use them."""
import html
import os
import re
import subprocess

from webtest import MOSHIMO, TMP, Server, add_user, finish, ok

data = os.path.join(TMP, "data")
subprocess.run([MOSHIMO, "init", data], check=True, capture_output=True)
pol = os.path.join(data, "policy.yaml")
revs = os.path.join(data, "revisions")
manual = os.path.join(data, "manual.html")


def policy():
    return open(pol, encoding="utf-8").read()


def comments(text):
    return [l.strip() for l in text.split("\n") if l.strip().startswith("#")]


def nrevs():
    return len([f for f in os.listdir(revs) if f.endswith(".json")]) if os.path.isdir(revs) else 0


def manual_text():
    t = open(manual, encoding="utf-8").read()
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", t)))


def check_ok():
    r = subprocess.run([MOSHIMO, "check", "--quiet", "--data", data], capture_output=True,
                       text=True)
    return r.returncode == 0, r.stdout + r.stderr


def field_error(text, fid):
    """The error next to field fid, and whether the field points at it."""
    m = re.search(r'<p class="field-error" role="alert" id="%s-err">([^<]*)</p>' % re.escape(fid),
                  text)
    tied = re.search(r'id="%s"[^>]*aria-invalid="true" aria-describedby="%s-err"'
                     % (re.escape(fid), re.escape(fid)), text)
    return (html.unescape(m.group(1)) if m else None), bool(tied)


orig = policy()
orig_comments = comments(orig)
rev0 = nrevs()  # init keeps the first
srv = Server(data).start()
add_user(data, "kanri", "admin", display="総務 佐藤")
add_user(data, "hanako", "reporter", display="花子")
try:
    rep = srv.client()
    ok(rep.login("hanako"), "a reporter logs in")
    for path in ("/admin/setup/people", "/admin/setup/escalation", "/admin/setup/signs",
                 "/admin/setup/checks", "/admin/setup/bcp"):
        r = rep.get(path)
        ok(r.status == 403, f"a reporter cannot open {path}", str(r.status))

    adm = srv.client()
    ok(adm.login("kanri"), "the administrator logs in")
    r = adm.get("/admin/setup")
    for path in ("/admin/setup/people", "/admin/setup/escalation", "/admin/setup/signs",
                 "/admin/setup/checks", "/admin/setup/bcp"):
        ok(f'href="{path}"' in r.text, f"かんたん設定 links to {path}")

    # ---- a new person ----
    r = adm.get("/admin/setup/people")
    ok(r.status == 200 and "新しい人を加える" in r.text, "the people page opens")
    tok = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
    r = adm.post("/admin/setup/people", form={"name": "新人 次郎", "roles": ["sales_head"]})
    ok(r.status == 403, "a post without the CSRF token is refused", str(r.status))
    # notify.yaml has one chat webhook, team_chat
    with open(os.path.join(data, "notify.yaml"), "w", encoding="utf-8") as f:
        f.write("webhooks:\n  - {id: team_chat, kind: webhook, "
                "url: \"https://hooks.example.co.jp/x\"}\n")
    os.chmod(os.path.join(data, "notify.yaml"), 0o600)
    bad = {"csrf": tok, "name": "新人 次郎", "phone": "電話 12", "email": "jiro@", "chat": "no_such",
           "roles": ["sales_head"]}
    r = adm.post("/admin/setup/people", form=bad)
    ok(r.status == 422, "a new person with a bad phone, e-mail and chat is refused", str(r.status))
    for fid in ("p-phone", "p-email", "p-chat"):
        msg, tied = field_error(r.text, fid)
        ok(msg and tied, f"the error is next to {fid} and the field points at it", str(msg))
    msg, _ = field_error(r.text, "p-chat")
    ok(msg and "notify.yaml" in msg,
       "an unknown chat id is named next to its field, not only by the save's check", str(msg))
    ok('value="新人 次郎"' in r.text and 'value="電話 12"' in r.text and 'value="no_such"' in r.text,
       "the values typed are kept")
    ok(re.search(r'name="roles" value="sales_head" checked', r.text) is not None,
       "and the role ticked")
    ok(policy() == orig and nrevs() == rev0, "policy.yaml is unchanged and no revision kept")
    r = adm.post("/admin/setup/people", form={"csrf": tok, "name": "新人 次郎"})
    msg, tied = field_error(r.text, "p-roles")
    ok(r.status == 422 and msg and "役割" in msg, "a person without a role is refused at the roles",
       str(msg))

    good = {"csrf": tok, "name": "新人 次郎", "phone": "０９０－１２３４－５６７８",
            "email": "jiro@example.co.jp", "chat": "team_chat", "roles": ["sysadmin", "sales_head"]}
    r = adm.post("/admin/setup/people", form=good)
    ok(r.status == 303 and "msg=saved" in (r.header("location") or ""),
       "a good new person is saved", f"{r.status} {r.text[:1500]}")
    text = policy()
    ok("    name: 新人 次郎\n    roles: [sysadmin, sales_head]\n    phone: 090-1234-5678\n"
       "    email: jiro@example.co.jp\n    chat: team_chat\n" in text,
       "written after the last person, full-width digits as ASCII", text[3000:5000])
    ok(comments(text) == orig_comments, "every comment of policy.yaml is still there")
    ok(nrevs() == rev0 + 1, "as a new revision", str(nrevs()))
    ok(check_ok()[0], "moshimo check passes", check_ok()[1][-500:])
    m = manual_text()
    ok("情報システム管理者氏名：〇〇〇〇携帯電話：090-****-****電子メールアドレス：system@*****.co.jp"
       "氏名：新人次郎携帯電話：090-1234-5678電子メールアドレス：jiro@example.co.jp"
       in m.replace(" ", ""),
       "the manual in the data folder lists the person with the role's contacts",
       m[m.find("緊急連絡先"):][:400])
    r = adm.get("/admin/setup/people")
    ok("新人 次郎" in r.text, "and the page too")

    # the contacts page of the setup says so next to the chat field as well
    r = adm.get("/admin/setup/3")
    qid = re.search(r'name="([a-z_]+\.chat)"', r.text)
    ok(qid is not None, "the contacts page has a chat field")
    if qid:
        r = adm.post("/admin/setup/3", form={"csrf": tok, qid.group(1): "nobody_here"})
        ok(r.status == 422, "an unknown chat id on the contacts page is refused", str(r.status))
        m2 = re.search(r'<p class="error" role="alert" id="e-%s">([^<]*)</p>'
                       % re.escape(qid.group(1)), r.text)
        ok(m2 and "notify.yaml" in html.unescape(m2.group(1)), "next to its field",
           r.text[:800])

    # ---- removing one ----
    before = policy()
    r = adm.post("/admin/setup/people/delete", form={"csrf": tok, "person": "person_2"})
    ok(r.status == 303, "the new person is removed", f"{r.status} {r.text[:800]}")
    ok("新人 次郎" not in policy() and comments(policy()) == orig_comments,
       "gone from policy.yaml, the comments kept")
    ok("氏名：新人次郎" not in manual_text().replace(" ", ""), "and from the manual's contacts")
    r = adm.post("/admin/setup/people/delete", form={"csrf": tok, "person": "nobody"})
    ok(r.status == 404, "removing someone unknown is 404", str(r.status))

    # ---- the escalation chain ----
    r = adm.get("/admin/setup/escalation")
    ok(r.status == 200 and 'id="chain-3"' in r.text, "the escalation page has level 3's form")
    ok('value="15m"' in r.text, "with the current wait (15m)")
    before, nb = policy(), nrevs()
    form = {"csrf": tok, "level": "3", "rows": "3", "after.0": "", "notify.0": ["manager"],
            "after.1": "15分後", "notify.1": ["chief"], "rounds": "3", "every": "30m"}
    r = adm.post("/admin/setup/escalation", form=form)
    ok(r.status == 422, "a bad duration (15分後) is refused", str(r.status))
    msg, tied = field_error(r.text, "after-3-1")
    ok(msg and "15m" in msg and tied, "next to its field, saying how to write it", str(msg))
    ok('value="15分後"' in r.text, "the value typed is kept")
    ok(policy() == before and nrevs() == nb, "nothing changed")
    form.update({"after.1": "1h", "after.2": "30m", "notify.2": ["sysadmin"]})
    r = adm.post("/admin/setup/escalation", form=form)
    msg, _ = field_error(r.text, "after-3-2")
    ok(r.status == 422 and msg and "前の行" in msg, "a wait shorter than the row before is refused",
       str(msg))
    form = {"csrf": tok, "level": "3", "rows": "3", "after.0": "", "notify.0": ["manager"],
            "after.1": "１０分", "notify.1": ["sysadmin", "chief"], "rounds": "2", "every": "1h"}
    r = adm.post("/admin/setup/escalation", form=form)
    ok(r.status == 303, "a new chain for level 3 is saved", f"{r.status} {r.text[:1500]}")
    text = policy()
    ok("  - level: 3\n    steps:\n      - notify: [manager]\n      - after: 10m\n"
       "        notify: [sysadmin, chief]\n    rounds: 2\n    every: 1h\n  - level: 2\n" in text,
       "written in place of level 3's", text[text.find("escalation:"):][:400])
    ok(comments(text) == orig_comments, "the comments around it kept")
    ok(check_ok()[0], "moshimo check passes on it")
    m = manual_text()
    ok("すぐ：インシデント対応責任者 10分後：情報システム管理者、代表取締役 1時間ごとに2回まで繰り返す"
       in m, "the manual shows the same chain", m[m.find("確認がないとき"):][:300])
    form = {"csrf": tok, "level": "0", "rows": "2", "notify.0": ["sysadmin"]}
    r = adm.post("/admin/setup/escalation", form=form)
    ok(r.status == 303 and "  - level: 0\n    steps:\n      - notify: [sysadmin]\n" in policy()
       and "level: 0\n    business_hours" not in policy(),
       "level 0's business-hours box unticked removes business_hours", policy()[-300:])

    # ---- a sign's do/don't ----
    r = adm.get("/admin/setup/signs")
    ok(r.status == 200 and "身代金を要求する画面" in r.text, "the signs page opens")
    before, nb = policy(), nrevs()
    r = adm.post("/admin/setup/signs", form={"csrf": tok, "sign": "ransom_screen", "do": " \n",
                                             "dont": "身代金を支払わない"})
    msg, tied = field_error(r.text, "do-1")
    ok(r.status == 422 and msg and tied, "an empty do list is refused next to it", str(msg))
    ok(policy() == before and nrevs() == nb, "nothing changed")
    r = adm.post("/admin/setup/signs", form={
        "csrf": tok, "sign": "ransom_screen",
        "do": "ネットワークから切り離す\r\n# 情報システム管理者に電話する\r\n\r\n",
        "dont": "身代金を支払わない\r\n電源を切らない: 記録が消えます"})
    ok(r.status == 303, "new do/don't lines are saved", f"{r.status} {r.text[:800]}")
    text = policy()
    ok("    do:\n      - ネットワークから切り離す\n      - \"# 情報システム管理者に電話する\"\n"
       "    dont:\n      - 身代金を支払わない\n      - \"電源を切らない: 記録が消えます\"\n"
       "  - id: device_lost\n" in text, "written as lists, quoted where YAML needs it",
       text[text.find("id: ransom_screen"):][:500])
    ok(comments(text) == orig_comments, "the comments above the sign kept")
    ok(check_ok()[0], "moshimo check passes")

    # ---- peacetime checks ----
    r = adm.get("/admin/setup/checks")
    ok(r.status == 200 and 'name="every.network_access" value="1M"' in r.text,
       "the checks page shows each interval")
    before, nb = policy(), nrevs()
    r = adm.post("/admin/setup/checks", form={"csrf": tok, "owner.network_access": "manager",
                                              "every.network_access": "毎月"})
    msg, tied = field_error(r.text, "every-0")
    ok(r.status == 422 and msg and tied, "毎月 is refused next to the interval", str(msg))
    ok('value="毎月"' in r.text and policy() == before and nrevs() == nb,
       "the value kept, nothing changed")
    r = adm.post("/admin/setup/checks", form={"csrf": tok, "owner.network_access": "manager",
                                              "every.network_access": "２w"})
    ok(r.status == 303, "a new owner and interval are saved", f"{r.status} {r.text[:800]}")
    text = policy()
    ok("  - id: network_access\n    kind: prevent\n" in text and
       "    owner: manager\n    rule: 「ネットワークセキュリティ規則」「対社外ネットワーク接続規則」\n"
       "    every: 2w\n" in text, "written in place", text[text.find("id: network_access"):][:400])
    ok(comments(text) == orig_comments and check_ok()[0], "comments kept, check passes")

    # ---- BCP systems ----
    r = adm.get("/admin/setup/bcp")
    ok(r.status == 200 and 'id="system-0"' in r.text and 'id="system-new"' in r.text,
       "the BCP page has the system's form and a new one")
    before, nb = policy(), nrevs()
    sysform = {"csrf": tok, "system": "sales", "name": "販売管理システム", "tier": "a",
               "depends_on": "電源、ネットワーク、回線サービス", "recovery_owner": "sysadmin",
               "note": "", "rto": "半日", "rpo": ""}
    r = adm.post("/admin/setup/bcp", form=sysform)
    msg, tied = field_error(r.text, "sys-rto-0")
    ok(r.status == 422 and msg and tied, "a bad RTO is refused next to it", str(msg))
    ok(policy() == before and nrevs() == nb, "nothing changed")
    sysform["rto"] = ""
    r = adm.post("/admin/setup/bcp", form=sysform)
    ok(r.status == 303, "the system's name, depends_on and owner are saved",
       f"{r.status} {re.findall(r'class=.(?:field-)?error[^>]*>([^<]*)', r.text)}")
    text = policy()
    ok("    - id: sales\n      name: 販売管理システム\n      tier: a\n"
       "      depends_on: [電源, ネットワーク, 回線サービス]\n      recovery_owner: sysadmin\n"
       "    - id: network\n" in text, "written in place; the note, RTO, RPO and vendors left empty removed",
       text[text.find("id: sales"):][:400])
    ok("販売管理システム" in manual_text(), "the manual's BCP chapter names it")
    newsys = {"csrf": tok, "system": "", "name": "メール", "tier": "b", "depends_on": "sales",
              "recovery_owner": "sysadmin", "note": "クラウドのメール"}
    r = adm.post("/admin/setup/bcp", form=newsys)
    ok(r.status == 303 and "    - id: system_1\n      name: メール\n      tier: b\n"
       "      depends_on: [sales]\n      recovery_owner: sysadmin\n      note: クラウドのメール\n"
       in policy(), "a new system is added", f"{r.status} {policy()[-900:]}")
    ok(check_ok()[0] and comments(policy()) == orig_comments, "check passes, comments kept")
    # rto, rpo and vendors (CONTRACTS: bcp adds them to the loader)
    with_rto = dict(sysform, rto="4h", rpo="1d", vendors=["it_vendor"])
    before, nb = policy(), nrevs()
    r = adm.post("/admin/setup/bcp", form=with_rto)
    if r.status == 303:
        ok("      rto: 4h\n      rpo: 1d\n      vendors: [it_vendor]\n" in policy(),
           "rto, rpo and vendors are written (the loader knows them)")
    else:
        ok(r.status == 422 and "rto" in r.text and policy() == before and nrevs() == nb,
           "rto, rpo and vendors: refused by the save's check while this branch's loader does "
           "not know them, nothing changed", f"{r.status} {r.text[:800]}")
    r = adm.post("/admin/setup/bcp/delete", form={"csrf": tok, "system": "system_1"})
    ok(r.status == 303 and "system_1" not in policy(), "the new system is removed")
    ok(check_ok()[0], "check passes at the end")
finally:
    srv.stop()
finish()
