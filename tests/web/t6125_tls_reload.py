"""SIGHUP reloads the TLS certificate: new connections get the new one on
the same port, a connection opened before keeps working, and a broken
certificate or a key that is not the certificate's is refused with a log
line while the server keeps serving the certificate it had."""
import http.client
import os
import shutil
import signal
import ssl
import subprocess
import time

from webtest import Server, ok, finish, TMP


def make_pair(d, name):
    key, crt = os.path.join(d, f"{name}.key"), os.path.join(d, f"{name}.crt")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", crt,
                    "-days", "1", "-subj", f"/CN=moshimo-{name}"], capture_output=True,
                   check=True)
    with open(crt) as f:
        der = ssl.PEM_cert_to_DER_cert(f.read())
    return crt, key, der


def context():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def peer_der(port):
    conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=context())
    try:
        conn.connect()
        return conn.sock.getpeercert(binary_form=True)
    finally:
        conn.close()


def healthz(conn):
    conn.request("GET", "/healthz")
    r = conn.getresponse()
    return r.status, r.read().decode()


def install(src_crt, src_key, crt, key):
    shutil.copyfile(src_crt, crt)
    shutil.copyfile(src_key, key)


def log_bytes(srv):
    """The server's log so far (read while it writes: maybe cut mid-character)."""
    with open(srv.log.name, "rb") as f:
        return f.read()


def sighup_and_wait(srv, mark, timeout=10):
    """Sends SIGHUP and returns the log it writes once that shows mark."""
    before = len(log_bytes(srv))
    srv.proc.send_signal(signal.SIGHUP)
    deadline = time.time() + timeout
    while True:
        log = log_bytes(srv)[before:].decode("utf-8", "replace")
        if mark in log or time.time() > deadline:
            return log
        time.sleep(0.05)


d = os.path.join(TMP, "tls-reload")
os.makedirs(d, mode=0o700, exist_ok=True)
a_crt, a_key, a_der = make_pair(d, "a")
b_crt, b_key, b_der = make_pair(d, "b")
ok(a_der != b_der, "two different certificates were made")
crt, key = os.path.join(d, "live.crt"), os.path.join(d, "live.key")
install(a_crt, a_key, crt, key)

srv = Server(None, ["--tls-cert", crt, "--tls-key", key]).start()
ok(peer_der(srv.port) == a_der, "at start the server presents the first certificate")
def threads(pid):
    return len(os.listdir(f"/proc/{pid}/task"))


base_threads = threads(srv.proc.pid)
held = http.client.HTTPSConnection("127.0.0.1", srv.port, timeout=10, context=context())
status, body = healthz(held)
ok(status == 200 and '"status":"ok"' in body, "a keep-alive connection gets /healthz", body)

# A renewed certificate: SIGHUP, then new connections get it on the same port.
install(b_crt, b_key, crt, key)
log = sighup_and_wait(srv, "TLS")
ok("TLS" in log and "error" not in log.lower(), "SIGHUP logs that the certificate was reloaded",
   log)
ok(peer_der(srv.port) == b_der, "a new connection on the same port gets the second certificate")
conn = http.client.HTTPSConnection("127.0.0.1", srv.port, timeout=10, context=context())
status, body = healthz(conn)
ok(status == 200 and '"status":"ok"' in body, "/healthz answers under the new certificate", body)
conn.close()
status, body = healthz(held)
ok(status == 200 and held.sock.getpeercert(binary_form=True) == a_der,
   "the connection opened before the reload keeps working (with the first certificate)")
held.close()
deadline = time.time() + 15
while time.time() < deadline and threads(srv.proc.pid) > base_threads:
    time.sleep(0.2)
ok(threads(srv.proc.pid) == base_threads,
   "once its connections end the replaced daemon is stopped (its threads are gone)",
   f"{threads(srv.proc.pid)} threads, {base_threads} before the reload")

# A broken certificate: refused, logged, the second one stays.
with open(crt, "w") as f:
    f.write("-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n")
log = sighup_and_wait(srv, "live.crt")
ok("live.crt" in log and "TLS" in log, "a broken certificate is logged with the file's name", log)
ok(peer_der(srv.port) == b_der, "after a broken certificate the second certificate stays")
conn = http.client.HTTPSConnection("127.0.0.1", srv.port, timeout=10, context=context())
status, body = healthz(conn)
ok(status == 200, "and /healthz still answers", body)
conn.close()

# A key that is not the certificate's: refused too.
install(a_crt, b_key, crt, key)
log = sighup_and_wait(srv, "live.crt")
ok("live.crt" in log, "a key that does not match the certificate is refused and logged", log)
ok(peer_der(srv.port) == b_der, "after a mismatched pair the second certificate stays")

# A missing key file: refused, logged.
os.remove(key)
log = sighup_and_wait(srv, "live.key")
ok("live.key" in log and "TLS" in log, "a missing key file is refused and logged", log)
ok(peer_der(srv.port) == b_der, "after a missing key the second certificate stays")

# Back to the first: a second reload works too, then a clean stop.
install(a_crt, a_key, crt, key)
log = sighup_and_wait(srv, "TLS")
ok(peer_der(srv.port) == a_der, "a second reload goes back to the first certificate", log)
rc = srv.stop()
ok(rc == 0, "SIGTERM after reloads stops cleanly", srv.stderr()[-1500:])
finish()
