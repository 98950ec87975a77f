# Login CSRF tied to the browser, and next= only a path of this site
# (tests/web/t6190_login_csrf.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6190_login_csrf.py
