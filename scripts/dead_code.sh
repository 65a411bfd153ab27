#!/usr/bin/env bash
# Dead code in the app (vulture): what nothing in the app, its tests, benchmarks or build
# scripts uses. vulture_whitelist.py names what libraries call by name.
set -euo pipefail
cd "$(dirname "$0")/.."
found=$(.venv/bin/vulture assistant vulture_whitelist.py tests benchmarks docs/screenshots \
  packaging --min-confidence 60 | grep '^assistant/' || true)
if [ -n "$found" ]; then
  echo "$found"
  echo "dead code: delete it, or, if a library calls it by name, add it to vulture_whitelist.py" >&2
  exit 1
fi
