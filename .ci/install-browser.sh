#!/bin/sh
# Headless Chromium for tests/test_viz_browser.py and benchmarks/viz_render.py: Debian's chromium package and
# the Playwright Python client that drives it via executable_path (never `playwright install`: no browser
# downloads). Idempotent and quiet; sourced or run from .ci/run.
set -e
if ! [ -x /usr/bin/chromium ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
    $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if ! python3 -c "import playwright.sync_api" >/dev/null 2>&1; then
    python3 -m pip install -q playwright >/dev/null
fi
