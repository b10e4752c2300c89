"""Word 97-2003 (.doc), WPS (.wps) and RTF (.rtf) reports, read through LibreOffice
(``.odt`` has its own reader, :mod:`replint.readers.odt`, but converts here too): ``soffice --headless --convert-to docx`` in a temporary directory,
then the .docx reader on the copy. Findings name the original file.

LibreOffice is an optional, real component (Debian: ``libreoffice-writer-nogui``).
Without it each such file gets one E004 finding naming the install command, so no
report is skipped silently.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from replint.model.errors import ReadError

if TYPE_CHECKING:
    from replint.model.document import Document
    from replint.readers import ReadOptions

CODE = "E004"
INSTALL = "sudo apt-get install libreoffice-writer-nogui"
TIMEOUT = 120  # seconds; a report converts in one or two
_NAMES = {".doc": "Word 97-2003", ".wps": "WPS", ".rtf": "RTF", ".odt": "OpenDocument"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_converted(path: str, data: bytes, options: ReadOptions) -> Document:
    """Convert to .docx with LibreOffice and read that; ReadError (E004) when it cannot."""
    from replint.readers.docx import read_docx

    suffix = PurePath(path).suffix.lower() or ".doc"
    kind = _NAMES.get(suffix, suffix)
    program = soffice()
    if program is None:
        raise ReadError(
            f"{kind} files ({suffix}) are read through LibreOffice, which is not installed: "
            f"install it (`{INSTALL}` on Debian/Ubuntu) and run replint again, or save the "
            "file as .docx in Word or WPS",
            code=CODE,
        )
    if not data:
        raise ReadError(f"the file is empty (0 bytes); it is not a {kind} document", code=CODE)
    with tempfile.TemporaryDirectory(prefix="replint-convert-") as tmp:
        folder = Path(tmp)
        source = folder / ("report" + suffix)
        source.write_bytes(data)
        # A profile of its own: LibreOffice refuses to run twice on one profile.
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise ReadError(
                f"LibreOffice took more than {TIMEOUT} s to convert this {kind} file; "
                "open it in Word or WPS and save it as .docx",
                code=CODE,
            ) from None
        except OSError as exc:
            raise ReadError(
                f"LibreOffice could not be started ({exc.strerror})", code=CODE
            ) from None
        converted = folder / "out" / "report.docx"
        if not converted.exists():
            raise ReadError(
                f"LibreOffice could not convert this {kind} file (damaged, encrypted, or not "
                f"really {suffix}); open it in Word or WPS and save it as .docx",
                code=CODE,
            )
        return read_docx(path, converted.read_bytes(), options)


def skipped_summary(skipped: list[Path]) -> str:
    """One line for the files a directory walk could not read: "3 files skipped: …"."""
    from replint.readers import UNREADABLE

    names = ", ".join(p.as_posix() for p in skipped[:5]) + (" …" if len(skipped) > 5 else "")
    kinds = sorted({p.suffix.lower() for p in skipped})
    advice = "; ".join(UNREADABLE[k] for k in kinds if k in UNREADABLE)
    files = "file" if len(skipped) == 1 else "files"
    return f"{len(skipped)} {files} skipped (replint cannot read them): {names}. {advice}"
