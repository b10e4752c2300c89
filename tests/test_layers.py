"""The folders are the pipeline: every import points down, no cycles, and rules/ imports
only ``replint.plugin``. Checked on the source (AST), over every module.

Imports under ``if TYPE_CHECKING:`` are not run and are not counted. Imports inside
functions are (a lazy import is still a dependency).
"""

from __future__ import annotations

import ast
import itertools
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Top to bottom. A module may import modules of its own layer or of a layer below.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("face", ("replint", "replint.__main__")),
    # entry points on top of the session: the CLI, the language server, Word annotation
    ("cli", ("replint.cli", "replint.server", "replint.annotate")),
    ("formatters", ("replint.formatters",)),
    ("session", ("replint.session", "replint.api", "replint.testing")),
    ("runner", ("replint.runner",)),
    ("filters", ("replint.filters",)),
    ("declarative", ("replint.declarative",)),
    ("plugin", ("replint.plugin", "replint.plugins", "replint.hookspecs", "replint.rule")),
    ("analysis", ("replint.analysis",)),
    ("readers", ("replint.readers",)),
    ("config", ("replint.config",)),
    ("model", ("replint.model",)),
    ("text", ("replint.text",)),
    ("infra", ("replint.infra",)),
]

# Old import paths kept for one release; nothing in the project may import them.
SHIMS = {
    "replint.zh",
    "replint.document",
    "replint.findings",
    "replint.errors",
    "replint.report",
    "replint.regexes",
    "replint.cache",
    "replint.datafile",
    "replint.similarity",
    "replint.simjoin",
    "replint.directives",
    "replint.selection",
    "replint.suppression",
    "replint.baseline",
    "replint.gitdiff",
    "replint.discover",
    "replint.engine",
    "replint.fix",
}

# Known exceptions, each with its reason. Keep this list short.
ALLOWED = {
    # Documents read without the runner (tests, scripts) get the built-in profiles,
    # which are data of the rules package; the runner passes them in doc.meta.
    ("replint.analysis.profiles", "replint_rules"),
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[0] == "rules":
        parts[0] = "replint_rules"
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {}
    for base in ("replint", "rules"):
        for path in sorted((ROOT / base).rglob("*.py")):
            found[_module_name(path)] = path
    return found


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(name: str, path: Path) -> set[str]:
    """The project modules ``name`` imports at run time (resolved to module files)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.orelse:
                    visit(sub)
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    out.add(alias.name)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - (child.level - 1)]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                for alias in child.names:
                    sub = f"{target}.{alias.name}"
                    out.add(sub if sub in MODULES else target)
            visit(child)

    visit(tree)
    return {m for m in out if m.split(".")[0] in ("replint", "replint_rules")}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(module: str) -> int | None:
    best: tuple[int, int] | None = None  # (prefix length, layer index)
    for index, (_label, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            inside = module == prefix or module.startswith(prefix + ".")
            if inside and (best is None or len(prefix) > best[0]):
                best = (len(prefix), index)
    return None if best is None else best[1]


def test_every_engine_module_has_a_layer() -> None:
    missing = [
        m
        for m in MODULES
        if m.startswith("replint") and not m.startswith("replint_rules")
        if m not in SHIMS and _layer(m) is None
    ]
    assert missing == []


def test_imports_point_down() -> None:
    wrong = []
    for module, targets in GRAPH.items():
        if module.startswith("replint_rules") or module in SHIMS:
            continue
        here = _layer(module)
        assert here is not None, module
        for target in sorted(targets):
            if (module, target) in ALLOWED or (module, target.split(".")[0]) in ALLOWED:
                continue
            if target in SHIMS:
                wrong.append(f"{module} imports the old path {target}")
                continue
            if target.startswith("replint_rules"):
                wrong.append(f"{module} imports the rules package ({target})")
                continue
            there = _layer(target)
            if there is not None and there < here:
                wrong.append(f"{module} ({LAYERS[here][0]}) imports {target} ({LAYERS[there][0]})")
    assert wrong == []


def test_rules_import_only_the_plugin_door() -> None:
    wrong = []
    for module, targets in GRAPH.items():
        if not module.startswith("replint_rules"):
            continue
        for target in sorted(targets):
            if target == "replint.plugin" or target.startswith("replint_rules"):
                continue
            wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_no_import_cycles() -> None:
    # A package's __init__ that re-exports its submodules is not a cycle with them.
    def edges(module: str) -> set[str]:
        return {t for t in GRAPH.get(module, ()) if t in GRAPH and t != module}

    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, stack: list[str]) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(edges(module)):
            if state.get(target) == 1:
                cycle = [*stack[stack.index(target) :], target]
                if not _package_reexport(cycle):
                    cycles.append(cycle)
            elif target not in state:
                visit(target, stack)
        stack.pop()
        state[module] = 2

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))
    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [])
    assert cycles == []


def _package_reexport(cycle: list[str]) -> bool:
    """``pkg`` -> ``pkg.sub`` -> ``pkg``: Python imports the package first, so a submodule
    that imports its own package's __init__ only sees what is already defined."""
    return any(b.startswith(a + ".") for a, b in itertools.pairwise(cycle))


@pytest.mark.parametrize("module", sorted(SHIMS))
def test_old_import_paths_still_work(module: str) -> None:
    import importlib

    assert importlib.import_module(module) is not None
