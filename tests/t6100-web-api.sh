# The JSON API v1 over real HTTP on loopback (tests/web/t6100_api.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6100_api.py
