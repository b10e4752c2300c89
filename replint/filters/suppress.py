"""Inline suppression: ``<!-- replint-disable … -->`` directives in Markdown and .txt.

Forms (each alone on its line; codes are optional and mean "all rules" when omitted)::

    <!-- replint-disable-file [SEL,…] -->       the whole file
    <!-- replint-disable [SEL,…] -->            from here to replint-enable or the end
    <!-- replint-enable [SEL,…] -->             ends the disable (all, or the ones named)
    <!-- replint-disable-next-line [SEL,…] -->  the next non-blank line

A selector ``SEL`` is anything ``--select`` accepts: a family (``P``), a code prefix
(``P1``), a code (``P101``) or a rule name (``placeholder``); a reason may follow
after `` -- ``. Directives are read from ``Document.lines`` (not paragraphs: readers do
not lint them as prose), skipping Markdown code fences. .docx has no inline form: use
``per_file_ignores`` or the baseline.

A directive that suppresses nothing is reported as M001 ``unused-suppression``, like
ruff's RUF100, so stale directives do not pile up. Everything here is a pure function
of a Document and findings; the engine decides which findings and rules to pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, Protocol

from replint.infra.regexes import lazy_re
from replint.model.document import Document
from replint.model.findings import Edit, Finding, Fix, Severity
from replint.rule import Rule

if TYPE_CHECKING:
    from replint.filters.select import Selection

KINDS = ("disable-next-line", "disable-file", "disable", "enable")
_ANY_DIRECTIVE = lazy_re(r"<!--\s*replint-")
_DIRECTIVE = lazy_re(
    r"^(?P<indent>\s*)(?P<body><!--\s*replint-(?P<kind>[A-Za-z-]*)(?P<rest>.*?)-->)\s*$"
)
_SELECTOR = lazy_re(r"^(?:ALL|[A-Za-z][0-9]{0,3}|[a-z][a-z0-9]*(?:-[a-z0-9]+)*)$")
_FENCE = lazy_re(r"^[ \t>]*(`{3,}|~{3,})")
# Findings about the file itself, and replint's own, are never silenced by a bare directive.
_UNSUPPRESSIBLE_BY_DEFAULT = ("E", "M")
EVERY_LINE = 1 << 62


class RuleLike(Protocol):
    code: str
    name: str


class DirectiveReporter(Protocol):
    """The rule that reports unused directives (M001, defined in ``rules/meta.py``): a
    rule class with ``reports_unused_directives = True``."""

    code: str
    name: str
    severity: Severity


def directive_reporter(rules: Iterable[object] | None) -> DirectiveReporter | None:
    """The rule among ``rules`` that reports unused directives, if any."""
    for rule in rules or ():
        if getattr(rule, "reports_unused_directives", False):
            return rule  # type: ignore[return-value]
    return None


Matcher = Callable[[Finding, str], bool]


def finding_matches(finding: Finding, selector: str) -> bool:
    """Does ``selector`` (family, code prefix, code, rule name, ALL) name this finding's rule?"""
    from replint.filters.select import selector_matches

    return selector_matches(selector, finding.code, finding.name)


def redirecting_matcher(rules: Iterable[object]) -> Matcher:
    """:func:`finding_matches` that also takes a moved rule's former codes (``formerly``):
    ``replint-disable W103`` keeps silencing the rule now coded R105."""
    from replint.filters.select import redirects, selector_matches

    former: dict[str, list[str]] = {}
    for old, new in redirects(rules).items():
        former.setdefault(new, []).append(old)
    if not former:
        return finding_matches

    def matches(finding: Finding, selector: str) -> bool:
        return selector_matches(selector, finding.code, finding.name, former.get(finding.code, ()))

    return matches


class SelectorRef(NamedTuple):
    """One selector of a directive and where it is written (1-based columns)."""

    text: str
    column: int
    end_column: int


class Directive(NamedTuple):
    """One directive line; ``selectors`` empty means every rule."""

    kind: str
    line: int
    column: int  # where ``<!--`` starts
    end_column: int  # just past ``-->``
    selectors: tuple[SelectorRef, ...]
    reason: str = ""
    problem: str = ""  # why the directive cannot be used (unknown kind, bad selector)
    text: str = ""  # the directive as written (what the baseline matches on)

    def render(self, selectors: Sequence[SelectorRef]) -> str:
        codes = ",".join(s.text for s in selectors)
        reason = f" -- {self.reason}" if self.reason else ""
        return f"<!-- replint-{self.kind}{' ' + codes if codes else ''}{reason} -->"


class Scope(NamedTuple):
    """Lines ``first``..``last`` (inclusive) where ``selector`` (None: all) is silenced."""

    directive: Directive
    selector: SelectorRef | None
    first: int
    last: int


def parse_directives(doc: Document) -> tuple[Directive, ...]:
    """The directives of a document, in line order (none for formats without a source)."""
    if doc.source is None:
        return ()
    out: list[Directive] = []
    fence: tuple[str, int] | None = None
    for number, line in enumerate(doc.lines, start=1):
        if doc.format == "md":
            fence, inside = _fence_state(line, fence)
            if inside:
                continue
        if "replint-" not in line or not _ANY_DIRECTIVE.search(line):
            continue
        out.append(_parse_line(number, line))
    return tuple(out)


def _fence_state(line: str, fence: tuple[str, int] | None) -> tuple[tuple[str, int] | None, bool]:
    """Track Markdown code fences: (new state, is this line inside or on a fence)."""
    m = _FENCE.match(line)
    if fence is None:
        if m:
            return (m.group(1)[0], len(m.group(1))), True
        return None, False
    closes = m is not None and m.group(1)[0] == fence[0] and len(m.group(1)) >= fence[1]
    if m is not None and closes and not line[m.end() :].strip():
        return None, True
    return fence, True


def _parse_line(number: int, line: str) -> Directive:
    m = _DIRECTIVE.match(line)
    if m is None:
        at = _ANY_DIRECTIVE.search(line)
        column = (at.start() if at else 0) + 1
        return Directive(
            "",
            number,
            column,
            len(line) + 1,
            (),
            problem="a replint directive must stand alone on its own line; this one is ignored",
            text=line.strip(),
        )
    column = m.start("body") + 1
    end_column = m.end("body") + 1
    kind = m.group("kind").lower()
    rest = m.group("rest")
    rest_start = m.start("rest")
    reason = ""
    if " --" in rest:
        cut = rest.index(" --")
        reason = rest[cut + 3 :].strip()
        rest = rest[:cut]
    if kind not in KINDS:
        known = ", ".join("replint-" + k for k in KINDS)
        return Directive(
            kind,
            number,
            column,
            end_column,
            (),
            problem=f"“replint-{kind}” is not a directive replint knows ({known}); it is ignored",
            text=m.group("body"),
        )
    selectors: list[SelectorRef] = []
    bad: list[str] = []
    body = rest.lstrip(":")
    offset = rest_start + (len(rest) - len(body))
    for token in re.finditer(r"[^\s,]+", body):
        text = token.group()
        if not _SELECTOR.match(text):
            bad.append(text)
            continue
        start = offset + token.start() + 1
        selectors.append(SelectorRef(text, start, start + len(text)))
    problem = ""
    if bad:
        problem = (
            f"“{', '.join(bad)}” is not a rule code or name (write codes such as P101, "
            f"families such as P, or names such as placeholder, separated by commas); "
            "the directive is ignored"
        )
    return Directive(
        kind, number, column, end_column, tuple(selectors), reason, problem, m.group("body")
    )


def build_scopes(
    doc: Document, directives: Sequence[Directive]
) -> tuple[list[Scope], list[Directive]]:
    """Turn directives into line scopes; also return enables that close nothing."""
    scopes: list[Scope] = []
    stray: list[Directive] = []
    open_scopes: list[tuple[Directive, SelectorRef | None]] = []
    directive_lines = {d.line for d in directives}
    for d in directives:
        if d.problem:
            continue
        refs: tuple[SelectorRef | None, ...] = d.selectors or (None,)
        if d.kind == "disable-file":
            scopes.extend(Scope(d, ref, 1, EVERY_LINE) for ref in refs)
        elif d.kind == "disable-next-line":
            target = _next_content_line(doc, d.line, directive_lines)
            if target is not None:
                scopes.extend(Scope(d, ref, target, target) for ref in refs)
            else:
                scopes.extend(Scope(d, ref, 0, -1) for ref in refs)  # covers nothing
        elif d.kind == "disable":
            open_scopes.extend((d, ref) for ref in refs)
        elif d.kind == "enable":
            wanted = {s.text.upper() for s in d.selectors}
            still_open = []
            closed = False
            for opener, ref in open_scopes:
                if not wanted or (ref is not None and ref.text.upper() in wanted):
                    scopes.append(Scope(opener, ref, opener.line + 1, d.line - 1))
                    closed = True
                else:
                    still_open.append((opener, ref))
            open_scopes = still_open
            if not closed:
                stray.append(d)
    scopes.extend(Scope(opener, ref, opener.line + 1, EVERY_LINE) for opener, ref in open_scopes)
    return scopes, stray


def _next_content_line(doc: Document, line: int, directive_lines: set[int]) -> int | None:
    for number in range(line + 1, len(doc.lines) + 1):
        if number in directive_lines or not doc.lines[number - 1].strip():
            continue
        return number
    return None


@dataclass(frozen=True)
class Suppressions:
    """A file's directives, ready to filter its findings; small and picklable.

    Built by :func:`scan` where the document is at hand (a worker process), applied
    with :meth:`apply` once all of the file's findings are known, corpus rules' included.
    """

    path: str
    directives: tuple[Directive, ...] = ()
    scopes: tuple[Scope, ...] = ()
    stray: tuple[Directive, ...] = ()
    fixable: bool = False  # can --fix rewrite the file (it has a text source)

    def __bool__(self) -> bool:
        return bool(self.directives)

    def apply(
        self,
        findings: Iterable[Finding],
        *,
        matches: Matcher = finding_matches,
        ran: Iterable[RuleLike] | None = None,
        known: Iterable[RuleLike] | None = None,
        reporter: DirectiveReporter | None = None,
    ) -> tuple[list[Finding], list[Finding]]:
        """Drop suppressed findings; return ``(kept, unused_directive_findings)``.

        Unused directives are reported by ``reporter`` (default: the rule among ``ran``,
        else ``known``, with ``reports_unused_directives``); with none, not at all.

        ``matches(finding, selector)`` says whether a selector names a finding's rule
        (the default understands families, prefixes, codes, names and ALL). ``ran`` are
        the rules that were run on this file: a selector that names none of them is not
        reported as unused (the user selected other rules). ``known`` are all rules
        there are: a selector that names none of them is reported as unknown. Leaving
        either as None skips that check.
        """
        findings = list(findings)
        if not self.directives:
            return findings, []
        used: set[int] = set()  # indexes into scopes
        kept: list[Finding] = []
        for finding in findings:
            suppressed = False
            for i, scope in enumerate(self.scopes):
                if not (scope.first <= finding.line <= scope.last):
                    continue
                if scope.selector is None:
                    hit = not finding.code.startswith(_UNSUPPRESSIBLE_BY_DEFAULT)
                else:
                    hit = matches(finding, scope.selector.text)
                if hit:
                    used.add(i)
                    suppressed = True
            if not suppressed:
                kept.append(finding)
        ran_rules = list(ran) if ran is not None else None
        known_rules = list(known) if known is not None else None
        reporter = reporter or directive_reporter(ran_rules) or directive_reporter(known_rules)
        if reporter is None:
            return kept, []
        return kept, _unused_findings(self, used, ran_rules, known_rules, reporter)


def scan(doc: Document) -> Suppressions:
    """Read a document's directives (none for .docx, which has no inline form)."""
    directives = parse_directives(doc)
    if not directives:
        return Suppressions(doc.path)
    scopes, stray = build_scopes(doc, directives)
    return Suppressions(
        doc.path, directives, tuple(scopes), tuple(stray), fixable=doc.source is not None
    )


def apply_suppressions(
    doc: Document,
    findings: Iterable[Finding],
    *,
    matches: Matcher = finding_matches,
    ran: Iterable[RuleLike] | None = None,
    known: Iterable[RuleLike] | None = None,
    reporter: DirectiveReporter | None = None,
) -> tuple[list[Finding], list[Finding]]:
    """``scan(doc).apply(findings, …)``: drop suppressed findings, report unused directives."""
    return scan(doc).apply(findings, matches=matches, ran=ran, known=known, reporter=reporter)


def _names_any(selector: str, rules: Sequence[RuleLike]) -> bool:
    from replint.filters.select import rule_matches

    return any(rule_matches(selector, r) for r in rules)


def _unused_findings(
    sup: Suppressions,
    used: set[int],
    ran: Sequence[RuleLike] | None,
    known: Sequence[RuleLike] | None,
    reporter: DirectiveReporter,
) -> list[Finding]:
    out: list[Finding] = []
    by_directive: dict[int, list[tuple[int, Scope]]] = {}
    for i, scope in enumerate(sup.scopes):
        by_directive.setdefault(scope.directive.line, []).append((i, scope))
    stray_lines = {d.line for d in sup.stray}
    for d in sup.directives:
        if d.problem:
            out.append(_report(sup, reporter, d, d.problem, d.column, remove=False))
            continue
        if d.line in stray_lines:
            named = " " + ",".join(s.text for s in d.selectors) if d.selectors else ""
            out.append(
                _report(
                    sup,
                    reporter,
                    d,
                    f"replint-enable{named} has no replint-disable{named} open before it; "
                    "remove it",
                    d.column,
                )
            )
            continue
        entries = by_directive.get(d.line, [])
        if not entries:
            continue
        unknown = [
            s.selector
            for _, s in entries
            if s.selector is not None
            and known is not None
            and not _names_any(s.selector.text, known)
        ]
        if unknown:
            names = ", ".join(f"“{ref.text}”" for ref in unknown)
            out.append(
                _report(
                    sup,
                    reporter,
                    d,
                    f"replint-{d.kind}: no rule is called {names} (see `replint rules`); "
                    "correct or remove it",
                    unknown[0].column,
                    keep=[s for s in d.selectors if s not in unknown],
                )
            )
            continue
        unused: list[SelectorRef | None] = []
        for i, scope in entries:
            if i in used:
                continue
            if ran is not None:
                if scope.selector is None and not ran:
                    continue
                if scope.selector is not None and not _names_any(scope.selector.text, ran):
                    continue  # that rule did not run, so it cannot have been needed
            unused.append(scope.selector)
        if not unused:
            continue
        where = _scope_words(d, entries[0][1])
        if None in unused or len(unused) == len(entries):
            what = ("replint-" + d.kind + " " + ",".join(s.text for s in d.selectors)).rstrip()
            out.append(
                _report(
                    sup,
                    reporter,
                    d,
                    f"{what} suppresses nothing {where}; remove the directive",
                    d.column,
                )
            )
        else:
            refs = [ref for ref in unused if ref is not None]
            names = ", ".join(ref.text for ref in refs)
            out.append(
                _report(
                    sup,
                    reporter,
                    d,
                    f"{names} in replint-{d.kind} suppresses nothing {where}; "
                    f"remove {'it' if len(refs) == 1 else 'them'} from the directive",
                    refs[0].column,
                    keep=[s for s in d.selectors if s not in refs],
                )
            )
    return out


def _scope_words(d: Directive, scope: Scope) -> str:
    if d.kind == "disable-file":
        return "in this file"
    if d.kind == "disable-next-line":
        if scope.last < scope.first:
            return "(no line follows it)"
        return f"on line {scope.first}"
    if scope.last >= EVERY_LINE:
        return f"from line {d.line + 1} to the end of the file"
    if scope.last < scope.first:
        return "(replint-enable follows it at once)"
    if scope.last == scope.first:
        return f"on line {scope.first}"
    return f"on lines {scope.first}-{scope.last}"


def _report(
    sup: Suppressions,
    reporter: DirectiveReporter,
    d: Directive,
    message: str,
    column: int,
    *,
    remove: bool = True,
    keep: Sequence[SelectorRef] | None = None,
) -> Finding:
    """A finding (M001) at a directive, with a fix that removes it (or the unused codes)."""
    fix = None
    if remove and sup.fixable:
        if keep:
            replacement = d.render(keep)
            description = "remove the unused codes from the directive"
        else:
            replacement = ""
            description = "remove the unused directive"
        edit = Edit(d.line, d.column, d.line, d.end_column, replacement)
        fix = Fix((edit,), safe=True, description=description)
    return Finding.at(
        sup.path,
        d.line,
        column,
        reporter,
        message,
        end=(d.line, d.end_column),
        fix=fix,
        matched=d.text,
    )


def suppress(
    display: str,
    items: list[Finding],
    sup: Suppressions | None,
    selection: Selection,
    known: Sequence[type[Rule]],
) -> list[Finding]:
    """Apply inline directives; report the unused ones when their rule (M001) is selected."""
    if not sup:
        return items
    ran = selection.rules_for(display)
    reporter = directive_reporter(ran)  # M001, when it is selected for this file
    matches = redirecting_matcher(known)
    kept, unused = sup.apply(items, matches=matches, ran=ran, known=known, reporter=reporter)
    if reporter is not None:
        kept.extend(unused)
    return kept
