#!/usr/bin/env bash
# Mail benchmark (not a test): Ferry vs mbsync vs OfflineIMAP, same run, same servers.
#   bash tests/bench/mail.sh [--count 5000] [--big-mb 50] [--rtt 0,30] [--tools ferry,mbsync,offlineimap]
set -euo pipefail
cd "$(dirname "$0")/../.."
FERRY_BENCH=1 bash dist/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target ferry-cli
exec python3 tests/bench/mail.py --ferry-cli build/release/qml/cli/ferry-cli "$@"
