#!/usr/bin/env bash
# Build the Linux one-folder app, dist/assistant/ (assistant: the command line; assistant-gui:
# the window), with the project's own set-up, then run its frozen smoke test.
#
#   packaging/linux/build.sh                 set up, build, smoke-test
#   packaging/linux/build.sh --no-smoke-test set up and build only
set -euo pipefail
cd "$(dirname "$0")/../.."
smoke_test=1
case "${1:-}" in
  "") ;;
  --no-smoke-test) smoke_test=0 ;;
  *) echo "usage: $0 [--no-smoke-test]" >&2; exit 2 ;;
esac

# The test set-up: PyInstaller, and torch for the tiny model the smoke test translates with.
bash scripts/bootstrap.sh test
bash scripts/system-packages.sh

started=$(date +%s)
.venv/bin/python -m PyInstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build packaging/pyinstaller/assistant.spec
install -m 755 packaging/linux/install-desktop-entry.sh dist/assistant/
echo "Built dist/assistant/ ($(du -sh dist/assistant | cut -f1)) in $(( $(date +%s) - started )) s" >&2

if [ "$smoke_test" = 1 ]; then
  ASSISTANT_FROZEN_APP="$PWD/dist/assistant" QT_QPA_PLATFORM=offscreen \
    .venv/bin/pytest -p no:cacheprovider -s tests/packaging/test_frozen_app.py
fi
