#!/bin/sh
# moshimo report --mail: messages in ISO-2022-JP, Shift_JIS and UTF-8 with
# attachments, broken and huge ones, outside senders, and the receipt
# reaching a real SMTP server (aiosmtpd).
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t4700_mail.py
