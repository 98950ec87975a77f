"""Admin's 報告リンク page on a real `moshimo serve --public-url`
(tests/t6510-web-reportlink.sh): the link printed at the first start and
shown on the page carry the public URL (never 127.0.0.1 or 0.0.0.0); the
QR codes (PNG, and the SVG inside the printed sheet, drawn by headless
chromium) decode with zbarimg to that URL; rotating the link warns that
printed cards and sheets must be reprinted, the old link stops working and
the new one works; only admins see any of it."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webtest import MOSHIMO, TMP, Client, add_user, finish, ok  # noqa: E402

PUBLIC = "https://moshimo.example.co.jp"


def zbar(path):
    r = subprocess.run(["zbarimg", "--quiet", "--raw", path], capture_output=True, text=True,
                       timeout=60)
    return r.stdout.strip()


data = tempfile.mkdtemp(prefix="data-", dir=TMP)
log = open(os.path.join(TMP, "serve.log"), "w")
proc = subprocess.Popen([MOSHIMO, "serve", "--data", data, "--listen", "127.0.0.1:0",
                         "--public-url", PUBLIC + "/"], stdout=subprocess.PIPE, stderr=log,
                        text=True)
printed, password, port = None, None, None
deadline = time.time() + 15
while time.time() < deadline and not port:
    line = proc.stdout.readline()
    if not line:
        break
    m = re.search(r"report link for employees: (\S+)", line)
    printed = m.group(1) if m else printed
    m = re.search(r"\(shown this once\): (\S+)", line)
    password = m.group(1) if m else password
    m = re.search(r"listening on https?://127\.0\.0\.1:(\d+)/", line)
    port = int(m.group(1)) if m else None
try:
    ok(port is not None, "serve started")
    ok(printed and printed.startswith(PUBLIC + "/r/"),
       "the first start prints the report link with the public URL", printed)
    ok(printed and "127.0.0.1" not in printed and "0.0.0.0" not in printed,
       "never the listening address")
    add_user(data, "res", "responder")
    add_user(data, "boss", "admin")
    admin = Client(port)
    ok(admin.login("boss"), "an admin logs in")
    r = admin.get("/admin/reportlink")
    ok(r.status == 200 and printed in r.text,
       "Admin shows the same link, at any time", r.text[-1500:])
    ok('src="/admin/reportlink/qr.svg"' in r.text and "/admin/reportlink/sheet" in r.text,
       "with its QR code and the A4 sheet")
    r2 = admin.get("/admin")
    ok('href="/admin/reportlink"' in r2.text, "the admin page links to it")

    png = admin.get("/admin/reportlink/qr.png")
    path = os.path.join(TMP, "qr.png")
    with open(path, "wb") as f:
        f.write(png.body)
    ok(png.status == 200 and png.headers.get("content-type") == "image/png",
       "the QR code as PNG")
    ok(zbar(path) == printed, "the PNG decodes (zbarimg) to the public link", zbar(path))
    svg = admin.get("/admin/reportlink/qr.svg")
    ok(svg.status == 200 and svg.body.startswith(b"<svg") and
       svg.headers.get("content-type") == "image/svg+xml", "the QR code as SVG")

    sheet = admin.get("/admin/reportlink/sheet")
    csp = sheet.headers.get("content-security-policy", "")
    ok(sheet.status == 200 and "報告はこちら" in sheet.text and printed in sheet.text,
       "the A4 sheet 「報告はこちら」 with the link")
    ok("@page{size:A4" in sheet.text and "style-src 'sha256-" in csp and
       "script" not in sheet.text.lower(), "A4 print style allowed by its hash, no script", csp)
    chrome = shutil.which("chromium")
    if ok(chrome is not None, "chromium is installed"):
        html = os.path.join(TMP, "sheet.html")
        with open(html, "wb") as f:
            f.write(sheet.body)
        shot = os.path.join(TMP, "sheet.png")
        subprocess.run([chrome, "--headless", "--no-sandbox", "--disable-gpu",
                        "--hide-scrollbars", f"--screenshot={shot}", "--window-size=794,1123",
                        "file://" + html], capture_output=True, timeout=90)
        got = zbar(shot) if os.path.exists(shot) else ""
        ok(got == printed, "the sheet as the browser draws it: its QR decodes to the link", got)
        out = os.environ.get("SCREENSHOTS")
        if out and os.path.exists(shot):
            os.makedirs(out, exist_ok=True)
            shutil.copy(shot, os.path.join(out, "reportlink-sheet.png"))

    # rotation
    page = admin.get("/admin/reportlink").text
    ok("刷り直し" in page, "the page says before rotating that prints must be redone")
    tok = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    r = admin.post("/admin/reportlink", form={"csrf": tok})
    ok(r.status == 303 and "rotated=1" in r.headers.get("location", ""), "rotate: 303")
    page = admin.get("/admin/reportlink?rotated=1").text
    new = re.search(re.escape(PUBLIC) + r"/r/[A-Za-z0-9_-]+", page)
    new = new.group(0) if new else ""
    ok("刷り直して" in page and "前のリンクはもう使えません" in page,
       "after rotating: printed cards and sheets must be reprinted")
    ok(new and new != printed, "a new link is shown", new)
    anon = Client(port)
    old_r = anon.get(printed[len(PUBLIC):])
    new_r = anon.get(new[len(PUBLIC):]) if new else None
    ok(old_r.status in (403, 404) and new_r and new_r.status == 200,
       "the old link is refused, the new one opens the report form",
       f"{old_r.status} {new_r and new_r.status}")
    png = admin.get("/admin/reportlink/qr.png")
    with open(path, "wb") as f:
        f.write(png.body)
    ok(zbar(path) == new, "the QR code follows the new link")

    # only admins
    res = Client(port)
    ok(res.login("res"), "a responder logs in")
    for p in ("/admin/reportlink", "/admin/reportlink/qr.png", "/admin/reportlink/sheet"):
        ok(res.get(p).status == 403, f"a responder is refused {p}")
    ok(anon.get("/admin/reportlink/qr.svg").status in (303, 401, 403),
       "no session: refused")
finally:
    proc.terminate()
    proc.wait(30)
    log.close()
finish()
