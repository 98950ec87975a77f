# notify_send against a real SMTP server (aiosmtpd) and a real HTTP receiver
# on loopback: Japanese e-mail decoding, each chat payload, reply classes.
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t5000_notify.py
