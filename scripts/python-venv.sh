# Sourced by the scripts that need Python packages (scripts/fetch-encoder.sh).
# `use_venv` makes sure the project's virtual environment `.venv/` (gitignored) exists
# and sets VENV_PY to its python: every pip of the project runs there, never in the
# system's Python. On Debian, `python3 -m venv` fails until the `python3-venv` package is
# installed; the function installs it with apt-get when it can (as root, or with sudo).
use_venv() {
  local venv="$PWD/.venv"
  if [ -x "$venv/bin/python" ] && "$venv/bin/python" -m pip --version > /dev/null 2>&1; then
    VENV_PY="$venv/bin/python"
    return 0
  fi
  rm -rf "$venv"
  if ! python3 -m venv "$venv" > /dev/null 2>&1; then
    rm -rf "$venv"
    local sudo=""
    if [ "$(id -u)" != 0 ] && command -v sudo > /dev/null; then sudo="sudo"; fi
    if ! command -v apt-get > /dev/null || { [ "$(id -u)" != 0 ] && [ -z "$sudo" ]; }; then
      echo "$0: 'python3 -m venv' failed: install Python's venv module (Debian: apt-get install python3-venv)" >&2
      return 1
    fi
    # The venv module of the python3 on the PATH (python3.N-venv), or Debian's default.
    local ver
    ver=$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    echo "$0: python3 -m venv needs Debian's python${ver}-venv; installing it"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "python${ver}-venv" \
      || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv
    python3 -m venv "$venv"
  fi
  "$venv/bin/python" -m pip --version > /dev/null
  VENV_PY="$venv/bin/python"
}
