#!/usr/bin/env bash
# Renders out/complaints/report.html (from `make demo`) in headless Chromium and saves a screenshot
# to out/report-screenshot.png; installs Debian's chromium when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
command -v chromium >/dev/null || $SUDO apt-get install -y -qq chromium
[ -s out/complaints/report.html ] || make demo
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,2400 \
    --screenshot="$PWD/out/report-screenshot.png" "file://$PWD/out/complaints/report.html" 2>/dev/null
echo "Screenshot: out/report-screenshot.png"
