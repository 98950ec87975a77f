# SIGTERM while clients keep connecting never aborts the server
# (tests/web/t6131_stop_connecting.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6131_stop_connecting.py
