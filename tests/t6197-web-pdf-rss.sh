# The server does not grow per PDF export (tests/web/t6197_pdf_rss.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6197_pdf_rss.py
