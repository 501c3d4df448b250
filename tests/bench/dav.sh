#!/usr/bin/env bash
# CalDAV/CardDAV benchmark (not a test): Ferry vs vdirsyncer, same run, same Radicale servers.
#   bash tests/bench/dav.sh [--rtt 0,30] [--tools ferry,vdirsyncer] [--keep DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
FERRY_BENCH=1 bash dist/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target ferry-cli
exec python3 tests/bench/dav.py --ferry-cli build/release/qml/cli/ferry-cli "$@"
