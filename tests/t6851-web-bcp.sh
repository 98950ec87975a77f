# The board's routes: roles, CSRF, refused input, escaping (tests/web/t6851_bcp.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6851_bcp.py
