# Issue 9's "Done when" end to end: serve, a real SMTP server, a level-3
# report, the escalation after the wait (test clock), the ack link's POST,
# the timeline (tests/web/t5190_done_when.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t5190_done_when.py
