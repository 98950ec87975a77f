# Editing the policy without YAML in the real browser (headless chromium):
# a new person in the manual's contacts, the escalation chain as `check`
# and the manual see it, a bad duration refused next to its field, the
# forms and the revision list without sideways scrolling on a phone
# (tests/browser/t6611_forms_browser.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/browser/t6611_forms_browser.py
