#!/usr/bin/env bash
# The Debian packages the packaging tests and the Linux build use: desktop-file-validate,
# appstreamcli, makensis (the Windows installer script is compiled here too), Xvfb, and the
# libraries Qt's X11 platform plugin loads. Installs the missing ones when run as root with
# apt-get (as CI is); otherwise prints the command. Quick when nothing is missing.
set -euo pipefail

packages=(
  desktop-file-utils appstream nsis xvfb xauth
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0
)

if ! command -v dpkg-query >/dev/null; then
  echo "Not a Debian-based system: install the equivalents of ${packages[*]} yourself." >&2
  exit 0
fi
missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages (the packaging tests that need them are skipped):" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
fi
