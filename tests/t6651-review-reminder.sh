# The review reminder with the test clock through a real SMTP server, and
# `moshimo review done` (tests/web/t6651_review.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6651_review.py
