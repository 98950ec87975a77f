#!/bin/sh
# moshimo notify send (the failed-backup message) through the outbox to a
# real SMTP server (aiosmtpd) on loopback: the 情報システム管理者 get it,
# the others do not; bad input changes nothing.
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t7010_notify_send.py
