# Corrections over the JSON API (tests/web/t6140_correct.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6140_correct.py
