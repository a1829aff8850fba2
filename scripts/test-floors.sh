#!/usr/bin/env bash
# The suite at the declared floors: every runtime dependency in pyproject.toml installed at
# exactly the lowest version its `>=X` allows, in a venv of its own, then `python -m pytest`
# (the same pytest configuration as `make test`). The floors have one home, pyproject.toml:
# this script derives the `==` pins from it, so changing a floor there changes this job.
# Dev/test tools (pytest, hypothesis, nbclient, ...) and the dependencies' own dependencies
# are left to pip (current versions that fit).
#
#   bash scripts/test-floors.sh [pytest args...]
#
# Environment:
#   PYTHON           interpreter for the venv (default python3)
#   FLOORS_VENV      the venv (default .venv-floors); re-used while the pins and pyproject.toml
#                    are unchanged, built anew otherwise
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV="${FLOORS_VENV:-.venv-floors}"
PY="$VENV/bin/python"

# The pins, from [project].dependencies. Every runtime dependency must state a `>=` floor.
pins="$("$PYTHON" - <<'EOF'
import re, sys, tomllib

with open("pyproject.toml", "rb") as f:
    deps = tomllib.load(f)["project"]["dependencies"]
pins = {}
for dep in deps:
    m = re.fullmatch(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*>=\s*([0-9][^,;\s]*)\s*(?:,[^;]*)?", dep)
    if not m:
        sys.exit(f"test-floors: no `>=` floor in runtime dependency {dep!r} of pyproject.toml")
    pins[re.sub(r"[-_.]+", "-", m[1]).lower()] = m[2]
for name, version in pins.items():
    print(f"{name}=={version}")
EOF
)"

stamp="$( { printf '%s\n' "$pins"; cat pyproject.toml; "$PYTHON" -V; } | sha256sum | cut -d' ' -f1)"
if [ ! -f "$VENV/.installed" ] || [ "$(cat "$VENV/.installed")" != "$stamp" ]; then
  echo "test-floors: building $VENV with"
  printf '  %s\n' $pins
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  printf '%s\n' "$pins" > "$VENV/floors.txt"
  # This machine's pip configuration names local index folders that lack most packages; pip
  # warns once per package about each, which buries the log: those lines alone are dropped.
  quiet() { "$@" 2>&1 | { grep -v "^WARNING: Location 'file:" || true; }; }
  quiet "$PY" -m pip install --quiet --upgrade pip
  # -c: the runtime dependencies at exactly these versions, or the install fails.
  quiet "$PY" -m pip install --quiet -c "$VENV/floors.txt" -e ".[dev]"
  echo "$stamp" > "$VENV/.installed"
else
  echo "test-floors: $VENV is up to date (pins and pyproject.toml unchanged)"
fi

# What is installed, checked against the pins, so the log shows the versions under test.
"$PY" - "$VENV/floors.txt" <<'EOF'
import sys
from importlib.metadata import version

from packaging.version import Version

bad = []
print("test-floors: runtime dependencies installed:")
for line in open(sys.argv[1]).read().split():
    name, _, want = line.partition("==")
    have = version(name)
    print(f"  {name}=={have}")
    if Version(have) != Version(want):
        bad.append(f"{name}: pinned {want}, installed {have}")
if bad:
    sys.exit("test-floors: " + "; ".join(bad))
EOF
# pyarrow that does not import (e.g. one built for numpy 1 under numpy 2) would leave pandas on
# its python-backed str silently: fail instead.
"$PY" -c 'import pandas, pyarrow; print(f"test-floors: pyarrow {pyarrow.__version__} imports; pandas str storage: {pandas.StringDtype().storage}")'

bash scripts/test-setup.sh
"$PY" -m pytest "$@"
