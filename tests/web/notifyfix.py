"""Shared by the outbox tests (t6300, bench-notify): a data folder whose
policy has real people (names with 髙橋, e-mail addresses) and a notify.yaml
pointing at a MailSink (tests/web/mailsink.py) on loopback."""
import os
import re
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TMP = os.environ.get("TMPDIR", "/tmp")

# id → (name, e-mail); the template's people, made real
PEOPLE = {
    "president": ("髙橋 一郎", "president@example.co.jp"),
    "incident_manager": ("山田 太郎", "manager@example.co.jp"),
    "system_admin": ("佐藤 花子", "sysadmin@example.co.jp"),
}
# level 3 tells chief, manager and sysadmin (owner chief)
LEVEL3 = sorted(e for _, e in PEOPLE.values())


def policy_text(chat=None):
    """chat: {person id: webhook id} for people who also get chat."""
    text = open(os.path.join(ROOT, "data", "policy.yaml"), encoding="utf-8").read()
    for pid, (name, mail) in PEOPLE.items():
        block = re.search(r"  - id: %s\n(?:    .*\n)+" % re.escape(pid), text)
        b = block.group(0)
        b2 = re.sub(r"    name: .*\n", f"    name: {name}\n", b)
        b2 = re.sub(r"    email: .*\n", f"    email: {mail}\n", b2)
        b2 = re.sub(r"    phone: .*\n", "    phone: 03-1234-5678\n", b2)
        if chat and pid in chat:
            b2 += f"    chat: {chat[pid]}\n"
        text = text.replace(b, b2)
    # These tests are about the outbox, not the escalation: level 3 tells
    # all three at once (as 002's playbook has the discoverer tell the
    # president at once), so no message waits for the chain's +15 min.
    chain = ("      - notify: [manager, sysadmin]\n"
             "      - after: 15m\n"
             "        notify: [chief]\n")
    if chain in text:
        text = text.replace(chain, "      - notify: [chief, manager, sysadmin]\n", 1)
    return text


def make_data(smtp_url=None, public_url="https://moshimo.example.co.jp", extra="", chat=None):
    data = tempfile.mkdtemp(prefix="data-", dir=TMP)
    os.chmod(data, 0o700)
    with open(os.path.join(data, "policy.yaml"), "w", encoding="utf-8") as f:
        f.write(policy_text(chat))
    if smtp_url:
        write_notify(data, smtp_url, public_url, extra)
    return data


def write_notify(data, smtp_url, public_url="https://moshimo.example.co.jp", extra=""):
    path = os.path.join(data, "notify.yaml")
    with open(path, "w", encoding="utf-8") as f:
        if public_url:
            f.write(f"public_url: {public_url}\n")
        f.write(f'smtp: {{url: "{smtp_url}", from: "moshimo <moshimo@example.co.jp>"}}\n'
                "timeouts: {connect: 2, total: 5}\n" + extra)
    os.chmod(path, 0o600)
