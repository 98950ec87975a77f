# Every route × every role, from the route table itself (tests/web/t6110_authz.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6110_authz.py
