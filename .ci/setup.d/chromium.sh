#!/usr/bin/env bash
# Chromium (headless) and CJK fonts: the --format html tests load the page in a real
# browser over the DevTools protocol, check its DOM, its network and its scripts, and
# take screenshots (Chinese text needs a CJK font to render).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -q
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends \
    chromium fonts-noto-cjk fontconfig
