#!/bin/sh
# X-Forwarded-For is believed only from serve --trusted-proxy: the access
# log and the per-address login throttling see the forwarded client; from
# any other peer the header changes nothing (no dodging the throttle).
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t7030_proxy.py
