#!/bin/sh
# Installs every Debian package that building, testing and running moshimo need.
# DEPS_EXTRA adds packages only one target needs (gcovr for make coverage).
# Idempotent: asks apt only for what is missing, and refreshes the package
# lists only when something is missing. Uses sudo when not run as root.
set -eu

PACKAGES="
build-essential pkg-config gettext
libyaml-dev libjansson-dev libsqlite3-dev sqlite3 libsodium-dev
libmicrohttpd-dev libcurl4-openssl-dev libarchive-dev
libcairo2-dev libpango1.0-dev libqrencode-dev fonts-noto-cjk
libgmime-3.0-dev libunistring-dev
libcmocka-dev clang clang-format libclang-rt-14-dev
poppler-utils zbar-tools locales curl python3 jq procps openssl python3-aiosmtpd
chromium chromium-driver
groff-base debhelper dpkg-dev fakeroot lintian systemd
${DEPS_EXTRA:-}
"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi

if [ -n "$missing" ]; then
	echo "deps: installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
fi

# axe-core for the browser tests' accessibility check (t6400), from npm into
# .node/node_modules of the tree (Debian has no package of it); nothing is
# fetched when the tests run.
AXE_VERSION=4.14.1
top=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -f "$top/.node/node_modules/axe-core/axe.min.js" ]; then
	if ! command -v npm >/dev/null 2>&1; then
		echo "deps: installing npm" >&2
		$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends npm >/dev/null
	fi
	echo "deps: installing axe-core $AXE_VERSION into .node/" >&2
	mkdir -p "$top/.node"
	npm install --silent --no-audit --no-fund --prefix "$top/.node" "axe-core@$AXE_VERSION" >/dev/null
fi

# The Japanese messages need a Japanese locale on the machine.
if ! locale -a 2>/dev/null | grep -qi '^ja_JP\.utf-\?8$'; then
	echo "deps: generating the ja_JP.UTF-8 locale" >&2
	if [ -f /etc/locale.gen ] && ! grep -q '^ja_JP.UTF-8 UTF-8' /etc/locale.gen; then
		echo 'ja_JP.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
	fi
	$SUDO locale-gen >/dev/null
fi
exit 0
