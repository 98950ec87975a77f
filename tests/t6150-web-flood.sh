# Connection exhaustion: 1,000 idle sockets and slow senders from one
# address, /healthz from another (tests/web/t6150_flood.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6150_flood.py
