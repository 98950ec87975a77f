# A real browser saves the record form: a 16 KB Japanese description stays
# byte for byte, only edited fields are logged (tests/browser/t6210_record_browser.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/browser/t6210_record_browser.py
