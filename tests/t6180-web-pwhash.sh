# Password hashing on a bounded pool: a flood of logins queues, /healthz
# stays fast (tests/web/t6180_pwhash.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6180_pwhash.py
