"""notify_send against real servers: aiosmtpd (mailsink.py) and an HTTP
receiver (hooksink.py) on loopback, through tests/notify-send.c. The
e-mail is decoded back with Python's email package; each chat kind's
payload is checked as received; replies are classified."""
import email.utils
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from hooksink import HookSink  # noqa: E402
from mailsink import MailSink  # noqa: E402
from webtest import finish, ok  # noqa: E402

TOOL = os.path.join(os.environ.get("BUILD", "build"), "tests", "tools", "notify-send")
TMP = os.environ.get("TMPDIR", "/tmp")
SUBJECT = "【moshimo】レベル3 INC-0012 顧客名簿の流出（漏えい・流出）"
BODY = "顧客名簿の流出が報告されました。\nレベル: 3\n担当: 髙橋\n"
SECRET_TOKEN = "0123456789abcdef0123456789abcdef"


def send(conf, **kw):
    args = [TOOL, conf] + [f"{k}={v}" for k, v in kw.items()]
    r = subprocess.run(args, capture_output=True, text=True, timeout=60)
    parts = r.stdout.rstrip("\n").split(" ", 2)
    if r.returncode != 0 or len(parts) < 2:
        return ("error", 0, r.stdout + r.stderr)
    return (parts[0], int(parts[1]), parts[2] if len(parts) > 2 else "")


def write_conf(text):
    path = os.path.join(TMP, "notify.yaml")
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o600)
    return path


def mail_tests(ms):
    conf = write_conf(f"""smtp:
  url: "{ms.url}"
  from: "もしもシステム <moshimo@example.co.jp>"
timeouts: {{connect: 2, total: 5}}
""")
    out = send(conf, to="takahashi@example.jp", to_name="髙橋 一郎", subject=SUBJECT,
               body=BODY, message_id="<inc12.report.1@moshimo.example.co.jp>",
               date="1790000000")
    ok(out[0] == "sent", "e-mail accepted by the SMTP server", out)
    got = ms.wait(1)
    if not ok(len(got) == 1, "the SMTP server received one message", got):
        return
    m = got[0]
    msg = m.msg
    ok(m.rcpt_tos == ["takahashi@example.jp"], "RCPT TO is the person's address", m.rcpt_tos)
    ok(m.mail_from == "moshimo@example.co.jp", "MAIL FROM is smtp.from's address", m.mail_from)
    ok(str(msg["Subject"]) == SUBJECT, "the Japanese subject decodes back exactly",
       str(msg["Subject"]))
    ok(msg["To"].addresses[0].display_name == "髙橋 一郎", "髙橋 survives in To's name",
       str(msg["To"]))
    ok(msg["From"].addresses[0].display_name == "もしもシステム"
       and msg["From"].addresses[0].addr_spec == "moshimo@example.co.jp",
       "From's Japanese name and address", str(msg["From"]))
    ok(msg["Message-ID"] == "<inc12.report.1@moshimo.example.co.jp>", "Message-ID kept",
       msg["Message-ID"])
    ok(email.utils.parsedate_to_datetime(msg["Date"]).timestamp() == 1790000000,
       "Date is RFC 5322 and the message's time", msg["Date"])
    ok(msg["Auto-Submitted"] == "auto-generated", "Auto-Submitted: auto-generated")
    ok(msg["MIME-Version"] == "1.0", "MIME-Version 1.0")
    ok(msg.get_content_type() == "text/plain" and msg.get_content_charset() == "utf-8",
       "text/plain; charset=UTF-8", msg["Content-Type"])
    ok(msg.get_content().replace("\r\n", "\n") == BODY, "the body decodes back exactly",
       repr(msg.get_content()))
    raw = m.raw.decode("ascii")
    head = raw.split("\r\n\r\n", 1)[0]
    words = [w for line in head.split("\r\n") for w in line.split() if w.startswith("=?")]
    ok(words and all(len(w) <= 75 for w in words), "every encoded-word is at most 75 characters",
       [len(w) for w in words])
    ok(all(ord(c) < 128 for c in raw), "the message on the wire is 7-bit ASCII")
    body_lines = raw.split("\r\n\r\n", 1)[1].rstrip("\r\n").split("\r\n")
    ok(all(len(line) <= 76 for line in body_lines), "base64 body lines are at most 76")

    # A long subject splits on character boundaries and still decodes.
    long_subject = "髙橋さん" * 30 + " 🙂 end"
    ms.clear()
    out = send(conf, to="a@example.jp", subject=long_subject, body="x",
               message_id="<long@m>", date="1790000000")
    got = ms.wait(1)
    ok(out[0] == "sent" and got and str(got[0].msg["Subject"]) == long_subject,
       "a long subject of 4-byte and 3-byte characters decodes back exactly",
       got and str(got[0].msg["Subject"]))

    # An ASCII name with a quote and a backslash cannot break the To header.
    ms.clear()
    out = send(conf, to="q@example.jp", to_name='Bob "the" \\ <x@evil>', subject="s",
               body="b", message_id="<q@m>")
    got = ms.wait(1)
    ok(out[0] == "sent" and got and got[0].msg["To"].addresses[0].addr_spec == "q@example.jp"
       and got[0].msg["To"].addresses[0].display_name == 'Bob "the" \\ <x@evil>'
       and got[0].rcpt_tos == ["q@example.jp"],
       "a display name with quotes and <> stays a name", got and str(got[0].msg["To"]))

    # Replies: 5xx dead with the server's text, 4xx retry, dropped retry.
    ms.clear()
    ms.reply("nobody@example.jp", "550 5.1.1 <nobody@example.jp>: Recipient address rejected")
    ms.reply("full@example.jp", "452 4.2.2 Mailbox full, try later")
    ms.drop("drop@example.jp")
    out = send(conf, to="nobody@example.jp", subject="s", body="b", message_id="<a@b>")
    ok(out[0] == "dead" and "550 5.1.1" in out[2] and "Recipient address rejected" in out[2],
       "SMTP 5xx: dead, with the server's reply", out)
    out = send(conf, to="full@example.jp", subject="s", body="b", message_id="<a@b>")
    ok(out[0] == "retry" and "452" in out[2], "SMTP 4xx: retry", out)
    out = send(conf, to="drop@example.jp", subject="s", body="b", message_id="<a@b>")
    ok(out[0] == "retry", "a dropped connection: retry", out)
    ok(ms.wait(1, timeout=0.5) == [], "none of those was delivered")
    out = send(conf, to="bad address@example.jp", subject="s", body="b", message_id="<a@b>")
    ok(out[0] == "dead", "an unusable address: dead, not sent", out)
    out = send(conf, to="a@example.jp", subject="s\r\nBcc: x@evil", body="b",
               message_id="<a@b>")
    ok(out[0] == "dead", "a line break in the subject is refused (no header injection)", out)


def mail_down_test():
    # A port nobody listens on: the server is down.
    ms = MailSink().start()
    url = ms.url
    ms.stop()
    conf = write_conf(f"smtp: {{url: \"{url}\", from: moshimo@example.co.jp}}\n"
                      "timeouts: {connect: 2, total: 5}\n")
    out = send(conf, to="a@example.jp", subject="s", body="b", message_id="<a@b>")
    ok(out[0] == "retry", "SMTP server down (connection refused): retry", out)


def mail_tls_test():
    # A password to a host other than 127.0.0.1 needs STARTTLS, which the
    # plain test server does not offer: nothing is sent in the clear.
    with MailSink(host="127.0.0.2") as ms2:
        conf = write_conf(f"smtp: {{url: \"{ms2.url}\", user: u, password: pw, "
                          "from: moshimo@example.co.jp}\ntimeouts: {connect: 2, total: 5}\n")
        out = send(conf, to="a@example.jp", subject="s", body="b", message_id="<a@b>")
        ok(out[0] == "dead" and "STARTTLS" in out[2] and ms2.wait(1, timeout=0.5) == [],
           "a password to another host without STARTTLS: dead, nothing sent", out)
        conf = write_conf(f"smtp: {{url: \"{ms2.url}\", from: moshimo@example.co.jp}}\n")
        out = send(conf, to="a@example.jp", subject="s", body="b", message_id="<a@b>")
        ok(out[0] == "sent", "without a password, plain SMTP to that host still works", out)


def mail_silent_test():
    # A server that accepts the connection and never greets: the time-out.
    import socket
    lst = socket.socket()
    lst.bind(("127.0.0.1", 0))
    lst.listen(4)
    port = lst.getsockname()[1]
    conf = write_conf(f"smtp: {{url: \"smtp://127.0.0.1:{port}\", from: moshimo@example.co.jp}}\n"
                      "timeouts: {connect: 1, total: 2}\n")
    t0 = time.time()
    out = send(conf, to="a@example.jp", subject="s", body="b", message_id="<a@b>")
    took = time.time() - t0
    lst.close()
    ok(out[0] == "retry" and took < 5,
       f"an SMTP server that never answers: retry after the 2 s time-out ({took:.1f} s)", out)


def hook_conf(hs, total=30):
    return write_conf(f"""public_url: https://moshimo.example.co.jp
privacy: minimal
timeouts: {{connect: 2, total: {total}}}
webhooks:
  - {{id: office, kind: slack, url: "{hs.url('/slack/T000/SECRETPATH')}"}}
  - {{id: ops, kind: teams, url: "{hs.url('/teams')}"}}
  - {{id: gc, kind: google_chat, url: "{hs.url('/gchat')}"}}
  - {{id: soumu, kind: chatwork, room: "123", token: "{SECRET_TOKEN}", api_url: "{hs.url('/v2')}"}}
  - {{id: relay, kind: webhook, url: "{hs.url('/hook')}"}}
""")


def hook_tests(hs):
    conf = hook_conf(hs)
    msg = dict(subject=SUBJECT, body=BODY, message_id="<m1@moshimo>",
               ack_url="https://moshimo.example.co.jp/ack/TOKEN1",
               incident_url="https://moshimo.example.co.jp/incidents/12")
    for ch in ["office", "ops", "gc", "soumu", "relay"]:
        out = send(conf, channel=ch, **msg)
        ok(out[0] == "sent", f"{ch}: 2xx is sent", out)
    reqs = hs.wait(5)
    if not ok(len(reqs) == 5, "the receiver got five posts", reqs):
        return
    slack, teams, gchat, cw, hook = reqs
    j = slack.json()
    ok(slack.path == "/slack/T000/SECRETPATH" and j["text"] == SUBJECT
       and j["blocks"][0]["type"] == "section" and SUBJECT in j["blocks"][0]["text"]["text"]
       and any(e.get("url") == msg["ack_url"] for e in j["blocks"][1]["elements"]),
       "slack: text, a section block and an ack button", j)
    j = teams.json()
    att = j["attachments"][0]
    ok(j["type"] == "message" and att["contentType"] == "application/vnd.microsoft.card.adaptive"
       and att["content"]["type"] == "AdaptiveCard"
       and att["content"]["body"][0]["text"] == SUBJECT
       and att["content"]["actions"][0]["type"] == "Action.OpenUrl"
       and att["content"]["actions"][0]["url"] == msg["ack_url"],
       "teams: a message with an Adaptive Card, title and Action.OpenUrl", j)
    j = gchat.json()
    card = j["cardsV2"][0]["card"]
    ok(SUBJECT in j["text"] and card["header"]["title"] == SUBJECT
       and card["sections"][0]["widgets"][1]["buttonList"]["buttons"][0]["onClick"]["openLink"]
       ["url"] == msg["ack_url"],
       "google_chat: text and cardsV2 with an openLink button", j)
    form = cw.form()
    ok(cw.path == "/v2/rooms/123/messages" and cw.headers.get("x-chatworktoken") == SECRET_TOKEN
       and cw.headers.get("content-type", "").startswith("application/x-www-form-urlencoded")
       and form["body"].startswith("[info][title]" + SUBJECT + "[/title]")
       and msg["ack_url"] in form["body"],
       "chatwork: form body= to rooms/123/messages with X-ChatWorkToken", cw.headers)
    j = hook.json()
    ok(j == {"subject": SUBJECT, "body": BODY, "message_id": "<m1@moshimo>",
             "ack_url": msg["ack_url"], "incident_url": msg["incident_url"]},
       "webhook: {subject, body, message_id, ack_url, incident_url}", j)
    ok(all(r.headers.get("content-type", "").startswith("application/json")
           for r in (slack, teams, gchat, hook)), "JSON posts say application/json")

    # Without links, Google Chat gets plain text.
    hs.clear()
    send(conf, channel="gc", subject="s", body="b", message_id="<m2@m>")
    r = hs.wait(1)
    ok(r and r[0].json() == {"text": "*s*\nb"}, "google_chat without links: {text}",
       r and r[0].body)

    # Replies.
    hs.clear()
    hs.answer("/hook", 500, body="oops")
    out = send(conf, channel="relay", **msg)
    ok(out[0] == "retry" and "500" in out[2], "HTTP 500: retry", out)
    hs.answer("/hook", 429, {"Retry-After": "7"})
    out = send(conf, channel="relay", **msg)
    ok(out[0] == "retry" and out[1] == 7, "HTTP 429 with Retry-After: 7: retry after 7 s", out)
    when = email.utils.formatdate(time.time() + 120, usegmt=True)
    hs.answer("/hook", 429, {"Retry-After": when})
    out = send(conf, channel="relay", **msg)
    ok(out[0] == "retry" and 100 <= out[1] <= 121,
       "HTTP 429 with an HTTP-date Retry-After: retry after about 120 s", out)
    hs.answer("/hook", 404, body="no such hook")
    out = send(conf, channel="relay", **msg)
    ok(out[0] == "dead" and "404" in out[2], "HTTP 404: dead", out)
    hs.answer("/hook", 202)
    out = send(conf, channel="relay", **msg)
    ok(out[0] == "sent", "HTTP 202: sent", out)
    hs.answer("/slack/T000/SECRETPATH", 403, body="invalid_token")
    out = send(conf, channel="office", **msg)
    ok(out[0] == "dead" and "SECRETPATH" not in out[2], "a refused Slack post: dead, and the "
       "reply does not hold the webhook's secret path", out)
    hs.answer("/v2/rooms/123/messages", 401)
    out = send(conf, channel="soumu", **msg)
    ok(out[0] == "dead" and SECRET_TOKEN not in out[2], "chatwork 401: dead, token not in reply",
       out)

    # A receiver that hangs past the total time-out.
    conf = hook_conf(hs, total=2)
    hs.answer("/hook", 200, delay=6)
    t0 = time.time()
    out = send(conf, channel="relay", **msg)
    took = time.time() - t0
    ok(out[0] == "retry" and took < 5, f"a hanging receiver: retry after the 2 s time-out "
       f"({took:.1f} s)", out)
    out = send(conf, channel="nosuch", **msg)
    ok(out[0] == "error", "an unknown channel is refused", out)


with MailSink() as ms:
    mail_tests(ms)
mail_down_test()
mail_silent_test()
mail_tls_test()
with HookSink() as hs:
    hook_tests(hs)
finish()
