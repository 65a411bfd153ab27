#!/usr/bin/env bash
# Add the app to the desktop's application menu (and, with --autostart, start it at login),
# pointing at this checkout's .venv. Run scripts/launch.sh once first to create the venv.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
exec_path="$here/.venv/bin/assistant-gui"
icon="$here/resources/icons/app.png"
if [ ! -x "$exec_path" ]; then
  echo "Run scripts/launch.sh once first: $exec_path does not exist yet." >&2
  exit 1
fi
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$apps"
sed -e "s|@EXEC@|$exec_path|" -e "s|@ICON@|$icon|" \
  "$here/packaging/linux/offline-translation-assistant.desktop.in" \
  > "$apps/offline-translation-assistant.desktop"
echo "Installed $apps/offline-translation-assistant.desktop"
if [ "${1:-}" = "--autostart" ]; then
  autostart="${XDG_CONFIG_HOME:-$HOME/.config}/autostart"
  mkdir -p "$autostart"
  cp "$apps/offline-translation-assistant.desktop" "$autostart/"
  echo "Installed $autostart/offline-translation-assistant.desktop"
fi
