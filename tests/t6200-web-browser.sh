# A real browser (headless chromium through chromedriver) files a report and
# works the checklist; screenshots in $BUILD/screenshots (tests/browser/).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/browser/t6200_browser.py
