"""--fix: applying edits, multi-pass fixing, atomic writes that keep encoding, newlines, mode.

Includes property tests (hypothesis): random Chinese/English text with injected faults,
in UTF-8, UTF-8 with BOM and GB18030, with LF, CRLF or CR line endings. After fixing,
the text outside the fix spans is unchanged, a second fix changes nothing, and no
fixable finding is left.
"""

from __future__ import annotations

import difflib
import os
import shutil
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from replint_rules.punctuation import RULES as PUNCTUATION
from replint_rules.slips import RULES as SLIPS
from replint_rules.spelling import RULES as SPELLING
from replint_rules.typography import RULES as TYPOGRAPHY
from replint_rules.wording import RULES as WORDING

from replint.analysis import attach
from replint.model.findings import Edit, Finding, Fix, Severity
from replint.readers import ReadOptions
from replint.readers.text import decode
from replint.readers.txt import read_txt
from replint.rule import resolve_options
from replint.runner.fix import (
    apply_fixes,
    edit_span,
    fix_file,
    fix_files,
    fix_text,
    line_starts,
    unified_diff,
)

ROOT = Path(__file__).resolve().parent.parent
RULES = [*TYPOGRAPHY, *PUNCTUATION, *WORDING, *SLIPS, *SPELLING]
OPTIONS = {r.code: resolve_options(r, None) for r in RULES}


def relint(path: str, text: str) -> list[Finding]:
    """The T and W rules on ``text`` read as a .txt file (what the engine would do)."""
    doc = attach(read_txt(path, b"\xef\xbb\xbf" + text.encode("utf-8"), ReadOptions()))
    return [f for rule in RULES for f in rule().check(doc, OPTIONS[rule.code])]


def finding(line: int, col: int, end_col: int, replacement: str, safe: bool = True) -> Finding:
    return Finding(
        path="a.txt",
        line=line,
        column=col,
        end_line=line,
        end_column=end_col,
        code="T999",
        name="test",
        severity=Severity.WARNING,
        message="m",
        fix=Fix((Edit(line, col, line, end_col, replacement),), safe=safe),
    )


# -- positions and single passes ----------------------------------------------------


def test_line_starts_follow_the_readers_line_breaks():
    text = "ab\r\ncd\ref\ngh"
    starts = line_starts(text)
    assert starts == [0, 4, 7, 10]
    assert [text[s : s + 2] for s in starts] == ["ab", "cd", "ef", "gh"]


def test_edit_span_rejects_positions_outside_the_text():
    text = "ab\ncd"
    starts = line_starts(text)
    assert edit_span(text, starts, Edit(2, 1, 2, 3, "")) == (3, 5)
    assert edit_span(text, starts, Edit(1, 3, 1, 3, "x")) == (2, 2)  # just past the line
    assert edit_span(text, starts, Edit(1, 4, 1, 4, "x")) is None  # into the line break
    assert edit_span(text, starts, Edit(3, 1, 3, 1, "x")) is None
    assert edit_span(text, starts, Edit(2, 3, 2, 1, "x")) is None  # end before start


def test_apply_fixes_from_end_to_start_and_keeps_other_text():
    text = "甲,乙,丙\r\n丁,戊"
    found = [finding(1, 2, 3, "，"), finding(1, 4, 5, "，"), finding(2, 2, 3, "，")]
    result = apply_fixes(text, found)
    assert result.text == "甲，乙，丙\r\n丁，戊"
    assert len(result.applied) == 3 and not result.conflicts


def test_overlapping_fix_waits_for_the_next_pass():
    text = "abcdef"
    first, second = finding(1, 2, 4, "X"), finding(1, 3, 5, "Y")
    result = apply_fixes(text, [second, first])
    assert result.text == "aXdef"
    assert result.applied == (first,) and result.conflicts == (second,)


def test_same_edit_from_two_rules_is_applied_once():
    text = "(一)加强"
    a, b = finding(1, 1, 2, "（"), finding(1, 1, 2, "（")
    result = apply_fixes(text, [a, b])
    assert result.text == "（一)加强" and len(result.applied) == 2


def test_two_insertions_at_one_point_conflict():
    result = apply_fixes("ab", [finding(1, 2, 2, "X"), finding(1, 2, 2, "Y")])
    assert result.text in ("aXb", "aYb") and len(result.conflicts) == 1


def test_unsafe_fixes_only_when_asked_and_stale_edits_skipped():
    text = "abc"
    unsafe, stale = finding(1, 1, 2, "X", safe=False), finding(9, 1, 2, "Y")
    result = apply_fixes(text, [unsafe, stale])
    assert result.text == "abc" and result.unsafe == (unsafe,) and result.invalid == (stale,)
    assert apply_fixes(text, [unsafe], unsafe=True).text == "Xbc"


def test_fix_text_runs_passes_until_nothing_applies():
    # T101 turns the commas full-width, which makes a doubled comma for T104 next pass.
    result = fix_text("a.txt", "加强学习,,提高认识。", relint)
    assert result.text == "加强学习，提高认识。"
    assert result.passes == 2 and result.settled and not result.remaining


def test_fix_text_counts_unsafe_fixes_left():
    result = fix_text("a.txt", "加强学习，。提高认识。", relint)
    assert result.text == "加强学习，。提高认识。"
    assert [f.code for f in result.unsafe] == ["T104"]
    assert (
        fix_text("a.txt", "加强学习，。提高认识。", relint, unsafe=True).text
        == "加强学习。提高认识。"
    )


# -- files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b"")],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_file_keeps_encoding_bom_and_newlines(tmp_path, encoding, bom, newline):
    lines = ["一、工作情况", "截止目前,共组织学习12次。", "(一)加强领导", "（一）完善制度", ""]
    path = tmp_path / "r.txt"
    path.write_bytes(bom + newline.join(lines).encode(encoding))
    result = fix_file(path, relint)
    assert result.written and result.applied == 3, result
    data = path.read_bytes()
    assert data.startswith(bom)
    want = ["一、工作情况", "截至目前，共组织学习12次。", "（一）加强领导", "（一）完善制度", ""]
    assert data == bom + newline.join(want).encode(encoding)
    again = fix_file(path, relint)
    assert again.applied == 0 and not again.written and path.read_bytes() == data


def test_file_keeps_permissions_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("截止目前,完成。\n", encoding="utf-8")
    os.chmod(path, 0o640)
    assert fix_file(path, relint).written
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.txt"]


def test_symlink_is_kept_and_its_target_fixed(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("截止目前,完成。\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert fix_file(link, relint).written
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "截至目前，完成。\n"


def test_diff_mode_writes_nothing(tmp_path):
    path = tmp_path / "r.txt"
    original = "第一行不变\n截止目前,完成。\n".encode()
    path.write_bytes(original)
    before = path.stat().st_mtime_ns
    result = fix_files([(path, None)], relint, diff_only=True)
    assert path.read_bytes() == original and path.stat().st_mtime_ns == before
    (entry,) = result.files
    assert entry.changed and not entry.written
    assert "-截止目前,完成。\n+截至目前，完成。\n" in result.diff
    name = str(path).lstrip("/")
    assert result.diff.startswith(f"--- a/{name}\n+++ b/{name}\n")
    assert result.summary(diff_only=True) == "Would fix 2 findings in 1 file."


def test_unified_diff_marks_a_missing_final_newline():
    diff = unified_diff("r.txt", "甲\n乙", "甲\n丙")
    assert diff.endswith("-乙\n\\ No newline at end of file\n+丙\n\\ No newline at end of file\n")


def test_docx_and_stdin_are_not_rewritten(tmp_path):
    docx = tmp_path / "r.docx"
    docx.write_bytes(b"PK\x03\x04 not really")
    result = fix_files([(docx, None), ("-", None)], relint)
    assert [f.note for f in result.files] == [
        "fix not available for .docx",
        "fix not available for standard input",
    ]
    assert docx.read_bytes() == b"PK\x03\x04 not really"
    assert not result.errors


def test_unreadable_file_is_an_error_not_an_exception(tmp_path):
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01binary")
    result = fix_files([(binary, None), (tmp_path / "missing.txt", None)], relint)
    assert [bool(f.error) for f in result.files] == [True, True]
    assert "binary" in result.files[0].error


def test_stale_findings_from_an_older_text_are_not_applied_blindly(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("短\n", encoding="utf-8")
    stale = finding(1, 5, 6, "，")  # points past the end of the line now
    result = fix_file(path, relint, [stale])
    assert not result.changed and path.read_text(encoding="utf-8") == "短\n"


def test_summary_mentions_unsafe_fixes(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("截止目前,完成，。\n", encoding="utf-8")
    result = fix_files([(path, None)], relint)
    assert result.summary() == "Fixed 2 findings in 1 file. 1 more with --unsafe-fixes."


def test_session_relint_checks_like_the_engine(tmp_path):
    from replint.config import Config
    from replint.plugins import collect, get_plugin_manager
    from replint.session import Session

    session = Session(
        Config(root=tmp_path, select=("T", "W")), collect(get_plugin_manager(autoload=False))
    )
    check = session.relint
    # A leading U+FEFF that belongs to the text must keep its column.
    found = check("r.txt", "\ufeff截止目前,完成。")
    assert sorted((f.code, f.column) for f in found) == [("T101", 6), ("T108", 1), ("W101", 2)]


# -- the seeds: what --fix does to the sample reports ----------------------------------

# (old, new) character changes the safe fixes may make on the seeds, and nothing else.
ALLOWED_CHANGES = {(",", "，"), ("止", "至"), ("(", "（"), (")", "）"), ("、", "")}


def _char_changes(before: str, after: str) -> list[tuple[str, str]]:
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [
        (before[i1:i2], after[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def test_fixing_a_copy_of_the_seeds(tmp_path):
    copies = []
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        copy = tmp_path / seed.name
        shutil.copyfile(seed, copy)
        copies.append(copy)
    before = {p.name: p.read_text(encoding="utf-8") for p in copies}
    result = fix_files([(p, None) for p in copies], relint)
    assert not result.errors

    # A `git diff --stat` of the copies: only these lines change.
    stat_lines = {}
    for path in copies:
        old, new = before[path.name].split("\n"), path.read_text(encoding="utf-8").split("\n")
        assert len(old) == len(new), path.name
        changed = [i + 1 for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
        stat_lines[path.name[:3]] = changed
        for i in changed:
            for change in _char_changes(old[i - 1], new[i - 1]):
                assert change in ALLOWED_CHANGES, (path.name, i, change)
    assert stat_lines == {
        "000": [20],
        "001": [],
        "002": [],
        "003": [5],
        "004": [5, 7, 14, 15, 16, 17],
    }

    # The fixable findings the acceptance list names are gone; the others stay.
    after = {p.name[:3]: relint(p.name, p.read_text(encoding="utf-8")) for p in copies}
    codes = {k: {(f.code, f.line) for f in v} for k, v in after.items()}
    for gone in [("W101", 5), ("W101", 7), ("T101", 5), *[("T109", n) for n in range(14, 18)]]:
        assert gone not in codes["004"]
    assert ("T103", 5) not in codes["003"]
    assert {("T102", 23), ("T105", 23)} <= codes["001"]  # not safely fixable: still reported
    assert not any(f.fix and f.fix.safe for found in after.values() for f in found)

    # Fixing again changes nothing.
    snapshot = {p: p.read_bytes() for p in copies}
    again = fix_files([(p, None) for p in copies], relint)
    assert again.applied == 0 and all(p.read_bytes() == data for p, data in snapshot.items())


# -- property tests ------------------------------------------------------------------

FAULTS = [
    ",", ";", ":", "?", "!", "(", ")", " , ", "、等", "、等等", "，，", "。。", "，。", "、，",
    "。。。", "...", "…", "--", "――", "２０２１", "ＡＢ", "\u200b", "\u00a0", "\ufeff", "\x07",
    "\x85", "截止目前", "截至到", "做为", "按装", "的的", "进一步进一步", "“", "”", "《", "》",
    "（", "）", "二是", "三是", "一是", "约300人左右", "前苏联", "四个自信", "理论自信、道路自信、制度自信",
]  # fmt: skip
PREFIXES = ["", "", "", "(一)", "（一）", "（一）、", "1、", "1.", "一.", "(1)", "  "]
CHARS = (
    "工作制度建设我们的了是在和与加强学习进一步，。、；：？！“”（）《》abcXYZ 0123456789,.:;!?()-"
)

line_strategy = st.tuples(
    st.sampled_from(PREFIXES),
    st.lists(
        st.one_of(st.sampled_from(FAULTS), st.text(alphabet=CHARS, min_size=1, max_size=8)),
        max_size=10,
    ).map("".join),
).map("".join)


def _outside_spans_unchanged(old: str, new: str, spans) -> None:
    pieces, pos = [], 0
    for start, end, replacement in spans:
        assert start >= pos  # spans do not overlap
        pieces += [old[pos:start], replacement]
        pos = end
    pieces.append(old[pos:])
    assert "".join(pieces) == new


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(line_strategy, min_size=1, max_size=6),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    final_newline=st.booleans(),
    codec=st.sampled_from([("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b"")]),
    unsafe=st.booleans(),
)
def test_fixing_random_text(tmp_path, lines, newline, final_newline, codec, unsafe):
    encoding, bom = codec
    raw = newline.join(lines) + (newline if final_newline else "")
    path = tmp_path / "random.txt"
    path.write_bytes(bom + raw.encode(encoding))
    decoded = decode(str(path), path.read_bytes())
    original = decoded.text

    # The passes, one by one: each changes only the text inside its fix spans.
    current, found = original, relint("random.txt", original)
    for _ in range(10):
        step = apply_fixes(current, found, unsafe=unsafe)
        if step.text == current:
            break
        _outside_spans_unchanged(current, step.text, step.spans)
        current, found = step.text, relint("random.txt", step.text)

    result = fix_file(path, relint, unsafe=unsafe, display="random.txt")
    assert not result.error, result.error
    data = path.read_bytes()
    assert data == decoded.bom + current.encode(decoded.encoding)  # same text, same bytes
    assert _breaks(original) == _breaks(current)  # fixes never add, drop or change a line break
    # Nothing fixable is left, and a second run is a no-op.
    left = [f for f in relint("random.txt", current) if f.fix and (f.fix.safe or unsafe)]
    assert not left, [(f.code, f.message) for f in left]
    again = fix_file(path, relint, unsafe=unsafe, display="random.txt")
    assert again.applied == 0 and not again.written and path.read_bytes() == data


def _breaks(text: str) -> list[str]:
    """The line breaks of a text, in order (fixes never add, drop or change one)."""
    import re

    return re.findall(r"\r\n|\r|\n", text)
