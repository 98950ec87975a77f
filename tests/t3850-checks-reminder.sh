# Peacetime checks with the test clock: checks done, checks --due, the
# reminder of a due check to its owner through a real SMTP server (once),
# bad input refused with nothing recorded, the evidence file, the derived
# contacts check, the manual's table (tests/web/t3850_checks.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t3850_checks.py
