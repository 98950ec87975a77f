# Login throttling without lockouts: a concurrent burst, device cookies,
# names that do not exist yet, an office's address (tests/web/t6171_lockout.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6171_lockout.py
