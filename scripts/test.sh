#!/usr/bin/env bash
# Set up (once) and run every check: ruff lint and format, mypy, import contracts, pytest
# (which also builds the wheel and the one-folder app and runs both).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== disk before set-up: $(df -h --output=avail . | tail -1 | tr -d ' ') free" >&2
bash scripts/bootstrap.sh test
bash scripts/system-packages.sh
export QT_QPA_PLATFORM=offscreen
bin=.venv/bin
status=0
run() { echo "== $*" >&2; "$@" || status=1; }
run "$bin/ruff" check .
run "$bin/ruff" format --check .
run "$bin/mypy"
run "$bin/lint-imports"
run bash scripts/dead_code.sh
run "$bin/pytest" "$@"
echo "== disk after the tests: $(df -h --output=avail . | tail -1 | tr -d ' ') free" >&2
exit $status
