"""/incidents/ID/bcp without a browser: the roles (a reporter may not see
the board or post to it), CSRF on each form, a bad state or an unknown
system refused with 422/404 and nothing recorded, a survey with nothing
typed, the staff form without a time, the link on the incident page only
where the board applies, and escaping of what people typed."""
import json

from webtest import Server, add_user, cli, finish, make_token, ok

XSS = "<script>alert(1)</script>"

srv = Server().start()
add_user(srv.data, "hoko", "reporter")
add_user(srv.data, "taro", "responder")
api = srv.client(token=make_token(srv.data, "manager"))
quake = api.post("/api/v1/incidents", js={"title": "地震 " + XSS, "sign": "disaster"}).json()["id"]
usb = api.post("/api/v1/incidents", js={"title": "USBメモリ紛失", "sign": "device_lost"}).json()["id"]

rep = srv.client()
ok(rep.login("hoko"), "a reporter logs in")
r = rep.get(f"/incidents/{quake}/bcp")
ok(r.status == 403, "a reporter cannot see the board", str(r.status))
r = rep.post(f"/incidents/{quake}/bcp/state",
             form={"csrf": rep.csrf("/"), "system": "mail", "state": "stopped"})
ok(r.status == 403, "nor record a state", str(r.status))

resp = srv.client()
ok(resp.login("taro"), "a responder logs in")
r = resp.get(f"/incidents/{quake}")
ok(f'href="/incidents/{quake}/bcp"' in r.text, "the earthquake's page links to the board")
r = resp.get(f"/incidents/{usb}")
ok(f"/incidents/{usb}/bcp" not in r.text, "a lost USB stick's page does not")
r = resp.get(f"/incidents/{quake}/bcp")
ok(r.status == 200 and "事業継続ボード" in r.text, "the board: 200")
ok(XSS not in r.text and "&lt;script&gt;" in r.text, "the title is escaped")
r = resp.get("/incidents/999/bcp")
ok(r.status == 404, "no such incident: 404", str(r.status))

r = resp.post(f"/incidents/{quake}/bcp/state", form={"system": "mail", "state": "stopped"})
ok(r.status == 403, "no CSRF token: 403", str(r.status))
r = resp.post(f"/incidents/{quake}/bcp/state",
              form={"csrf": resp.csrf("/"), "system": "mail", "state": "exploded"})
ok(r.status == 422 and "exploded" in r.text, "a bad state: 422 naming it", str(r.status))
r = resp.post(f"/incidents/{quake}/bcp/state",
              form={"csrf": resp.csrf("/"), "system": "printer", "state": "stopped"})
ok(r.status == 404, "an unknown system: 404", str(r.status))
r = resp.post(f"/incidents/{quake}/bcp/survey", form={"csrf": resp.csrf("/")})
ok(r.status == 422 and "被害状況をひとつ以上記入してください" in r.text, "an empty survey: 422")
r = resp.post(f"/incidents/{quake}/bcp/staff", form={"csrf": resp.csrf("/"), "person": "鈴木"})
ok(r.status == 422 and "就業可能になる日時を入力してください" in r.text, "staff without a time: 422")
rc, out, err = cli(srv.data, "bcp", "board", str(quake), "--json")
b = json.loads(out)
ok(all(s["state"] == "unknown" for s in b["systems"]) and b["staff"] == [] and
   all(s["answer"] is None for s in b["survey"]), "nothing was recorded by the refused posts")

r = resp.post(f"/incidents/{quake}/bcp/state",
              form={"csrf": resp.csrf("/"), "system": "mail", "state": "degraded", "note": XSS})
ok(r.status == 303, "a good post: 303", str(r.status))
r = resp.get(f"/incidents/{quake}/bcp")
ok(XSS not in r.text and "縮退" in r.text, "縮退 shown, the note escaped")

# The lost USB stick gets its board once a system is recorded on it.
r = resp.get(f"/incidents/{usb}/bcp")
ok("停止と記録されたシステムはありません" in r.text, "no board yet: said so")
r = resp.post(f"/incidents/{usb}/bcp/state",
              form={"csrf": resp.csrf("/"), "system": "file_server", "state": "stopped"})
ok(r.status == 303, "record the file server as stopped")
r = resp.get(f"/incidents/{usb}")
ok(f'href="/incidents/{usb}/bcp"' in r.text, "now its page links to the board")
rc, out, err = cli(srv.data, "audit", "verify")
ok(rc == 0 and "audit chain OK" in out, "the audit chain verifies", out + err)
srv.stop()
finish()
