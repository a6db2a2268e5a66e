#!/usr/bin/env bash
# Installs Debian's Chromium for the review-page browser test (tests/test_review_browser.py).
# The test drives it with the Python `playwright` package through
# executable_path=/usr/bin/chromium; no browser is ever downloaded by playwright.
# Idempotent and quiet. Run as root (or through sudo).
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo unknown version)"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "installed: $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
