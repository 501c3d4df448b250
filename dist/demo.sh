#!/usr/bin/env bash
# Ferry demo: two private Dovecot servers on 127.0.0.1 (a Maildir++ source with the
# "small" test mailbox, an empty LAYOUT=fs target) and two private Radicale servers
# (CalDAV/CardDAV over HTTPS: calendars, tasks and contacts of every hard kind, and
# an empty target). With a display, the app opens (`ferry --demo`) with both
# accounts filled in: click through and watch it move everything. Without one (or
# with --headless), one `ferry-cli migrate` moves mail, contacts, calendars and
# tasks together and prints the report, then a second pass copies nothing.
# Everything lives in a temp dir that is removed at the end; the servers are stopped
# even when a step fails.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUPPORT="$ROOT/tests/support"
CLI="${FERRY_CLI:-$ROOT/build/release/qml/cli/ferry-cli}"  # FERRY_CLI: use another build
APP="${FERRY_APP:-$ROOT/build/release/qml/ferry}"
GUI=0
if [ "${1:-}" != "--headless" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  GUI=1
fi
DEMO="$(mktemp -d /tmp/ferry-demo.XXXXXX)"

cleanup() {
  python3 "$SUPPORT/dovecot.py" stop --dir "$DEMO/source" 2>/dev/null || true
  python3 "$SUPPORT/dovecot.py" stop --dir "$DEMO/target" 2>/dev/null || true
  python3 "$SUPPORT/radicale.py" stop --dir "$DEMO/dav-source" 2>/dev/null || true
  python3 "$SUPPORT/radicale.py" stop --dir "$DEMO/dav-target" 2>/dev/null || true
  rm -rf "$DEMO"
}
trap cleanup EXIT

"$ROOT/dist/install-deps.sh"
if [ -z "${FERRY_CLI:-}" ]; then  # (re)build: cheap when up to date, never a stale binary
  (cd "$ROOT" && cmake --preset release >/dev/null && cmake --build --preset release --target ferry-cli ferry)
fi

export FERRY_FROM_PASSWORD="demo-source-pw" FERRY_TO_PASSWORD="demo-target-pw"
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

echo "== starting the source (Maildir++) and the target (LAYOUT=fs) servers"
SRC_PORT=$(python3 "$SUPPORT/dovecot.py" start --dir "$DEMO/source" --layout maildir \
             --user "alice:$FERRY_FROM_PASSWORD" | field port)
DST_PORT=$(python3 "$SUPPORT/dovecot.py" start --dir "$DEMO/target" --layout fs \
             --user "bob:$FERRY_TO_PASSWORD" | field port)

echo "== filling alice's mailbox (small profile, without the 25 MB message)"
python3 "$SUPPORT/mailgen.py" fill --dir "$DEMO/source" --user alice --profile small \
  --big-size 0 | field messages | sed 's/$/ messages/'

echo "== starting two CalDAV/CardDAV servers (Radicale over HTTPS) and filling alice's calendars and contacts"
DAV_SRC_PORT=$(python3 "$SUPPORT/radicale.py" start --dir "$DEMO/dav-source" --max-seconds 1800 \
                 --user "alice:$FERRY_FROM_PASSWORD" | field port)
DAV_DST_PORT=$(python3 "$SUPPORT/radicale.py" start --dir "$DEMO/dav-target" --max-seconds 1800 \
                 --user "bob:$FERRY_TO_PASSWORD" | field port)
FERRY_DAV_PASSWORD="$FERRY_FROM_PASSWORD" python3 "$SUPPORT/davgen.py" --port "$DAV_SRC_PORT" --user alice \
  --ca-file "$DEMO/dav-source/pki/ca.pem" --profile small \
  | python3 -c "import json,sys; s=json.load(sys.stdin); print('%d events, %d tasks, %d contacts' % (s['events'], s['tasks'], s['contacts']))"

if [ $GUI = 1 ]; then
  cat > "$DEMO/demo.json" <<JSON
{"old": {"email": "alice@old.demo.test", "userName": "alice", "provider": "Old demo server",
         "imapHost": "127.0.0.1", "imapPort": $SRC_PORT, "davUrl": "https://alice@127.0.0.1:$DAV_SRC_PORT/"},
 "new": {"email": "bob@new.demo.test", "userName": "bob", "provider": "New demo server",
         "imapHost": "127.0.0.1", "imapPort": $DST_PORT, "davUrl": "https://bob@127.0.0.1:$DAV_DST_PORT/"},
 "caFiles": ["$DEMO/source/pki/ca.pem", "$DEMO/target/pki/ca.pem",
             "$DEMO/dav-source/pki/ca.pem", "$DEMO/dav-target/pki/ca.pem"],
 "stateDir": "$DEMO/state", "reportDir": "$DEMO"}
JSON
  echo "== opening Ferry with both demo accounts filled in (close the window to stop the servers)"
  FERRY_DEMO_CONFIG="$DEMO/demo.json" "$APP" --demo
  exit 0
fi

migrate() {
  "$CLI" migrate --from "imaps://alice@127.0.0.1:$SRC_PORT" --to "imaps://bob@127.0.0.1:$DST_PORT" \
    --from-dav "https://alice@127.0.0.1:$DAV_SRC_PORT/" --to-dav "https://bob@127.0.0.1:$DAV_DST_PORT/" \
    --ca-file "$DEMO/source/pki/ca.pem" --ca-file "$DEMO/target/pki/ca.pem" \
    --ca-file "$DEMO/dav-source/pki/ca.pem" --ca-file "$DEMO/dav-target/pki/ca.pem" \
    --state "$DEMO/state" --report "$DEMO/report.json"
}
echo "== ferry-cli migrate (first pass)"
set +e
migrate
status=$?
set -e
[ $status -ne 0 ] && { echo "== ferry-cli exited with $status"; exit $status; }
echo
echo "== a second pass copies only what is new: nothing"
migrate
echo "== done; the JSON report of the last pass had $(python3 -c "import json; r=json.load(open('$DEMO/report.json')); print(r['totals'])")"
