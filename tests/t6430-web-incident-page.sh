# The incident page has what the PDF has: evidence downloads (responders,
# safe names), the decision points recorded, level changes in words
# (tests/web/t6430_incident_page.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6430_incident_page.py
