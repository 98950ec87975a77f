# Editing the policy later without YAML (Admin): people added and removed,
# the escalation chain, signs' do/don't, peacetime checks, BCP systems;
# errors next to the field, nothing changed (tests/web/t6610_forms.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6610_forms.py
