# The 平時の点検 page and the dashboard's 平時 panel: an overdue check on
# the dashboard in a real browser, recorded from the page with a file;
# bad posts refused with nothing recorded; screenshots at 390 and 1280 px
# (tests/browser/t6900_checks_browser.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/browser/t6900_checks_browser.py
