#!/bin/sh
# System packages the tests run for real, from Debian: headless Chromium for tests/test_viz_browser.py and
# benchmarks/viz_render.py (driven by the Playwright Python client via executable_path; never `playwright
# install`: no browser downloads), and the Virtuoso server for tests/test_remote_virtuoso.py (the tests start
# their own instance on loopback; the package's service is never started). Idempotent and quiet.
set -e
NEED=""
[ -x /usr/bin/chromium ] || NEED="$NEED chromium"
command -v virtuoso-t >/dev/null 2>&1 || NEED="$NEED virtuoso-opensource"
if [ -n "$NEED" ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
    $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $NEED >/dev/null
fi
if ! python3 -c "import playwright.sync_api" >/dev/null 2>&1; then
    python3 -m pip install -q playwright >/dev/null
fi
