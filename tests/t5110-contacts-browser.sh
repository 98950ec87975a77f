# 疎通確認 in the real browser: the link of a test mail opens, the button
# confirms (headless chromium through chromedriver; tests/browser/).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/browser/t5110_verify_browser.py
