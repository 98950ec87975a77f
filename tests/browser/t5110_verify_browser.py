"""疎通確認 in the real browser (headless chromium through chromedriver):
the link of a test mail received by a real SMTP server opens the page, the
person presses the button, and the contact is confirmed. Screenshots in
$BUILD/screenshots/."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "web"))
sys.path.insert(0, os.path.dirname(__file__))
from mailsink import MailSink  # noqa: E402
import webdriver  # noqa: E402
from webdriver import Driver  # noqa: E402
from webtest import MOSHIMO, Server, finish, ok  # noqa: E402

TMP = os.environ.get("TMPDIR", "/tmp")

webdriver.require_browser()

data = os.path.join(TMP, "data")
subprocess.run([MOSHIMO, "init", data], check=True, capture_output=True)
pol = os.path.join(data, "policy.yaml")
text = open(pol, encoding="utf-8").read()
text = text.replace("  - id: president\n    name: 〇〇 〇〇", "  - id: president\n    name: 髙橋 一郎", 1)
text = text.replace("    email: president@*****.co.jp", "    email: president@example.jp", 1)
open(pol, "w", encoding="utf-8").write(text)

srv = Server(data).start()
base = f"http://127.0.0.1:{srv.port}"
with MailSink() as ms:
    conf = os.path.join(data, "notify.yaml")
    with open(conf, "w") as f:
        f.write(f'public_url: {base}\nsmtp: {{url: "{ms.url}", from: moshimo@example.jp}}\n')
    os.chmod(conf, 0o600)
    r = subprocess.run([MOSHIMO, "contacts", "verify", "--person", "president", "--data", data],
                       capture_output=True, text=True, timeout=60)
    ok(r.returncode == 0, "contacts verify --person president", r.stdout + r.stderr)
    mails = ms.wait(1)
    ok(len(mails) == 1, "the test mail arrived at the SMTP server")
    m = re.search(r"(http://\S+/verify/\S+)", mails[0].msg.get_content()) if mails else None
    link = m.group(1) if m else base + "/verify/none"

d = Driver()
try:
    d.size(390, 844)
    d.go(link)
    page = d.text("届いたことを確認する")
    ok("髙橋 一郎" in page and "メール" in page and "届いたことを確認する" in page,
       "the phone shows who, which channel and the button", page[:300])
    d.shot("5110-01-verify-page.png")
    d.click("#confirm")
    page = d.text("確認しました")
    ok("確認しました" in page, "pressing the button confirms", page[:300])
    d.shot("5110-02-verify-confirmed.png")
    d.go(link)
    page = d.text("すでに完了")
    ok("すでに完了" in page, "opening the link again says it was confirmed already")
finally:
    d.quit()
r = subprocess.run([MOSHIMO, "contacts", "list", "--data", data], capture_output=True,
                   text=True, timeout=60)
line = [x for x in r.stdout.splitlines() if "髙橋" in x]
ok(line and line[0].rstrip().endswith("confirmed") and "never" not in line[0],
   "contacts list shows the confirmation", r.stdout)
srv.stop()
finish()
