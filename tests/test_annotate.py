"""`replint annotate`: every part read, findings as Word comments, fixes as revisions.

The reviewed copy is checked three ways: with this project's own reader (what Word shows
once every change is accepted), with python-docx, and with LibreOffice from Debian
(converted to .odt and .pdf; the .odt must still hold the comments and the tracked
changes). LibreOffice tests skip, saying why, where `soffice` is not installed
(.ci/setup.d/libreoffice.sh installs it).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from fixtures.docx_files import p, raw_docx
from fixtures.docx_review import LETTERHEAD, review_docx

from replint.analysis import attach
from replint.annotate import AnnotateError, annotate_docx
from replint.api import lint_paths
from replint.cli import main
from replint.readers import ReadOptions
from replint.readers.docx import read_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (run .ci/setup.d/libreoffice.sh)",
)


@pytest.fixture
def review(tmp_path: Path) -> Path:
    path = tmp_path / "report.docx"
    path.write_bytes(review_docx())
    return path


def annotated(path: Path, *args: str) -> Path:
    result = CliRunner().invoke(main, ["annotate", str(path), *args])
    assert result.exit_code == 0, result.output
    return path.with_name(path.stem + ".replint.docx")


def anchored(data: bytes) -> dict[str, tuple[str, str]]:
    """comment id -> (text inside its range, comment text), from the package XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        doc = ElementTree.fromstring(zf.read("word/document.xml"))
        comments = ElementTree.fromstring(zf.read("word/comments.xml"))
    open_ids: set[str] = set()
    spans: dict[str, list[str]] = {}
    for el in doc.iter():
        if el.tag == W + "commentRangeStart":
            open_ids.add(el.get(W + "id"))
            spans.setdefault(el.get(W + "id"), [])
        elif el.tag == W + "commentRangeEnd":
            open_ids.discard(el.get(W + "id"))
        elif el.tag in (W + "t", W + "delText") and el.text:
            for cid in open_ids:
                spans[cid].append(el.text)
    texts = {
        c.get(W + "id"): "\n".join("".join(t.text or "" for t in q.iter(W + "t")) for q in c)
        for c in comments.iter(W + "comment")
    }
    return {cid: ("".join(parts), texts[cid]) for cid, parts in spans.items()}


# -- reading every part ------------------------------------------------------------------


def test_every_part_is_read_and_named(review: Path):
    doc = read_docx("report.docx", review.read_bytes(), ReadOptions())
    where = {p.text.strip(): (p.kind, p.location) for p in doc.paragraphs}
    letterheads = [(p.kind, p.location) for p in doc.paragraphs if p.text == LETTERHEAD]
    assert letterheads == [("text", ""), ("header", "header 1")]  # body signature, header
    assert where["第 1 页"] == ("footer", "footer 1")
    assert where["数据来源：某某局20XX年统计年报。"] == ("note", "footnote 1")
    # Both text boxes: the DrawingML one once (not again from its VML fallback), and
    # the one only the fallback holds.
    assert where["某某同志负责联络"][1] == "text box on paragraph 8"
    assert where["联系电话：XXXX-XXXXXXX"][1] == "text box on paragraph 8"
    assert sum(p.text == "某某同志负责联络" for p in doc.paragraphs) == 1
    # The reviewer's comment is context, never text of the report.
    assert not any("这里XX要写具体" in p.text for p in doc.paragraphs)
    # The earlier reviewer's tracked insertion is read as Word shows it.
    assert "继续抓好落实，确保完成全年任务。" in where
    # Body paragraph numbers are unchanged by the parts after the body.
    assert [p.line for p in doc.paragraphs if not p.location and p.kind == "text"][:3] == [1, 2, 3]


def test_word_numbering_is_shown_and_typed_number_gives_one_finding(review: Path):
    doc = read_docx("report.docx", review.read_bytes(), ReadOptions())
    by_line = {p.line: p for p in doc.paragraphs}
    assert by_line[2].text == "一、主要工作" and by_line[2].number == "一、"
    assert by_line[3].text == "（一）加强组织领导"
    assert by_line[7].text == "三、下一步工作打算"
    # Columns stay those of the text in the file: Word's number sits at column 1.
    assert by_line[5].position(len("二、")) == (5, 1)
    headings = [h.label for h in attach(doc).analysis.headings]
    assert any(h.startswith("一、主要工作") for h in headings)
    findings = lint_paths([str(review)]).findings
    on_five = [f for f in findings if f.line == 5]
    assert [f.code for f in on_five] == ["S106"]
    assert "Word numbers this paragraph automatically (“二、”)" in on_five[0].message
    assert (on_five[0].column, on_five[0].end_column) == (1, 3)
    # The sections are found (the numbers are seen), so no part is reported missing.
    assert not [f for f in findings if f.code.startswith("S") and f.code != "S106"]


def test_findings_in_parts_say_which_part(review: Path):
    findings = lint_paths([str(review)], select=("P",)).findings
    header = [f for f in findings if "(header 1)" in f.message]
    note = [f for f in findings if "(footnote 1)" in f.message]
    box = [f for f in findings if "(text box on paragraph 8)" in f.message]
    assert header and note and len(box) >= 2
    assert not any("这里" in f.message for f in findings)


# -- the reviewed copy -----------------------------------------------------------------------


def test_comments_anchor_on_exactly_their_span(review: Path):
    original = review.read_bytes()
    out = annotated(review)
    assert review.read_bytes() == original  # the original is never modified
    data = out.read_bytes()
    spans = anchored(data)
    by_code: dict[str, list[tuple[str, str]]] = {}
    for span, text in spans.values():
        by_code.setdefault(text.split(" ", 1)[0], []).append((span, text))
    assert any(span == "XX" and "“XX” in “XX项”" in text for span, text in by_code["P101"])
    # The fix's range: the deleted half-width comma and the inserted full-width one.
    assert [span for span, _ in by_code["T101"]] == [",，"]
    assert [span for span, _ in by_code["S106"]] == ["一、"]
    s106 = by_code["S106"][0][1]
    assert s106.startswith("S106 doubled-number: ") and "Suggested (tracked change)" in s106
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        comments = zf.read("word/comments.xml").decode()
        document = zf.read("word/document.xml").decode()
    # The reviewer's own comment and tracked insertion are still there, untouched.
    assert 'w:author="李审核"' in comments and "这里XX要写具体" in comments
    assert '<w:ins w:id="90" w:author="李审核"' in document
    assert comments.count('w:author="replint"') == len(spans) - 1
    # Runs keep their formatting when split: the bold XX is still bold.
    assert re.search(r"<w:r><w:rPr><w:b/></w:rPr><w:t[^>]*>XX</w:t></w:r>", document)


def test_untouched_parts_survive_byte_for_byte(review: Path):
    out = annotated(review)
    with zipfile.ZipFile(review) as a, zipfile.ZipFile(out) as b:
        assert a.namelist() == b.namelist()
        changed = {n for n in a.namelist() if a.read(n) != b.read(n)}
    assert changed == {"word/document.xml", "word/comments.xml"}


def test_accepting_every_change_gives_what_fix_gives(review: Path, tmp_path: Path):
    out = annotated(review)
    accepted = read_docx("x.docx", out.read_bytes(), ReadOptions())
    before = read_docx("x.docx", review.read_bytes(), ReadOptions())
    # The same edits applied by `replint --fix` to the text of each paragraph.
    txt = tmp_path / "report.txt"
    body = [p for p in before.paragraphs if not p.location]
    txt.write_text("\n".join(p.text for p in body) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--fix", "--select", "T101", str(txt)])
    assert result.exit_code in (0, 1), result.output
    fixed = txt.read_text(encoding="utf-8").splitlines()
    got = [p.text for p in accepted.paragraphs if not p.location]
    # S106's fix deletes the typed number, which a .txt cannot show (it has no Word
    # numbering): compare the other paragraphs with --fix, that one by hand.
    assert got[4] == "二、存在问题"
    assert [t for i, t in enumerate(got) if i != 4] == [t for i, t in enumerate(fixed) if i != 4]
    assert "，群众满意度" in got[3]


def test_no_fixes_gives_comments_only(review: Path):
    out = annotated(review, "--no-fixes")
    with zipfile.ZipFile(out) as zf:
        document = zf.read("word/document.xml").decode()
    assert 'w:author="replint"' not in document  # no w:ins / w:del of replint's
    assert "<w:commentRangeStart" in document
    text = [p.text for p in read_docx("x.docx", out.read_bytes(), ReadOptions()).paragraphs]
    assert "今年共完成XX项重点任务,群众满意度明显提升。" in text


def test_refuses_a_copy_that_already_has_replint_changes(review: Path):
    out = annotated(review)
    with pytest.raises(AnnotateError, match="already has replint comments or changes"):
        annotate_docx(out.read_bytes(), [])
    result = CliRunner().invoke(
        main, ["annotate", str(out), "-o", str(out.with_name("again.docx"))]
    )
    assert result.exit_code == 2 and "already has replint" in result.output


def test_refuses_encrypted_and_non_docx(tmp_path: Path):
    from fixtures.docx_files import ole2_file

    locked = tmp_path / "locked.docx"
    locked.write_bytes(ole2_file("EncryptionInfo", "EncryptedPackage"))
    result = CliRunner().invoke(main, ["annotate", str(locked)])
    assert result.exit_code == 2 and "password" in result.output
    assert not (tmp_path / "locked.replint.docx").exists()
    txt = tmp_path / "a.txt"
    txt.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["annotate", str(txt)])
    assert result.exit_code == 2 and ".docx files only" in result.output


def test_directory_gives_one_copy_per_document(tmp_path: Path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.docx").write_bytes(
            raw_docx(p("本月完成XX项任务。") + p("下一步，继续努力。"))
        )
    result = CliRunner().invoke(main, ["annotate", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(x.name for x in tmp_path.glob("*.replint.docx")) == [
        "a.replint.docx",
        "b.replint.docx",
    ]
    # A second run does not annotate the reviewed copies themselves.
    result = CliRunner().invoke(main, ["annotate", str(tmp_path)])
    assert result.exit_code == 0 and "a.replint.replint" not in result.output


def test_document_without_comments_part_gets_one(tmp_path: Path):
    path = tmp_path / "plain.docx"
    path.write_bytes(raw_docx(p("今年完成XX项任务。")))
    out = annotated(path, "-o", str(tmp_path / "out.docx"))
    assert out.name == "plain.replint.docx" and not out.exists()
    out = tmp_path / "out.docx"
    with zipfile.ZipFile(out) as zf:
        assert "comments.xml" in zf.read("word/_rels/document.xml.rels").decode()
        assert "/word/comments.xml" in zf.read("[Content_Types].xml").decode()
    import docx

    opened = docx.Document(str(out))  # python-docx opens it
    assert opened.paragraphs[0].text == "今年完成XX项任务。"
    assert next(text for _, text in anchored(out.read_bytes()).values()).startswith("P101")


# -- LibreOffice (a real Word processor) ------------------------------------------------------


def soffice_convert(src: Path, fmt: str, outdir: Path, spec: str = "") -> Path:
    assert SOFFICE is not None
    profile = outdir / "profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            spec or fmt,
            "--outdir",
            str(outdir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    out = outdir / (src.stem + "." + fmt)
    assert out.exists(), f"LibreOffice wrote no {fmt}"
    return out


@needs_soffice
def test_libreoffice_keeps_comments_and_tracked_changes(review: Path, tmp_path: Path):
    out = annotated(review)
    odt = soffice_convert(out, "odt", tmp_path / "lo")
    with zipfile.ZipFile(odt) as zf:
        content = zf.read("content.xml").decode()
    creators = re.findall(r"<office:annotation\b.*?<dc:creator>([^<]*)</dc:creator>", content)
    ours = [t for _, t in anchored(out.read_bytes()).values() if re.match(r"[A-Z][0-9]{3} ", t)]
    assert creators.count("replint") == len(ours) >= 9
    assert "李审核" in creators  # the reviewer's comment too
    # Tracked changes: replint's deletions (the half-width comma, the typed 一、) and
    # insertion (the full-width comma), and the earlier reviewer's insertion.
    regions = re.findall(r"<text:changed-region.*?</text:changed-region>", content, re.S)
    replint_regions = [r for r in regions if "<dc:creator>replint</dc:creator>" in r]
    assert any("<text:deletion>" in r and ">,<" in r for r in replint_regions)
    assert any("<text:insertion>" in r for r in replint_regions)
    assert any("李审核" in r for r in regions)
    # The comment on XX is anchored on XX in LibreOffice too.
    assert re.search(
        r'<office:annotation office:name="([^"]+)".*?</office:annotation>XX'
        r'<office:annotation-end office:name="\1"/>',
        content,
        re.S,
    )


@needs_soffice
def test_libreoffice_renders_the_reviewed_copy_to_pdf(review: Path, tmp_path: Path):
    out = annotated(review)
    # Comments exported as PDF notes: one per comment, replint's text in each.
    notes = '{"ExportNotes":{"type":"boolean","value":"true"}}'
    pdf = soffice_convert(out, "pdf", tmp_path / "lo", f"pdf:writer_pdf_Export:{notes}")
    raw = pdf.read_bytes()
    assert raw.startswith(b"%PDF")
    contents = [
        bytes.fromhex(h.decode()).decode("utf-16-be")
        for h in re.findall(rb"/Subtype\s*/Text\b.*?/Contents\s*<FEFF([0-9A-F]+)>", raw, re.S)
    ]
    ours = [c for c in contents if re.match(r"[A-Z][0-9]{3} ", c)]
    assert len(ours) == len(anchored(out.read_bytes())) - 1  # all but the reviewer's
    assert any(c.startswith("S106 doubled-number") for c in ours)
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        text = subprocess.run(
            [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "主要工作" in text


@needs_soffice
def test_libreoffice_round_trip_reads_the_same(review: Path, tmp_path: Path):
    """A .docx saved again by LibreOffice reads with the same body text."""
    out = soffice_convert(review, "docx", tmp_path / "lo")
    again = read_docx("x.docx", out.read_bytes(), ReadOptions())
    first = read_docx("x.docx", review.read_bytes(), ReadOptions())
    body = [p.text for p in first.paragraphs if p.kind not in ("header", "footer", "note")]
    body_again = [p.text for p in again.paragraphs if p.kind not in ("header", "footer", "note")]
    assert body_again[:8] == body[:8]
    assert any(p.kind == "header" and LETTERHEAD in p.text for p in again.paragraphs)


# -- every seed, with Word's features mixed in -------------------------------------------------

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


@pytest.mark.parametrize("seed", SEEDS, ids=[s.name[:3] for s in SEEDS])
def test_every_comment_covers_its_finding_in_the_seeds(seed: Path, tmp_path: Path):
    """Tables, content controls, tracked changes, split runs: each comment covers exactly
    the text its finding matched, and comments alone change no text."""
    from fixtures.docx_files import seed_to_docx

    path = tmp_path / "seed.docx"
    path.write_bytes(seed_to_docx(seed.read_text(encoding="utf-8")).data)
    findings = lint_paths([str(path)]).findings
    assert findings
    result = annotate_docx(path.read_bytes(), findings, fixes=False)
    assert result.comments == len(findings)
    spans = anchored(result.data)
    texts = {text: span for span, text in spans.values()}
    original = read_docx("x.docx", path.read_bytes(), ReadOptions())
    for f in findings:
        body = f"{f.code} {f.name}: {f.message}"
        span = next(s for t, s in texts.items() if t.startswith(body))
        if f.matched and f.line == f.end_line and f.column < f.end_column:
            assert span == f.matched, f
        else:
            assert span == original.lines[f.line - 1], f  # the whole paragraph
    after = read_docx("x.docx", result.data, ReadOptions())
    assert [p.text for p in after.paragraphs] == [p.text for p in original.paragraphs]
    # With fixes: accepting them gives exactly the fixed text of each paragraph.
    with_fixes = annotate_docx(path.read_bytes(), findings)
    accepted = {
        p.line: p.text for p in read_docx("x.docx", with_fixes.data, ReadOptions()).paragraphs
    }
    edits = [e for f in findings if f.fix and f.fix.safe for e in f.fix.edits]
    for line in {e.line for e in edits}:
        text = original.lines[line - 1]
        placed = sorted((e for e in edits if e.line == line), key=lambda e: -e.column)
        kept, last = [], None
        for e in sorted(placed, key=lambda e: e.column):
            if last is None or e.column >= last:
                kept.append(e)
                last = e.end_column
        for e in sorted(kept, key=lambda e: -e.column):
            text = text[: e.column - 1] + e.replacement + text[e.end_column - 1 :]
        assert accepted[line] == text


def test_runs_of_tabs_and_empty_elements(tmp_path: Path):
    """Self-closing run children (tabs, breaks) keep their exact bytes around a split."""
    tabs = "<w:r><w:tab/><w:tab/><w:t>今年完成XX项任务</w:t><w:br/><w:t>,继续推进。</w:t></w:r>"
    path = tmp_path / "tabs.docx"
    path.write_bytes(raw_docx(f"<w:p>{tabs}</w:p>"))
    findings = lint_paths([str(path)]).findings
    result = annotate_docx(path.read_bytes(), findings)
    spans = [span for span, _ in anchored(result.data).values()]
    assert "XX" in spans
    text = read_docx("x.docx", result.data, ReadOptions()).paragraphs[0].text
    assert text.startswith("\t\t今年完成XX项任务\n")
    with zipfile.ZipFile(io.BytesIO(result.data)) as zf:
        document = zf.read("word/document.xml").decode()
    assert "<w:r><w:tab/><w:tab/>" in document and "<w:br/>" in document


def test_findings_where_word_ignores_comment_ranges_are_commented_on_their_host(review: Path):
    """MS-OI29500 2.1.315 c: Word ignores commentRangeStart in headers, footers, text
    boxes, footnotes and endnotes. Such findings go on the body paragraph that holds the
    text box or cites the note (the letterhead: the first paragraph), naming the part."""
    data = annotated(review).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        document = ElementTree.fromstring(zf.read("word/document.xml"))
        assert b"commentRangeStart" not in zf.read("word/header1.xml")
    boxes = document.findall(f".//{W}txbxContent")
    assert boxes and not any(list(b.iter(W + "commentRangeStart")) for b in boxes)
    spans = anchored(data)
    on = {text: span for span, text in spans.values() if re.match(r"[A-Z][0-9]{3} ", text)}
    note = next(span for msg, span in on.items() if "(footnote 1)" in msg)
    assert note.startswith("今年共完成")  # the paragraph citing footnote 1
    box = next(span for msg, span in on.items() if "(text box on paragraph 8)" in msg)
    assert box.startswith("继续抓好落实")  # the paragraph the text box sits on
    header = next(span for msg, span in on.items() if "(header 1)" in msg)
    assert header == "关于2026年上半年工作情况的报告"
