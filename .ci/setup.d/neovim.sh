#!/usr/bin/env bash
# Neovim from Debian's packages: tests/test_server_nvim.py drives its built-in LSP
# client headless against `replint server`. Idempotent.
set -euo pipefail
if command -v nvim >/dev/null 2>&1; then
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends neovim
