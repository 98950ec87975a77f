"""A real browser: Debian's chromium, headless, driven by chromedriver over
the W3C WebDriver HTTP API (stdlib only). An employee files a report from
a phone-sized window through the report link; the administrator logs in
with the one-time password, sets their own, opens the incident from the
dashboard and marks a step done. Screenshots go to $BUILD/screenshots/."""
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "web"))
from webtest import Server, finish, ok  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SHOTS = os.path.join(os.environ.get("BUILD", "build"), "screenshots")
TMP = os.environ.get("TMPDIR", "/tmp")
NEW_PASSWORD = "browser-test-passphrase"

if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
    print("skip: chromium and chromium-driver are not installed (scripts/deps.sh installs them)")
    print("0 passed, 0 failed")
    sys.exit(0)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Driver:
    def __init__(self):
        self.port = free_port()
        self.log = open(os.path.join(TMP, "chromedriver.log"), "w")
        self.proc = subprocess.Popen([DRIVER, f"--port={self.port}"], stdout=self.log,
                                     stderr=subprocess.STDOUT)
        for _ in range(100):
            try:
                self.call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        profile = tempfile.mkdtemp(prefix="chromium-", dir=TMP)
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--lang=ja-JP", f"--user-data-dir={profile}"]}}}}
        self.sid = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data,
                                     method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read() or b"{}").get("value")

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.sid}{path}", body)

    def go(self, url):
        self.s("POST", "/url", {"url": url})

    def size(self, w, h):
        self.s("POST", "/window/rect", {"width": w, "height": h})

    def find(self, css):
        el = self.s("POST", "/element", {"using": "css selector", "value": css})
        return next(iter(el.values()))

    def click(self, css):
        self.s("POST", f"/element/{self.find(css)}/click", {})

    def type(self, css, text):
        el = self.find(css)
        self.s("POST", f"/element/{el}/clear", {})
        self.s("POST", f"/element/{el}/value", {"text": text})

    def text(self, want=None, timeout=20):
        """The page's text; with want, waits (a slow build, a page still
        loading) until the text holds it."""
        deadline = time.time() + timeout
        while True:
            try:
                t = self.s("GET", f"/element/{self.find('body')}/text")
            except OSError:
                t = ""
            if (want is None and t) or (want is not None and want in t) or \
                    time.time() > deadline:
                return t
            time.sleep(0.2)

    def url(self):
        return self.s("GET", "/url")

    def wait_url(self, suffix, timeout=20):
        """The URL once it ends with suffix (or when the time is up): a
        page's text alone may already hold the word awaited."""
        deadline = time.time() + timeout
        while True:
            u = self.url()
            if u.endswith(suffix) or time.time() > deadline:
                return u
            time.sleep(0.2)

    def shot(self, name):
        os.makedirs(SHOTS, exist_ok=True)
        path = os.path.join(SHOTS, name)
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.s("GET", "/screenshot")))
        return path

    def full_shot(self, name, w):
        """The whole page: the window made as tall as the document."""
        h = self.s("POST", "/execute/sync", {
            "script": "return document.documentElement.scrollHeight;", "args": []})
        self.size(w, min(int(h) + 140, 6000))
        return self.shot(name)

    def quit(self):
        try:
            self.s("DELETE", "")
        except OSError:
            pass
        self.proc.terminate()
        self.proc.wait(10)


srv = Server().start()
base = f"http://127.0.0.1:{srv.port}"
d = Driver()
try:
    # An employee on a phone, through the report link.
    d.size(390, 844)
    d.go(base + srv.link)
    ok("インシデントを報告する" in d.text("インシデントを報告する"), "the report form opens from the link")
    d.shot("01-report-form-phone.png")
    d.click('input[name="sign"][value="ransom_screen"]')
    d.type("#device", "経理部のノートPC")
    d.click('input[name="impact"][value="business"]')
    d.type("#details", "画面に英語の脅迫文が出て、共有フォルダのファイルが開けません。")
    d.type("#name", "経理部 山田")
    d.type("#contact", "内線 123")
    d.full_shot("02-report-filled-phone.png", 390)
    d.click('main button[type="submit"]')
    page = d.text("報告を受け付けました")
    ok("報告を受け付けました" in page, "the employee sees the report was received")
    ok("INC-0001" in page, "with the incident number")
    ok("電源を切らない" in page and "身代金を支払わない" in page,
       "and the policy's don'ts for a ransom screen")
    ok("ネットワークから切り離す" in page, "and what to do now")
    d.full_shot("03-report-received-phone.png", 390)

    # The administrator on a PC: one-time password, then their own.
    d.size(1280, 900)
    d.go(base + "/login")
    d.type("#name", "admin")
    d.type("#password", srv.admin_password)
    d.click('main button[type="submit"]')
    ok(d.wait_url("/account").endswith("/account"),
       "the first login goes to the password change")
    d.text("アカウント")
    d.type("#current", srv.admin_password)
    d.type("#new", NEW_PASSWORD)
    d.type("#again", NEW_PASSWORD)
    d.click('main button[type="submit"]')
    ok("パスワードを変更しました" in d.text("パスワードを変更しました"), "the administrator sets their own password")
    d.go(base + "/")
    page = d.text("INC-0001")
    ok("ダッシュボード" in page and "INC-0001" in page, "the dashboard lists the new incident")
    d.shot("04-dashboard.png")
    d.click('a[href="/incidents/1"]')
    ok("対応手順" in d.text("対応手順"), "the incident page shows the checklist")
    d.full_shot("05-incident.png", 1280)
    d.size(1280, 900)
    d.click('#step-1 button[type="submit"]')
    page = d.text("チェックリストを更新しました")
    ok("チェックリストを更新しました" in page, "one click marks step 1 done")
    state = d.s("GET", f"/element/{d.find('#step-1 .state')}/text")
    ok(state == "完了", f"step 1 is shown as done ({state})")
    d.shot("06-step-done.png")
    d.go(base + "/manual")
    d.shot("07-manual.png")
    d.go(base + "/admin")
    d.full_shot("08-admin.png", 1280)
finally:
    d.quit()
    srv.stop()

r = srv.client  # the server is stopped; check what the browser did through the database
import sqlite3  # noqa: E402
db = sqlite3.connect(os.path.join(srv.data, "moshimo.db"))
state = db.execute("SELECT state, by FROM steps WHERE incident_id = 1 AND n = 1").fetchone()
ok(state[0] == "done", f"the database has step 1 done by {state[1]}")
ok(len(os.listdir(SHOTS)) >= 8, f"screenshots saved in {SHOTS}")
finish()
