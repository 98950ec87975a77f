"""Every page on a phone and on a desk, in the real browser (headless
chromium): at 360, 390, 768 and 1280 px wide the document is never wider
than the window (no sideways scrolling), every button and field is at
least 44 px tall (a thumb's target), the checklist's スキップ is inside the
window, and each page's screenshot is saved ($BUILD/screenshots/phone/,
docs/screenshots/phone/ keeps the 360 and 1280 ones). Then axe-core,
injected through WebDriver, finds no serious or critical violation on any
page (skipped with a note when axe-core is not installed:
scripts/deps.sh puts it in .node/node_modules)."""
import json
import os
import shutil
import sqlite3
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "web"))
sys.path.insert(0, os.path.dirname(__file__))
from webtest import PASSWORD, Server, add_user, finish, make_token, ok, report  # noqa: E402
import webdriver  # noqa: E402

webdriver.require_browser()

WIDTHS = (360, 390, 768, 1280)
KEEP = os.environ.get("PHONE_SHOTS_DOCS")  # set: copy the 360 and 1280 shots into docs/
AXE = None
TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
for cand in (os.environ.get("AXE_JS", ""),
             os.path.join(TOP, ".node", "node_modules", "axe-core", "axe.min.js"),
             "/usr/share/nodejs/axe-core/axe.min.js"):
    if cand and os.path.exists(cand):
        AXE = cand
        break

srv = Server().start()
add_user(srv.data, "mgr", "manager", display="情報 太郎")
add_user(srv.data, "adm", "admin", display="管理 花子")
api = srv.client(token=make_token(srv.data, "manager"))
long_title = "ランサムウェア感染の疑い（経理部のノートPC、共有フォルダ＼＼fs01＼経理のファイルが開けない）"
iid = api.post("/api/v1/incidents", js=report(
    title=long_title, description="画面に英語の脅迫文。" * 30,
    impact={"business": True, "personal_data": True})).json()["id"]
api.post(f"/api/v1/incidents/{iid}/notes", js={"text": "ネットワークから切り離した。"})
api.request("PATCH", f"/api/v1/incidents/{iid}",
            js={"level": 3, "reason": "個人情報を含むファイルが暗号化された"})
base = f"http://127.0.0.1:{srv.port}"
SHOTS = os.path.join(webdriver.SHOTS, "phone")
os.makedirs(SHOTS, exist_ok=True)
DOCS = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "screenshots", "phone")

d = webdriver.Driver()


def js(script, *args):
    return d.s("POST", "/execute/sync", {"script": script, "args": list(args)})


def measure(name, w):
    """Scroll width against the window, and the small targets."""
    d.size(w, 900)
    m = js("""
        const de = document.documentElement;
        const small = [];
        for (const el of document.querySelectorAll(
                'button, input:not([type=hidden]), select, textarea, a.button, summary')) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) continue;   // not shown (closed <details>)
            const t = el.type;
            const h = (t === 'radio' || t === 'checkbox')
                ? (el.closest('label') || el).getBoundingClientRect().height : r.height;
            if (h < 43.5) small.push((el.name || el.textContent || el.tagName).trim().slice(0, 20)
                                     + ' ' + Math.round(h));
        }
        const out = [];
        for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right > window.innerWidth + 0.5 && r.width > 0) out.push(
                el.tagName + (el.className ? '.' + el.className : '') + ' ' + Math.round(r.right));
        }
        return {sw: de.scrollWidth, iw: window.innerWidth, small: small, out: out.slice(0, 5)};
    """)
    ok(m["sw"] <= m["iw"], f"{name} at {w} px: no sideways scrolling",
       f"scrollWidth {m['sw']} > {m['iw']}: {m['out']}")
    ok(not m["small"], f"{name} at {w} px: every control is at least 44 px tall",
       f"{m['small'][:6]}")
    path = d.full_shot(os.path.join("phone", f"{name}-{w}.png"), w)
    if KEEP and w in (360, 1280):
        os.makedirs(DOCS, exist_ok=True)
        shutil.copy(path, os.path.join(DOCS, f"{name}-{w}.png"))
    return m


axe_found = []


def axe(name, skip=()):
    """skip: rules this page answers otherwise (said where it is called)."""
    if not AXE:
        return
    if not js("return typeof axe !== 'undefined';"):
        js(open(AXE, encoding="utf-8").read() + "\nreturn 1;")
    res = d.s("POST", "/execute/async", {"script": """
        const done = arguments[arguments.length - 1];
        const rules = {};
        for (const id of arguments[0]) rules[id] = {enabled: false};
        axe.run(document, {resultTypes: ['violations'], rules: rules}).then(
            r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                      .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' '))
                           .join(', '))),
            e => done(['axe failed: ' + e]));""", "args": [list(skip)]})
    ok(not res, f"{name}: axe-core finds no serious or critical violation", json.dumps(
        res, ensure_ascii=False))
    axe_found.extend(res)


def each_width(name, url=None, skip=()):
    for w in WIDTHS:
        if url:
            d.go(url)
        measure(name, w)
    axe(name, skip)


try:
    d.s("POST", "/timeouts", {"script": 60000})
    # The report form through the link (no account), then its result.
    d.size(360, 800)
    d.go(base + srv.link)
    d.text("インシデントを報告する")
    each_width("report", base + srv.link)
    d.go(base + srv.link)
    d.click('input[name="sign"][value="ransom_screen"]')
    d.type("#details", "画面に英語の脅迫文が出ています。")
    d.type("#name", "経理部 山田")
    # Sent, then the result page reloaded: POST → 303 → GET, so a reload
    # asks nothing again and files nothing. (The same form sent twice at
    # once is t6420's: chromium drops a second click while the first is
    # leaving, and the CSP blocks fetch.)
    db = sqlite3.connect(os.path.join(srv.data, "moshimo.db"))
    before = db.execute("SELECT count(*) FROM incidents").fetchone()[0]
    d.click('main button[type="submit"]')
    d.text("報告を受け付けました")
    d.s("POST", "/refresh", {})
    d.text("報告を受け付けました")
    d.s("POST", "/refresh", {})
    d.text("報告を受け付けました")
    time.sleep(1)
    after = db.execute("SELECT count(*) FROM incidents").fetchone()[0]
    ok(after == before + 1 and "?new=1" in d.url(),
       f"sent once and reloaded twice: one incident ({after - before}), the result is a GET")
    result_url = d.url()
    each_width("result")
    follow = js("const a = document.querySelector('a.followup'); return a ? a.href : null;")
    ok(follow, "the result page gives the private follow-up link")
    if follow:
        d.go(follow)
        d.text("報告の状況")
        each_width("followup", follow)

    each_width("login", base + "/login")
    d.size(1280, 900)
    d.login(base, "mgr", PASSWORD)
    d.wait_url("/")
    # The dashboard reloads itself every minute (the issue asks for it);
    # axe's meta-refresh rule wants no timed reload at all. WCAG 2.2.1 is
    # met by the 「自動更新を止める」 link, checked here; axe runs with
    # the rule on over the stopped page.
    d.go(base + "/")
    ok(js("const m = document.querySelector('meta[http-equiv=refresh]');"
          "return m ? m.content : null;") == "60", "the dashboard refreshes itself every 60 s")
    d.click('a[href="/?auto=0"]')
    d.wait_url("/?auto=0")
    ok(js("return document.querySelector('meta[http-equiv=refresh]') === null;"),
       "「自動更新を止める」 stops it")
    axe("dashboard-stopped")
    each_width("dashboard", base + "/", skip=("meta-refresh",))
    each_width("incident", base + f"/incidents/{iid}")
    # The skip of the first open step, opened: its button is in the window.
    d.size(360, 900)
    d.go(base + f"/incidents/{iid}")
    d.text("チェックリスト")
    r = js("""const s = document.querySelector('.step details summary');
              s.click();
              const b = s.parentElement.querySelector('button');
              const r = b.getBoundingClientRect();
              return [r.left, r.right, window.innerWidth,
                      document.documentElement.scrollWidth];""")
    ok(r[0] >= 0 and r[1] <= r[2] and r[3] <= r[2],
       "at 360 px the opened スキップ button is wholly inside the window", str(r))
    d.full_shot(os.path.join("phone", "incident-skip-360.png"), 360)
    each_width("manual", base + "/manual")
    each_width("search", base + "/search?q=" + "ランサム")
    d.s("DELETE", "/cookie")
    d.login(base, "adm", PASSWORD)
    d.wait_url("/")
    each_width("admin", base + "/admin")
    if not AXE:
        print("note: axe-core not installed (scripts/deps.sh); accessibility check skipped")
finally:
    d.quit()
    srv.stop()
finish()
