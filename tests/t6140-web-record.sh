# The record form keeps untouched fields byte for byte and logs only real
# changes (tests/web/t6140_record.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6140_record.py
