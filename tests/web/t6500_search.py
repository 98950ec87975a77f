"""The Search page (tests/t6500-web-search-nfkc.sh) on a real `moshimo serve`:
ノートＰＣ finds the incident titled ノートPC, the manual's sections come with
links to their anchors, and the anchor exists in the manual document."""
import html
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webtest import Server, add_user, cli, finish, ok  # noqa: E402

srv = Server()
add_user(srv.data, "res", "responder")
rc, out, err = cli(srv.data, "report", stdin='{"title":"ノートPCを紛失","category":"other"}')
ok(rc == 0, "an incident", err)
srv.start()
try:
    c = srv.client()
    ok(c.login("res"), "log in")
    for q in ("ノートＰＣ", "ﾉｰﾄpc", "ノートpc"):
        r = c.get("/search?q=" + urllib.parse.quote(q))
        ok(r.status == 200 and "ノートPCを紛失" in r.text and 'href="/incidents/1"' in r.text,
           f"「{q}」 finds ノートPCを紛失", r.text[-800:])
        ok(": 1 件" in r.text, f"「{q}」: the count says 1 件 (folded too)")
    r = c.get("/search?q=" + urllib.parse.quote("ﾗﾝｻﾑｳｪｱ"))
    links = re.findall(r'href="(/manual/document#[^"]+)"', r.text)
    ok("<h2>マニュアル</h2>" in r.text and "/manual/document#ch8-3" in links,
       "the manual's ランサムウェア section is linked", links)
    doc = c.get("/manual/document").text
    ok(all(f'id="{html.escape(link.split("#")[1])}"' in doc for link in links),
       "every linked anchor exists in the manual document", links)
    r = c.get("/search?q=" + urllib.parse.quote("zzqqxx"))
    ok("マニュアルには見つかりませんでした" in r.text, "nothing in the manual is said")
finally:
    srv.stop()
finish()
