# Who did it is who is logged in: display names unique, login ids in the
# timeline and the audit chain (tests/web/t6170_who.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6170_who.py
