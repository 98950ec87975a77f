# GET /api/v1/incidents/ID/bcp = moshimo bcp board --json (tests/web/t6852_api_bcp.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6852_api_bcp.py
