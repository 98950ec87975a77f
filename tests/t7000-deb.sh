#!/bin/sh
# The Debian package on this machine: build it, lintian, dpkg -i, the
# installed binary as the user moshimo against /var/lib/moshimo (serve
# started with the unit's own command line, /healthz), systemd-analyze
# verify and (offline) security of the units, the backup unit's command,
# restore into an empty folder and verify, dpkg -r keeps the data, a
# reinstall keeps the edited policy, dpkg -P removes it.
#
# It installs a package and creates a system user, so it runs only when
# CI=true or MOSHIMO_DEB_TEST=1, as root, with the normal build (not the
# sanitizer's). MOSHIMO_DEB=FILE tests that package instead of building one.
. tests/lib.sh

if [ "${CI:-}" != true ] && [ "${MOSHIMO_DEB_TEST:-}" != 1 ]; then
	skip "installs a package on this machine (set CI=true or MOSHIMO_DEB_TEST=1)"
fi
if [ "${BUILD:-build}" != build ]; then
	skip "the package test runs once, with the normal build ($BUILD is not build)"
fi
SUDO=
if [ "$(id -u)" -ne 0 ]; then
	if sudo -n true 2>/dev/null; then
		SUDO="sudo -n"
	else
		not_ok "the package test needs root or sudo without a password"
		finish
		exit
	fi
fi
version=$(cat VERSION)
user_before=$(getent passwd moshimo || true)
if dpkg-query -W -f='${Status}' moshimo 2>/dev/null | grep -q 'ok installed'; then
	not_ok "moshimo is installed on this machine already: not touching it"
	finish
	exit
fi
# As the user moshimo, with the environment the units give (no PAM, exact pid).
as_moshimo() {
	$SUDO setpriv --reuid moshimo --regid moshimo --init-groups \
		env -i PATH=/usr/bin:/bin HOME=/var/lib/moshimo LC_ALL=C.UTF-8 \
		XDG_CACHE_HOME=/var/cache/moshimo "$@"
}

# ---- build and lintian ----
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
	deb="build/deb/moshimo_${version}_$(dpkg --print-architecture).deb"
fi
[ -f "$deb" ] && ok "the package is $deb" || { not_ok "no $deb"; finish; exit; }
lintian --suppress-tags running-with-root-privileges "$deb" >"$TMPDIR/lintian" 2>&1
if grep -q '^E:' "$TMPDIR/lintian"; then
	not_ok "lintian reports errors"
	grep '^E:' "$TMPDIR/lintian" | sed 's/^/    | /'
else
	ok "lintian: no error ($(grep -c '^W:' "$TMPDIR/lintian") warnings)"
fi

# ---- install ----
expect_rc 0 "dpkg -i" -- $SUDO env DEBIAN_FRONTEND=noninteractive dpkg -i "$deb"
getent passwd moshimo >"$TMPDIR/pw" && ok "the system user moshimo exists" || not_ok "no user moshimo"
expect_grep "$TMPDIR/pw" "/var/lib/moshimo" "its home is the data folder"
[ "$($SUDO stat -c '%a %U' /var/lib/moshimo)" = "700 moshimo" ] &&
	ok "/var/lib/moshimo is 0700, owned by moshimo" || not_ok "/var/lib/moshimo: $($SUDO stat -c '%a %U' /var/lib/moshimo)"
[ "$($SUDO stat -c '%U' /var/lib/moshimo/policy.yaml 2>/dev/null)" = moshimo ] &&
	ok "the built-in policy was written by moshimo init as moshimo" || not_ok "no policy.yaml of moshimo"
[ "$($SUDO stat -c '%a %U' /var/backups/moshimo)" = "700 moshimo" ] &&
	ok "/var/backups/moshimo is 0700, owned by moshimo" || not_ok "/var/backups/moshimo"
expect_grep /var/lib/dpkg/info/moshimo.conffiles "/etc/default/moshimo" "/etc/default/moshimo is a conffile"
for f in /usr/bin/moshimo /usr/share/man/man1/moshimo.1.gz /usr/share/locale/ja/LC_MESSAGES/moshimo.mo \
	/usr/share/doc/moshimo/README.md.gz /usr/share/doc/moshimo/policy-format.md.gz \
	/usr/share/doc/moshimo/moshimo.conf /lib/systemd/system/moshimo.service \
	/lib/systemd/system/moshimo-backup.timer /usr/libexec/moshimo/moshimo-backup \
	/usr/libexec/moshimo/root/usr /usr/libexec/moshimo/root/var/lib/moshimo; do
	[ -e "$f" ] && ok "installed: $f" || not_ok "missing: $f"
done
expect_rc 0 "the installed binary runs" -- /usr/bin/moshimo --version
expect_grep "$TMPDIR/out" "moshimo $version" "and is version $version"
zcat /usr/share/man/man1/moshimo.1.gz | LC_ALL=C.UTF-8 groff -man -Tutf8 -K utf8 -P-cbou 2>/dev/null >"$TMPDIR/man" &&
	expect_grep "$TMPDIR/man" "EXIT STATUS" "the installed man page renders"

# ---- the units ----
units="moshimo.service moshimo-backup.service moshimo-backup.timer moshimo-backup-failed.service"
(cd /lib/systemd/system && $SUDO systemd-analyze verify $units) >"$TMPDIR/verify" 2>&1
if [ -s "$TMPDIR/verify" ]; then
	not_ok "systemd-analyze verify complains"
	sed 's/^/    | /' "$TMPDIR/verify"
else
	ok "systemd-analyze verify: the four units are clean"
fi
for u in moshimo.service moshimo-backup.service; do
	systemd-analyze security --offline=true "/lib/systemd/system/$u" >"$TMPDIR/sec" 2>&1
	line=$(grep 'Overall exposure level' "$TMPDIR/sec")
	score=$(echo "$line" | sed -n 's/.*: \([0-9.]*\) .*/\1/p')
	# The best band short of PERFECT: SAFE is below 1.0.
	if [ -n "$score" ] && awk "BEGIN { exit !($score < 1.0) }"; then
		ok "systemd-analyze security --offline: $u ${line#*: }"
	else
		not_ok "systemd-analyze security --offline: $u: ${line:-no score}"
	fi
done

# ---- serve, with the unit's command line ----
exec_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/moshimo.service | sed 's/\$\$/$/g')
cmd=$(printf '%s\n' "$exec_start" | sed -n "s|^/bin/sh -c '\(.*\)'\$|\1|p")
[ -n "$cmd" ] && ok "the unit's ExecStart is a sh -c line" || not_ok "ExecStart not understood: $exec_start"
# /etc/default/moshimo as EnvironmentFile= reads it, then a free port.
$SUDO sh -c 'set -a; . /etc/default/moshimo; env' >"$TMPDIR/env.default"
expect_grep "$TMPDIR/env.default" "MOSHIMO_LISTEN=127.0.0.1:8080" "/etc/default/moshimo: listen on 127.0.0.1:8080"
# (the shell says its pid, which exec gives to moshimo: the test stops that one)
as_moshimo sh -c "set -a; . /etc/default/moshimo; MOSHIMO_LISTEN=127.0.0.1:0; MOSHIMO_PUBLIC_URL=https://moshimo.example.co.jp; MOSHIMO_TRUSTED_PROXY=127.0.0.1; echo pid \$\$ >&2; $cmd" \
	>"$TMPDIR/serve.out" 2>"$TMPDIR/serve.err" &
spid=$!
url=
for _ in $(seq 1 100); do
	url=$(sed -n 's|.*\(http://127\.0\.0\.1:[0-9]*/\).*|\1|p' "$TMPDIR/serve.out" | head -1)
	[ -n "$url" ] && break
	sleep 0.1
done
if [ -n "$url" ] && curl -fsS "${url}healthz" >"$TMPDIR/health" 2>&1; then
	ok "serve as moshimo answers ${url}healthz"
else
	not_ok "serve did not answer"
	sed 's/^/    err| /' "$TMPDIR/serve.err" | tail -20
fi
expect_grep "$TMPDIR/serve.out" 'created the user "admin"' "the first start prints the admin's first password (the journal)"
mpid=$(sed -n 's/^pid \([0-9]*\)$/\1/p' "$TMPDIR/serve.err" | head -1)
[ -n "$mpid" ] && [ "$(ps -o user=,comm= -p "$mpid" | tr -s ' ')" = "moshimo moshimo" ] &&
	ok "the server (pid $mpid) runs as moshimo" || not_ok "the server does not run as moshimo"
[ -n "$mpid" ] && $SUDO kill -TERM "$mpid"
wait "$spid" 2>/dev/null
[ -n "$mpid" ] && ! kill -0 "$mpid" 2>/dev/null && ok "serve stopped on SIGTERM" || not_ok "serve did not stop"

# ---- an incident, then the backup unit's command ----
echo '{"title": "パッケージ試験", "category": "malware"}' >"$TMPDIR/r.json"
expect_rc 0 "a report as moshimo" -- as_moshimo /usr/bin/moshimo report --data /var/lib/moshimo <"$TMPDIR/r.json"
backup_cmd=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/moshimo-backup.service)
$SUDO touch -d '20 days ago' /var/backups/moshimo/moshimo-2000-01-01.tar
$SUDO touch -d '2 days ago' /var/backups/moshimo/moshimo-2000-01-02.tar
expect_rc 0 "the backup unit's command ($backup_cmd)" -- \
	as_moshimo sh -c "set -a; . /etc/default/moshimo; exec $backup_cmd"
archive="/var/backups/moshimo/moshimo-$(date +%Y-%m-%d).tar"
expect_grep "$TMPDIR/out" "written and verified" "it says the archive is verified"
[ "$($SUDO stat -c '%a %U' "$archive" 2>/dev/null)" = "600 moshimo" ] &&
	ok "$archive is 0600, owned by moshimo" || not_ok "no $archive"
$SUDO test ! -e /var/backups/moshimo/moshimo-2000-01-01.tar &&
	ok "an archive older than BACKUP_KEEP_DAYS (14) went" || not_ok "the 20-day-old archive stayed"
$SUDO test -e /var/backups/moshimo/moshimo-2000-01-02.tar &&
	ok "a 2-day-old archive stayed" || not_ok "the 2-day-old archive went"
$SUDO rm -f /var/backups/moshimo/moshimo-2000-01-02.tar
expect_rc 2 "BACKUP_KEEP_DAYS=abc is refused" -- as_moshimo env BACKUP_KEEP_DAYS=abc "$backup_cmd"

# ---- restore into an empty folder and verify ----
R="$TMPDIR/restored"
expect_rc 0 "restore the archive into an empty folder" -- \
	$SUDO /usr/bin/moshimo restore "$archive" "$R" --key /var/lib/moshimo/audit.key
expect_rc 0 "audit verify of the restored folder" -- $SUDO /usr/bin/moshimo audit verify --data "$R"
expect_rc 0 "list the restored incidents" -- $SUDO /usr/bin/moshimo list --data "$R"
expect_grep "$TMPDIR/out" "パッケージ試験" "the incident is in the restored copy"
$SUDO rm -rf "$R"

# ---- remove keeps the data; a reinstall keeps the edited policy ----
echo "# edited by the administrator" | $SUDO tee -a /var/lib/moshimo/policy.yaml >/dev/null
expect_rc 0 "dpkg -r" -- $SUDO dpkg -r moshimo
[ ! -e /usr/bin/moshimo ] && ok "the binary went" || not_ok "the binary stayed"
$SUDO test -f /var/lib/moshimo/moshimo.db && ok "the data stayed after dpkg -r" || not_ok "the data went with dpkg -r"
expect_rc 0 "dpkg -i again over the kept data" -- $SUDO env DEBIAN_FRONTEND=noninteractive dpkg -i "$deb"
$SUDO grep -q "edited by the administrator" /var/lib/moshimo/policy.yaml &&
	ok "the edited policy was not overwritten" || not_ok "the policy was overwritten"
expect_rc 0 "the kept data verifies after the reinstall" -- as_moshimo /usr/bin/moshimo audit verify --data /var/lib/moshimo

# ---- purge removes it ----
expect_rc 0 "dpkg -P" -- $SUDO dpkg -P moshimo
[ ! -e /var/lib/moshimo ] && ok "purge removed /var/lib/moshimo" || not_ok "/var/lib/moshimo stayed after purge"
[ ! -e /etc/default/moshimo ] && ok "purge removed /etc/default/moshimo" || not_ok "/etc/default/moshimo stayed"

# Leave the machine as it was: the backups and the user the test made.
$SUDO rm -rf /var/backups/moshimo
if [ -z "$user_before" ]; then
	$SUDO userdel moshimo 2>/dev/null
	$SUDO groupdel moshimo 2>/dev/null
fi
finish
