"""The record form keeps what nobody touched: the page shows a 16 KB
multi-line Japanese description whole, a browser-like save of another
field (textareas posted back with CRLF, as browsers do) changes only that
field, byte for byte, and logs one 「記録の更新」 event; line ends CR, CRLF
and LF count as the same text."""
import html.parser
import os
import sqlite3

from webtest import Server, add_user, finish, make_token, ok, report


class FormReader(html.parser.HTMLParser):
    """The fields of the form whose action is `action`, as a browser would
    post them (textareas' line ends as CRLF, the HTML spec's form submission
    rule)."""

    def __init__(self, action):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.fields = action, False, []
        self.textarea = self.select = None
        self.text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and a.get("type") != "submit" and "name" in a:
            self.fields.append([a["name"], a.get("value", "")])
        elif tag == "textarea":
            self.textarea, self.text = a["name"], []
        elif tag == "select":
            self.select = a["name"]
            self.fields.append([self.select, None])
        elif tag == "option" and self.select:
            if self.fields[-1][1] is None or "selected" in a:
                self.fields[-1][1] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea:
            v = "".join(self.text)
            if v.startswith("\n"):      # the parser's rule: one newline after <textarea> goes
                v = v[1:]
            self.fields.append([self.textarea, v.replace("\r\n", "\n").replace("\n", "\r\n")])
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)


def form_of(page, action):
    fr = FormReader(action)
    fr.feed(page)
    return fr.fields


LINE = "経理部の共有フォルダ「＼＼fs01＼経理」のファイルが暗号化され、拡張子が .locked に変わった。𠮷野家の領収書も開けない。"
DESC = "\n".join(f"{i:03d} {LINE}" for i in range(1, 200))
assert len(DESC.encode()) > 16000, len(DESC.encode())

srv = Server().start()
add_user(srv.data, "resp", "responder")
api = srv.client(token=make_token(srv.data, "manager"))
r = api.post("/api/v1/incidents", js=report(description=DESC, affected_systems="PC-01\nPC-02\n"))
ok(r.status == 201, f"a report with a {len(DESC.encode())}-byte description ({r.status})")
iid = r.json()["id"]
db = sqlite3.connect(os.path.join(srv.data, "moshimo.db"))


def stored(field="description"):
    return db.execute(f"SELECT {field} FROM incidents WHERE id = ?", (iid,)).fetchone()[0]


def field_events():
    return db.execute("SELECT field, before, after FROM events WHERE incident_id = ? AND "
                      "kind = 'field' ORDER BY id", (iid,)).fetchall()


ok(stored() == DESC, "the API stored the description byte for byte")

c = srv.client()
ok(c.login("resp"), "a responder logs in")
page = c.get(f"/incidents/{iid}").text
fields = form_of(page, f"/incidents/{iid}/fields")
got = dict(fields).get("description", "")
ok(got.replace("\r\n", "\n") == DESC, "the record form shows the whole description",
   f"{len(got.encode())} bytes shown of {len(DESC.encode())}")

# Save another field exactly as a browser posts the form.
for f in fields:
    if f[0] == "business":
        f[1] = "株式会社もしも"
r = c.post(f"/incidents/{iid}/fields", form=[tuple(f) for f in fields])
ok(r.status == 303, f"saving the record form redirects ({r.status})")
ok(stored() == DESC, "the untouched description is byte-identical after the save",
   f"{len(stored().encode())} bytes, CR in it: {chr(13) in stored()}")
ok(stored("business") == "株式会社もしも", "the edited field is saved")
ev = field_events()
ok([e[0] for e in ev] == ["business"], f"one 記録の更新 event, for the edited field only ({[e[0] for e in ev]})")

# Saving the same form again changes nothing.
page = c.get(f"/incidents/{iid}").text
r = c.post(f"/incidents/{iid}/fields", form=[tuple(f) for f in form_of(page, f"/incidents/{iid}/fields")])
ok(r.status == 303 and "nochange" in (r.header("location") or ""),
   "saving an untouched form changes nothing", r.header("location"))
ok(len(field_events()) == 1, "and logs no event")

# CR-only line ends (old Mac, some clients) are the same text too.
fields = form_of(page, f"/incidents/{iid}/fields")
for f in fields:
    if f[0] in ("description", "affected_systems"):
        f[1] = f[1].replace("\r\n", "\r")
r = c.post(f"/incidents/{iid}/fields", form=[tuple(f) for f in fields])
ok("nochange" in (r.header("location") or ""), "CR line ends count as the same text",
   r.header("location"))
ok(stored() == DESC and stored("affected_systems") == "PC-01\nPC-02\n" and len(field_events()) == 1,
   "nothing was rewritten")

# A real edit of a multi-line field is stored with LF line ends.
fields = form_of(page, f"/incidents/{iid}/fields")
for f in fields:
    if f[0] == "affected_systems":
        f[1] = "PC-01\r\nPC-02\r\nPC-03"
r = c.post(f"/incidents/{iid}/fields", form=[tuple(f) for f in fields])
ok(r.status == 303 and stored("affected_systems") == "PC-01\nPC-02\nPC-03",
   "an edited textarea is stored with LF line ends", repr(stored("affected_systems")))
ok([e[0] for e in field_events()] == ["business", "affected_systems"], "one more event, for that field")
ok(stored() == DESC, "the description is still byte-identical")

# A text beginning with a newline survives the textarea's parsing rule.
fields = form_of(page, f"/incidents/{iid}/fields")
for f in fields:
    if f[0] == "system_config":
        f[1] = "\r\n手作業で伝票を起票"
c.post(f"/incidents/{iid}/fields", form=[tuple(f) for f in fields])
page = c.get(f"/incidents/{iid}").text
got = dict(form_of(page, f"/incidents/{iid}/fields")).get("system_config")
ok(stored("system_config") == "\n手作業で伝票を起票" and got == "\r\n手作業で伝票を起票",
   "a leading newline is kept through the page", repr(got))

srv.stop()
finish()
