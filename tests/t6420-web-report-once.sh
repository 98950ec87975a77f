# Report once, follow it up: POST → 303 → GET, one incident for a form
# sent twice, the private follow-up page adds a note and a photo as
# evidence (tests/web/t6420_report_once.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6420_report_once.py
