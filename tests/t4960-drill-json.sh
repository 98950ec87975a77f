# "drill": true in show --json and the API's incident JSON (tests/web/t4960_drill_json.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t4960_drill_json.py
