"""The authorization matrix: every route of the route table (as `moshimo
serve --print-routes` prints the same table the dispatcher checks) × every
kind of caller: nobody, the report link, reporter, responder, manager,
admin. A caller below the route's role is refused (401/403, or sent to
the login page); one at or above it gets through the role check (forms
carry a valid CSRF token so that a 403 can only mean the role). The roles
expected are tests/fixtures/routes.txt's, which must match the server's
table exactly."""
import os
import subprocess

from webtest import (MOSHIMO, Server, add_user, finish, make_token, multipart, ok, report)

ROLES = ["none", "reporter", "responder", "manager", "admin"]


def parse(lines):
    rows = {}
    for line in lines:
        if line.strip() and not line.startswith("#"):
            method, pattern, role, flags = line.split()
            rows[(method, pattern)] = (role, flags)
    return rows


# The roles are expected from the list checked in by hand, not from the
# table under test: the server's table must say the same, line for line.
FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "routes.txt")
with open(FIXTURE, encoding="utf-8") as f:
    listed = parse(f)
served = parse(subprocess.run([MOSHIMO, "serve", "--print-routes"], capture_output=True,
                              text=True, check=True).stdout.splitlines())
for key in sorted(served.keys() - listed.keys()):
    ok(False, f"route {key[0]} {key[1]} ({served[key][0]}, {served[key][1]}) is served but "
       "not in tests/fixtures/routes.txt: add its line there after checking its role")
for key in sorted(listed.keys() - served.keys()):
    ok(False, f"route {key[0]} {key[1]} is in tests/fixtures/routes.txt but not served")
for key in sorted(listed.keys() & served.keys()):
    if listed[key] != served[key]:
        ok(False, f"route {key[0]} {key[1]}: served as {served[key]}, listed as {listed[key]}")
ok(served == listed, f"the server's {len(served)} routes are the {len(listed)} listed, "
   "with the same roles and flags")
routes = [(m, p, role, set(flags.split(","))) for (m, p), (role, flags) in listed.items()
          if (m, p) in served]
ok(len(routes) >= 30, f"the route table has {len(routes)} routes")
# Logging out ends the session the other rows need: it goes last.
routes.sort(key=lambda r: r[1] == "/logout")

srv = Server().start()
for role in ROLES[1:]:
    add_user(srv.data, role + "1", role)
tokens = {role: make_token(srv.data, role) for role in ROLES[1:]}
link_token = srv.link.rsplit("/", 1)[1]

# An incident the reporter filed (so "their own" routes are allowed to them).
rep_api = srv.client(token=tokens["reporter"])
iid = rep_api.post("/api/v1/incidents", js=report()).json()["id"]
# The reporter user files one through the form, so it is theirs as a user.
web_rep = srv.client()
web_rep.login("reporter1")
csrf = web_rep.csrf("/report")
web_rep.post("/report", form={"csrf": csrf, "sign": "antivirus_alert", "details": "x"})
mine = max(x["id"] for x in srv.client(token=tokens["manager"])
           .get("/api/v1/incidents?status=all").json()["items"])
user_id = 1
token_id = 1


def concrete(pattern, who):
    inc = mine if who == "reporter" else iid
    return (pattern.replace("{id}", str(inc)).replace("{n}", "1")
            .replace("{token}", link_token).replace("{format}", "md")
            .replace("{file}", "manual.md")
            .replace("/admin/users/" + str(inc), f"/admin/users/{user_id}")
            .replace(f"/admin/tokens/{inc}/", f"/admin/tokens/{token_id}/"))


def call(client, method, path, flags, csrf_value):
    if "api" in flags:
        if method in ("POST", "PATCH"):
            return client.request(method, path, js={})
        return client.request(method, path)
    if "upload" in flags:
        body, ctype = multipart({"csrf": csrf_value or ""})
        return client.request(method, path, body=body, raw_type=ctype)
    if method == "POST":
        return client.request(method, path, form={"csrf": csrf_value or ""})
    return client.request(method, path)


def refused(r, flags, method):
    if r.status in (401, 403):
        return True
    return ("api" not in flags and method == "GET" and r.status == 303
            and (r.header("location") or "").startswith("/login"))


for who in ["none", "link"] + ROLES[1:]:
    level = 0 if who in ("none", "link") else ROLES.index(who)
    page = srv.client()
    if level:
        page.login(who + "1")
    api = srv.client(token=tokens[who]) if level else srv.client()
    for method, pattern, role, flags in routes:
        if who == "link" and "link" not in flags and "public" not in flags:
            continue
        if who != "link" and "link" in flags:
            allowed_role = level >= ROLES.index(role)
        else:
            allowed_role = "public" in flags or level >= ROLES.index(role)
        if who == "link":
            allowed_role = True
        client = api if "api" in flags else page
        if "anonform" in flags:
            csrf_value = client.csrf("/login")
        else:
            csrf_value = page.csrf("/account") if level else \
                page.csrf(f"/r/{link_token}")
        path = concrete(pattern, who)
        if who == "none" and "link" in flags:
            # Without the link (a guessed token) the form is not there.
            path = pattern.replace("{token}", "x" * 43)
            r = call(client, method, path, flags, csrf_value)
            ok(r.status == 404, f"{who:9s} {method:5s} {pattern} with a wrong link: 404 "
               f"({r.status})")
            continue
        r = call(client, method, path, flags, csrf_value)
        if allowed_role:
            ok(not refused(r, flags, method),
               f"{who:9s} {method:5s} {pattern}: allowed ({r.status})", r.text[:200])
        else:
            ok(refused(r, flags, method),
               f"{who:9s} {method:5s} {pattern}: refused ({r.status})", r.text[:200])

# A reporter is refused another's report even where the role allows it.
other = srv.client()
add_user(srv.data, "reporter2", "reporter")
other.login("reporter2")
r = other.get(f"/incidents/{mine}")
ok(r.status == 404, "reporter2 cannot open reporter1's report (404)")
r = other.post(f"/incidents/{mine}/notes", form={"csrf": other.csrf("/account"), "text": "x"})
ok(r.status == 404, "reporter2 cannot add a note to reporter1's report (404)")
srv.stop()
finish()
