# SIGTERM (and kill -9) during a write loop loses no acknowledged incident
# (tests/web/t6130_sigterm.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6130_sigterm.py
