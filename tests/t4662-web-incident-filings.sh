# The incident page agrees with show and the document on filings (tests/web/t4662_incident_page_filings.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t4662_incident_page_filings.py
