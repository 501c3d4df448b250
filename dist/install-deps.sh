#!/usr/bin/env bash
# Installs the Debian 12 packages Ferry needs to build, test and run its demo.
# Idempotent: only packages that are absent are installed; nothing is downloaded
# from anywhere but Debian's archive. Services shipped by packages (dovecot,
# radicale) are never started system-wide: the tests start their own copies on
# loopback high ports.
set -euo pipefail

PKGS=(
  # toolchain
  cmake ninja-build g++ pkg-config git ca-certificates openssl
  # libraries
  qt6-base-dev libqt6sql6-sqlite qt6-declarative-dev qt6-declarative-dev-tools
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-templates
  qml6-module-qtquick-layouts qml6-module-qtquick-window qml6-module-qtqml-workerscript
  qt6-tools-dev qt6-l10n-tools qt6-tools-dev-tools
  libssl-dev libcurl4-openssl-dev libical-dev libvmime-dev qtkeychain-qt6-dev libsqlite3-dev
  # real servers the tests start on loopback
  dovecot-imapd radicale
  # helpers used by the test suite
  python3 procps desktop-file-utils appstream
)
if [ "${FERRY_BENCH:-0}" = 1 ]; then
  PKGS+=(isync offlineimap3 vdirsyncer time)
fi

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Installing missing Debian packages: ${missing[*]}" >&2
# Keep package post-install scripts from starting system services (dovecot would
# otherwise listen on 143/993 for the whole machine).
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  created_policy=1
fi
cleanup() { [ "$created_policy" = 1 ] && $SUDO rm -f "$policy"; }
trap cleanup EXIT
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || true
if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
  # An interrupted earlier install leaves dpkg half-configured: finish it and try once more.
  $SUDO dpkg --configure -a || true
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
