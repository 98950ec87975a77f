# Revisions, the YAML editor, reload and the review in the web app
# (tests/web/t6650_revisions.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6650_revisions.py
