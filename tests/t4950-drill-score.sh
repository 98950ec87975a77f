# A scripted drill with the test clock (tests/web/t4950_drill.py): report,
# acknowledgements at set times, one step late, one skipped → the exact
# timings and score; a drill never in list or search; its filings never done.
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t4950_drill.py
