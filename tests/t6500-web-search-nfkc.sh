#!/bin/sh
# The Search page: full-width/half-width and case folded, the manual's
# sections linked to their place in the manual document.
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6500_search.py
