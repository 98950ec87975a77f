"""The pages: a title <script>alert(1)</script> comes back escaped in every
page that shows it; forms without or with a wrong CSRF token are refused
and change nothing; security headers and cookie flags; login throttling;
logout; the report link can be rotated; must-change passwords; TLS."""
import os
import shutil
import subprocess
import time
import urllib.parse

from webtest import Server, add_user, finish, make_token, multipart, ok, report

XSS = "<script>alert(1)</script>"
ESC = "&lt;script&gt;alert(1)&lt;/script&gt;"

srv = Server().start()
add_user(srv.data, "resp", "responder", display="〇〇 〇〇")
add_user(srv.data, "rep", "reporter")
add_user(srv.data, "boss", "admin")
api = srv.client(token=make_token(srv.data, "manager"))

# A report with markup everywhere a person can type.
r = api.post("/api/v1/incidents", js=report(XSS, description='"><img src=x onerror=alert(2)>',
                                              reporter={"name": XSS, "contact": XSS},
                                              cause=XSS))
iid = r.json()["id"]
api.post(f"/api/v1/incidents/{iid}/notes", js={"text": XSS})

resp = srv.client()
ok(resp.login("resp"), "a responder logs in")
pages = {
    "dashboard": "/",
    "incident": f"/incidents/{iid}",
    "search": "/search?q=" + urllib.parse.quote("alert"),
}
for name, path in pages.items():
    r = resp.get(path)
    ok(r.status == 200, f"{name} page: 200")
    ok(XSS not in r.text, f"{name} page: the raw title is never written")
    ok(ESC in r.text, f"{name} page: the title is escaped", r.text[:300])
    ok("<img src=x" not in r.text, f"{name} page: no markup from the description")
    csp = r.header("content-security-policy") or ""
    ok("default-src 'none'" in csp and "frame-ancestors 'none'" in csp and
       "script-src" not in csp, f"{name} page: CSP forbids scripts and framing")
    ok(r.header("x-content-type-options") == "nosniff", f"{name} page: nosniff")
    ok(r.header("referrer-policy") == "no-referrer", f"{name} page: no referrer")
    ok(r.header("cache-control") == "no-store", f"{name} page: not cached")
    ok("<script" not in r.text.replace(ESC, ""), f"{name} page: no script element at all")

# The reporter's own report through the form shows escaped too.
rep = srv.client()
rep.login("rep")
tok = rep.csrf("/report")
r = rep.post_follow("/report", form={"csrf": tok, "sign": "ransom_screen", "title": XSS,
                              "details": XSS, "device": XSS})
ok(r.status == 200 and ESC in r.text and XSS not in r.text, "the report's answer escapes the title")
r = rep.get("/")
ok(ESC in r.text and XSS not in r.text, "the reporter's dashboard escapes the title")

# CSRF: missing or wrong tokens are refused and change nothing.
def timeline_len():
    return len(api.get(f"/api/v1/incidents/{iid}").json()["timeline"])


n = timeline_len()
r = resp.post(f"/incidents/{iid}/notes", form={"text": "csrf なし"})
ok(r.status == 403, "a form without a CSRF token: 403")
r = resp.post(f"/incidents/{iid}/notes", form={"csrf": "0" * 64, "text": "偽の token"})
ok(r.status == 403, "a form with a wrong CSRF token: 403")
other = srv.client()
other.login("boss")
r = resp.post(f"/incidents/{iid}/notes", form={"csrf": other.csrf("/account"), "text": "他人の"})
ok(r.status == 403, "another session's CSRF token: 403")
body, ctype = multipart({"csrf": "nope", "note": "x"}, [("file", "a.txt", b"hello")])
r = resp.request("POST", f"/incidents/{iid}/evidence", body=body, raw_type=ctype)
ok(r.status == 403, "an upload with a wrong CSRF token: 403")
ok(timeline_len() == n, "nothing was written by the refused forms")
r = resp.post(f"/incidents/{iid}/notes", form={"csrf": resp.csrf("/"), "text": "正しい記録"})
ok(r.status == 303, "the same form with the right token: 303")
ok(timeline_len() == n + 1, "and it was written")
r = srv.client().post("/login", form={"name": "resp", "password": "x"})
ok(r.status == 403, "the login form without its token: 403")

# Evidence upload keeps the file and its hash.
body, ctype = multipart({"csrf": resp.csrf("/"), "note": "ログ"},
                        [("file", "proxy.log", b"GET http://evil.example/\n")])
r = resp.request("POST", f"/incidents/{iid}/evidence", body=body, raw_type=ctype)
ok(r.status == 303, "evidence upload: 303")
ev = api.get(f"/api/v1/incidents/{iid}").json()["evidence"]
ok(len(ev) == 1 and ev[0]["name"] == "proxy.log" and len(ev[0]["sha256"]) == 64,
   "the evidence is recorded with its name and SHA-256", str(ev)[:300])
# The server removes it when the request is finished, which may be just
# after the client has its reply: wait for it (a busy machine is slower).
gone_by = time.monotonic() + 10
while os.listdir(os.path.join(srv.data, "uploads")) and time.monotonic() < gone_by:
    time.sleep(0.05)
ok(not os.listdir(os.path.join(srv.data, "uploads")), "the upload's temporary file is gone")

# Cookies, logout.
c = srv.client()
tok = c.csrf("/login")
r = c.post("/login", form={"csrf": tok, "name": "resp", "password": "correct-horse-battery-staple"})
cookie = r.header("set-cookie") or ""
ok("HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie,
   "session cookie: HttpOnly, SameSite=Strict (no Secure without TLS)", cookie)
old = dict(c.cookies)
r = c.post("/logout", form={"csrf": c.csrf("/")})
ok(r.status == 303 and "moshimo_session" not in c.cookies, "logout clears the cookie")
c.cookies = old
r = c.get("/")
ok(r.status == 303 and r.header("location").startswith("/login"), "the old session no longer works")

# Login throttling.
t = srv.client()
codes = []
for i in range(6):
    tok = t.csrf("/login")
    codes.append(t.post("/login", form={"csrf": tok, "name": "rep", "password": f"wrong{i}"}).status)
ok(codes[:5] == [401] * 5 and codes[5] == 429, f"5 wrong passwords, then 429 ({codes})")
tok = t.csrf("/login")
r = t.post("/login", form={"csrf": tok, "name": "rep", "password": "correct-horse-battery-staple"})
ok(r.status == 429, "even the right password waits after too many failures")

# The first admin must change the one-time password.
adm = srv.client()
ok(adm.login("admin", srv.admin_password), "the first-run admin logs in with the printed password")
r = adm.get("/")
ok(r.status == 303 and r.header("location") == "/account", "and is sent to change it first")

# The report link: works, can be rotated, the old one is then gone.
anon = srv.client()
r = anon.get(srv.link)
ok(r.status == 200 and "報告する" in r.text, "the report link opens the form without an account")
ok(srv.client().get("/r/" + "A" * 43).status == 404, "a guessed link: 404")
boss = srv.client()
boss.login("boss")
r = boss.post("/admin/link", form={"csrf": boss.csrf("/admin")})
ok(r.status == 200 and "/r/" in r.text, "the admin rotates the report link")
ok(anon.get(srv.link).status == 404, "the old link no longer works")

log = srv.stderr()
ok(srv.link.rsplit("/", 1)[1] not in log, "the access log does not show the link's token")
srv.stop()

# TLS: HTTPS with a self-signed certificate, and the cookie is Secure.
if shutil.which("openssl") and shutil.which("curl"):
    d = srv.data
    key, crt = os.path.join(d, "key.pem"), os.path.join(d, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", crt,
                    "-days", "1", "-subj", "/CN=127.0.0.1"], capture_output=True, check=True)
    tls = Server(d, ["--tls-cert", crt, "--tls-key", key]).start()
    out = subprocess.run(["curl", "-sk", "-D", "-", f"https://127.0.0.1:{tls.port}/healthz"],
                         capture_output=True, text=True).stdout
    ok('"status":"ok"' in out and "Strict-Transport-Security" in out, "HTTPS works, with HSTS")
    out = subprocess.run(["curl", "-sk", "-D", "-", "-o", "/dev/null",
                          f"https://127.0.0.1:{tls.port}/login"], capture_output=True,
                         text=True).stdout
    import re
    m = re.search(r'name="csrf"', out)
    jar = os.path.join(d, "cookies.txt")
    login = subprocess.run(["curl", "-sk", "-c", jar, f"https://127.0.0.1:{tls.port}/login"],
                           capture_output=True, text=True).stdout
    tok = re.search(r'name="csrf" value="([^"]+)"', login).group(1)
    out = subprocess.run(["curl", "-sk", "-b", jar, "-D", "-", "-o", "/dev/null", "--data-urlencode",
                          f"csrf={tok}", "--data-urlencode", "name=boss", "--data-urlencode",
                          "password=correct-horse-battery-staple",
                          f"https://127.0.0.1:{tls.port}/login"], capture_output=True,
                         text=True).stdout
    ok("; Secure" in out and "HttpOnly" in out, "under TLS the session cookie is Secure", out)
    ok("Set-Cookie: __Host-moshimo_session=" in out and "Path=/;" in out and "Domain" not in out,
       "and carries the __Host- prefix (host-only, path /, secure)", out)
    tls.stop()
finish()
