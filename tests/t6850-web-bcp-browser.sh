# The business continuity board in a real browser, screenshots at 390 and
# 1280 px (tests/browser/t6850_bcp_browser.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/browser/t6850_bcp_browser.py
