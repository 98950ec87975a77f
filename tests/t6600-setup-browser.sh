# The guided setup in the real browser: from init through the setup pages to
# a policy without placeholders (headless chromium; tests/browser/).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/browser/t6600_setup_browser.py
