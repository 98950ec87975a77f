#!/bin/sh
# The outbox end to end: reports reach a real SMTP server (aiosmtpd), the
# report page tells the truth, retries, dead letters, kill -9, notify run.
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6300_outbox.py
