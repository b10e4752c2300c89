""".doc, .wps, .rtf (and .odt, also read natively): through LibreOffice, reported against the original."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixtures.docx_review import review_docx

from replint.cli import main
from replint.errors import ReadError
from replint.readers import ReadOptions, converted

SOFFICE = shutil.which("soffice")


@pytest.fixture(scope="module")
def formats(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed (run .ci/setup.d/libreoffice.sh)")
    folder = tmp_path_factory.mktemp("formats")
    src = folder / "report.docx"
    src.write_bytes(review_docx())
    out = {}
    for fmt in ("doc", "rtf", "odt"):
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(folder / fmt),
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        out[fmt] = folder / fmt / f"report.{fmt}"
    return out


@pytest.mark.parametrize("fmt", ["doc", "rtf", "odt"])
def test_other_formats_are_read_like_the_docx(formats: dict[str, Path], fmt: str):
    path = formats[fmt]
    doc = converted.read_converted(str(path), path.read_bytes(), ReadOptions())
    assert doc.path == str(path)
    texts = [p.text for p in doc.paragraphs]
    # Word's numbering survives the conversion (LibreOffice's RTF export loses the 、).
    assert "一、主要工作" in texts or (fmt == "rtf" and any(t.endswith("主要工作") for t in texts))
    assert any(p.location == "header 1" for p in doc.paragraphs)
    assert any(p.location == "footnote 1" for p in doc.paragraphs)
    result = CliRunner().invoke(main, ["check", "--select", "P101", str(path)])
    assert result.exit_code == 1
    assert f"{path}:4:6: P101" in result.output  # the original's name, not the copy's


def test_without_libreoffice_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(converted, "soffice", lambda: None)
    with pytest.raises(ReadError, match="libreoffice-writer-nogui"):
        converted.read_converted("old.doc", b"\xd0\xcf\x11\xe0", ReadOptions())
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    (folder / "old.wps").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    result = CliRunner().invoke(main, ["check", str(folder)])
    # Never skipped silently: one E finding each, exit 2.
    assert result.exit_code == 2, result.output
    assert result.output.count("E004") == 2 and "apt-get install" in result.output


def test_damaged_file_is_one_clear_error(tmp_path: Path):
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed (run .ci/setup.d/libreoffice.sh)")
    with pytest.raises(ReadError, match="LibreOffice could not convert"):
        converted.read_converted("broken.odt", b"PK\x03\x04 not really", ReadOptions())


def test_walk_lists_unreadable_reports_in_one_line(tmp_path: Path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / "mac.pages").write_bytes(b"PK\x03\x04")
    (folder / "photo.png").write_bytes(b"\x89PNG")  # not a report: not listed
    result = CliRunner().invoke(main, ["check", str(folder)])
    # Only unreadable reports: exit 2, not 0, with one summary line naming them.
    assert result.exit_code == 2
    lines = [x for x in result.output.splitlines() if "skipped" in x]
    assert len(lines) == 1 and lines[0].startswith("2 files skipped")
    assert "scan.pdf" in lines[0] and "mac.pages" in lines[0] and "photo.png" not in lines[0]
    assert "pdftotext" in lines[0]
    (folder / "week.txt").write_text("本周完成XX项任务。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code == 1 and "2 files skipped" in result.output


def test_a_pdf_named_on_the_command_line_says_how_to_get_its_text(tmp_path: Path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    result = CliRunner().invoke(main, ["check", str(pdf)])
    assert result.exit_code == 2
    assert "E004" in result.output and "pdftotext" in result.output
    assert "extensions" not in result.output  # not a config hint
