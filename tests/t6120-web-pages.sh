# Pages: escaping, CSRF, headers, cookies, throttling, the report link, TLS
# (tests/web/t6120_pages.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6120_pages.py
