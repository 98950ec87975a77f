# Errors by their code: 404/422/409, and a full disk answers 5xx with a
# request id and no SQLite words (tests/web/t6320_errors.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6320_errors.py
