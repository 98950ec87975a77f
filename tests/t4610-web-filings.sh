# The filings page: lists, drafts, done and waive forms (tests/web/t4610_filings.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t4610_filings.py
