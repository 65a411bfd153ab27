#!/usr/bin/env bash
# Set up (once) and open the desktop app. Extra arguments go to `assistant`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh app
exec .venv/bin/assistant "$@"
