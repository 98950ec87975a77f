#!/bin/sh
# The README's administrator section, run: its command blocks are taken
# from README.md as they are written and run on this machine after
# `apt install` of the package (install, first login, data and backups,
# restore, move to another server). Where a block needs systemd (this
# machine may run none) or two servers, shell functions stand in:
#   systemctl start|stop|restart moshimo     the unit's ExecStart= and
#                                            ExecStartPost= as moshimo (a free
#                                            port), SIGTERM to stop
#   systemctl start moshimo-backup.service   the backup unit's ExecStart=
#   journalctl -u moshimo                    what the service printed
#   sudo -u moshimo CMD                      CMD as moshimo; sudo CMD: CMD
#   scp FILES new-server:                    copies into the new server's home
# and between the two halves of the move the package is purged (the same
# machine plays the new server). Checked: the first start prints the
# admin's password and that password logs in; it says where the manual and
# the card are and they download as PDF; the restored and the moved data
# verify and hold the incident. The upgrade block is t7040's.
#
# Like t7000 it installs a package, so it runs only when CI=true or
# MOSHIMO_DEB_TEST=1, as root (or again under sudo -n), with the normal build; it removes the
# package, the user it made and the backups at the end. MOSHIMO_DEB=FILE
# tests that package instead of building one.
. tests/lib.sh

if [ "${CI:-}" != true ] && [ "${MOSHIMO_DEB_TEST:-}" != 1 ]; then
	skip "installs a package on this machine (set CI=true or MOSHIMO_DEB_TEST=1)"
fi
if [ "${BUILD:-build}" != build ]; then
	skip "the package test runs once, with the normal build ($BUILD is not build)"
fi
version=$(cat VERSION)
arch=$(dpkg --print-architecture)
# The README's sudo lines run as root: not root, the package is built as
# this user (so build-deb/ stays theirs) and the test runs again under sudo.
if [ "$(id -u)" -ne 0 ]; then
	if ! sudo -n true 2>/dev/null; then
		not_ok "the README test needs root or sudo without a password"
		finish
		exit
	fi
	deb=${MOSHIMO_DEB:-}
	if [ -z "$deb" ]; then
		if ! make -s deb >"$TMPDIR/build.log" 2>&1; then
			not_ok "make deb failed"
			tail -30 "$TMPDIR/build.log" | sed 's/^/    | /'
			finish
			exit
		fi
		deb="build/deb/moshimo_${version}_${arch}.deb"
	fi
	exec sudo -n env PATH="$PATH" MOSHIMO="$MOSHIMO" BUILD="$BUILD" TMPDIR="$TMPDIR" \
		MOSHIMO_DEB_TEST=1 MOSHIMO_DEB="$deb" sh "$0"
fi
user_before=$(getent passwd moshimo || true)
if dpkg-query -W -f='${Status}' moshimo 2>/dev/null | grep -q 'ok installed'; then
	not_ok "moshimo is installed on this machine already: not touching it"
	finish
	exit
fi
top=$(pwd)
cleanup() {
	[ -n "${mpid:-}" ] && kill -TERM "$mpid" 2>/dev/null
	if dpkg-query -W -f='${Status}' moshimo 2>/dev/null | grep -q 'installed'; then
		dpkg -P moshimo >/dev/null 2>&1
	fi
	rm -rf /var/backups/moshimo /var/lib/moshimo /var/lib/moshimo.new /var/lib/moshimo.old \
		/var/cache/moshimo /root/moshimo-audit.key.t7050
	if [ -z "$user_before" ] && getent passwd moshimo >/dev/null; then
		userdel moshimo 2>/dev/null
		groupdel moshimo 2>/dev/null
	fi
}
trap cleanup EXIT

deb=${MOSHIMO_DEB:-}
if [ -z "$deb" ]; then
	if make -s deb >"$TMPDIR/build.log" 2>&1; then
		ok "make deb builds the package"
	else
		not_ok "make deb failed"
		tail -30 "$TMPDIR/build.log" | sed 's/^/    | /'
		finish
		exit
	fi
	deb="build/deb/moshimo_${version}_${arch}.deb"
fi
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")

# ---- the stand-ins ----
as_moshimo() {
	setpriv --reuid moshimo --regid moshimo --init-groups \
		env -i PATH=/usr/bin:/bin HOME=/var/lib/moshimo LC_ALL=C.UTF-8 \
		XDG_CACHE_HOME=/var/cache/moshimo "$@"
}
JOURNAL="$TMPDIR/journal"
: >"$JOURNAL"
mpid=
url=
unit_sh() { # the sh -c script of the unit's line $1= (ExecStart, ExecStartPost)
	sed -n "s/^$1=//p" /lib/systemd/system/moshimo.service | sed 's/\$\$/$/g; s/%%/%/g' |
		sed -n "s|^/bin/sh -c '\(.*\)'\$|\1|p"
}
serve_start() {
	: >"$TMPDIR/serve.out"
	as_moshimo sh -c "set -a; . /etc/default/moshimo; MOSHIMO_LISTEN=127.0.0.1:0; echo pid \$\$ >&2; $(unit_sh ExecStart)" \
		>"$TMPDIR/serve.out" 2>"$TMPDIR/serve.err" &
	spid=$!
	url=
	for _ in $(seq 1 150); do
		url=$(sed -n 's|.*\(http://127\.0\.0\.1:[0-9]*/\).*|\1|p' "$TMPDIR/serve.out" | head -1)
		[ -n "$url" ] && break
		sleep 0.1
	done
	mpid=$(sed -n 's/^pid \([0-9]*\)$/\1/p' "$TMPDIR/serve.err" | head -1)
	listen=${url#http://}
	as_moshimo sh -c "set -a; . /etc/default/moshimo; MOSHIMO_LISTEN=${listen%/}; $(unit_sh ExecStartPost)" \
		>>"$TMPDIR/serve.out" 2>&1
	cat "$TMPDIR/serve.out" >>"$JOURNAL"
}
serve_stop() {
	if [ -n "$mpid" ]; then
		kill -TERM "$mpid"
		wait "$spid"
	fi
	mpid=
}
backup_run() {
	as_moshimo sh -c "set -a; . /etc/default/moshimo; exec $(sed -n 's/^ExecStart=//p' /lib/systemd/system/moshimo-backup.service)"
}
systemctl() {
	case "$*" in
	"start moshimo") serve_start ;;
	"stop moshimo") serve_stop ;;
	"restart moshimo") serve_stop && serve_start ;;
	"status moshimo") [ -n "$mpid" ] && kill -0 "$mpid" && echo "active (running)" ;;
	"start moshimo-backup.service") backup_run ;;
	*) echo "systemctl $*: not stood in for" >&2 && return 1 ;;
	esac
}
journalctl() { cat "$JOURNAL"; }
sudo() {
	if [ "$1" = -u ]; then
		[ "$2" = moshimo ] || return 1
		shift 2
		as_moshimo "$@"
	else
		"$@"
	fi
}
sudoedit() { :; }
apt() { DEBIAN_FRONTEND=noninteractive apt-get -y -q "$@"; }
scp() {
	while [ $# -gt 1 ]; do
		cp -p "$1" "$NEW_HOME/"
		shift
	done
}
shred() { command shred "$@"; }

# readme_block HEADING N: the Nth ```sh block after the line HEADING.
readme_block() {
	awk -v h="$1" -v n="$2" '
		index($0, h) == 1 { on = 1; k = 0; next }
		on && /^ *```sh/ { k++; if (k == n) { inb = 1; sub(/^ */, ""); next } }
		inb && /^ *```/ { exit }
		inb { sub(/^   /, ""); print }
	' "$top/README.md"
}
# run_lines NAME FILE: runs FILE's command lines one by one in this shell
# (the stand-ins and the server's pid carry over), output to
# $TMPDIR/block.log, and stops at the first that fails, naming it.
run_lines() {
	: >"$TMPDIR/block.log"
	if [ ! -s "$2" ]; then
		not_ok "README $1: no such block in README.md"
		return 1
	fi
	while IFS= read -r line <&3; do
		case "$line" in '' | '#'*) continue ;; esac
		echo "\$ $line" >>"$TMPDIR/block.log"
		if ! eval "$line" </dev/null >>"$TMPDIR/block.log" 2>&1; then
			not_ok "README $1: this command failed: $line"
			sed 's/^/    log| /' "$TMPDIR/block.log" | tail -15
			return 1
		fi
	done 3<"$2"
	ok "README $1: every command worked"
}

# ---- 導入 (install) ----
WORK="$TMPDIR/work"
mkdir -p "$WORK/build/deb"
cp "$deb" "$WORK/build/deb/moshimo_0.1.0_amd64.deb"
readme_block '**導入**' 1 | grep -v '^make deb' | sed 's|curl -s http://127.0.0.1:8080/|curl -fsS "$url"|' >"$TMPDIR/install.sh"
expect_grep "$TMPDIR/install.sh" "apt install ./build/deb/moshimo_" "the install block installs the package with apt"
cd "$WORK" || exit 1
run_lines "install" "$TMPDIR/install.sh"
cd "$top" || exit 1
dpkg-query -W -f='${Status}' moshimo 2>/dev/null | grep -q 'ok installed' &&
	ok "README install: apt installed the package" || not_ok "README install: not installed"
grep -q '"status"' "$TMPDIR/block.log" && ok "README install: /healthz answers" ||
	{ not_ok "README install: no /healthz answer"; sed 's/^/    | /' "$TMPDIR/block.log" | tail -20; }
grep -q 'active (running)' "$TMPDIR/block.log" && ok "README install: the service runs" || not_ok "README install: not running"

# ---- 初回ログイン (first login) ----
readme_block '**初回ログイン**' 1 >"$TMPDIR/login.sh"
run_lines "first login" "$TMPDIR/login.sh"
cp "$TMPDIR/block.log" "$TMPDIR/login.out"
expect_grep "$TMPDIR/login.out" "(shown this once):" "README first login: the journal line with the password"
password=$(grep -v '^\$ ' "$TMPDIR/login.out" | sed -n 's/.*(shown this once): *//p' | head -1)
curl -fsS -c "$TMPDIR/jar" -o "$TMPDIR/login.html" "${url}login"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$TMPDIR/login.html" | head -1)
code=$(curl -sS -b "$TMPDIR/jar" -c "$TMPDIR/jar" -o /dev/null -w '%{http_code} %{redirect_url}' \
	--data-urlencode "csrf=$csrf" --data-urlencode "name=admin" --data-urlencode "password=$password" \
	--data-urlencode "next=/" "${url}login")
case "$code" in
3*) case "$code" in *"/login"*) not_ok "the printed password does not log in ($code)" ;;
	*) ok "admin logs in with the printed password ($code)" ;; esac ;;
*) not_ok "the printed password does not log in ($code)" ;;
esac
# The first login asks for a new password before anything else.
curl -fsS -b "$TMPDIR/jar" -c "$TMPDIR/jar" -o "$TMPDIR/account.html" "${url}account"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$TMPDIR/account.html" | head -1)
code=$(curl -sS -b "$TMPDIR/jar" -c "$TMPDIR/jar" -o /dev/null -w '%{http_code} %{redirect_url}' \
	--data-urlencode "csrf=$csrf" --data-urlencode "display=管理者" --data-urlencode "current=$password" \
	--data-urlencode "new=t7050-新しい-passphrase" --data-urlencode "again=t7050-新しい-passphrase" "${url}account")
case "$code" in
*"msg=password"*) ok "the new password is set ($code)" ;;
*) not_ok "the password change: $code" ;;
esac
expect_grep "$JOURNAL" "the manual and the card: ${url}manual" "the journal says where the manual and the card are"
for f in manual.pdf card.pdf; do
	curl -fsS -b "$TMPDIR/jar" -o "$TMPDIR/$f" "${url}manual/download/$f" &&
		head -c 5 "$TMPDIR/$f" | grep -q '%PDF-' && ok "the journal's $f link gives a PDF" ||
		not_ok "no PDF at ${url}manual/download/$f"
done

# ---- an incident, then データとバックアップ (data and backups) ----
echo '{"title": "README試験の事故", "category": "malware"}' >"$TMPDIR/r.json"
expect_rc 0 "a report as moshimo" -- as_moshimo /usr/bin/moshimo report --data /var/lib/moshimo <"$TMPDIR/r.json"
for p in /var/lib/moshimo/policy.yaml /var/lib/moshimo/moshimo.db /var/lib/moshimo/audit.key \
	/var/backups/moshimo /etc/default/moshimo; do
	[ -e "$p" ] && ok "the table's $p is there" || not_ok "the table's $p is missing"
done
readme_block '**データとバックアップの場所**' 1 | grep -v 'list-timers' |
	sed 's|/root/moshimo-audit.key|/root/moshimo-audit.key.t7050|' >"$TMPDIR/backup.sh"
run_lines "data and backups" "$TMPDIR/backup.sh"
expect_grep "$TMPDIR/block.log" "written and verified" "README backup: the archive is verified"
today=$(date +%Y-%m-%d)

# ---- 復元 (restore) ----
readme_block '**復元**' 1 | sed "s/2026-12-01/$today/" >"$TMPDIR/restore.sh"
run_lines "restore" "$TMPDIR/restore.sh"
[ -d /var/lib/moshimo.old ] && ok "the old folder is kept as moshimo.old" || not_ok "no /var/lib/moshimo.old"
[ "$(stat -c '%U' /var/lib/moshimo/moshimo.db)" = moshimo ] && ok "the restored data is moshimo's" || not_ok "not moshimo's"
[ -n "$mpid" ] && kill -0 "$mpid" && ok "the service runs again on the restored data" || not_ok "not running after the restore"
expect_rc 0 "list the restored data" -- as_moshimo /usr/bin/moshimo list --data /var/lib/moshimo
expect_grep "$TMPDIR/out" "README試験の事故" "the incident is in the restored data"
rm -rf /var/lib/moshimo.old

# ---- 別のサーバーへの移行 (move to another server) ----
cat >"$TMPDIR/notify.yaml" <<'EOF'
public_url: https://moshimo.example.co.jp
smtp:
  url: "smtp://127.0.0.1:2525"
  from: "moshimo <moshimo@example.co.jp>"
EOF
install -m 0600 -o moshimo -g moshimo "$TMPDIR/notify.yaml" /var/lib/moshimo/notify.yaml
readme_block '**別のサーバーへの移行**' 1 >"$TMPDIR/move.sh"
sed -n '1,/^# 新しいサーバー/p' "$TMPDIR/move.sh" >"$TMPDIR/move-old.sh"
sed -n '/^# 新しいサーバー/,$p' "$TMPDIR/move.sh" | sed "s|moshimo_0.1.0_amd64.deb|moshimo_${version}_${arch}.deb|" >"$TMPDIR/move-new.sh"
OLD_HOME="$TMPDIR/old-home"
NEW_HOME="$TMPDIR/new-home"
mkdir -p "$OLD_HOME" "$NEW_HOME"
export USER=root
HOME=$OLD_HOME
run_lines "move, the old server's half" "$TMPDIR/move-old.sh"
[ -f "$NEW_HOME/audit.key" ] && [ -f "$NEW_HOME/notify.yaml" ] && [ -f "$NEW_HOME/moshimo" ] &&
	ok "the archive, the key, notify.yaml and the settings reached the new server" ||
	{ not_ok "something did not reach the new server"; ls -la "$NEW_HOME" | sed 's/^/    | /'; }
# The same machine as the new server: nothing of the old one left.
serve_stop
dpkg -P moshimo >/dev/null 2>&1
rm -rf /var/backups/moshimo
[ ! -e /var/lib/moshimo ] && ok "the old server is gone (purged)" || not_ok "/var/lib/moshimo stayed"
cp "$deb" "$NEW_HOME/moshimo_${version}_${arch}.deb"
HOME=$NEW_HOME
cd "$NEW_HOME" || exit 1
: >"$JOURNAL"
run_lines "move, the new server's half" "$TMPDIR/move-new.sh"
cd "$top" || exit 1
expect_rc 0 "list on the new server" -- as_moshimo /usr/bin/moshimo list --data /var/lib/moshimo
expect_grep "$TMPDIR/out" "README試験の事故" "the incident moved"
[ "$(stat -c '%a %U' /var/lib/moshimo/notify.yaml)" = "600 moshimo" ] && ok "notify.yaml moved (0600, moshimo)" || not_ok "notify.yaml"
[ ! -e "$NEW_HOME/audit.key" ] && ok "the copied key was shredded" || not_ok "the copied key stayed"
expect_no_grep "$JOURNAL" 'created the user "admin"' "the moved server keeps its users (no new admin)"
[ -n "$mpid" ] && curl -fsS "${url}healthz" >/dev/null && ok "the new server serves" || not_ok "the new server does not serve"
serve_stop

expect_rc 0 "dpkg -P" -- dpkg -P moshimo
cleanup
trap - EXIT
finish
