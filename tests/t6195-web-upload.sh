# Evidence uploads: long Japanese names, bodies without their closing
# boundary, no temporary paths in the record (tests/web/t6195_upload.py).
. tests/lib.sh
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6195_upload.py
