"""Issue 9's "Done when", end to end: `moshimo serve` with notify.yaml at a
real SMTP server on loopback (aiosmtpd), a level-3 report, the manager's and
the sysadmin's mail arrive at once with an ack link; nobody acknowledges and
the president is told after the wait (MOSHIMO_NOW, restarting the server at a
later test time: no sleeps for the wait), not before it; the ack link's GET
acknowledges nothing, the president's POST does once, a second POST, an
altered and an expired link are refused with a Japanese page and change
nothing; the rest of the chain hears 「髙橋 一郎さんが対応中です」; the
escalation stops; the timeline shows it all. Also the incident page's
「対応します」 and the dashboard's 連絡と確認."""
import os
import re
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from mailsink import MailSink  # noqa: E402
from webtest import PASSWORD, Server, add_user, finish, make_token, ok  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
T0 = 1795507200  # 2026-11-24T08:00:00Z, 17:00 Tuesday in Tokyo


def rfc(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


PEOPLE = """people:
  - id: president
    name: 髙橋 一郎
    roles: [chief]
    phone: 090-1111-1111
    email: president@example.co.jp
  - id: incident_manager
    name: 山田 太郎
    roles: [manager]
    phone: 090-2222-2222
    email: incident@example.co.jp
  - id: system_admin
    name: 佐藤 花子
    roles: [sysadmin, first_responder]
    phone: 090-3333-3333
    email: system@example.co.jp

"""


def write_data(data, sink):
    text = open(os.path.join(ROOT, "data/policy.yaml"), encoding="utf-8").read()
    a = text.index("\npeople:\n")
    b = text.index("\nlevels:\n")
    text = text[:a + 1] + PEOPLE + text[b + 1:]
    # The other roles' people are gone: whoever the template named for them.
    for path, body in (("policy.yaml", text),
                       ("notify.yaml", f"public_url: http://127.0.0.1\n"
                                       f"smtp: {{url: \"{sink.url}\", "
                                       f"from: \"moshimo <moshimo@example.co.jp>\"}}\n")):
        p = os.path.join(data, path)
        with open(p, "w", encoding="utf-8") as f:
            f.write(body)
        os.chmod(p, 0o600)


def start(data, now):
    os.environ["MOSHIMO_NOW"] = rfc(now)
    return Server(data).start()


def to_of(m):
    return m.rcpt_tos[0] if m.rcpt_tos else ""


def ack_path(m):
    found = re.search(r"http://127\.0\.0\.1(/ack/[A-Za-z0-9_.\-]+)", m.msg.get_content())
    return found.group(1) if found else None


def timeline(client, iid):
    return client.get(f"/api/v1/incidents/{iid}").json()["timeline"]


def texts(tl, kind):
    return [e.get("text") or "" for e in tl if e["kind"] == kind]


with MailSink() as sink:
    srv = Server()
    os.makedirs(srv.data, exist_ok=True)
    write_data(srv.data, sink)
    rep_token = make_token(srv.data, "reporter", "phone")
    mgr_token = make_token(srv.data, "manager", "lead")
    srv = start(srv.data, T0)
    rep = srv.client(token=rep_token)
    mgr = srv.client(token=mgr_token)

    # 1. A level-3 report from the employees' report form (the report link
    #    the card's QR code opens): the manager and the sysadmin at once.
    anon = srv.client()
    tok = anon.csrf(srv.link)
    t = time.time()
    r = anon.post_follow(srv.link, form={"csrf": tok, "sign": "ransom_screen", "title": "顧客名簿の流出",
                                  "impact": ["customers"], "name": "鈴木 一郎"})
    ok(r.status == 200 and "レベル3" in r.text, "level-3 report through the form", r.text[:300])
    found = re.search(r"INC-(\d+)", r.text)
    iid = int(found.group(1)) if found else 1
    first = sink.wait(2)
    took = time.time() - t
    ok(sorted(to_of(m) for m in first) == ["incident@example.co.jp", "system@example.co.jp"],
       "the manager's and the sysadmin's mailboxes get it, nobody else", repr(first))
    ok(took < 3.0, f"the first mails within seconds of the report ({took:.2f} s; the target is measured in bench/)")
    subj = first[0].msg["Subject"] if first else ""
    ok(subj.startswith("【moshimo】レベル3 INC-"), "subject decodes to Japanese", subj)
    ok(all(ack_path(m) for m in first), "every report mail carries an ack link")
    time.sleep(1.5)
    ok(len(sink.messages) == 2, "nobody else is told at once (the president waits)")
    srv.stop()

    # 2. +14 min: still nothing for the president.
    srv = start(srv.data, T0 + 14 * 60)
    time.sleep(2.5)
    ok(len(sink.messages) == 2, "at +14 min nothing more is sent")
    srv.stop()

    # 3. +15 min: the president is told.
    srv = start(srv.data, T0 + 15 * 60)
    msgs = sink.wait(3)
    chief = [m for m in msgs if to_of(m) == "president@example.co.jp"]
    ok(len(msgs) == 3 and len(chief) == 1, "at +15 min the president's mail arrives",
       repr(msgs))
    body = chief[0].msg.get_content() if chief else ""
    ok("まだ誰からも「対応します」の確認がありません" in body,
       "it says nobody has acknowledged for 15 minutes", body[:400])
    path = ack_path(chief[0]) if chief else None
    ok(path is not None, "the president's mail has an ack link")
    anon = srv.client()
    mgr = srv.client(token=mgr_token)

    # 4. The link: GET shows the incident and a button, acknowledges nothing.
    r = anon.get(path)
    ok(r.status == 200 and "対応します" in r.text and "顧客名簿の流出" in r.text
       and "髙橋 一郎" in r.text, "GET /ack/TOKEN: the summary and the button", r.text[:500])
    r2 = anon.get(path)
    ok(r2.status == 200, "a second GET (a mail scanner) is harmless too")
    ok(not texts(timeline(mgr, iid), "ack"), "GET acknowledged nothing")
    csrf = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
    r = anon.post(path, form={})
    ok(r.status == 403 and not texts(timeline(mgr, iid), "ack"),
       "POST without the form's token: 403, nothing recorded")
    # An altered token.
    tok = path.rsplit("/", 1)[1]
    bad = tok[:-3] + ("A" if tok[-3] != "A" else "B") + tok[-2:]
    r = anon.post("/ack/" + bad, form={"csrf": csrf})
    ok(r.status == 403 and "確認できません" in r.text, "altered token: 403, a Japanese page",
       r.text[:300])
    ok(not texts(timeline(mgr, iid), "ack"), "the altered token recorded nothing")

    # 5. The president presses the button.
    r = anon.post(path, form={"csrf": csrf})
    ok(r.status == 200 and "確認しました" in r.text, "POST /ack/TOKEN: acknowledged",
       r.text[:300])
    acks = texts(timeline(mgr, iid), "ack")
    ok(len(acks) == 1 and "髙橋 一郎さんが確認しました（メールのリンク）" in acks[0],
       "the timeline says who, and by which channel", repr(acks))
    r = anon.post(path, form={"csrf": csrf})
    ok(r.status == 410 and "使用済み" in r.text, "a second POST: 410, used",
       f"{r.status} " + re.sub(r"(?s).*<main[^>]*>", "", r.text)[:300])
    ok(len(texts(timeline(mgr, iid), "ack")) == 1, "the second POST recorded nothing")
    r = anon.get(path)
    ok(r.status == 200 and "使用済み" in r.text and "すでに押されて記録されています" in r.text
       and 'type="submit"' not in r.text and "髙橋 一郎（メール" in r.text,
       "GET of a used link says so, shows who acknowledged, and offers no button",
       re.sub(r"(?s).*<main[^>]*>", "", r.text)[:400])
    rest = sink.wait(5)[3:]
    ok(sorted(to_of(m) for m in rest) == ["incident@example.co.jp", "system@example.co.jp"]
       and all("髙橋 一郎さんが対応中です" in m.msg.get_content() for m in rest),
       "the rest of the chain hears 「髙橋 一郎さんが対応中です」", repr(rest))
    srv.stop()

    # 6. The escalation stopped: the second round (+30, +45) sends nothing.
    srv = start(srv.data, T0 + 50 * 60)
    time.sleep(2.5)
    later = [m for m in sink.messages[5:] if "期限を過ぎた手順があります" not in
             m.msg.get_content()]
    ok(not later, "after the acknowledgement nothing escalates (reminders of overdue steps "
       "aside)", repr(later))
    mgr = srv.client(token=mgr_token)
    rep = srv.client(token=rep_token)
    tl = timeline(mgr, iid)
    esc = texts(tl, "escalation")
    ok(any("インシデント対応責任者・情報システム管理者に通知（事故レベル3の連絡網）" in x
           for x in esc), "timeline: the first step", repr(esc))
    ok(any("代表取締役に通知（15分間応答なし）" in x for x in esc),
       "timeline: 代表取締役に通知（15分間応答なし）", repr(esc))
    ok(len(esc) == 2, "timeline: no step after the acknowledgement", repr(esc))
    notify = texts(tl, "notify")
    ok(len(notify) >= 5, "timeline: each send", repr(notify))

    # 7. The incident page's 「対応します」 and the dashboard.
    add_user(srv.data, "yamada", "responder", display="山田 太郎")
    web = srv.client()
    ok(web.login("yamada"), "the responder logs in")
    r = rep.post("/api/v1/incidents", js={"title": "サーバー停止", "category": "tamper",
                                          "impact": {"customers": True}})
    iid2 = r.json()["id"]
    page = web.get(f"/incidents/{iid2}")
    ok(page.status == 200 and "連絡と確認" in page.text and "未確認" in page.text,
       "the incident page shows who has not acknowledged", page.text[:200])
    dash = web.get("/")
    ok("連絡と確認" in dash.text and "まだ誰も確認していません" in dash.text,
       "the dashboard shows an incident nobody acknowledged")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    r = web.post(f"/incidents/{iid2}/ack", form={"csrf": csrf})
    ok(r.status == 303, "「対応します」 on the incident page: 303", r.text[:200])
    page = web.get(f"/incidents/{iid2}")
    ok("確認済み" in page.text and "エスカレーションは止まっています" in page.text,
       "the page shows the acknowledgement and the stopped escalation")
    acks = texts(timeline(mgr, iid2), "ack")
    ok(len(acks) == 1 and "山田 太郎さんが確認しました（画面の「対応します」）" in acks[0],
       "timeline: acknowledged on the page", repr(acks))
    r = web.post(f"/incidents/{iid2}/ack", form={})
    ok(r.status == 403, "the page's button needs its CSRF token")
    srv.stop()

    # 8. Seven days on, an unused link has expired.
    unused = ack_path(first[0])
    srv = start(srv.data, T0 + 8 * 86400)
    anon = srv.client()
    r = anon.get(unused)
    ok(r.status == 410 and "確認できません" in r.text, "an expired link: 410", r.text[:300])
    srv.stop()
    os.environ.pop("MOSHIMO_NOW", None)

finish()
