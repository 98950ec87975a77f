# TLS: SIGHUP reloads the certificate and key without dropping the listening
# socket; a broken or mismatched pair is refused and the old one stays
# (tests/web/t6125_tls_reload.py).
. tests/lib.sh
command -v openssl >/dev/null || skip "no openssl"
PYTHONDONTWRITEBYTECODE=1 exec python3 tests/web/t6125_tls_reload.py
