#!/usr/bin/env bash
# What the test suite needs beyond Python packages, installed where it is missing.
# - LibreOffice headless (Debian packages), to convert written workbooks to .xls/.ods as a real
#   spreadsheet application would write them.
set -euo pipefail
if ! command -v soffice >/dev/null 2>&1 && ! command -v libreoffice >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "test-setup: installing LibreOffice headless (Debian packages)…"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
      libreoffice-calc-nogui >/dev/null
  else
    echo "test-setup: LibreOffice is missing and apt-get is not available; tests that need it will fail" >&2
  fi
fi
