#!/usr/bin/env bash
# Build the Linux one-folder app, dist/assistant/ (assistant: the command line; assistant-gui:
# the window), with the project's own set-up, then run its frozen smoke test.
#
#   packaging/linux/build.sh                 set up, build, smoke-test
#   packaging/linux/build.sh --no-smoke-test set up and build only
#   packaging/linux/build.sh --out DIR       build into DIR/dist/assistant (work files in DIR/build)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
smoke_test=1
out="$repo"
while [ $# -gt 0 ]; do
  case "$1" in
    --no-smoke-test) smoke_test=0 ;;
    --out) out="$(mkdir -p "${2:?--out needs a folder}" && cd "$2" && pwd)"; shift ;;
    *) echo "usage: $0 [--no-smoke-test] [--out DIR]" >&2; exit 2 ;;
  esac
  shift
done
app="$out/dist/assistant"
cd "$repo"

# The test set-up: PyInstaller, and torch for the tiny model the smoke test translates with.
bash scripts/bootstrap.sh test
bash scripts/system-packages.sh

started=$(date +%s)
.venv/bin/python -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$out/dist" --workpath "$out/build" packaging/pyinstaller/assistant.spec
install -m 755 packaging/linux/install-desktop-entry.sh "$app/"
echo "Built $app ($(du -sh "$app" | cut -f1)) in $(( $(date +%s) - started )) s" >&2

if [ "$smoke_test" = 1 ]; then
  ASSISTANT_FROZEN_APP="$app" QT_QPA_PLATFORM=offscreen \
    .venv/bin/pytest -p no:cacheprovider -s tests/packaging/test_frozen_app.py
fi
