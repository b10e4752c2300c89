"""``--format html`` without a browser: markup, escaping, CSP, facts, fixes, links.

The page is parsed with the standard library's HTML parser, the way a browser would
tokenise it; ``test_html_browser.py`` loads it in a real Chromium.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import run_replint
from fixtures.html_pages import HOSTILE_NAME, write_reports

from replint.findings import Edit, Finding, Fix, Severity
from replint.formatters.html import HtmlFormatter
from replint.formatters.html.page import OPEN_LIMIT, Linker, _marked, parse_facts, render_page
from replint.report import Report

VOID = {"meta", "br", "input", "img", "hr", "link", "wbr", "col", "area", "base", "source"}


class Tree(HTMLParser):
    """Elements with their attributes and text, and a check that tags nest properly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, list[str]] = {}  # element id -> text inside it
        self.open_ids: list[str] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.elements.append((tag, a))
        if tag in VOID:
            return
        self.stack.append((tag, a))
        for key in self._keys(a):
            self.open_ids.append(key)
            self.texts.setdefault(key, [])

    @staticmethod
    def _keys(a: dict[str, str | None]) -> list[str]:
        keys = [a["id"] or ""] if a.get("id") else []
        return [*keys, f"data-f={a['data-f']}"] if a.get("data-f") is not None else keys

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        _tag, a = self.stack.pop()
        for key in self._keys(a):
            self.open_ids.remove(key)

    def handle_data(self, data: str) -> None:
        for i in dict.fromkeys(self.open_ids):
            self.texts[i].append(data)
        if self.stack and self.stack[-1][0] == "script":
            self.scripts.append(data)
        if self.stack and self.stack[-1][0] == "style":
            self.styles.append(data)

    def text(self, element_id: str) -> str:
        return "".join(self.texts[element_id])


def parse(page: str) -> Tree:
    tree = Tree()
    tree.feed(page)
    tree.close()
    assert tree.errors == []
    assert tree.stack == []
    return tree


def _finding(**kw: object) -> Finding:
    base: dict[str, object] = {
        "path": "a.txt",
        "line": 1,
        "column": 1,
        "end_line": 1,
        "end_column": 3,
        "code": "P101",
        "name": "placeholder",
        "severity": Severity.ERROR,
        "message": "placeholder left in the text",
    }
    base.update(kw)
    return Finding(**base)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_reports(tmp_path_factory.mktemp("html") / "reports")


@pytest.fixture(scope="module")
def page(reports: dict[str, Path]) -> tuple[str, list[dict[str, object]]]:
    folder = reports["a"].parent
    html_out = run_replint("--format", "html", ".", cwd=folder)
    json_out = run_replint("--format", "json", ".", cwd=folder)
    assert html_out.returncode == 1, html_out.stderr
    return html_out.stdout.decode("utf-8"), json.loads(json_out.stdout)


# ------------------------------------------------------------------- spans and markup


def test_every_finding_has_a_mark_on_its_exact_span(page, reports):
    text, findings = page
    tree = parse(text)
    lines = {p.name: p.read_text(encoding="utf-8").splitlines() for p in reports.values()}
    checked = 0
    for k, f in enumerate(findings):
        source = lines[str(f["path"])]
        if f["column"] == f["end_column"] == 1 and f["line"] == f["end_line"]:
            # document-level: a note where it points, not a mark
            assert f"f{k}" in tree.texts
            assert f"m{k}" not in tree.texts
            continue
        expected = source[f["line"] - 1][f["column"] - 1 : f["end_column"] - 1]
        assert tree.text(f"m{k}") == expected, f
        checked += 1
    assert checked >= 6


def test_overlapping_spans_nest_and_crossing_spans_split() -> None:
    a = _finding(column=1, end_column=9, code="R103")  # 0..8
    b = _finding(column=3, end_column=5)  # nested in a
    c = _finding(column=7, end_column=12, code="W101")  # crosses a's end
    caret = _finding(column=10, end_column=10, code="T105")
    out = _marked("abcdefghijkl", 1, [(0, a), (1, b), (2, c), (3, caret)])
    tree = parse(f"<p>{out}</p>")
    assert tree.text("m0") == "abcdefgh"
    assert tree.text("m1") == "cd"
    # c is split where a closes: its pieces share data-f="2" and together hold its span
    assert tree.text("data-f=2") == "ghijk"
    assert out.count('data-f="2"') == 2
    assert out.count('id="m2"') == 1
    assert 'class="f caret s-error" data-f="3"' in out
    assert re.sub(r"<[^>]+>", "", out) == "abcdefghijkl"


def test_multiline_finding_is_marked_on_each_line_and_listed_once() -> None:
    f = _finding(line=1, column=3, end_line=2, end_column=3, code="R102")
    report = Report(findings=(f,), files=("a.txt",), sources={"a.txt": ("abcd", "efgh")})
    text = render_page(report)
    parse(text)
    first = _marked("abcd", 1, [(0, f)])
    second = _marked("efgh", 2, [(0, f)])
    assert 'id="m0"' in first and ">cd</mark>" in first
    assert 'id="m0"' not in second and ">ef</mark>" in second
    assert text.count('id="f0"') == 1


# ----------------------------------------------------------------------------- safety


def test_hostile_text_and_file_name_are_escaped(page):
    text, _findings = page
    tree = parse(text)
    tags = [tag for tag, _a in tree.elements]
    assert "img" not in tags
    assert "svg" in tags  # the page's own charts only
    assert all(a.get("class") == "bars" for tag, a in tree.elements if tag == "svg")
    assert tags.count("script") == 1
    assert "&lt;/p&gt;&lt;b&gt;bold&lt;/b&gt;" in text
    assert not any(
        k.startswith("on") for _t, a in tree.elements for k in a
    )  # no event-handler attribute came through
    assert not any(
        (v or "").strip().lower().startswith("javascript:")
        for _t, a in tree.elements
        for v in a.values()
    )
    assert "&lt;script&gt;window.__pwned = 1;" in text
    assert "&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned = 2;" in text
    assert "&amp;amp;" in text  # the report's own "&amp;" shown as typed
    assert "q3_&quot;&gt;&lt;img src=x onerror=alert(6)&gt;.txt" in text
    assert HOSTILE_NAME not in text


def test_csp_allows_only_the_pages_own_script_and_style(page):
    text, _findings = page
    tree = parse(text)
    metas = [a for t, a in tree.elements if t == "meta" and a.get("http-equiv")]
    assert len(metas) == 1
    csp = metas[0]["content"] or ""
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["default-src"] == "'none'"

    def sha(body: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"

    assert directives["script-src"] == sha("".join(tree.scripts))
    assert directives["style-src"] == sha("".join(tree.styles))
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    # inline style attributes would be refused by this CSP: the page has none
    assert not any("style" in a for _t, a in tree.elements)


def test_no_external_url_of_any_kind(page):
    text, _findings = page
    tree = parse(text)
    for _tag, attrs in tree.elements:
        for name, value in attrs.items():
            if name in {"href", "src", "action", "xlink:href", "srcset", "poster", "data"}:
                assert (value or "").startswith("#"), (name, value)
    code = "".join(tree.styles) + "".join(tree.scripts)
    assert "url(" not in code and "@import" not in code
    assert "//" not in re.sub(r"\"[^\"]*\"", "", "".join(tree.styles))
    assert not re.search(r"https?:|//[a-z]", "".join(tree.scripts))
    assert not re.search(r"fetch\(|XMLHttpRequest|WebSocket|sendBeacon|import\(", code)


# --------------------------------------------------------------------- page contents


def test_summary_counts_families_and_severities(page):
    text, findings = page
    n_err = sum(1 for f in findings if f["severity"] == "error")
    assert f"<strong>{len(findings)}</strong> findings" in text
    assert f"{n_err} errors</span>" in text
    assert re.search(
        r'<g class="fam-P"><text[^>]*>P  placeholders</text><rect[^>]*>'
        r'</rect><text class="n"[^>]*>3</text>',
        text,
    )
    assert "<strong>4</strong> files checked" in text


def test_files_are_ranked_worst_first_with_their_facts(page):
    text, _findings = page
    table = text.split('class="files-table"', 1)[1].split("</table>", 1)[0]
    order = re.findall(r'href="#r\d+">([^<]+)</a>', table)
    assert order[0] == "unit_a.txt"  # 1 error, 4 warnings: the most
    row_a = table.split("unit_a.txt", 1)[1].split("</tr>", 1)[0]
    assert "missing: 下半年工作打算" in row_a
    assert "2025年上半年 (title)" in row_a
    assert "half-year" in row_a
    report_a = text.split('<span class="path">unit_a.txt</span>', 1)[1].split("</details>", 1)[0]
    assert "from the title" in report_a
    assert '<li class="missing">' in report_a and "<b>下半年工作打算</b>: missing" in report_a
    assert '<li class="found">' in report_a


def test_missing_section_is_a_note_after_the_line_it_names(page):
    text, findings = page
    k = next(i for i, f in enumerate(findings) if f["code"] == "S101")
    line = findings[k]["line"]
    index = re.search(
        r'<details class="report" id="r(\d+)" open>\n<summary><span class="path">'
        r"unit_a.txt</span>",
        text,
    )
    assert index
    block = text.split(index.group(0), 1)[1].split("</details>", 1)[0]
    para = block.index(f'id="L{index.group(1)}-{line}"')
    note = block.index(f'id="f{k}"')
    assert note > para
    assert 'class="fi note s-warning"' in block[note - 60 : note]


def test_safe_fix_is_shown_before_and_after(page):
    text, findings = page
    k = next(i for i, f in enumerate(findings) if f["code"] == "T101")
    item = text.split(f'id="f{k}"', 1)[1].split("</li>", 1)[0]
    assert '<span class="fix-label">safe fix</span>' in item
    assert (
        '<span class="before" aria-label="before">…展专项检查XX次<del>,</del>排查整改隐患问题…</span>'
        in item
    )
    assert (
        '<span class="after" aria-label="after">…展专项检查XX次<ins>，</ins>排查整改隐患问题…</span>'
        in item
    )


def test_cross_report_copy_links_to_the_other_files_line(page):
    text, findings = page
    tree = parse(text)
    k = next(i for i, f in enumerate(findings) if f["code"] == "R201" and f["path"] == "unit_a.txt")
    item = text.split(f'id="f{k}"', 1)[1].split("</li>", 1)[0]
    target = re.search(r'<a class="xref" href="#(L\d+-4)">unit_b.txt:4</a>', item)
    assert target
    assert target.group(1) in tree.texts
    assert tree.text(target.group(1)).startswith("依托区级政务服务平台")


def test_linker_ignores_lines_that_do_not_exist() -> None:
    linker = Linker({"a.txt": 0, "b.txt": 1}, {"a.txt": 3, "b.txt": 5})
    assert linker.message("see b.txt:5 and b.txt:9") == (
        'see <a class="xref" href="#L1-5">b.txt:5</a> and b.txt:9'
    )
    nested = Linker({"x/b.txt": 0, "b.txt": 1}, {"x/b.txt": 3, "b.txt": 3})
    assert nested.message("of x/b.txt:2, b.txt:3") == (
        'of <a class="xref" href="#L0-2">x/b.txt:2</a>, <a class="xref" href="#L1-3">b.txt:3</a>'
    )
    assert linker.message("<b>a.txt:2</b>") == (
        '&lt;b&gt;<a class="xref" href="#L0-2">a.txt:2</a>&lt;/b&gt;'
    )


def test_facts_are_parsed_from_the_verbose_description() -> None:
    facts = parse_facts(
        {
            "profile": "status (the text is English)",
            "period": "week 12 of 2025 (from the title, line 1: “2025”)",
            "sections": "Accomplishments: line 2 “Work done; and more”; Issues / blockers: "
            "MISSING; Next steps: line 4 “Next steps”",
        }
    )
    assert facts.period_short == "week 12 of 2025 (title)"
    assert facts.missing == ("Issues / blockers",)
    assert [s[0] for s in facts.sections] == ["Accomplishments", "Issues / blockers", "Next steps"]
    assert parse_facts(None).sections == ()


def test_reports_are_open_on_small_pages_and_collapsed_on_large_ones() -> None:
    def page_of(n: int) -> str:
        files = tuple(f"r{i}.txt" for i in range(n))
        return render_page(Report(findings=(), files=files, sources={p: ("text",) for p in files}))

    small, large = page_of(OPEN_LIMIT), page_of(OPEN_LIMIT + 1)
    assert small.count('<details class="report"') == OPEN_LIMIT
    assert small.count('<details class="report" id="r0" open>') == 1
    assert large.count('<details class="report"') == OPEN_LIMIT + 1
    assert " open>" not in large.split('id="reports"', 1)[1]
    assert "No findings: every file passed." in small


def test_cli_output_file_matches_stdout_and_keeps_the_summary_off_it(reports, tmp_path):
    folder = reports["a"].parent
    out = tmp_path / "report.html"
    to_file = run_replint("--format", "html", "-o", str(out), ".", cwd=folder)
    to_stdout = run_replint("--format", "html", ".", cwd=folder)
    assert to_file.returncode == to_stdout.returncode == 1
    assert out.read_text(encoding="utf-8") == to_stdout.stdout.decode("utf-8")
    assert to_stdout.stdout.decode("utf-8").rstrip().endswith("</html>")
    assert b"findings in 4 of 4 files" in to_stdout.stderr


def test_formatter_is_registered_and_asks_for_facts() -> None:
    from replint.plugins import collect, get_plugin_manager

    registry = collect(get_plugin_manager())
    assert registry.formatters["html"] is HtmlFormatter
    assert HtmlFormatter.needs_facts and HtmlFormatter.machine_readable


def test_fix_across_lines_is_listed_plainly() -> None:
    fix = Fix(edits=(Edit(1, 2, 2, 1, "-"),), safe=False)
    f = _finding(end_line=2, end_column=1, fix=fix)
    text = render_page(Report(findings=(f,), files=("a.txt",), sources={"a.txt": ("ab", "cd")}))
    assert "unsafe fix (--unsafe-fixes)</span> line 1: → “-”" in text


def test_unreadable_file_is_listed_with_its_error() -> None:
    f = _finding(
        path="broken.docx",
        code="E004",
        name="unreadable",
        end_column=1,
        message="could not be parsed <as docx>",
    )
    text = render_page(Report(findings=(f,), files=("broken.docx",)))
    tree = parse(text)
    assert "could not be parsed <as docx>" in tree.text("f0")
    assert "could not be parsed &lt;as docx&gt;" in text
    assert 'class="fi note s-error"' in text
    assert "E  unreadable file" in text


def test_the_page_builder_stays_off_the_start_up_path() -> None:
    import subprocess
    import sys

    code = (
        "import sys, replint.formatters as f; found = f.replint_add_formatters(); "
        "print('html' in found, 'replint.formatters.html.page' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]


def test_docx_paragraphs_are_numbered_and_highlighted(tmp_path) -> None:
    from fixtures.docx_files import docx_paragraphs

    texts = ["2025年工作总结", "一、工作开展情况", "今年共完成XX项任务,成效明显。"]
    (tmp_path / "report.docx").write_bytes(docx_paragraphs(texts))
    html_out = run_replint("--format", "html", "report.docx", cwd=tmp_path)
    findings = json.loads(run_replint("--format", "json", "report.docx", cwd=tmp_path).stdout)
    tree = parse(html_out.stdout.decode("utf-8"))
    placeholder = next(k for k, f in enumerate(findings) if f["code"] == "P101")
    assert findings[placeholder]["line"] == 3
    assert tree.text(f"m{placeholder}") == "XX"
    assert tree.text("L0-3") == texts[2]
