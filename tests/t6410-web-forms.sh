# Forms that forgive: 2026/12/01 18:30 in the policy's zone is stored as
# 09:30 UTC; an invalid date is named next to its field and nothing typed
# is lost (tests/web/t6410_forms.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6410_forms.py
