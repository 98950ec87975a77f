# The smaller points of issue 10: duplicate framing headers, encoded NUL,
# reopen with a status, blank titles, bidi controls, reporters' conclusions,
# error pages' headers (tests/web/t6196_small.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6196_small.py
