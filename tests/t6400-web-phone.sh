# Every page at 360, 390, 768 and 1280 px in the real browser: no sideways
# scrolling, 44 px targets, axe-core clean; screenshots in
# $BUILD/screenshots/phone (tests/browser/t6400_phone_browser.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/browser/t6400_phone_browser.py
