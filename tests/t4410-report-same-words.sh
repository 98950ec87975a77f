# The web page, show, and the report as md, html and PDF say the same words
# for every timeline kind, step state and status of one incident
# (tests/web/t4410_same_words.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t4410_same_words.py
