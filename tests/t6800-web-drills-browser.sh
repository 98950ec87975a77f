# The 訓練 page in a real browser: start a drill from a scenario, the
# 【訓練】 banner, end it, the report with its score; screenshots at 390 and
# 1280 px (tests/browser/t6800_drills_browser.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/browser/t6800_drills_browser.py
