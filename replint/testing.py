"""Helpers for rule test cases, usable by plugin authors too.

A case file (``tests/rules/cases/<CODE>.yaml``) names one rule and lists cases::

    rule: P101
    cases:
      - name: counts_with_x
        text: "学习X次。"
        fire: [[1, 3]]            # (line, column) of every finding of this rule
      - name: x_ray_is_not_a_placeholder
        text: "开展X光检查。"
        fire: []                  # must stay silent
      - name: with_options_and_format
        filename: weekly.md       # picks the reader (default: case.txt)
        options: {allow: ["XX"]}  # rule options
        meta: {period: "2021"}    # per-file settings normally taken from config
        text: "..."
        fire: [[2, 1]]
        messages: ["XX"]          # each must appear in some finding's message
      - name: across_files
        files: {a.txt: "...", b.txt: "..."}
        references: {old.txt: "..."}   # compared against, never reported
        fire: {b.txt: [[1, 1]]}

``fire`` is exact: every expected position must be found and nothing else may be.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from replint.model.document import Document, FileSettings, FrozenMap
from replint.model.errors import RuleFailed
from replint.model.findings import Finding
from replint.rule import Rule, resolve_options


@cache
def registry() -> Any:
    """The registry of built-in plugins (entry points are not loaded for tests)."""
    from replint.plugins import collect, get_plugin_manager

    return collect(get_plugin_manager(autoload=False))


def read_source(
    filename: str, content: str | bytes, meta: Mapping[str, Any] | None = None
) -> Document:
    from replint.readers import ReadOptions

    suffix = Path(filename).suffix.lower() or ".txt"
    reader = registry().readers[suffix]
    data = content.encode("utf-8") if isinstance(content, str) else content
    from replint.analysis import attach

    options = ReadOptions(settings=FileSettings.from_meta(meta or {}), meta=FrozenMap(meta))
    return attach(reader(filename, data, options))


def run_rule(
    rule: type[Rule],
    files: Mapping[str, str | bytes],
    options: Mapping[str, Any] | None = None,
    meta: Mapping[str, Any] | None = None,
    references: Mapping[str, str | bytes] | None = None,
) -> list[Finding]:
    """Run one rule over in-memory files, as the engine would, and return its findings."""
    resolved = resolve_options(rule, options)
    docs = [read_source(name, text, meta) for name, text in files.items()]
    refs = [read_source(name, text, meta) for name, text in (references or {}).items()]
    instance = rule()
    found: list[Finding] = []
    for doc in docs:
        try:
            found.extend(instance.check(doc, resolved))
        except RuleFailed as exc:  # as the runner reports it
            from replint.runner.run import failure_finding

            found.append(failure_finding(_rule_names(), doc.path, exc))
    if rule.corpus:
        found.extend(instance.check_corpus(docs, resolved, refs))
    return sorted(found, key=lambda f: f.sort_key)


def _rule_names() -> dict[str, str]:
    from replint.plugins import collect, get_plugin_manager

    return {code: r.name for code, r in collect(get_plugin_manager(autoload=False)).rules.items()}


@dataclass(frozen=True)
class RuleCase:
    rule_code: str
    name: str
    files: Mapping[str, str]
    #: Per file: (line, column) or (line, column, end_line, end_column) of each finding.
    fire: Mapping[str, Sequence[tuple[int, ...]]]
    options: Mapping[str, Any] = field(default_factory=dict)
    meta: Mapping[str, Any] = field(default_factory=dict)
    references: Mapping[str, str] = field(default_factory=dict)
    messages: Sequence[str] = ()
    #: Per file: the text after applying the rule's fixes until they settle (``fixed:``;
    #: ``fixed_unsafe:`` also applies the unsafe ones), like sqlfluff's ``fix_str``.
    fixed: Mapping[str, str] = field(default_factory=dict)
    fixed_unsafe: Mapping[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.rule_code}-{self.name}"

    def evaluate(self) -> list[Finding]:
        rule = registry().rule_by_code_or_name(self.rule_code)
        assert rule is not None, f"no rule {self.rule_code}"
        found = run_rule(rule, self.files, self.options, self.meta, self.references)
        # A position with four numbers also pins where the finding ends.
        with_end = {path for path, pos in self.fire.items() if any(len(p) == 4 for p in pos)}
        got: dict[str, list[tuple[int, ...]]] = {}
        for f in found:
            full = (f.line, f.column, f.end_line, f.end_column)
            got.setdefault(f.path, []).append(full if f.path in with_end else full[:2])
        want = {
            path: sorted(
                tuple(p) if path not in with_end or len(p) == 4 else (*tuple(p), -1, -1)
                for p in pos
            )
            for path, pos in self.fire.items()
        }
        got_cmp = {path: sorted(pos) for path, pos in got.items() if pos}
        want_cmp = {path: pos for path, pos in want.items() if pos}
        detail = "\n".join(f"  {f.path}:{f.line}:{f.column} {f.message}" for f in found)
        assert got_cmp == want_cmp, (
            f"{self.id}: expected {want_cmp}, got {got_cmp}\n{detail or '  (no findings)'}"
        )
        for text in self.messages:
            assert any(text in f.message for f in found), f"{self.id}: no message has {text!r}"
        for unsafe, expected in ((False, self.fixed), (True, self.fixed_unsafe)):
            for path, want_text in expected.items():
                got_text = self.fix(rule, path, unsafe=unsafe)
                assert got_text == want_text, (
                    f"{self.id}: {path} fixed{' (unsafe)' if unsafe else ''} is\n  {got_text!r}"
                    f"\nexpected\n  {want_text!r}"
                )
        return found

    def fix(self, rule: type[Rule], path: str, *, unsafe: bool = False) -> str:
        """The text of ``path`` after the rule's fixes, applied pass by pass as --fix does."""
        from replint.runner.fix import fix_text

        def relint(name: str, text: str) -> list[Finding]:
            files = {**self.files, name: text}
            found = run_rule(rule, files, self.options, self.meta, self.references)
            return [f for f in found if f.path == name]

        return fix_text(path, self.files[path], relint, unsafe=unsafe).text


def load_cases(directory: Path) -> list[RuleCase]:
    import yaml

    cases = []
    for path in sorted(directory.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        code = spec["rule"]
        for item in spec["cases"]:
            if "files" in item:
                files = dict(item["files"])
                fire = {k: [tuple(p) for p in v] for k, v in (item.get("fire") or {}).items()}
            else:
                filename = item.get("filename", "case.txt")
                files = {filename: item["text"]}
                fire = {filename: [tuple(p) for p in item.get("fire") or []]}
            fixed = item.get("fixed")
            fixed_unsafe = item.get("fixed_unsafe")
            if "files" not in item:
                fixed = {filename: fixed} if fixed is not None else None
                fixed_unsafe = {filename: fixed_unsafe} if fixed_unsafe is not None else None
            cases.append(
                RuleCase(
                    rule_code=code,
                    name=item["name"],
                    files=files,
                    fire=fire,
                    options=item.get("options") or {},
                    meta=item.get("meta") or {},
                    references=item.get("references") or {},
                    messages=item.get("messages") or (),
                    fixed=fixed or {},
                    fixed_unsafe=fixed_unsafe or {},
                )
            )
    return cases
