"""Login throttling that cannot be turned into a lockout: a burst of 30
concurrent wrong passwords gets no more guesses checked than the limit
(the attempt is counted atomically before the password is checked); a
browser that logged in before (its signed device cookie) still gets in with
the right password while its name is under attack; failures for a name
that does not exist do not count against a user created later with it; an
address that failed often is slowed down, not locked out."""
import threading
import time

from webtest import PASSWORD, Server, add_user, finish, ok

srv = Server().start()
add_user(srv.data, "boss", "manager")

# The boss's own browser logs in once before the attack: its device cookie.
own = srv.client(source="127.0.0.5")
ok(own.login("boss"), "the boss logs in from their own browser")
dev = [k for k in own.cookies if "device" in k]
ok(bool(dev), f"and the browser gets a device cookie ({list(own.cookies)})")
own.cookies.pop("moshimo_session", None)
own.cookies.pop("__Host-moshimo_session", None)


def attempt(client, name, password):
    tok = client.csrf("/login")
    t0 = time.monotonic()
    r = client.post("/login", form={"csrf": tok, "name": name, "password": password, "next": "/"})
    return r.status, time.monotonic() - t0


# A burst of 30 concurrent wrong passwords for "boss" from 30 browsers.
results = [None] * 30


def guess(i):
    c = srv.client(source=f"127.0.3.{i + 1}")
    results[i] = attempt(c, "boss", f"guess-{i}")


threads = [threading.Thread(target=guess, args=(i,)) for i in range(30)]
for t in threads:
    t.start()
for t in threads:
    t.join(120)
codes = [r[0] for r in results if r]
checked = codes.count(401)
ok(len(codes) == 30, f"all 30 attempts were answered ({len(codes)})")
ok(checked <= 5, f"a burst of 30 gets at most 5 passwords checked ({checked} checked: {sorted(codes)})")

# The attacker's next try, and a stranger's browser with the right password:
# refused while the name is under attack.
st, _ = attempt(srv.client(source="127.0.3.200"), "boss", PASSWORD)
ok(st == 429, f"the right password from an unknown browser waits while the name is attacked ({st})")
# The boss's own browser, with the right password: in.
st, secs = attempt(own, "boss", PASSWORD)
ok(st == 303 and "moshimo_session" in own.cookies,
   f"the right password from the boss's own browser gets in ({st}, {secs:.1f} s)")

# A forged or foreign device cookie does not help.
stranger = srv.client(source="127.0.3.201")
for k in dev:
    v = own.cookies.get(k, "")
    stranger.cookies[k] = v[:-4] + ("AAAA" if not v.endswith("AAAA") else "BBBB")
st, _ = attempt(stranger, "boss", PASSWORD)
ok(st == 429, f"a forged device cookie does not ({st})")

# Failures for a name that does not exist yet.
ghost = srv.client(source="127.0.4.1")
codes = [attempt(ghost, "newbie", f"x{i}")[0] for i in range(7)]
ok(401 in codes, f"failures for a name nobody has ({codes})")
add_user(srv.data, "newbie", "responder")
st, _ = attempt(srv.client(source="127.0.4.2"), "newbie", PASSWORD)
ok(st == 303, f"do not lock the user created later with that name ({st})")

# One address (an office behind NAT) fails 25 times over several names;
# a colleague with the right password is slowed, not refused.
add_user(srv.data, "clerk", "reporter")
office = srv.client(source="127.0.5.1")
codes = [attempt(office, f"typo{i % 5}", "wrong")[0] for i in range(25)]
ok(codes.count(401) >= 20, f"25 failures from one address ({codes.count(401)} checked)")
st, secs = attempt(srv.client(source="127.0.5.1"), "clerk", PASSWORD)
ok(st == 303, f"a colleague at that address still logs in ({st}, {secs:.1f} s)")
ok(secs < 15, "within a bounded wait")

# Slowing down: after the first few failures, each answer waits longer.
slow = srv.client(source="127.0.6.1")
add_user(srv.data, "typist", "reporter")
times = [attempt(slow, "typist", f"no{i}")[1] for i in range(5)]
ok(times[4] > times[0] + 0.4, f"later failures are answered more slowly ({[round(t, 2) for t in times]})")

rc = srv.stop()
ok(rc == 0, f"the server stops cleanly ({rc})")
finish()
