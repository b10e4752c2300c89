#!/usr/bin/env bash
# LibreOffice Writer (headless) and poppler-utils: the annotate tests open the reviewed
# .docx in LibreOffice, convert it to .odt and .pdf, and render the PDF to PNG; the
# .doc/.wps/.rtf readers convert through `soffice --headless --convert-to docx`.
set -euo pipefail
if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -q
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends \
    libreoffice-writer-nogui poppler-utils fonts-noto-cjk
