# Filing reminders with the test clock through a real SMTP server: the
# 速報's window opening reminds the filing's owner (manager), the deadline
# passing tells them again, the grace after it escalates to the level's
# owner (chief); each once; none once the filing is recorded
# (tests/web/t4640_filing_reminders.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t4640_filing_reminders.py
