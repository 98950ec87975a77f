# 疎通確認 end to end: contacts verify through a real SMTP server and webhook
# receiver, the /verify page on a real server (GET confirms nothing, POST
# once), contacts list, check's warnings, Admin's button.
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t5100_contacts.py
