#!/usr/bin/env bash
# Installs what is missing (Debian packages only), builds Ferry with -Werror and
# runs every test: unit, transcript, and real-server integration tests (the suite
# starts its own Dovecot instances on 127.0.0.1 with a throw-away CA).
#   bash dist/test.sh            # release build with -Werror (what CI runs)
#   FERRY_PRESET=asan bash dist/test.sh   # AddressSanitizer + UBSan
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${FERRY_PRESET:-ci}"

bash dist/install-deps.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
ctest --preset "$preset" -j "$(nproc)" "$@"
