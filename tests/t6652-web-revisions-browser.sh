# The revisions pages in a real browser, screenshots at 390 and 1280 px
# (tests/browser/t6652_revisions_browser.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/browser/t6652_revisions_browser.py
