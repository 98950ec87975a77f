"""The W3C WebDriver helper the browser tests share: Debian's chromium,
headless, driven by chromedriver over its HTTP API (stdlib only).

    import webdriver
    webdriver.require_browser()            # or the test is counted as skipped
    d = webdriver.Driver(); d.login(base, name, password)
    d.go(url); d.click(css); d.type(css, text); d.text(want)
    d.shot("name.png"); d.quit()
"""
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

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SHOTS = os.path.join(os.environ.get("BUILD", "build"), "screenshots")
TMP = os.environ.get("TMPDIR", "/tmp")



def have_browser():
    """True when chromium and chromedriver are installed."""
    return os.path.exists(CHROMIUM) and os.path.exists(DRIVER)


def require_browser():
    """Without chromium and chromedriver the whole test cannot run: exits 77,
    which tests/run.sh counts as skipped (and CI=true as a failure)."""
    if not have_browser():
        print("skip: chromium and chromium-driver are not installed "
              "(scripts/deps.sh installs them)")
        sys.exit(77)


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

    def login(self, base, name, password):
        """Signs in on the login page (the caller waits for the page it expects)."""
        self.go(base + "/login")
        self.type("#name", name)
        self.type("#password", password)
        self.click('main button[type="submit"]')

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
