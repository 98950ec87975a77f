"""A real SMTP server on 127.0.0.1 for tests: aiosmtpd (Debian's
python3-aiosmtpd, installed by scripts/deps.sh) on a free port, keeping
every message it accepts, and answering chosen recipients with an error or
a dropped connection.

    from mailsink import MailSink
    with MailSink() as sink:               # started; sink.port, sink.url
                                           # (MailSink(host="127.0.0.2"): another address)
        sink.reply("bad@example.jp", "550 5.1.1 No such user")   # at RCPT TO
        sink.reply("busy@example.jp", "451 4.3.0 Try again later")
        sink.drop("gone@example.jp")       # closes the connection at RCPT TO
        ... send to smtp://127.0.0.1:{sink.port} ...
        msgs = sink.wait(1)                # [Mail], waits up to 10 s
        m = msgs[0]
        m.mail_from, m.rcpt_tos, m.raw     # envelope and the bytes received
        m.msg["Subject"]                   # email.message.EmailMessage (decoded
        m.msg.get_content()                #  with email.policy.default)

sink.clear() forgets what was received; sink.stop() (or leaving the with)
stops the server. Thread-safe: the server runs in its own thread."""
import email
import email.policy
import socket
import sys
import threading
import time

try:
    from aiosmtpd.controller import Controller
except ImportError:  # a python of its own (pyenv) next to Debian's package
    sys.path.append("/usr/lib/python3/dist-packages")
    from aiosmtpd.controller import Controller


class Mail:
    def __init__(self, mail_from, rcpt_tos, raw):
        self.mail_from = mail_from
        self.rcpt_tos = list(rcpt_tos)
        self.raw = raw
        self.msg = email.message_from_bytes(raw, policy=email.policy.default)

    def __repr__(self):
        return f"Mail(from={self.mail_from!r}, to={self.rcpt_tos!r})"


class _Handler:
    def __init__(self, sink):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.sink._lock:
            rule = self.sink._rules.get(address.lower())
        if rule == "drop":
            server.transport.close()
            return "421 closing"
        if rule:
            return rule
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        mail = Mail(envelope.mail_from, envelope.rcpt_tos, envelope.original_content
                    or envelope.content)
        with self.sink._lock:
            self.sink.messages.append(mail)
        return "250 2.0.0 Queued as moshimo-test"


def _free_port(host):
    s = socket.socket()
    s.bind((host, 0))
    port = s.getsockname()[1]
    s.close()
    return port


class MailSink:
    def __init__(self, host="127.0.0.1"):
        self.host = host
        self.messages = []
        self._rules = {}
        self._lock = threading.Lock()
        self.port = None
        self._ctl = None

    def start(self):
        for _ in range(5):
            self.port = _free_port(self.host)
            try:
                self._ctl = Controller(_Handler(self), hostname=self.host, port=self.port,
                                       decode_data=False, enable_SMTPUTF8=True)
                self._ctl.start()
                return self
            except (OSError, RuntimeError):
                self._ctl = None
        raise RuntimeError("mailsink: no free port")

    @property
    def url(self):
        return f"smtp://{self.host}:{self.port}"

    def stop(self):
        if self._ctl:
            self._ctl.stop()
            self._ctl = None

    def reply(self, rcpt, line):
        """Answers RCPT TO:<rcpt> with line ("550 5.1.1 …", "451 …")."""
        with self._lock:
            self._rules[rcpt.lower()] = line

    def drop(self, rcpt):
        """Closes the connection when RCPT TO:<rcpt> arrives."""
        with self._lock:
            self._rules[rcpt.lower()] = "drop"

    def clear(self):
        with self._lock:
            self.messages = []
            self._rules = {}

    def wait(self, n, timeout=10.0):
        """The first n messages once they arrived (fewer after timeout)."""
        end = time.time() + timeout
        while time.time() < end:
            with self._lock:
                if len(self.messages) >= n:
                    return list(self.messages[:n])
            time.sleep(0.02)
        with self._lock:
            return list(self.messages)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
