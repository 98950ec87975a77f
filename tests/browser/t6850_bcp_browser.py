"""The business continuity board in a real browser (headless chromium),
after a simulated earthquake (test clock MOSHIMO_NOW: five hours after the
quake): the incident page's link to the board, the next system to restore
and what it waits for, the network over its 4 h RTO, recording its state
through the card's form, then the main system next; the damage survey form
(only the changed answers recorded) and the staff form; screenshots at 390
and 1280 px wide in $BUILD/screenshots/bcp/ (copies in docs/screenshots/bcp/)."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "web"))
import webdriver  # noqa: E402
from webdriver import Driver  # noqa: E402
from webtest import MOSHIMO, PASSWORD, TMP, Server, add_user, cli, finish, ok  # noqa: E402

webdriver.require_browser()

webdriver.SHOTS = os.path.join(webdriver.SHOTS, "bcp")
os.environ["MOSHIMO_NOW"] = "2026-12-02T13:30:00+09:00"
data = os.path.join(TMP, "data")
subprocess.run([MOSHIMO, "init", data], check=True, capture_output=True)
rc, out, err = cli(data, "report", "--json", stdin=json.dumps({
    "title": "地震でサーバー室が停電", "sign": "disaster",
    "occurred_at": "2026-12-02T08:30:00+09:00"}))
ok(rc == 0, "an earthquake is reported", err)
iid = json.loads(out)["id"]
srv = Server(data).start()
add_user(data, "taro", "responder", display="情シス 太郎")
base = f"http://127.0.0.1:{srv.port}"
d = Driver()


def js(script, *args):
    return d.s("POST", "/execute/sync", {"script": script, "args": list(args)})


def board():
    rc, out, err = cli(data, "bcp", "board", str(iid), "--json")
    return json.loads(out) if rc == 0 else {}


try:
    d.size(1280, 900)
    d.login(base, "taro", PASSWORD)
    d.text("ダッシュボード")
    d.go(f"{base}/incidents/{iid}")
    ok("事業継続ボード" in d.text("事業継続ボード"), "the incident page links to the board")
    d.click("p.bcp-link a")
    page = d.text("復旧の順番と状態")
    ok(d.url().endswith(f"/incidents/{iid}/bcp"), "the link opens the board", d.url())
    names = js("return [...document.querySelectorAll('ol.bcp li .step-title')]"
               ".map(e => e.textContent);")
    ok(names == ["社内ネットワーク・インターネット回線", "○○システム", "メール", "ファイルサーバー"],
       "the systems in recovery order", str(names))
    nxt = js("return document.querySelector('dd.next').textContent;")
    ok("社内ネットワーク・インターネット回線" in nxt and "前提：電源、回線サービス" in nxt,
       "the next to restore: the network, needing power and the line", nxt)
    ok("経過 5時間0分 / 目標復旧時間（RTO） 4時間 — 目標時間超過" in page,
       "the network is over its 4 h RTO")
    ok(js("return document.querySelector('li#network').className;") == "step overdue",
       "its card is marked over")
    ok("待ち：社内ネットワーク・インターネット回線" in page, "the others wait for the network")
    ok("03-****-****" in page and "(株)〇〇システム開発" in page, "the vendor to call")
    ok("情報システム管理者（〇〇 〇〇）" in page, "the owner: role and holder")
    d.s("POST", "/execute/sync", {"script": "window.scrollTo(0, 0);", "args": []})
    d.full_shot("board-1280.png", 1280)
    d.size(390, 844)
    d.shot("board-top-390.png")
    d.full_shot("board-390.png", 390)
    d.size(1280, 900)

    # The network's card: open its form, choose 復旧, a note, record.
    d.click("li#network details summary")
    js("document.querySelector('li#network select[name=state]').value = 'restored';")
    d.type("li#network input[name=note]", "ルーターを再起動 <b>済</b>")
    d.click("li#network button")
    page = d.text("保存しました")
    ok("保存しました" in page, "the state is recorded")
    ok(js("return document.querySelector('li#network .bcp-state').textContent;") == "復旧",
       "the network shows 復旧")
    ok("ルーターを再起動 <b>済</b>" in page, "the note as typed (escaped)")
    nxt = js("return document.querySelector('dd.next').textContent;")
    ok("○○システム" in nxt and "待ち：なし" in nxt, "the main system is next, waiting for nothing",
       nxt)
    b = board()
    ok(b.get("systems", [{}])[0].get("state") == "restored" and b["next"] == "sales",
       "the CLI sees what the browser recorded")

    # The damage survey: two answers typed, the rest left empty.
    d.type("form.survey input[name=a1]", "固定電話は不通、携帯は通じる")
    d.type("form.survey input[name=a3]", "社内LANは復旧、回線は不安定")
    d.click("form.survey button")
    page = d.text("保存しました")
    b = board()
    answers = [s["answer"] for s in b.get("survey", [])]
    ok(answers == ["固定電話は不通、携帯は通じる", None, "社内LANは復旧、回線は不安定", None, None],
       "two answers recorded", str(answers))
    val = js("return document.querySelector('form.survey input[name=a1]').value;")
    ok(val == "固定電話は不通、携帯は通じる", "the form shows the answer recorded")
    # Sending the same answers again records nothing new.
    rc, out, err = cli(data, "show", str(iid), "--json")
    n_events = len(json.loads(out)["timeline"])
    d.click("form.survey button")
    d.text("保存しました")
    rc, out, err = cli(data, "show", str(iid), "--json")
    ok(len(json.loads(out)["timeline"]) == n_events, "unchanged answers are not recorded again")
    d.click("form.survey button")

    # Staff: who can work from when.
    d.go(f"{base}/incidents/{iid}/bcp")
    d.text("復旧作業の要員")
    d.click("#staff + p + details summary")
    d.type("input[name=person]", "山田 花子")
    js("document.querySelector('#from').value = '2026-12-03T09:00';")
    d.click("form[action$='/bcp/staff'] button")
    page = d.text("から就業可能")
    ok("山田 花子：2026-12-03 09:00 から就業可能" in page, "the staff member is listed")
    d.go(f"{base}/incidents/{iid}")
    page = d.text("事業継続")
    ok("被害状況：電話の稼動状況 — 固定電話は不通、携帯は通じる" in page,
       "the survey answer is on the incident's timeline")
    d.go(f"{base}/incidents/{iid}/bcp#survey")
    d.text("被害状況の把握")
    d.full_shot("board-after-1280.png", 1280)
    d.size(390, 844)
    js("document.querySelector('#survey').scrollIntoView();")
    d.shot("survey-390.png")
finally:
    d.quit()
    srv.stop()
rc, out, err = cli(data, "audit", "verify")
ok(rc == 0 and "audit chain OK" in out, "the audit chain verifies", out + err)
finish()
