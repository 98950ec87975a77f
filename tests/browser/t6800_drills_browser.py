"""The 訓練 page in a real browser (headless chromium): the scenarios with
their injects, starting one (the drill incident's page with the 【訓練】
banner and title), the drill left off the dashboard, a step done and an
acknowledgement from the command line, ending the drill from its report
page, the report with the score and verdicts, the past drills with the
score; screenshots at 390 and 1280 px wide in $BUILD/screenshots/drills/
(copies in docs/screenshots/drills/)."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "web"))
import webdriver  # noqa: E402
from webdriver import Driver  # noqa: E402
from webtest import MOSHIMO, PASSWORD, TMP, Server, add_user, cli, finish, ok  # noqa: E402

webdriver.require_browser()

webdriver.SHOTS = os.path.join(webdriver.SHOTS, "drills")
data = os.path.join(TMP, "data")
subprocess.run([MOSHIMO, "init", data], check=True, capture_output=True)
srv = Server(data).start()
add_user(data, "sekinin", "manager", display="対応責任者 山田")
base = f"http://127.0.0.1:{srv.port}"
d = Driver()

try:
    d.size(1280, 900)
    d.login(base, "sekinin", PASSWORD)
    d.text("ダッシュボード")
    d.go(base + "/drills")
    page = d.text("シナリオから訓練を始める")
    ok(all(t in page for t in ("顧客リストの入ったノートPCの紛失", "自社を装ったフィッシングサイト",
                               "顧客アカウントの不正利用", "外部からの通報による標的型攻撃の発覚",
                               "ファイルサーバのランサムウェア感染", "個人情報を含むメールの誤送信",
                               "地震による基幹システムの停止")),
       "the page lists the seven built-in scenarios")
    ok("30分後 取引先から" in page, "with their timed injects")
    ok("まだ訓練をしていません" in page, "and no past drill yet")
    d.full_shot("drills-1280.png", 1280)
    d.size(390, 844)
    d.full_shot("drills-390.png", 390)
    d.size(1280, 900)

    d.click('form[action="/drills"] input[value="lost_laptop"] ~ button')
    page = d.text("これは訓練です")
    ok("【訓練】 これは訓練です（顧客リストの入ったノートPCの紛失）" in page,
       "the drill incident's page has the 【訓練】 banner")
    h1 = d.s("POST", "/execute/sync", {"script": "return document.querySelector('h1').textContent;",
                                       "args": []})
    ok("【訓練】顧客リストの入ったノートPCを電車内で紛失した" in h1, "and 【訓練】 in its title", h1)
    ok(d.url().endswith("/incidents/1"), "at /incidents/1", d.url())
    d.shot("incident-1280.png")
    d.size(390, 844)
    d.shot("incident-390.png")
    d.size(1280, 900)

    d.go(base + "/")
    page = d.text("ダッシュボード")
    ok("【訓練】顧客リスト" not in page and "実施中の訓練が 1 件" in page,
       "the dashboard leaves the drill out of its lists, with a line linking to 訓練")

    rc, out, err = cli(data, "step", "1", "1", "done")
    ok(rc == 0, "step 1 done from the command line", err)
    rc, out, err = cli(data, "ack", "1", "--as", "incident_manager")
    ok(rc == 0, "the manager acknowledges from the command line", err)
    d.go(base + "/drills/1")
    page = d.text("訓練を終了して採点する")
    ok("実施中の得点です" in page, "the report page shows the running score")
    d.click('form[action="/drills/1/end"] button')
    page = d.text("改善すべき点")
    ok("得点" in page and "合格" in page and "未実施" in page, "ended: the score and the verdicts", page[:400])
    ok("訓練を終了して採点する" not in page, "no end button once ended")
    d.full_shot("report-1280.png", 1280)
    d.size(390, 844)
    d.full_shot("report-390.png", 390)
    d.size(1280, 900)

    rc, out, err = cli(data, "drill", "list", "--past", "--json")
    import json  # noqa: E402
    past = json.loads(out) if rc == 0 else []
    ok(len(past) == 1 and isinstance(past[0]["score"], int), "the drill is scored", past)
    d.go(base + "/drills")
    page = d.text("これまでの訓練")
    ok(past and f"{past[0]['score']}点" in page and "INC-0001" in page,
       "the 訓練 page lists it with its score", page[-400:])
finally:
    d.quit()
    srv.stop()
finish()
