#!/usr/bin/env bash
# Check that the system libraries Qt's X11 (xcb) plugin needs are installed, and name the exact
# `apt-get install` line for the missing ones. Qt's own error names only one of them, and often
# not the one that is missing.
#
#   scripts/check-qt-libs.sh [PYTHON]    exit 0: all found; 1: some are missing (listed)
set -euo pipefail
cd "$(dirname "$0")/.."
python="${1:-.venv/bin/python}"

qt_dir="$("$python" -c 'import pathlib, PySide6; print(pathlib.Path(PySide6.__file__).parent / "Qt")')"
objects=("$qt_dir/plugins/platforms/libqxcb.so" "$qt_dir"/lib/libQt6XcbQpa.so.*)

# soname -> Debian/Ubuntu package
declare -A package=(
  [libxcb-cursor.so.0]=libxcb-cursor0 [libxcb-icccm.so.4]=libxcb-icccm4
  [libxcb-image.so.0]=libxcb-image0 [libxcb-keysyms.so.1]=libxcb-keysyms1
  [libxcb-randr.so.0]=libxcb-randr0 [libxcb-render-util.so.0]=libxcb-render-util0
  [libxcb-render.so.0]=libxcb-render0 [libxcb-shape.so.0]=libxcb-shape0
  [libxcb-shm.so.0]=libxcb-shm0 [libxcb-sync.so.1]=libxcb-sync1
  [libxcb-xfixes.so.0]=libxcb-xfixes0 [libxcb-xkb.so.1]=libxcb-xkb1
  [libxcb-util.so.1]=libxcb-util1 [libxcb.so.1]=libxcb1 [libX11-xcb.so.1]=libx11-xcb1
  [libX11.so.6]=libx11-6 [libxkbcommon-x11.so.0]=libxkbcommon-x11-0
  [libxkbcommon.so.0]=libxkbcommon0 [libEGL.so.1]=libegl1 [libGL.so.1]=libgl1
  [libOpenGL.so.0]=libopengl0 [libGLX.so.0]=libglx0 [libglib-2.0.so.0]=libglib2.0-0
  [libgthread-2.0.so.0]=libglib2.0-0 [libfontconfig.so.1]=libfontconfig1
  [libfreetype.so.6]=libfreetype6 [libdbus-1.so.3]=libdbus-1-3 [libSM.so.6]=libsm6
  [libICE.so.6]=libice6 [libxcb-glx.so.0]=libxcb-glx0 [libxcb-xinput.so.0]=libxcb-xinput0
  [libxcb-xinerama.so.0]=libxcb-xinerama0
)

missing=()
for object in "${objects[@]}"; do
  [[ -e "$object" ]] || continue
  while read -r soname _; do
    [[ " ${missing[*]} " == *" $soname "* ]] || missing+=("$soname")
  done < <(LD_LIBRARY_PATH="$qt_dir/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ldd "$object" |
    awk '/=> not found/ { print $1 }')
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

packages=()
unknown=()
for soname in "${missing[@]}"; do
  name="${package[$soname]:-}"
  if [[ -z "$name" ]]; then
    unknown+=("$soname")
  elif [[ " ${packages[*]} " != *" $name "* ]]; then
    packages+=("$name")
  fi
done

echo "Qt's X11 plugin cannot start: these system libraries are missing: ${missing[*]}." >&2
if [[ ${#packages[@]} -gt 0 ]]; then
  echo "On Debian or Ubuntu, install them with:" >&2
  echo "  sudo apt-get install ${packages[*]}" >&2
fi
if [[ ${#unknown[@]} -gt 0 ]]; then
  echo "Install the packages of your distribution that provide: ${unknown[*]}." >&2
fi
exit 1
