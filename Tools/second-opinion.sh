#!/usr/bin/env bash
# Installs frictionless (PyPI, MIT licence) into .build/tools-venv if missing and compares its
# findings with disclose validate's on the fixtures (Tools/second-opinion.py).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.build/tools-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import frictionless" 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q frictionless
fi
[ -x .build/release/disclose ] || make release
"$VENV/bin/python" Tools/second-opinion.py
