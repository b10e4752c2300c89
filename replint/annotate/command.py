"""The ``replint annotate`` command: a reviewed copy of each .docx, next to it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click


@click.command("annotate")
@click.argument("paths", nargs=-1, required=True, type=str)
@click.option(
    "-o",
    "--output",
    metavar="OUT",
    help="Where to write the reviewed copy (one file: a .docx path; several: a directory). "
    "Default: REPORT.replint.docx next to each REPORT.docx.",
)
@click.option("--no-fixes", is_flag=True, help="Comments only: no tracked changes.")
@click.option("--config", "config_file", metavar="FILE", help="Read this config file.")
@click.option("--select", metavar="CODES", help="Only these rules (as for `replint check`).")
@click.option("--ignore", metavar="CODES", help="Leave out these rules.")
def annotate(
    paths: tuple[str, ...],
    output: str | None,
    no_fixes: bool,
    config_file: str | None,
    select: str | None,
    ignore: str | None,
) -> None:
    """Write each finding into a copy of the .docx as a Word comment (author replint),
    and each safe fix as a tracked change, to review in Word or WPS.

    The original is never modified. A directory gives one reviewed copy per document.
    """
    from replint.annotate.docx import AnnotateError, annotate_docx
    from replint.api import lint_paths
    from replint.model.errors import ReplintError

    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files.extend(
                f
                for f in sorted(path.rglob("*.docx"))
                if not f.name.startswith("~$") and not f.name.endswith(".replint.docx")
            )
        elif not path.exists():
            _fail(f"{given}: no such file")
        elif path.suffix.lower() != ".docx":
            _fail(f"{given}: replint annotate writes Word comments into .docx files only")
        else:
            files.append(path)
    if not files:
        _fail("no .docx files to annotate in " + ", ".join(paths))
    if output and len(files) > 1 and not Path(output).is_dir():
        _fail(f"{output}: with several documents, -o must be an existing directory")
    overrides: dict[str, Any] = {}
    if config_file:
        overrides["config_file"] = config_file
    if select:
        overrides["select"] = tuple(s.strip() for s in select.split(",") if s.strip())
    if ignore:
        overrides["ignore"] = tuple(s.strip() for s in ignore.split(",") if s.strip())
    failed = False
    for file in files:
        target = _target(file, output, len(files))
        try:
            report = lint_paths([str(file)], **overrides)
        except ReplintError as exc:
            _fail(str(exc))
            return
        errors = [f for f in report.findings if f.code.startswith("E")]
        if errors:
            click.echo(f"{file}: {errors[0].message}", err=True)
            failed = True
            continue
        try:
            result = annotate_docx(file.read_bytes(), report.findings, fixes=not no_fixes)
        except AnnotateError as exc:
            click.echo(f"{file}: {exc}", err=True)
            failed = True
            continue
        except OSError as exc:
            click.echo(f"{file}: cannot read it ({exc.strerror})", err=True)
            failed = True
            continue
        try:
            target.write_bytes(result.data)
        except OSError as exc:
            click.echo(f"{target}: cannot write it ({exc.strerror})", err=True)
            failed = True
            continue
        extra = (
            f" ({result.unanchored} about headers, footers, notes or text boxes, commented "
            "on the paragraph that holds or cites them)"
            if result.unanchored
            else ""
        )
        click.echo(
            f"{target}: {result.comments} comment(s), {result.changes} tracked change(s){extra}"
        )
    raise SystemExit(2 if failed else 0)


def _target(file: Path, output: str | None, count: int) -> Path:
    if output is None:
        return file.with_name(file.stem + ".replint.docx")
    out = Path(output)
    if out.is_dir():
        return out / (file.stem + ".replint.docx")
    return out


def _fail(message: str) -> None:
    click.echo(f"replint annotate: {message}", err=True)
    raise SystemExit(2)
