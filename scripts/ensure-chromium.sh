#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed at /usr/bin/chromium for the browser (e2e) tests,
# which drive it with playwright-core (`npx playwright install` cannot download browsers here).
# Idempotent: prints nothing and exits 0 when Chromium is already there.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

# Another Chromium chosen for the tests (see test/support/browser.ts) is fine too.
if [[ -n "${KOR_CHROMIUM:-}" && -x "${KOR_CHROMIUM}" ]]; then
  exit 0
fi
if [[ -x "$CHROMIUM" ]]; then
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  cat >&2 <<MSG
Chromium is not installed at $CHROMIUM, and installing it needs root. Install it with:
  sudo apt-get update && sudo apt-get install -y chromium
or set KOR_CHROMIUM to the path of an existing Chromium binary.
MSG
  exit 1
fi

echo "Installing Chromium (apt-get install chromium)…"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update && apt-get install -y --no-install-recommends chromium; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "Installing Chromium failed (output above)." >&2
  exit 1
fi
if [[ ! -x "$CHROMIUM" ]]; then
  echo "apt-get finished but $CHROMIUM is still missing." >&2
  exit 1
fi
echo "Installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")."
