#!/usr/bin/env bash
# Set up (once) and open the desktop app. Extra arguments go to `assistant`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh app

opens_window() {  # no sub-command, or `gui`: the window opens
  while [[ $# -gt 0 ]]; do
    case "$1" in
      gui) return 0 ;;
      --data-dir) shift ;;
      -*) ;;
      *) return 1 ;;
    esac
    shift
  done
  return 0
}

if [[ "$(uname -s)" == Linux && "${QT_QPA_PLATFORM:-}" != offscreen* ]] && opens_window "$@"; then
  if ! bash scripts/check-qt-libs.sh; then
    if [[ -n "${WAYLAND_DISPLAY:-}" && "${QT_QPA_PLATFORM:-}" != xcb* ]]; then
      echo "Opening with Qt's Wayland plugin; install them to run under X11 as well." >&2
    else
      exit 1
    fi
  fi
fi
exec .venv/bin/assistant "$@"
