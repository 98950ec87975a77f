# The incident page's read-only parts in the report's words (the view), and
# the report as HTML from the page (tests/web/t6720_incident_view.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6720_incident_view.py
