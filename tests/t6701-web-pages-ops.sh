# The follow-up, ack and report pages as engine operations (tests/web/t6701_pages_ops.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6701_pages_ops.py
