"""report --mail end to end (tests/t4700-mail-report.sh): messages made
with Python's email package in three Japanese encodings, attachments kept
as evidence with their SHA-256, a broken MIME structure and a 50 MB
message refused with exit 65 and nothing filed, mail from outside the
company's domains filed as 外部からの連絡, and the receipt with the
incident number delivered to a real SMTP server by `notify run`."""
import email.utils
import hashlib
import json
import os
import subprocess
import sys
import time
from email import encoders
from email.header import Header
from email.mime.base import MIMEBase
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import notifyfix  # noqa: E402
from mailsink import MailSink  # noqa: E402
from webtest import MOSHIMO, TMP, Server, finish, ok  # noqa: E402

JA = dict(os.environ, LANG="ja_JP.UTF-8", LC_ALL="ja_JP.UTF-8", LANGUAGE="ja")
CODEC = {"iso-2022-jp": "iso2022_jp", "shift_jis": "cp932", "utf-8": "utf-8"}
PNG = bytes(range(256)) * 40 + b"\x89PNG"  # binary, every byte value
PDF = b"%PDF-1.4\n" + os.urandom(3000)


def run(data, *args, stdin=b"", env=JA):
    r = subprocess.run([MOSHIMO, *args, "--data", data], input=stdin, capture_output=True,
                       timeout=120, env=env)
    return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")


def show(data, n=1):
    rc, out, err = run(data, "show", str(n), "--json")
    return json.loads(out) if rc == 0 else None


def count(data):
    rc, out, err = run(data, "list", "--status", "all", "--json")
    return len(json.loads(out)) if rc == 0 and out.strip() else 0


def message(charset, frm, name, subject, body, files=()):
    """A report as a Japanese mail program writes it: the text in charset
    (Shift_JIS as Windows' CP932, with ①), RFC 2047 headers, RFC 2231 file
    names."""
    codec = CODEC[charset]
    m = MIMEMultipart()
    m["From"] = email.utils.formataddr((Header(name, charset).encode(), frm))
    m["To"] = "incident@example.co.jp"
    m["Subject"] = Header(subject, charset)
    m["Message-ID"] = email.utils.make_msgid(domain="example.co.jp")
    t = MIMEBase("text", "plain", charset=charset)
    t.set_payload(body.encode(codec))
    if charset == "iso-2022-jp":
        t["Content-Transfer-Encoding"] = "7bit"
    else:
        encoders.encode_base64(t)
    m.attach(t)
    for fname, ctype, data in files:
        p = MIMEBase(*ctype.split("/"))
        p.set_payload(data)
        encoders.encode_base64(p)
        p.add_header("Content-Disposition", "attachment", filename=("utf-8", "", fname))
        m.attach(p)
    return m.as_bytes()


def new_data(**kw):
    d = notifyfix.make_data(**kw)
    with open(os.path.join(d, "policy.yaml"), encoding="utf-8") as f:
        text = f.read()
    # the company's mail domain (organization.domains)
    text = text.replace("  timezone: Asia/Tokyo\n",
                        "  timezone: Asia/Tokyo\n  domains: [example.co.jp]\n", 1)
    with open(os.path.join(d, "policy.yaml"), "w", encoding="utf-8") as f:
        f.write(text)
    return d


rc0, out0, err0 = run(new_data(), "check", "--quiet")
ok(rc0 == 0, "a policy with organization.domains passes check", out0 + err0)

# ---- three encodings, each with attachments ----
BODY = "添付ファイルを開いたら画面が変になりました。\nノートＰＣの型番は ABC-123 です。"
for cs in ("iso-2022-jp", "shift_jis", "utf-8"):
    data = new_data()
    extra = "" if cs == "iso-2022-jp" else "①"  # CP932's NEC row
    subject = f"不審なメールの添付を開いてしまいました（{cs}）"
    raw = message(cs, "taro@example.co.jp", "山田 太郎", subject, BODY + extra,
                  [("画面の写真.png", "image/png", PNG), ("請求書.pdf", "application/pdf", PDF)])
    rc, out, err = run(data, "report", "--mail", stdin=raw)
    ok(rc == 0 and "INC-0001" in out, f"{cs}: filed (exit 0, the number printed)", out + err)
    j = show(data)
    if not ok(j is not None, f"{cs}: the incident is stored"):
        continue
    ok(j["title"] == subject, f"{cs}: the subject (RFC 2047) is the title", j["title"])
    ok(j["description"] == BODY + extra, f"{cs}: the text part is the description",
       repr(j["description"]))
    rep = j.get("reporter") or {}
    ok(rep.get("name") == "山田 太郎" and rep.get("contact") == "taro@example.co.jp"
       and not rep.get("external"), f"{cs}: From is the reporter, inside the company", rep)
    ev = {e["name"]: e for e in j["evidence"]}
    ok(set(ev) == {"message.eml", "画面の写真.png", "請求書.pdf"},
       f"{cs}: the message and both attachments are evidence", list(ev))
    ok(ev.get("画面の写真.png", {}).get("sha256") == hashlib.sha256(PNG).hexdigest()
       and ev.get("請求書.pdf", {}).get("sha256") == hashlib.sha256(PDF).hexdigest(),
       f"{cs}: the attachments' SHA-256 are the bytes sent")
    ok(ev.get("message.eml", {}).get("sha256") == hashlib.sha256(raw).hexdigest(),
       f"{cs}: the whole message is kept as it came")
    rc, out, err = run(data, "evidence", "verify", "1")
    ok(rc == 0, f"{cs}: evidence verify passes", out + err)

# ---- a forwarded suspicious mail (message/rfc822) and an HTML-only text ----
data = new_data()
inner = MIMEText("こちらのリンクからパスワードを更新してください", "plain", "utf-8")
inner["Subject"] = Header("【重要】アカウント確認", "utf-8")
inner["From"] = "support@phish.example"
outer = MIMEMultipart()
outer["From"] = "hanako@sales.example.co.jp"
outer["Subject"] = Header("怪しいメールが届きました", "utf-8")
outer.attach(MIMEText("<p>転送します。<br>開いていません。</p>", "html", "utf-8"))
outer.attach(MIMEMessage(inner))
rc, out, err = run(data, "report", "--mail", stdin=outer.as_bytes())
j = show(data)
ok(rc == 0 and j and "転送します。" in j["description"] and "<p>" not in j["description"],
   "an HTML-only text becomes the description without its markup", (j or {}).get("description"))
ok(j and any(e["name"].endswith(".eml") and e["name"] != "message.eml" for e in j["evidence"]),
   "a forwarded message is kept whole as .eml evidence", j and [e["name"] for e in j["evidence"]])
ok(j and not j["reporter"].get("external"), "a subdomain (sales.example.co.jp) is inside")

# ---- headers written raw, without RFC 2047 (old Japanese mail programs) ----
for codec, label in (("iso2022_jp", "ISO-2022-JP"), ("cp932", "Shift_JIS")):
    data = new_data()
    subj = f"生の{label}の件名"
    raw = (b"From: taro@example.co.jp\nSubject: " + subj.encode(codec) +
           b"\nContent-Type: text/plain; charset=" + label.encode() + b"\n\n" +
           "本文です".encode(codec) + b"\n")
    rc, out, err = run(data, "report", "--mail", stdin=raw)
    j = show(data)
    ok(rc == 0 and j and j["title"] == subj and j["description"].strip() == "本文です",
       f"a raw {label} Subject and text are decoded", (j or {}).get("title", err))

# ---- a blank subject and a display name longer than any title ----
data = new_data()
raw = message("utf-8", "taro@example.co.jp", "長" * 600, "\u3000", "件名を書き忘れました")
rc, out, err = run(data, "report", "--mail", stdin=raw)
j = show(data)
ok(rc == 0 and j and j["title"] == "（件名なし）メールでの報告" and
   len(j["reporter"]["name"].encode()) <= 300, "a blank subject gets a title, a long name is cut",
   (j or {}).get("title", err))

# ---- from outside the company's domains ----
data = new_data()
raw = message("utf-8", "someone@customer.example", "取引先 花子",
              "御社から不審なメールが届いています", "御社の名前でメールが届きました。")
rc, out, err = run(data, "report", "--mail", stdin=raw)
j = show(data)
ok(rc == 0 and j and j["reporter"].get("external") is True and j.get("sign") == "external_contact",
   "mail from outside the domains is filed as 外部からの連絡", j and (j["reporter"], j.get("sign")))
ok("外部からの連絡として登録" in out, "the command says it was filed as an external contact", out)

# ---- broken, not a message, huge: a clear error, exit 65, nothing filed ----
BROKEN = (b"From: taro@example.co.jp\r\nSubject: broken\r\nMIME-Version: 1.0\r\n"
          b"Content-Type: multipart/mixed; boundary=\"XYZ\"\r\n\r\n--XYZ\r\n"
          b"Content-Type: text/plain\r\n\r\nhello\r\n--XYZ\r\n"
          b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n")
NOBOUNDARY = (b"From: taro@example.co.jp\nSubject: x\nMIME-Version: 1.0\n"
              b"Content-Type: multipart/mixed\n\nhello\n")
cases = [
    ("a multipart that never ends", BROKEN, "MIME"),
    ("a multipart without a boundary", NOBOUNDARY, "MIME"),
    ("bytes that are no message", b"\x00\x01\x02garbage without headers", "メール"),
    ("no From", b"Subject: x\n\nbody\n", "From"),
]
for desc, raw, word in cases:
    data = new_data()
    rc, out, err = run(data, "report", "--mail", stdin=raw)
    ok(rc == 65, f"{desc}: exit 65 (EX_DATAERR, the mail server bounces it)", f"{rc} {err}")
    ok("エラー" in err and word in err and "<stdin>" in err, f"{desc}: a clear error", err)
    ok(count(data) == 0, f"{desc}: nothing filed")

data = new_data()
big = os.path.join(TMP, "big.eml")
with open(big, "wb") as f:
    f.write(b"From: taro@example.co.jp\nSubject: big\nContent-Type: application/octet-stream\n"
            b"Content-Transfer-Encoding: base64\n\n")
    line = b"QUFB" * 19 + b"\n"
    f.write(line * (50 * 1024 * 1024 // len(line)))
with open(big, "rb") as f:
    r = subprocess.run([MOSHIMO, "report", "--mail", "--data", data], stdin=f,
                       capture_output=True, timeout=120, env=JA)
err = r.stderr.decode()
ok(r.returncode == 65 and "大きすぎます" in err and "25 MB" in err,
   "a 50 MB message: exit 65, 「大きすぎます」 with the limit", f"{r.returncode} {err}")
ok(count(data) == 0 and not os.path.exists(os.path.join(data, "evidence")),
   "a 50 MB message: nothing filed, no evidence written")
with open(big, "rb") as f:
    r = subprocess.run([MOSHIMO, "report", "--mail", "--max-size", "60M", "--data", data],
                       stdin=f, capture_output=True, timeout=120, env=JA)
ok(r.returncode == 0 and count(data) == 1, "--max-size 60M takes it", r.stderr.decode())
os.unlink(big)
rc, out, err = run(data, "report", "--mail", "--max-size", "lots")
ok(rc == 64, "a bad --max-size is a usage error (64, EX_USAGE)", f"{rc} {err}")

# ---- the receipt reaches a real SMTP server ----
with MailSink() as sink:
    data = new_data(smtp_url=sink.url)
    raw = message("iso-2022-jp", "jiro@example.co.jp", "鈴木 次郎", "ランサムウェアの画面が出ています",
                  "画面に身代金を要求するメッセージが出ています。")
    rc, out, err = run(data, "report", "--mail", stdin=raw)
    ok(rc == 0 and "INC-0001" in out, "filed with e-mail configured", out + err)
    rc, out, err = run(data, "notify", "run", "--once")
    ok(rc == 0, "notify run --once", out + err)
    got = sink.wait(1)
    mine = [m for m in sink.messages if "jiro@example.co.jp" in m.rcpt_tos]
    if ok(len(mine) == 1, "one receipt to the sender", [m.rcpt_tos for m in sink.messages]):
        m = mine[0]
        subj = str(m.msg["Subject"])
        body = m.msg.get_body(("plain",)).get_content()
        ok("INC-0001" in subj and "受け付けました" in subj, "the receipt's subject has the number",
           subj)
        ok("受付番号 INC-0001" in body, "the body has the number", body)
        ok("してはいけないこと" in body and "すぐにすること" in body,
           "the body has the policy's do and don't", body)
        ok("電源を切らない" in body or "ネットワーク" in body, "the do/don't of the ransom sign",
           body)
    # a machine's message is filed but never answered
    sink.clear()
    auto = message("utf-8", "mailer-daemon@example.co.jp", "", "Undelivered", "bounce")
    auto = b"Auto-Submitted: auto-replied\n" + auto
    rc, out, err = run(data, "report", "--mail", stdin=auto)
    run(data, "notify", "run", "--once")
    ok(rc == 0 and not [m for m in sink.messages if "mailer-daemon@example.co.jp" in m.rcpt_tos],
       "an automatic message (Auto-Submitted) is filed but not answered", out + err)

# ---- with the server running, the receipt arrives within seconds ----
with MailSink() as sink:
    data = new_data(smtp_url=sink.url)
    srv = Server(data).start()
    try:
        raw = message("shift_jis", "saburo@example.co.jp", "田中 三郎", "ノートＰＣを紛失しました",
                      "電車に置き忘れました。")
        t0 = time.time()
        rc, out, err = run(data, "report", "--mail", stdin=raw)
        got = None
        while time.time() - t0 < 10 and not got:
            got = [m for m in sink.messages if "saburo@example.co.jp" in m.rcpt_tos]
            time.sleep(0.05)
        took = time.time() - t0
        ok(rc == 0 and got and "INC-0001" in str(got[0].msg["Subject"]),
           f"serve's dispatcher sends the receipt by itself ({took:.2f} s after the pipe)",
           out + err)
        ok(took < 5, "the sender has the number within seconds", f"{took:.2f} s")
    finally:
        srv.stop()

finish()
