# The filings page's upload of the file actually sent, 代替措置 as its own
# state, and the next legal deadline on the dashboard and the incident page
# (tests/web/t4650_filing_upload.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t4650_filing_upload.py
