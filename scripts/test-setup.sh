#!/usr/bin/env bash
# What the test suite needs beyond Python packages, installed where it is missing.
# - LibreOffice headless (Debian packages), to convert written workbooks to .xls/.ods as a real
#   spreadsheet application would write them.
# - Chromium and its WebDriver (Debian packages chromium, chromium-driver), to render the report
#   cards in a real browser (tests/test_card_browser.py, through selenium); no browser can be
#   downloaded by the tests themselves.
set -euo pipefail
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
UPDATED=""
apt_install() {
  if [ -z "$UPDATED" ]; then
    $SUDO apt-get update -qq
    UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
if ! command -v soffice >/dev/null 2>&1 && ! command -v libreoffice >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "test-setup: installing LibreOffice headless (Debian packages)…"
    apt_install libreoffice-calc-nogui
  else
    echo "test-setup: LibreOffice is missing and apt-get is not available; tests that need it will fail" >&2
  fi
fi
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "test-setup: installing Chromium and chromium-driver (Debian packages)…"
    apt_install chromium chromium-driver
  else
    echo "test-setup: Chromium is missing and apt-get is not available; the browser tests will fail" >&2
  fi
fi
