# The API's writes as engine operations through the writer (tests/web/t6700_ops.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6700_ops.py
