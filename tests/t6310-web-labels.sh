# The web page, the Markdown and the PDF of one incident say the same words
# (tests/web/t6310_labels.py; it had no runner before).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6310_labels.py
