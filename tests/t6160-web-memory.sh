# Memory exhaustion without login: unfinished large bodies, per-route
# limits, a total bound (tests/web/t6160_memory.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6160_memory.py
