# A drill's injected messages belong to its incident (tests/web/t4961_drill_inject_outbox.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t4961_drill_inject_outbox.py
