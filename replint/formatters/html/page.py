"""Build the HTML page of ``--format html`` from a :class:`~replint.report.Report`.

Everything that comes from a report (text, file names, messages, rule documentation)
goes through :func:`html.escape`; ids are numbers the page makes, never text. The
only markup the page has is its own, so a report holding ``<script>`` shows it.

Layout of one report: a ``<details>`` (open when the page has few reports, collapsed
otherwise so thousands stay cheap) with the inferred facts, then one ``<p>`` per
non-blank line (its number drawn by CSS from ``data-n``) with ``<mark>`` on each
finding's span, followed by the list of that line's findings (message, rule, fix
shown before → after). Findings
that overlap are nested; one that crosses another is split into pieces that share
``data-f``. A zero-width finding at column 1 (a missing section, a document-level
finding) is a note after its line; one inside a line is a caret mark.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from replint.infra import __version__
from replint.model.findings import Finding, Severity
from replint.model.report import Report

#: Up to this many reports the page opens them all; above, each waits for a click.
OPEN_LIMIT = 40
#: Characters of context shown on each side of a fix.
FIX_CONTEXT = 8

FAMILIES = {
    "S": "structure",
    "P": "placeholders",
    "D": "dates",
    "R": "repetition",
    "T": "typography",
    "W": "wording",
    "E": "unreadable file",
    "M": "replint itself",
}
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)
SEVERITY_WORDS = {
    Severity.ERROR: "must be fixed",
    Severity.WARNING: "check and fix",
    Severity.INFO: "worth a look",
}


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# ============================================================================ facts


@dataclass(frozen=True)
class Facts:
    """What the run inferred about one file (from ``Report.inferred``), for display."""

    language: str = ""
    profile: str = ""
    period: str = ""
    period_short: str = ""
    signing: str = ""
    headings: str = ""
    sections: tuple[tuple[str, str, bool], ...] = ()  # (label, where, found)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(label for label, _where, found in self.sections if not found)


_SECTION_SPLIT = re.compile(r";\s+(?=[^;:]+: (?:line |MISSING))")
_PERIOD_SOURCE = re.compile(r"^(.*?) \(from the ([^,:)]+)")


def parse_facts(facts: Mapping[str, Any] | None) -> Facts:
    if not facts:
        return Facts()
    period = str(facts.get("period", ""))
    short = period.split(" (", 1)[0]
    found = _PERIOD_SOURCE.match(period)
    if found:
        short = f"{found.group(1)} ({found.group(2)})"
    sections: list[tuple[str, str, bool]] = []
    raw = str(facts.get("sections", ""))
    if raw and raw != "none":
        for part in _SECTION_SPLIT.split(raw):
            label, _, where = part.partition(": ")
            sections.append((label, where, where.strip() != "MISSING"))
    return Facts(
        language=str(facts.get("language", "")),
        profile=str(facts.get("profile", "")),
        period=period,
        period_short=short,
        signing=str(facts.get("signing date", "")),
        headings=str(facts.get("headings", "")),
        sections=tuple(sections),
    )


# ========================================================================= the page


@dataclass(frozen=True)
class FileView:
    index: int
    path: str
    lines: tuple[str, ...]
    findings: tuple[tuple[int, Finding], ...]  # (global id, finding)
    facts: Facts

    def count(self, severity: Severity) -> int:
        return sum(1 for _k, f in self.findings if f.severity == severity)

    @property
    def rank_key(self) -> tuple[int, int, int, str]:
        return (
            -self.count(Severity.ERROR),
            -self.count(Severity.WARNING),
            -len(self.findings),
            self.path,
        )


def render_page(report: Report) -> str:
    by_path: dict[str, list[tuple[int, Finding]]] = {}
    for k, f in enumerate(report.findings):
        by_path.setdefault(f.path, []).append((k, f))
    paths = list(report.files)
    listed = set(paths)
    paths += [p for p in by_path if p not in listed]
    views = [
        FileView(
            i,
            path,
            tuple(report.sources.get(path, ())),
            tuple(by_path.get(path, ())),
            parse_facts(report.inferred.get(path)),
        )
        for i, path in enumerate(paths)
    ]
    anchors = {v.path: v.index for v in views}
    linker = Linker(anchors, {v.path: len(v.lines) for v in views})
    ranked = sorted(views, key=lambda v: v.rank_key)
    open_all = len(views) <= OPEN_LIMIT

    css = _asset("page.css")
    js = _asset("page.js")
    csp = (
        "default-src 'none'; "
        f"style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
        "img-src 'none'; font-src 'none'; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    total = len(report.findings)
    title = f"replint: {total} finding{'s' * (total != 1)} in {len(views)} file{'s' * (len(views) != 1)}"
    out: list[str] = [
        "<!DOCTYPE html>\n",
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">\n',
        '<meta name="referrer" content="no-referrer">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f'<meta name="generator" content="replint {esc(__version__)}">\n',
        f"<title>{esc(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n",
        '<a class="skip" href="#reports">Skip to the reports</a>\n',
        '<div id="tip" role="tooltip" hidden></div>\n',
        '<header class="top">\n',
        f"<h1>replint report <small>{esc(title.split(': ', 1)[1])}</small></h1>\n",
        _legend(),
        "</header>\n<main>\n",
    ]
    out.append(_summary(report, views, ranked))
    out.append(_filters(report))
    out.append('<section id="reports" aria-label="Reports" tabindex="-1">\n<h2>Reports</h2>\n')
    for view in ranked:
        out.append(_report(view, linker, open_all))
    out.append("</section>\n")
    out.append(_glossary(report))
    out.append(
        f"</main>\n<footer>Made by replint {esc(__version__)}. This page loads nothing "
        "from the network; it works offline and can be mailed as it is.</footer>\n"
    )
    out.append(f"<script>{js}</script>\n</body>\n</html>\n")
    return "".join(out)


def _legend() -> str:
    return (
        '<p class="legend">Each report below shows its text, line by line. Problems are '
        'highlighted in place: <mark class="f s-error sample">error</mark> must be fixed, '
        '<mark class="f s-warning sample">warning</mark> should be checked, '
        '<mark class="f s-info sample">info</mark> is worth a look. Point at a highlight, '
        "tap it or reach it with <kbd>Tab</kbd> to see what is wrong; the list under each "
        "line says the same. <kbd>n</kbd> / <kbd>p</kbd> jump to the next or previous "
        "problem. A “fix” line shows the text before → after <code>replint --fix</code>.</p>\n"
    )


# ========================================================================== summary


def _bars(rows: Sequence[tuple[str, str, int]], label: str) -> str:
    """A horizontal bar chart in inline SVG: (css class, label, count) per row."""
    width, label_w, row_h = 460, 170, 22
    top = max([n for _c, _l, n in rows] + [1])
    height = row_h * len(rows) + 4
    parts = [
        f'<svg class="bars" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{esc(label)}">'
    ]
    for i, (cls, text, n) in enumerate(rows):
        y = i * row_h + 2
        bar = 0 if n == 0 else max(2, round((width - label_w - 50) * n / top))
        parts.append(
            f'<g class="{esc(cls)}"><text x="0" y="{y + 15}">{esc(text)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{bar}" height="{row_h - 6}" rx="2"></rect>'
            f'<text class="n" x="{label_w + bar + 6}" y="{y + 15}">{n}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _summary(report: Report, views: Sequence[FileView], ranked: Sequence[FileView]) -> str:
    findings = report.findings
    severities = Counter(f.severity for f in findings)
    families = Counter(f.code[0] for f in findings)
    letters = [c for c in FAMILIES if c in families or c in "SPDRTW"]
    letters += sorted(c for c in families if c not in FAMILIES)
    with_findings = sum(1 for v in views if v.findings)
    out = ['<section id="summary" aria-labelledby="summary-h">\n<h2 id="summary-h">Summary</h2>\n']
    out.append(
        '<p class="counts-line">'
        f"<strong>{len(views)}</strong> file{'s' * (len(views) != 1)} checked, "
        f"<strong>{with_findings}</strong> with findings; "
        f"<strong>{len(findings)}</strong> finding{'s' * (len(findings) != 1)}: "
        + ", ".join(
            f'<span class="sev-word s-{s.value}">{severities.get(s, 0)} {s.value}'
            f"{'s' * (severities.get(s, 0) != 1)}</span>"
            for s in SEVERITIES
        )
        + ".</p>\n"
    )
    out.append('<div class="charts">\n<figure>\n<figcaption>Findings by kind</figcaption>\n')
    out.append(
        _bars(
            [(f"fam-{c}", f"{c}  {FAMILIES.get(c, c)}", families.get(c, 0)) for c in letters],
            "Findings by kind: "
            + ", ".join(f"{FAMILIES.get(c, c)} {families.get(c, 0)}" for c in letters),
        )
    )
    out.append("\n</figure>\n<figure>\n<figcaption>Findings by severity</figcaption>\n")
    out.append(
        _bars(
            [
                (f"s-{s.value}", f"{s.value} ({SEVERITY_WORDS[s]})", severities.get(s, 0))
                for s in SEVERITIES
            ],
            "Findings by severity: "
            + ", ".join(f"{s.value} {severities.get(s, 0)}" for s in SEVERITIES),
        )
    )
    out.append("\n</figure>\n</div>\n")
    out.append(_rule_table(report))
    out.append(_file_table(ranked))
    out.append("</section>\n")
    return "".join(out)


def _rule_table(report: Report) -> str:
    counts: Counter[str] = Counter(f.code for f in report.findings)
    if not counts:
        return '<p class="clean">No findings: every file passed.</p>\n'
    first: dict[str, int] = {}
    names: dict[str, str] = {}
    files: dict[str, set[str]] = {}
    severity: dict[str, Severity] = {}
    for k, f in enumerate(report.findings):
        first.setdefault(f.code, k)
        names.setdefault(f.code, f.name)
        severity.setdefault(f.code, f.severity)
        files.setdefault(f.code, set()).add(f.path)
    rows = []
    for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rows.append(
            f'<tr><td><a href="#rule-{esc(code)}">{esc(code)}</a></td>'
            f"<td>{esc(names[code])}</td>"
            f'<td><span class="sev-word s-{severity[code].value}">{severity[code].value}</span></td>'
            f'<td class="num">{n}</td><td class="num">{len(files[code])}</td>'
            f'<td><a href="#f{first[code]}">first one</a></td></tr>\n'
        )
    return (
        '<details class="table-box" open><summary><h3>Findings by rule</h3></summary>\n'
        '<table class="rules-table"><thead><tr><th scope="col">Rule</th><th scope="col">Name</th>'
        '<th scope="col">Severity</th><th scope="col">Findings</th><th scope="col">Files</th>'
        '<th scope="col">Go to</th></tr></thead>\n<tbody>\n' + "".join(rows) + "</tbody></table>\n"
        "</details>\n"
    )


def _file_table(ranked: Sequence[FileView]) -> str:
    rows = []
    for pos, v in enumerate(ranked, 1):
        missing = v.facts.missing
        sections = (
            '<span class="missing">missing: ' + esc("、".join(missing)) + "</span>"
            if missing
            else ("all found" if v.facts.sections else "")
        )
        rows.append(
            f'<tr><td class="num">{pos}</td><td class="path"><a href="#r{v.index}">{esc(v.path)}</a></td>'
            f'<td class="num">{v.count(Severity.ERROR) or ""}</td>'
            f'<td class="num">{v.count(Severity.WARNING) or ""}</td>'
            f'<td class="num">{v.count(Severity.INFO) or ""}</td>'
            f"<td>{esc(v.facts.profile.split(' (', 1)[0])}</td>"
            f"<td>{esc(v.facts.period_short)}</td><td>{sections}</td></tr>\n"
        )
    return (
        '<details class="table-box" open><summary><h3>Files, most problems first</h3></summary>\n'
        '<table class="files-table"><thead><tr><th scope="col">#</th><th scope="col">File</th>'
        '<th scope="col">Errors</th><th scope="col">Warnings</th><th scope="col">Info</th>'
        '<th scope="col">Profile</th><th scope="col">Period (from)</th>'
        '<th scope="col">Sections</th></tr></thead>\n<tbody>\n'
        + "".join(rows)
        + "</tbody></table>\n"
        "</details>\n"
    )


def _filters(report: Report) -> str:
    """The filter bar: hidden in the markup, shown by the script (so absent without it)."""
    families = sorted({f.code[0] for f in report.findings}, key=lambda c: ("SPDRTWEM" + c).index(c))
    codes = sorted({(f.code, f.name) for f in report.findings})
    out = [
        '<form id="filters" class="filters" role="search" aria-label="Filter the findings" hidden>\n',
        "<fieldset><legend>Kind</legend>",
    ]
    for c in families:
        out.append(
            f'<label><input type="checkbox" name="fam" value="{esc(c)}" checked> '
            f"{esc(c)} {esc(FAMILIES.get(c, c))}</label>"
        )
    out.append("</fieldset>\n<fieldset><legend>Severity</legend>")
    for s in SEVERITIES:
        out.append(
            f'<label><input type="checkbox" name="sev" value="{s.value}" checked> {s.value}</label>'
        )
    out.append('</fieldset>\n<label class="rule-pick">Rule <select name="rule">')
    out.append('<option value="">all rules</option>')
    for code, name in codes:
        out.append(f'<option value="{esc(code)}">{esc(code)} {esc(name)}</option>')
    out.append(
        '</select></label>\n<label class="search">Search <input type="search" name="q" '
        'placeholder="text, message or file" autocomplete="off"></label>\n'
        '<button type="reset">Show all</button>\n'
        '<output id="shown" aria-live="polite"></output>\n</form>\n'
    )
    return "".join(out)


# ========================================================================== reports


class Linker:
    """Turns ``other/file.txt:12`` in a message into a link to that file's line.

    Each ``:N`` in a message is checked against the known paths that could end just
    before it (one dictionary look-up per distinct path length), so the cost does not
    grow with the number of files.
    """

    NUMBER = re.compile(r":(\d+)")

    def __init__(self, anchors: Mapping[str, int], sizes: Mapping[str, int]) -> None:
        self.anchors = anchors
        self.sizes = sizes
        self.lengths = sorted({len(p) for p in anchors}, reverse=True)  # longest path first

    def message(self, text: str) -> str:
        if not self.anchors or ":" not in text:
            return esc(text)
        out, last = [], 0
        for m in self.NUMBER.finditer(text):
            line = int(m.group(1))
            path = next(
                (
                    text[m.start() - n : m.start()]
                    for n in self.lengths
                    if last <= m.start() - n and text[m.start() - n : m.start()] in self.anchors
                ),
                None,
            )
            if path is None or not 1 <= line <= self.sizes.get(path, 0):
                continue
            start = m.start() - len(path)
            out.append(esc(text[last:start]))
            target = f"L{self.anchors[path]}-{line}"
            out.append(f'<a class="xref" href="#{target}">{esc(text[start : m.end()])}</a>')
            last = m.end()
        out.append(esc(text[last:]))
        return "".join(out)


def _counts_text(v: FileView) -> str:
    if not v.findings:
        return '<span class="ok">no findings</span>'
    parts = []
    for s in SEVERITIES:
        n = v.count(s)
        if n:
            parts.append(f'<span class="sev-word s-{s.value}">{n} {s.value}{"s" * (n != 1)}</span>')
    return " ".join(parts)


def _facts_block(v: FileView) -> str:
    f = v.facts
    if not (f.profile or f.period or f.sections):
        return ""
    rows = []
    if f.profile:
        rows.append(f"<dt>Profile</dt><dd>{esc(f.profile)}</dd>")
    if f.period:
        rows.append(f"<dt>Period</dt><dd>{esc(f.period)}</dd>")
    if f.signing:
        rows.append(f"<dt>Signed</dt><dd>{esc(f.signing)}</dd>")
    if f.sections:
        items = "".join(
            f'<li class="{"found" if ok else "missing"}">'
            f'<span class="mark" aria-hidden="true">{"✓" if ok else "✗"}</span> '
            f"<b>{esc(label)}</b>: {esc(where if ok else 'missing')}</li>"
            for label, where, ok in f.sections
        )
        rows.append(f'<dt>Sections</dt><dd><ul class="sections">{items}</ul></dd>')
    if f.headings:
        rows.append(f"<dt>Headings</dt><dd>{esc(f.headings)}</dd>")
    return '<dl class="facts">' + "".join(rows) + "</dl>\n"


def _report(v: FileView, linker: Linker, open_all: bool) -> str:
    lang = "en" if v.facts.language == "English" else "zh-CN"
    out = [
        f'<details class="report" id="r{v.index}"{" open" if open_all else ""}>\n',
        f'<summary><span class="path">{esc(v.path)}</span> {_counts_text(v)}</summary>\n',
        _facts_block(v),
    ]
    on_line: dict[int, list[tuple[int, Finding]]] = {}
    notes_after: dict[int, list[tuple[int, Finding]]] = {}
    elsewhere: list[tuple[int, Finding]] = []
    n_lines = len(v.lines)
    for k, f in v.findings:
        if not 1 <= f.line <= n_lines:
            elsewhere.append((k, f))
        elif f.end_line <= f.line and f.end_column <= f.column and f.column <= 1:
            notes_after.setdefault(f.line, []).append((k, f))
        else:
            for line in range(f.line, min(max(f.line, f.end_line), n_lines) + 1):
                on_line.setdefault(line, []).append((k, f))
    out.append(f'<div class="text" lang="{lang}">\n')
    if elsewhere:
        out.append(_notes(elsewhere, linker, v))
    for number, text in enumerate(v.lines, 1):
        here = on_line.get(number, [])
        if text.strip() or here:
            # one element per line (the number is drawn from data-n): pages of thousands
            # of reports parse in proportion to their elements
            out.append(
                f'<p class="para" id="L{v.index}-{number}" data-n="{number}">'
                f"{_marked(text, number, here)}</p>"
            )
            if here:
                out.append(_items(here, number, linker, v))
            out.append("\n")
        if number in notes_after:
            out.append(_notes(notes_after[number], linker, v))
    out.append("</div>\n</details>\n")
    return "".join(out)


def _notes(items: Iterable[tuple[int, Finding]], linker: Linker, v: FileView) -> str:
    """Document-level findings, shown as a box where they point (a missing section)."""
    out = ['<ul class="notes">']
    for k, f in items:
        out.append(
            f'<li class="fi note s-{f.severity.value}" id="f{k}" tabindex="0" data-f="{k}" '
            f'data-code="{esc(f.code)}" data-sev="{f.severity.value}">'
            + _item_body(k, f, linker, v)
            + "</li>"
        )
    out.append("</ul>\n")
    return "".join(out)


def _marked(text: str, line: int, findings: Sequence[tuple[int, Finding]]) -> str:
    """The line with ``<mark>`` around each finding's span on it (nested or split)."""
    n = len(text)
    spans: list[tuple[int, int, int, Finding]] = []
    carets: dict[int, list[tuple[int, Finding]]] = {}
    for k, f in findings:
        start = f.column - 1 if line == f.line else 0
        end = f.end_column - 1 if line == f.end_line else n
        start, end = max(0, min(start, n)), max(0, min(end, n))
        if end > start:
            spans.append((start, end, k, f))
        elif line == f.line:
            carets.setdefault(start, []).append((k, f))
    if not spans and not carets:
        return esc(text)
    ends = {k: e for _s, e, k, _f in spans}
    starts: dict[int, list[tuple[int, int, int, Finding]]] = {}
    for s in spans:
        starts.setdefault(s[0], []).append(s)
    bounds = sorted({0, n, *starts, *ends.values(), *carets})
    info = {k: f for _s, _e, k, f in spans}
    opened: set[int] = set()
    stack: list[int] = []
    out: list[str] = []

    def open_mark(k: int) -> None:
        f = info[k]
        cls = f"f s-{f.severity.value}"
        if k in opened:  # a continuation piece: same finding, not focusable again
            out.append(f'<mark class="{cls} cont" data-f="{k}">')
        else:
            opened.add(k)
            first_line = line == f.line
            attrs = f' id="m{k}" tabindex="0" aria-describedby="f{k}"' if first_line else ""
            out.append(f'<mark class="{cls}" data-f="{k}"{attrs}>')
        stack.append(k)

    for i, pos in enumerate(bounds):
        closing = {k for k in stack if ends[k] == pos}
        if closing:
            reopen = []
            while closing & set(stack):
                k = stack.pop()
                out.append("</mark>")
                if k not in closing:
                    reopen.append(k)
            for k in reversed(reopen):
                open_mark(k)
        for k, f in carets.get(pos, []):
            out.append(
                f'<mark class="f caret s-{f.severity.value}" data-f="{k}" id="m{k}" '
                f'tabindex="0" aria-describedby="f{k}" aria-label="missing here"></mark>'
            )
        for _s, _e, k, _f in sorted(starts.get(pos, []), key=lambda s: (-s[1], s[2])):
            open_mark(k)
        if i + 1 < len(bounds):
            out.append(esc(text[pos : bounds[i + 1]]))
    while stack:
        stack.pop()
        out.append("</mark>")
    return "".join(out)


def _items(findings: Sequence[tuple[int, Finding]], line: int, linker: Linker, v: FileView) -> str:
    out = ['<ul class="fl">']
    for k, f in findings:
        if f.line != line:  # a multi-line finding is listed on its first line
            continue
        out.append(
            f'<li class="fi s-{f.severity.value}" id="f{k}" data-f="{k}" '
            f'data-code="{esc(f.code)}" data-sev="{f.severity.value}">'
            + _item_body(k, f, linker, v)
            + "</li>"
        )
    out.append("</ul>")
    return "".join(out)


def _item_body(k: int, f: Finding, linker: Linker, v: FileView) -> str:
    where = f"{f.line}:{f.column}"
    body = (
        f'<a class="code" href="#rule-{esc(f.code)}">{esc(f.code)}</a> '
        f'<span class="sev">{f.severity.value}</span> '
        f'<span class="msg">{linker.message(f.message)}</span> '
        f'<span class="loc">{esc(f.name)} · line {where}</span>'
    )
    if f.fix is not None and f.fix.edits:
        body += _fix(f, v.lines)
    return body


def _fix(f: Finding, lines: Sequence[str]) -> str:
    """The fix as before → after, with a little context, when its edits sit on one line."""
    assert f.fix is not None
    edits = sorted(f.fix.edits, key=lambda e: (e.line, e.column))
    label = "safe fix" if f.fix.safe else "unsafe fix (--unsafe-fixes)"
    one_line = all(e.line == e.end_line == edits[0].line for e in edits)
    if not one_line or not 1 <= edits[0].line <= len(lines):
        changes = ", ".join(f"line {e.line}: → “{esc(e.replacement)}”" for e in edits)
        return f'<div class="fix"><span class="fix-label">{label}</span> {changes}</div>'
    text = lines[edits[0].line - 1]
    first, last = edits[0].column - 1, edits[-1].end_column - 1
    lo, hi = max(0, first - FIX_CONTEXT), min(len(text), last + FIX_CONTEXT)
    before: list[str] = ["…" if lo > 0 else ""]
    after: list[str] = ["…" if lo > 0 else ""]
    pos = lo
    for e in edits:
        s, t = e.column - 1, e.end_column - 1
        before.append(esc(text[pos:s]))
        after.append(esc(text[pos:s]))
        if t > s:
            before.append(f"<del>{esc(text[s:t])}</del>")
        if e.replacement:
            after.append(f"<ins>{esc(e.replacement)}</ins>")
        pos = max(pos, t)
    tail = esc(text[pos:hi]) + ("…" if hi < len(text) else "")
    before.append(tail)
    after.append(tail)
    return (
        f'<div class="fix"><span class="fix-label">{label}</span> '
        f'<span class="before" aria-label="before">{"".join(before)}</span>'
        f' <span class="arrow" aria-hidden="true">→</span> '
        f'<span class="after" aria-label="after">{"".join(after)}</span></div>'
    )


# ========================================================================= glossary


def _glossary(report: Report) -> str:
    codes = sorted({f.code for f in report.findings})
    if not codes:
        return ""
    names = {f.code: f.name for f in report.findings}
    out = ['<section id="rules" aria-labelledby="rules-h">\n<h2 id="rules-h">The rules</h2>\n']
    for code in codes:
        rule = report.rules.get(code)
        summary = rule.summary() if rule is not None else ""
        doc = rule.documentation() if rule is not None else ""
        out.append(
            f'<details class="rule" id="rule-{esc(code)}"><summary><b>{esc(code)}</b> '
            f'{esc(names[code])}<span class="rule-sum">{": " + esc(summary) if summary else ""}'
            f"</span></summary>"
            + (f'<pre class="doc">{esc(doc)}</pre>' if doc else "")
            + "</details>\n"
        )
    out.append("</section>\n")
    return "".join(out)
