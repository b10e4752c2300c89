"""The base of the rule classes built from YAML; it dispatches to one module per kind."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from replint.model.document import Document, Paragraph
from replint.model.errors import RuleFailed
from replint.model.findings import Finding
from replint.rule import Rule

if TYPE_CHECKING:
    pass
from replint.declarative.hits import Hit, render
from replint.declarative.patterns import _Budget, _compile, _literal_alternation, _Timeout
from replint.declarative.scope import Section, _profile_sections, sections
from replint.declarative.spec import RuleSpec
from replint.text.words import is_word


class DeclarativeRule(Rule):
    """Base of the rule classes built from YAML; ``spec`` holds the declaration."""

    spec: ClassVar[RuleSpec]

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        spec = self.spec
        budget = _Budget(spec.timeout)
        # Collected first so that a timeout half-way replaces the rule's findings for this
        # file by one E005, rather than leaving a partial result that looks complete.
        produced: list[Finding] = []
        try:
            produced.extend(kind_check(spec.kind)(self, doc, spec, budget))
        except _Timeout as exc:
            raise self._timeout(exc) from None  # the runner reports it as one E005
        yield from produced

    def _timeout(self, exc: _Timeout) -> RuleFailed:
        line, column = exc.paragraph.position(0)
        return RuleFailed(
            f"rule {self.code} {self.name}: the pattern {exc.pattern!r} ran longer than "
            f"{self.spec.timeout:g} s on this file and was stopped; simplify it (nested "
            f"repeats such as (a+)+ can take exponential time) or raise `timeout` in "
            f"{self.spec.origin or 'its YAML file'}",
            line,
            column,
            matched=exc.pattern,
        )

    # -- matching ------------------------------------------------------------------
    def paragraphs(self, doc: Document) -> Iterator[tuple[Paragraph, str]]:
        """(paragraph, section title) for the paragraphs the rule looks at."""
        if not self.spec.within:
            for p in doc.paragraphs:
                yield p, ""
            return
        seen: set[int] = set()
        for section in self.sections(doc):
            for p in section.paragraphs:
                if p.index not in seen:
                    seen.add(p.index)
                    yield p, section.title

    def sections(self, doc: Document) -> list[Section]:
        """The sections ``within`` names: by heading words, or ``@key`` for a profile part.

        ``@problems``, ``@next_steps``, ``@work_done`` (any section key of the report's
        profile) use the shared document analysis, which recognises a part by its
        aliases or, in reports without headings, by paragraph openers.
        """
        words = [w for w in self.spec.within if not w.startswith("@")]
        keys = [w[1:] for w in self.spec.within if w.startswith("@")]
        found = [s for s in sections(doc) if any(self._contains(s.title, w) for w in words)]
        if keys:
            found.extend(_profile_sections(doc, keys))
        unique = {(s.heading.index, len(s.paragraphs)): s for s in found}
        return [unique[k] for k in sorted(unique)]

    def _contains(self, text: str, phrase: str) -> bool:
        return any(True for _ in self._find_literal(text, (phrase,)))

    def _find_literal(self, text: str, tokens: tuple[str, ...]) -> Iterator[tuple[int, int]]:
        if not tokens or not text:
            return
        alternation = _literal_alternation(tokens, self.spec.ignore_case)
        pos = 0
        while True:
            m = alternation.search(text, pos)
            if m is None:
                return
            start, end = m.span()
            if self.spec.match == "raw" or is_word(text, start, end):
                yield start, end
                pos = end
            else:
                pos = start + 1  # a shorter token may still start inside the rejected one

    def find_tokens(self, p: Paragraph) -> Iterator[Hit]:
        notes = dict(self.spec.tokens)
        keys = tuple(notes)
        lowered = {k.lower(): v for k, v in notes.items()}
        for start, end in self._find_literal(p.text, keys):
            text = p.text[start:end]
            note = notes.get(text, lowered.get(text.lower(), ""))
            yield Hit(p, start, end, text, note)

    def find_pattern(self, p: Paragraph, pattern: str, budget: _Budget) -> Iterator[Hit]:
        compiled = _compile(pattern, self.spec.ignore_case, self.spec.trusted)
        text = p.text
        try:
            if self.spec.trusted:
                matches = list(compiled.finditer(text))
            else:
                matches = list(compiled.finditer(text, timeout=budget.left()))
        except TimeoutError:
            raise _Timeout(pattern, p) from None
        for m in matches:
            start, end = m.span()
            if end <= start:
                continue
            if self.spec.match == "word" and not is_word(text, start, end):
                continue
            groups = {str(i): m.group(i) or "" for i in range(compiled.groups + 1)}
            groups.update({k: v or "" for k, v in m.groupdict().items()})
            yield Hit(p, start, end, m.group(0), groups=groups)

    def find_all(self, p: Paragraph, budget: _Budget) -> Iterator[Hit]:
        hits = list(self.find_tokens(p))
        for pattern in self.spec.patterns:
            hits.extend(self.find_pattern(p, pattern, budget))
        hits.sort(key=lambda h: (h.start, -h.end))
        last_end = -1
        for hit in hits:
            if hit.start >= last_end:  # overlapping hits of two patterns: report once
                yield hit
                last_end = hit.end

    def hit_finding(
        self,
        doc: Document,
        hit: Hit,
        values: Mapping[str, Any],
        *,
        replacement: str | None = None,
        safe: bool = True,
    ) -> Finding:
        message = render(self.spec.message, {"match": hit.text, "note": hit.note, **values})
        return self.finding(
            doc, hit.paragraph, hit.start, hit.end, message, replacement=replacement, safe=safe
        )

    def anchor_finding(self, doc: Document, paragraph: Paragraph | None, message: str) -> Finding:
        if paragraph is None:
            return self.document_finding(doc, message)
        line, column = paragraph.position(0)
        return self.document_finding(doc, message, line=line, column=column)


#: One module per kind; imported when a rule of that kind first checks a document.
KIND_MODULES = {
    "existence": "replint.declarative.existence",
    "substitution": "replint.declarative.substitution",
    "required": "replint.declarative.required",
    "occurrence": "replint.declarative.occurrence",
    "pattern": "replint.declarative.pattern",
}


def kind_check(
    kind: str,
) -> Callable[[DeclarativeRule, Document, RuleSpec, _Budget], Iterable[Finding]]:
    """The check function of a rule kind (``_check_<kind>`` in its module)."""
    import importlib

    module = importlib.import_module(KIND_MODULES[kind])
    check: Callable[[DeclarativeRule, Document, RuleSpec, _Budget], Iterable[Finding]] = getattr(
        module, f"_check_{kind}"
    )
    return check
