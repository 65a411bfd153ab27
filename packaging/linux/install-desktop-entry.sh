#!/usr/bin/env bash
# Add the app to this user's application menu (double-click launch), with its icons and
# AppStream metainfo; --autostart also starts it in the tray at login; --uninstall removes
# everything this script installed. Nothing is written outside the user's XDG directories.
#
#   install-desktop-entry.sh [--autostart] [--exec PATH]
#   install-desktop-entry.sh --uninstall
#
# Run from a checkout (uses .venv/bin/assistant-gui; run scripts/launch.sh once first) or from
# the one-folder build, where this script sits beside assistant-gui.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
id="offline-translation-assistant"
autostart=0
uninstall=0
exec_path=""
while [ $# -gt 0 ]; do
  case "$1" in
    --autostart) autostart=1 ;;
    --uninstall) uninstall=1 ;;
    --exec) exec_path="${2:?--exec needs a path}"; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
config_home="${XDG_CONFIG_HOME:-$HOME/.config}"
apps="$data_home/applications"
icons="$data_home/icons/hicolor"
metainfo="$data_home/metainfo"
autostart_dir="$config_home/autostart"

refresh_caches() {
  if command -v update-desktop-database >/dev/null; then
    update-desktop-database -q "$apps" 2>/dev/null || true
  fi
  if command -v gtk-update-icon-cache >/dev/null && [ -f "$icons/index.theme" ]; then
    gtk-update-icon-cache -q -t "$icons" 2>/dev/null || true
  fi
}

if [ "$uninstall" = 1 ]; then
  rm -f "$apps/$id.desktop" "$metainfo/$id.metainfo.xml" "$autostart_dir/$id.desktop"
  rm -f "$icons"/*/apps/"$id".png "$icons/scalable/apps/$id.svg"
  refresh_caches
  echo "Removed the menu entry, icons, metainfo and autostart entry of $id."
  exit 0
fi

# The package's resources: in a checkout, or inside the one-folder build.
resources=""
for candidate in "$here/../../assistant/resources" "$here/_internal/assistant/resources"; do
  if [ -f "$candidate/linux/$id.desktop" ]; then
    resources="$(cd "$candidate" && pwd)"
    break
  fi
done
if [ -z "$resources" ]; then
  echo "Cannot find the app's resources next to $here." >&2
  exit 1
fi

if [ -z "$exec_path" ]; then
  for candidate in "$here/assistant-gui" "$here/../../.venv/bin/assistant-gui"; do
    if [ -x "$candidate" ]; then
      exec_path="$(cd "$(dirname "$candidate")" && pwd)/assistant-gui"
      break
    fi
  done
fi
if [ -z "$exec_path" ] || [ ! -x "$exec_path" ]; then
  echo "No assistant-gui to launch: run scripts/launch.sh once first, or pass --exec PATH." >&2
  exit 1
fi

# Exec quoting (Desktop Entry spec): the path in double quotes, with ", `, $ and \ escaped
# for the quoting rule and then for the string rule, and % doubled.
quoted_exec="\"$(printf '%s' "$exec_path" \
  | sed -e 's/\\/\\\\\\\\/g' -e 's/["`$]/\\\\&/g' -e 's/%/%%/g')\""
export DESKTOP_EXEC="$quoted_exec" DESKTOP_TRYEXEC="$exec_path"

write_entry() {  # write_entry TARGET menu|autostart
  awk -v autostart="$([ "$2" = autostart ] && echo 1 || echo 0)" '
    /^\[/ { group = $0 }
    autostart && (group != "[Desktop Entry]" || /^Actions=/ || /^$/) { next }
    /^Exec=assistant-gui/ {
      sub(/^Exec=assistant-gui/, "")
      print "Exec=" ENVIRON["DESKTOP_EXEC"] $0 (autostart ? " --minimized" : "")
      next
    }
    /^TryExec=/ { print "TryExec=" ENVIRON["DESKTOP_TRYEXEC"]; next }
    { print }
    END { if (autostart) print "X-GNOME-Autostart-enabled=true" }
  ' "$resources/linux/$id.desktop" > "$1.tmp"
  mv "$1.tmp" "$1"
}

mkdir -p "$apps" "$metainfo"
write_entry "$apps/$id.desktop" menu
for png in "$resources"/icons/hicolor/*/apps/"$id".png; do
  size="$(basename "$(dirname "$(dirname "$png")")")"
  install -D -m 644 "$png" "$icons/$size/apps/$id.png"
done
install -D -m 644 "$resources/icons/app.svg" "$icons/scalable/apps/$id.svg"
install -m 644 "$resources/linux/$id.metainfo.xml" "$metainfo/$id.metainfo.xml"
echo "Installed $apps/$id.desktop (launches $exec_path)"

if [ "$autostart" = 1 ]; then
  mkdir -p "$autostart_dir"
  write_entry "$autostart_dir/$id.desktop" autostart
  echo "Installed $autostart_dir/$id.desktop (starts in the tray at login)"
fi
refresh_caches
