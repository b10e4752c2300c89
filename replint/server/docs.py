"""Rule documentation pages that diagnostics link to (``codeDescription``).

Each page is the text ``replint explain CODE`` prints, written once as Markdown into
replint's per-user cache folder (or the temporary folder when there is none), so a
click on a diagnostic's code opens it in the editor.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from replint.infra import __version__


def pages_dir(cache: Path | None) -> Path:
    """``cache``/rule-docs/VERSION, or a per-user temporary folder without a cache."""
    if cache is None:
        user = os.getuid() if hasattr(os, "getuid") else "user"
        cache = Path(tempfile.gettempdir()) / f"replint-{user}"
    return cache / "rule-docs" / __version__


def write_page(cache: Path | None, code: str, text: str) -> str:
    """Write (or reuse) the page for ``code``; return its file URI."""
    folder = pages_dir(cache)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{code}.md"
    try:
        current = path.read_text(encoding="utf-8")
    except OSError:
        current = None
    if current != text:
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    return path.resolve().as_uri()
