# notify.yaml is checked like the policy: each file of
# tests/fixtures/notify-broken/ names on its first line the finding `moshimo
# check` must print for it (`# expect: LINE:COL: error: TEXT`) as DIR/notify.yaml.
# Also: a file others can read is refused (chmod 600); no secret is ever
# echoed; Japanese under a Japanese locale; a person's chat must name a
# webhook id of notify.yaml and never a URL.
. tests/lib.sh

D="$TMPDIR/data"
"$MOSHIMO" init "$D" >/dev/null 2>&1 || not_ok "init"
N="$D/notify.yaml"

for f in tests/fixtures/notify-broken/*.yaml; do
	want=$(sed -n '1s/^# expect: //p' "$f")
	cp "$f" "$N"
	chmod 600 "$N"
	expect_rc 1 "check with $(basename "$f")" -- "$MOSHIMO" check --quiet --data "$D"
	expect_grep "$TMPDIR/err" "$N:$want" "$(basename "$f"): $want"
done

# A good file: check passes and says nothing about notify.yaml.
cat >"$N" <<'YAML'
public_url: https://moshimo.example.co.jp/
smtp: {url: "smtps://mail.example.co.jp:465", user: moshimo, password: "pw-SECRET-1", from: "もしも <moshimo@example.co.jp>"}
webhooks:
  - {id: office, kind: slack, url: "https://hooks.slack.com/services/T/B/SECRET2"}
  - {id: ops, kind: teams, url: "https://x.webhook.office.com/SECRET3"}
  - {id: gc, kind: google_chat, url: "https://chat.googleapis.com/v1/spaces/A/messages?key=SECRET4"}
  - {id: soumu, kind: chatwork, room: "123", token: "0123456789abcdef0123456789abcdef"}
  - {id: relay, kind: webhook, url: "http://127.0.0.1:9/hook"}
privacy: full
timeouts: {connect: 5s, total: 20}
YAML
chmod 600 "$N"
expect_rc 0 "a good notify.yaml passes check" -- "$MOSHIMO" check --data "$D"
expect_no_grep "$TMPDIR/err" "notify.yaml" "a good notify.yaml: no finding"

# Others can read it: refused, with the fix.
chmod 644 "$N"
expect_rc 1 "a notify.yaml readable by others fails check" -- "$MOSHIMO" check --data "$D"
expect_grep "$TMPDIR/err" "run chmod 600 $N" "the finding says how to fix it"
LC_ALL=ja_JP.UTF-8 "$MOSHIMO" check --data "$D" >"$TMPDIR/out" 2>"$TMPDIR/err"
expect_grep "$TMPDIR/err" "他の人が読めます: chmod 600" "…in Japanese under a Japanese locale"
chmod 600 "$N"

# Secrets are never echoed, even in findings about the keys that hold them.
cat >"$N" <<'YAML'
smtp: {url: "ftp://user:SECRETPW@mail.example.co.jp", from: "x@example.co.jp", user: u, password: [SECRETLIST]}
webhooks:
  - {id: office, kind: slack, url: "http://hooks.example/SECRETPATH"}
  - {id: cw, kind: chatwork, room: "1", token: "SECRET-NOT-HEX"}
YAML
chmod 600 "$N"
expect_rc 1 "bad secrets fail check" -- "$MOSHIMO" check --data "$D"
expect_no_grep "$TMPDIR/err" "SECRET" "no secret value appears in any finding"
expect_grep "$TMPDIR/err" "$N:4:48: error: \"token\" must be a Chatwork API token" \
	"a bad token is reported at its position"

# Japanese findings with positions.
cp tests/fixtures/notify-broken/duplicate-id.yaml "$N"
chmod 600 "$N"
LC_ALL=ja_JP.UTF-8 "$MOSHIMO" check --data "$D" >"$TMPDIR/out" 2>"$TMPDIR/err"
expect_grep "$TMPDIR/err" "$N:4:9: エラー: webhook の id「office」が重複しています" \
	"Japanese finding with file:line:col"

# The policy's people against notify.yaml.
cat >"$N" <<'YAML'
webhooks:
  - {id: office, kind: slack, url: "https://hooks.slack.com/services/T/B/C"}
YAML
chmod 600 "$N"
P="$D/policy.yaml"
cp "$P" "$TMPDIR/policy.orig"
sed 's|^    email: president@\*\*\*\*\*.co.jp$|    email: president@example.co.jp\n    chat: office|; s|^    email: incident@\*\*\*\*\*.co.jp$|    email: incident@example.co.jp\n    chat: nosuch|; s|^    email: system@\*\*\*\*\*.co.jp$|    chat: "https://hooks.slack.com/services/T/B/SECRETCHAT"|' \
	"$TMPDIR/policy.orig" >"$P"
line_nosuch=$(grep -n '    chat: nosuch' "$P" | cut -d: -f1)
line_url=$(grep -n 'SECRETCHAT' "$P" | cut -d: -f1)
expect_rc 1 "a chat naming no webhook, and a URL in chat, fail check" -- "$MOSHIMO" check --data "$D"
expect_grep "$TMPDIR/err" "$P:$line_nosuch:11: error: chat \"nosuch\" of \"incident_manager\" is not a webhook id of notify.yaml" \
	"an unknown chat id is an error at its position"
expect_grep "$TMPDIR/err" "$P:$line_url:11: error: chat must name a webhook id of notify.yaml, not a URL" \
	"a URL in a person's chat is an error"
expect_no_grep "$TMPDIR/err" "SECRETCHAT" "…and the URL is not echoed"
expect_no_grep "$TMPDIR/err" "chat \"office\"" "a chat naming a webhook id is fine"
expect_grep "$TMPDIR/err" "the contact office of \"president\" was never confirmed" \
	"a usable contact never confirmed is a warning"
line_email=$(grep -n '    email: president@example.co.jp' "$P" | cut -d: -f1)
expect_grep "$TMPDIR/err" "$P:$line_email:12: warning: no e-mail reaches \"president\": notify.yaml has no smtp" \
	"an e-mail address with no smtp in notify.yaml is a warning at its position"
rm "$N"
"$MOSHIMO" check --data "$D" >"$TMPDIR/out" 2>"$TMPDIR/err"
expect_grep "$TMPDIR/err" "chat \"office\" of \"president\" cannot be used: there is no notify.yaml" \
	"without notify.yaml a chat id is a warning"

# contacts: {verify_every} in the policy.
sed -i 's/^  verify_every: 6M$/  verify_every: often/' "$P"
expect_rc 1 "a malformed contacts.verify_every fails check" -- "$MOSHIMO" check --data "$D"
expect_grep "$TMPDIR/err" "\"verify_every\": malformed duration \"often\"" "…naming the key"
finish
