#!/bin/sh
# The report link where employees can use it: printed with the public URL,
# shown on Admin at any time with a QR code that decodes (zbarimg) to it, the
# A4 「報告はこちら」 sheet, rotation that says to reprint.
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6510_reportlink.py
