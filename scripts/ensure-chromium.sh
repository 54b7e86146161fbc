#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed at /usr/bin/chromium for the browser (e2e) tests.
# playwright-core drives it; `npx playwright install` cannot download browsers here.
# Idempotent: prints nothing and exits 0 when Chromium is already installed.
set -euo pipefail

CHROMIUM="${KOR_CHROMIUM:-/usr/bin/chromium}"

if [[ -x "$CHROMIUM" ]]; then
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  cat >&2 <<MSG
Chromium is not installed at $CHROMIUM, and installing it needs root.
Install it with:
  sudo apt-get update && sudo apt-get install -y chromium
or point KOR_CHROMIUM at an existing Chromium/Chrome binary.
MSG
  exit 1
fi

echo "Installing Chromium (apt-get install chromium)…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null

if [[ ! -x "$CHROMIUM" ]]; then
  echo "apt-get finished but $CHROMIUM is still missing." >&2
  exit 1
fi
echo "Chromium installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
