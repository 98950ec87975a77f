#!/bin/sh
# An upgrade with the package: the previous release installed and used,
# then this tree's package installed over it; the data is all there, the
# database is migrated on the first start and the start says so (the
# journal's line under systemd), and `audit verify` passes before and after.
#
# The previous release is built from git history: the tree at
# MOSHIMO_UPGRADE_FROM (default ea2b095, the last commit of wave 1, schema
# 2, the first release people ran; it had no debian/ of its own), built
# with its own Makefile (-j2, without -Werror), and packaged by putting its
# program and catalogs into this tree's package under a lower version
# (VERSION~prev): the same user, folders, units and maintainer scripts, the
# old program. Building the tree twice takes a minute or two on two cores.
#
# Needs the commit in this clone's history. A shallow clone (CI checkouts
# often are: git clone --depth 1) or a tree without .git has not got it and
# there is no network to fetch it, so the test says "skipped" and why
# (git fetch --unshallow, where there is a remote, makes it run).
#
# Like t7000 it installs a package and creates a system user, so it runs
# only when CI=true or MOSHIMO_DEB_TEST=1, as root, with the normal build;
# it removes the package, the user it made and the backups at the end.
# MOSHIMO_DEB=FILE tests that package instead of building one.
. tests/lib.sh

if [ "${CI:-}" != true ] && [ "${MOSHIMO_DEB_TEST:-}" != 1 ]; then
	skip "installs a package on this machine (set CI=true or MOSHIMO_DEB_TEST=1)"
fi
if [ "${BUILD:-build}" != build ]; then
	skip "the package test runs once, with the normal build ($BUILD is not build)"
fi
OLD=${MOSHIMO_UPGRADE_FROM:-ea2b095}
if ! git rev-parse -q --verify "$OLD^{commit}" >/dev/null 2>&1; then
	if [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = true ]; then
		why="this clone is shallow"
	else
		why="no git history here"
	fi
	skip "the previous release ($OLD) is not in this clone ($why; git fetch --unshallow where there is a remote)"
fi
old_commit=$(git rev-parse "$OLD^{commit}")
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
as_moshimo() {
	$SUDO setpriv --reuid moshimo --regid moshimo --init-groups \
		env -i PATH=/usr/bin:/bin HOME=/var/lib/moshimo LC_ALL=C.UTF-8 \
		XDG_CACHE_HOME=/var/cache/moshimo "$@"
}
# Files the user moshimo reads (the evidence) live here, not in $TMPDIR (0700).
share=$(mktemp -d /tmp/moshimo-t7040.XXXXXX)
chmod 0755 "$share"
cleanup() {
	if dpkg-query -W -f='${Status}' moshimo 2>/dev/null | grep -q 'installed'; then
		$SUDO dpkg -P moshimo >/dev/null 2>&1
	fi
	$SUDO rm -rf /var/backups/moshimo /var/lib/moshimo /var/cache/moshimo "$share"
	if [ -z "$user_before" ] && getent passwd moshimo >/dev/null; then
		$SUDO userdel moshimo 2>/dev/null
		$SUDO groupdel moshimo 2>/dev/null
	fi
}
trap cleanup EXIT

# serve_start LOG: the unit's own command line as moshimo on a free port;
# sets url and mpid. serve_stop: SIGTERM, waits.
serve_start() {
	exec_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/moshimo.service | sed 's/\$\$/$/g')
	cmd=$(printf '%s\n' "$exec_start" | sed -n "s|^/bin/sh -c '\(.*\)'\$|\1|p")
	as_moshimo sh -c "set -a; . /etc/default/moshimo; MOSHIMO_LISTEN=127.0.0.1:0; echo pid \$\$ >&2; $cmd" \
		>"$1.out" 2>"$1.err" &
	spid=$!
	url=
	for _ in $(seq 1 150); do
		url=$(sed -n 's|.*\(http://127\.0\.0\.1:[0-9]*/\).*|\1|p' "$1.out" | head -1)
		[ -n "$url" ] && break
		sleep 0.1
	done
	mpid=$(sed -n 's/^pid \([0-9]*\)$/\1/p' "$1.err" | head -1)
}
serve_stop() {
	[ -n "$mpid" ] && $SUDO kill -TERM "$mpid"
	wait "$spid" 2>/dev/null
}

# ---- this tree's package ----
deb=${MOSHIMO_DEB:-}
if [ -z "$deb" ]; then
	if make -s deb >"$TMPDIR/build.log" 2>&1; then
		ok "make deb builds this tree's package"
	else
		not_ok "make deb failed"
		tail -30 "$TMPDIR/build.log" | sed 's/^/    | /'
		finish
		exit
	fi
	deb="build/deb/moshimo_${version}_$(dpkg --print-architecture).deb"
fi
[ -f "$deb" ] || {
	not_ok "no $deb"
	finish
	exit
}

# ---- the previous release, from git history ----
O="$TMPDIR/old"
mkdir -p "$O"
git archive "$old_commit" | tar -x -C "$O"
# Its Makefile had -Werror in WARN; a newer compiler may warn where that
# one did not, so WARN without it (the program is the same).
if make -C "$O" -s -j2 BUILD=build PREFIX=/usr WARN=-Wall all >"$TMPDIR/old-build.log" 2>&1 &&
	[ -x "$O/build/moshimo" ]; then
	ok "the previous release (${old_commit%"${old_commit#???????}"}) builds"
else
	not_ok "the previous release did not build"
	tail -30 "$TMPDIR/old-build.log" | sed 's/^/    | /'
	finish
	exit
fi
oldver="$(cat "$O/VERSION")~prev"
P="$TMPDIR/pkg"
dpkg-deb -R "$deb" "$P"
install -m 0755 "$O/build/moshimo" "$P/usr/bin/moshimo"
for mo in "$O"/build/locale/*/LC_MESSAGES/moshimo.mo; do
	lang=$(echo "$mo" | sed 's|.*/locale/\([^/]*\)/.*|\1|')
	install -D -m 0644 "$mo" "$P/usr/share/locale/$lang/LC_MESSAGES/moshimo.mo"
done
sed -i "s/^Version: .*/Version: $oldver/" "$P/DEBIAN/control"
(cd "$P" && find . -path ./DEBIAN -prune -o -type f -printf '%P\n' | sort | xargs md5sum >DEBIAN/md5sums)
olddeb="$TMPDIR/moshimo_${oldver}.deb"
if dpkg-deb --root-owner-group -b "$P" "$olddeb" >"$TMPDIR/out" 2>&1; then
	ok "the previous release packaged as $oldver"
else
	not_ok "dpkg-deb -b of the previous release"
	sed 's/^/    | /' "$TMPDIR/out"
	finish
	exit
fi
dpkg --compare-versions "$oldver" lt "$version" && ok "$oldver is older than $version" ||
	not_ok "$oldver is not older than $version"

# ---- install it and use it ----
expect_rc 0 "dpkg -i the previous release" -- $SUDO env DEBIAN_FRONTEND=noninteractive dpkg -i "$olddeb"
[ "$(dpkg-query -W -f='${Version}' moshimo)" = "$oldver" ] && ok "installed: moshimo $oldver" ||
	not_ok "installed: $(dpkg-query -W -f='${Version}' moshimo)"
$SUDO cp /var/lib/moshimo/policy.yaml "$TMPDIR/policy.before"
echo '{"title": "旧版で受けた事故（ウイルス）", "category": "malware"}' >"$TMPDIR/r1.json"
echo '{"title": "旧版で受けた事故（漏えい）", "category": "leak"}' >"$TMPDIR/r2.json"
expect_rc 0 "report as moshimo with the previous release" -- as_moshimo /usr/bin/moshimo report --data /var/lib/moshimo <"$TMPDIR/r1.json"
expect_rc 0 "a second report" -- as_moshimo /usr/bin/moshimo report --data /var/lib/moshimo <"$TMPDIR/r2.json"
expect_rc 0 "a note" -- as_moshimo /usr/bin/moshimo note 1 "旧版で書いたメモ" --data /var/lib/moshimo --as 情シス
expect_rc 0 "step 1 done" -- as_moshimo /usr/bin/moshimo step 1 1 done --data /var/lib/moshimo --as 情シス
echo "証拠のログ $(date)" >"$share/evidence.log"
chmod 0644 "$share/evidence.log"
expect_rc 0 "evidence kept" -- as_moshimo /usr/bin/moshimo evidence add 1 "$share/evidence.log" --data /var/lib/moshimo
serve_start "$TMPDIR/old-serve"
if [ -n "$url" ] && curl -fsS "${url}healthz" >/dev/null 2>&1; then
	ok "the previous release serves with the unit's command line"
else
	not_ok "the previous release did not serve"
	sed 's/^/    err| /' "$TMPDIR/old-serve.err" | tail -20
fi
serve_stop
expect_grep "$TMPDIR/old-serve.out" 'created the user "admin"' "its first start created the admin"
expect_rc 0 "audit verify with the previous release" -- as_moshimo /usr/bin/moshimo audit verify --data /var/lib/moshimo
$SUDO test ! -e /var/lib/moshimo/audit.key && ok "the previous release had no audit.key" ||
	not_ok "the previous release made an audit.key"
v_old=$($SUDO sqlite3 /var/lib/moshimo/moshimo.db 'PRAGMA user_version')
[ "$v_old" = 2 ] && ok "the previous release's database is schema 2" || not_ok "schema $v_old, want 2"
as_moshimo /usr/bin/moshimo list --data /var/lib/moshimo >"$TMPDIR/list.before" 2>&1

# ---- the upgrade ----
expect_rc 0 "dpkg -i this tree's package over it" -- $SUDO env DEBIAN_FRONTEND=noninteractive dpkg -i "$deb"
expect_grep "$TMPDIR/out" "over ($oldver)" "dpkg says it upgrades $oldver"
[ "$(dpkg-query -W -f='${Version}' moshimo)" = "$version" ] && ok "installed: moshimo $version" ||
	not_ok "installed: $(dpkg-query -W -f='${Version}' moshimo)"
$SUDO cmp -s /var/lib/moshimo/policy.yaml "$TMPDIR/policy.before" &&
	ok "policy.yaml is the one the previous release wrote" || not_ok "the upgrade changed policy.yaml"
serve_start "$TMPDIR/new-serve"
if [ -n "$url" ] && curl -fsS "${url}healthz" >/dev/null 2>&1; then
	ok "the new program serves the old data with the unit's command line"
else
	not_ok "the new program did not serve the old data"
	sed 's/^/    err| /' "$TMPDIR/new-serve.err" | tail -20
fi
serve_stop
v_new=$($SUDO sqlite3 /var/lib/moshimo/moshimo.db 'PRAGMA user_version')
[ "$v_new" -gt 2 ] 2>/dev/null && ok "the database is migrated: schema 2 -> $v_new" || not_ok "schema $v_new after the upgrade"
expect_grep "$TMPDIR/new-serve.err" "was migrated from schema 2 to $v_new" \
	"the first start says so on standard error (the journal)"
# Schema 2 had an unkeyed chain: the migration keys it with a new audit.key.
[ "$($SUDO stat -c '%a %U' /var/lib/moshimo/audit.key 2>/dev/null)" = "600 moshimo" ] &&
	ok "the migration made audit.key (0600, moshimo)" || not_ok "no audit.key of moshimo after the migration"
expect_no_grep "$TMPDIR/new-serve.out" 'created the user "admin"' "no new admin: the previous one is kept"
expect_rc 0 "audit verify after the upgrade" -- as_moshimo /usr/bin/moshimo audit verify --data /var/lib/moshimo
expect_no_grep "$TMPDIR/err" "migrated" "and nothing is migrated twice"
expect_rc 0 "list after the upgrade" -- as_moshimo /usr/bin/moshimo list --data /var/lib/moshimo
expect_grep "$TMPDIR/out" "旧版で受けた事故（ウイルス）" "the first incident is there"
expect_grep "$TMPDIR/out" "旧版で受けた事故（漏えい）" "the second incident is there"
expect_rc 0 "show 1" -- as_moshimo /usr/bin/moshimo show 1 --data /var/lib/moshimo
expect_grep "$TMPDIR/out" "旧版で書いたメモ" "the note is on its timeline"
expect_rc 0 "evidence verify 1: the kept file is intact" -- as_moshimo /usr/bin/moshimo evidence verify 1 --data /var/lib/moshimo
echo '{"title": "新版で受けた事故", "category": "malware"}' >"$TMPDIR/r3.json"
expect_rc 0 "a report with the new program" -- as_moshimo /usr/bin/moshimo report --data /var/lib/moshimo <"$TMPDIR/r3.json"
expect_grep "$TMPDIR/out" "INC-0003" "numbered after the old ones"
expect_rc 0 "audit verify: the chain goes on across the upgrade" -- as_moshimo /usr/bin/moshimo audit verify --data /var/lib/moshimo

# ---- the migrated data backs up and restores ----
backup_cmd=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/moshimo-backup.service)
expect_rc 0 "the backup unit's command on the migrated data" -- \
	as_moshimo sh -c "set -a; . /etc/default/moshimo; exec $backup_cmd"
archive="/var/backups/moshimo/moshimo-$(date +%Y-%m-%d).tar"
R="$TMPDIR/restored"
expect_rc 0 "restore it into an empty folder" -- \
	$SUDO /usr/bin/moshimo restore "$archive" "$R" --key /var/lib/moshimo/audit.key
expect_rc 0 "audit verify of the restored copy" -- $SUDO /usr/bin/moshimo audit verify --data "$R"
expect_rc 0 "list the restored copy" -- $SUDO /usr/bin/moshimo list --data "$R"
expect_grep "$TMPDIR/out" "旧版で受けた事故（漏えい）" "the old incidents are in it"

# ---- leave the machine as it was ----
expect_rc 0 "dpkg -P" -- $SUDO dpkg -P moshimo
cleanup
trap - EXIT
finish
