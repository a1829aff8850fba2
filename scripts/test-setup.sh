#!/usr/bin/env bash
# What the test suite needs beyond Python packages, installed where it is missing (Debian packages):
# - LibreOffice headless: Calc, to convert written workbooks to .xls/.ods as a real spreadsheet
#   application would write them; Writer, which read_report uses to read .doc/.wps/.rtf/.odt reports
#   (converted to .docx), write_report uses to print a report as PDF, and the tests use to write
#   .doc, PDF and HTML reports.
# - Chromium and its WebDriver (chromium, chromium-driver), to render the report cards in a real
#   browser (tests/test_card_browser.py, through selenium); no browser can be downloaded by the tests.
set -euo pipefail
have_package() {
  # A package counts as present when dpkg says it is installed; without dpkg, when its command runs.
  if command -v dpkg-query >/dev/null 2>&1; then
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
  else
    command -v "$2" >/dev/null 2>&1
  fi
}
missing=()
for entry in libreoffice-calc-nogui:soffice libreoffice-writer-nogui:soffice chromium:chromium chromium-driver:chromedriver; do
  pkg="${entry%%:*}"; cmd="${entry##*:}"
  if ! have_package "$pkg" "$cmd"; then
    missing+=("$pkg")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "test-setup: installing ${missing[*]} (Debian packages)…"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  else
    echo "test-setup: ${missing[*]} missing and apt-get is not available; tests that need them will fail" >&2
  fi
fi
