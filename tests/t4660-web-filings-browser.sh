# The filings page in a real browser: the dashboard's deadline, the upload
# of the file sent, 代替措置; screenshots at 390 and 1280 px
# (tests/browser/t4660_filings_browser.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/browser/t4660_filings_browser.py
