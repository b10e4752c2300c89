"""OpenDocument text (.odt): read like .docx, from its zipped XML, with the same guards.

Paragraphs (``text:p``, ``text:h``) are numbered 1..N in document order, list items and
table cells included; ``text:h`` gives the heading level (``text:outline-level``). Text
in spans, links and fields is read; ``text:s`` gives its spaces, ``text:tab`` a tab,
``text:line-break`` a line break. Deleted text of tracked changes (kept apart in
``text:tracked-changes``) and reviewers' comments (``office:annotation``) are not the
report's text and are not read. Text boxes (``draw:text-box``) follow their paragraph;
then come the headers and footers of the page styles (``styles.xml``) and the footnotes
and endnotes (``text:note``), each saying where it is, as in the .docx reader.

A number that LibreOffice shows from a list style is taken from ``text:number`` when the
file caches it; otherwise the paragraph is marked ``numbered`` (never reported missing).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from replint.model.document import Document, Paragraph
from replint.model.errors import ReadError
from replint.readers import docx as _docx

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from replint.readers import ReadOptions

CODE = "E004"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
MIMETYPE = b"application/vnd.oasis.opendocument.text"

T, OF, TB, D, S = (f"{{{ns}}}" for ns in (TEXT, OFFICE, TABLE, DRAW, STYLE))


def read_odt(path: str, data: bytes, options: ReadOptions) -> Document:
    """Read an .odt report or raise ReadError (E004) saying what is wrong and what to do."""
    try:
        return _read(path, data, options)
    except ReadError as exc:
        raise ReadError(str(exc).replace(".docx file", ".odt file"), code=CODE) from None


def _read(path: str, data: bytes, options: ReadOptions) -> Document:
    if not data:
        raise ReadError("the file is empty (0 bytes); it is not an OpenDocument file", code=CODE)
    if data.startswith(_docx.OLE2_MAGIC):
        raise ReadError(
            "this is an old binary Office file (or an encrypted one), not an .odt; open it in "
            "LibreOffice, Word or WPS and save it as .odt or .docx",
            code=CODE,
        )
    if not data.startswith(b"PK"):
        raise ReadError(
            "this is not an OpenDocument .odt file (an .odt is a zip package and this file is "
            "not one); open it in LibreOffice and save it again",
            code=CODE,
        )
    zf = _docx._open_package(data)
    with zf:
        parts = _docx._Parts(zf, options.max_docx_uncompressed)
        parts.reserve(["mimetype", "content.xml", "styles.xml", "META-INF/manifest.xml"])
        mimetype = parts.read("mimetype") or b""
        if parts.info("content.xml") is None:
            if "word/document.xml" in zf.namelist():
                raise ReadError("this is a Word document (.docx) with an .odt name", code=CODE)
            raise ReadError(
                "this zip file has no OpenDocument text inside (content.xml is missing)",
                code=CODE,
            )
        if mimetype and not mimetype.strip().startswith(MIMETYPE):
            kind = mimetype.decode("ascii", "replace").rsplit(".", 1)[-1]
            raise ReadError(f"this is an OpenDocument {kind} file, not a text document", code=CODE)
        manifest = parts.read("META-INF/manifest.xml") or b""
        if b"encryption-data" in manifest:
            raise ReadError(
                "this .odt file is protected with a password (encrypted), so it cannot be "
                "read; open it in LibreOffice, remove the password and save it again",
                code=CODE,
            )
        content = parts.xml("content.xml")
        styles = parts.xml("styles.xml")
    assert content is not None
    walker = _Walker(_list_styles(content, styles))
    body = content.find(f"{OF}body/{OF}text")
    if body is None:
        raise ReadError(
            "this .odt file is damaged: content.xml has no text body; open it in "
            "LibreOffice and save it again",
            code=CODE,
        )
    try:
        walker.blocks(body, ())
        if styles is not None:
            walker.pages(styles)
        walker.flush_notes()
    except RecursionError:
        raise ReadError(
            "this .odt file is damaged or hostile: it nests lists or tables hundreds of "
            "levels deep; open it in LibreOffice and save it again",
            code=CODE,
        ) from None
    return Document(
        path=path,
        format="docx",  # paragraph-numbered like .docx: `line` is the paragraph number
        paragraphs=tuple(walker.paragraphs),
        lines=tuple(t.replace("\n", " ") for t in walker.texts),
        source=None,
        meta=options.meta,
        settings=options.settings,
    )


_FORMATS = {
    "1": "decimal",
    "a": "lowerLetter",
    "A": "upperLetter",
    "i": "lowerRoman",
    "I": "upperRoman",
    "一, 二, 三, ...": "chineseCounting",
    "壹, 贰, 叁, ...": "chineseLegalSimplified",
    "甲, 乙, 丙, ...": "ideographTraditional",
    "①, ②, ③, ...": "decimalEnclosedCircle",
    "１, ２, ３, ...": "decimalFullWidth",
}


def _list_styles(*roots: Element | None) -> dict[str, dict[int, tuple[str, str, str, int, int]]]:
    """List style -> level -> (Word-style format, prefix, suffix, start, levels shown)."""
    found: dict[str, dict[int, tuple[str, str, str, int, int]]] = {}
    for root in roots:
        if root is None:
            continue
        for style in root.iter(T + "list-style"):
            levels: dict[int, tuple[str, str, str, int, int]] = {}
            for lvl in style:
                level = _number(lvl.get(T + "level"), 1)
                if lvl.tag != T + "list-level-style-number":
                    levels[level] = ("bullet", "", "", 1, 1)
                    continue
                fmt = lvl.get(S + "num-format")
                levels[level] = (
                    "none" if not fmt else _FORMATS.get(fmt, "unknown"),
                    lvl.get(S + "num-prefix") or "",
                    lvl.get(S + "num-suffix") or "",
                    _number(lvl.get(T + "start-value"), 1),
                    _number(lvl.get(T + "display-levels"), 1),
                )
            found[style.get(S + "name") or ""] = levels
    return found


def _number(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class _Walker:
    def __init__(self, list_styles: dict[str, dict[int, tuple[str, str, str, int, int]]]) -> None:
        self.list_styles = list_styles
        self.counters: dict[str, dict[int, int]] = {}
        self.texts: list[str] = []
        self.paragraphs: list[Paragraph] = []
        self.notes: list[tuple[str, Element]] = []
        self.note_counts = {"footnote": 0, "endnote": 0}
        self.table_count: dict[tuple[str, ...], int] = {}
        self.part_kind: str | None = None

    def blocks(self, parent: Element, where: tuple[str, ...], toc: bool = False) -> None:
        for child in parent:
            tag = child.tag
            if tag in (T + "p", T + "h"):
                self.paragraph(child, where, toc, listed=False)
            elif tag == T + "list":
                self.list_block(child, where, toc)
            elif tag == TB + "table":
                self.table(child, where)
            elif tag in (T + "table-of-content", T + "alphabetical-index", T + "bibliography"):
                self.blocks(child, where, toc=True)
            elif tag in (T + "section", T + "index-body", TB + "table-header-rows",
                         TB + "table-rows", TB + "table-row-group"):  # fmt: skip
                self.blocks(child, where, toc)
            # text:tracked-changes (deleted text), office:forms, declarations: not text.

    def list_block(
        self,
        lst: Element,
        where: tuple[str, ...],
        toc: bool,
        style: str | None = None,
        depth: int = 1,
    ) -> None:
        if depth == 1:
            style = lst.get(T + "style-name") or ""
            continues = lst.get(T + "continue-numbering") == "true" or lst.get(T + "continue-list")
            if not continues:
                self.counters.pop(style, None)  # a new list starts again at its first number
        style = style or ""
        for item in lst:
            if item.tag not in (T + "list-item", T + "list-header"):
                continue
            label = None
            if item.tag == T + "list-item":
                label = self._count(style, depth, item.get(T + "start-value"))
            for child in item:
                if child.tag in (T + "p", T + "h"):
                    self.paragraph(child, where, toc, listed=True, number=label)
                    label = None  # the item's later paragraphs carry no number
                elif child.tag == T + "list":
                    self.list_block(child, where, toc, style, depth + 1)
                else:
                    self.blocks(_Single(child), where, toc)  # type: ignore[arg-type]

    def _count(self, style: str, depth: int, start: str | None) -> str | None:
        """Count an item at ``depth`` and return the number LibreOffice shows, if any."""
        levels = self.list_styles.get(style, {})
        fmt, prefix, suffix, first, shown = levels.get(depth, ("unknown", "", "", 1, 1))
        counters = self.counters.setdefault(style, {})
        if start is not None:
            counters[depth] = _number(start, first)
        else:
            counters[depth] = counters[depth] + 1 if depth in counters else first
        for deeper in [k for k in counters if k > depth]:
            del counters[deeper]
        if fmt in ("bullet", "none"):
            return ""
        parts = []
        for k in range(max(1, depth - shown + 1), depth + 1):
            kfmt = levels.get(k, ("decimal",))[0] if k != depth else fmt
            text = _docx._format_number(counters.get(k, 1), kfmt)
            if text is None:
                return None
            parts.append(text)
        return prefix + ".".join(parts) + suffix

    def table(self, tbl: Element, where: tuple[str, ...]) -> None:
        number = self.table_count[where] = self.table_count.get(where, 0) + 1
        label = f"table {number}" if not where else f"nested table {number}"
        rows = [r for r in tbl.iter(TB + "table-row")]
        for r, row in enumerate(rows, start=1):
            cells = [c for c in row if c.tag == TB + "table-cell"]
            for c, cell in enumerate(cells, start=1):
                self.blocks(cell, (*where, f"{label}, row {r}, cell {c}"))

    def paragraph(
        self,
        p: Element,
        where: tuple[str, ...],
        toc: bool,
        listed: bool,
        number: str | None = "",
    ) -> None:
        """``number``: the list number shown before it ("" none, None unknown format)."""
        out: list[str] = []
        boxes: list[Element] = []
        label = number or ""
        for child in p:
            if child.tag == T + "number":  # the number LibreOffice shows, cached
                label = "".join(child.itertext())
        self.inline(p, out, boxes)
        text = "".join(out)
        line = len(self.texts) + 1
        self.texts.append(text)
        if text.strip() and not toc:
            style = (p.get(T + "style-name") or "").lower()
            kind, level = "text", None
            if self.part_kind is not None:
                kind = self.part_kind
            elif p.tag == T + "h":
                kind = "heading"
                try:
                    level = max(1, int(p.get(T + "outline-level") or "1"))
                except ValueError:
                    level = 1
            elif style in ("title", "标题"):
                kind = "title"
            elif where:
                kind = "table"
            elif listed and not (label and _docx._LADDER.match(label)):
                kind = "list"
            self.paragraphs.append(
                _docx._paragraph(
                    len(self.paragraphs),
                    text,
                    line,
                    label,
                    kind=kind,
                    level=level if kind == "heading" else None,
                    location=", ".join(where),
                    numbered=listed and number is None and not label,
                )
            )
        if boxes:
            host = where[-1] if where else ""
            here = (*where[:-1], f"text box on paragraph {line}" + (f" ({host})" if host else ""))
            for box in boxes:
                self.blocks(box, here, toc)

    def inline(self, el: Element, out: list[str], boxes: list[Element]) -> None:
        if el.text:
            out.append(el.text)
        for child in el:
            tag = child.tag
            if tag == T + "s":
                try:
                    out.append(" " * max(1, int(child.get(T + "c") or "1")))
                except ValueError:
                    out.append(" ")
            elif tag == T + "tab":
                out.append("\t")
            elif tag == T + "line-break":
                out.append("\n")
            elif tag == T + "note":
                cls = child.get(T + "note-class") or "footnote"
                body = child.find(T + "note-body")
                if body is not None:
                    self.notes.append((cls if cls in self.note_counts else "footnote", body))
            elif tag in (OF + "annotation", OF + "annotation-end", T + "number",
                         T + "tracked-changes", T + "bookmark-ref"):  # fmt: skip
                pass  # comments, cached numbers, deleted text: not the paragraph's text
            elif tag == D + "frame" or tag == D + "custom-shape" or tag == D + "rect":
                for box in child.iter(D + "text-box"):
                    boxes.append(box)
                if tag != D + "frame":
                    boxes.append(_Single(*[x for x in child if x.tag in (T + "p", T + "h")]))  # type: ignore[arg-type]
            else:
                self.inline(child, out, boxes)
            if child.tail:
                out.append(child.tail)

    def pages(self, styles: Element) -> None:
        """Headers and footers of the page styles, each distinct text read once."""
        seen: set[str] = set()
        counts = {"header": 0, "footer": 0}
        for master in styles.iter(S + "master-page"):
            for part in master:
                name = part.tag.rsplit("}", 1)[-1]  # header, header-left, footer-first…
                kind = name.split("-", 1)[0]
                if kind not in counts:
                    continue
                text = "".join(part.itertext()).strip()
                if not text or text in seen:
                    continue
                seen.add(text)
                counts[kind] += 1
                self.part_kind = kind
                try:
                    self.blocks(part, (f"{kind} {counts[kind]}",))
                finally:
                    self.part_kind = None

    def flush_notes(self) -> None:
        for kind, body in self.notes:
            self.note_counts[kind] += 1
            self.part_kind = "note"
            try:
                self.blocks(body, (f"{kind} {self.note_counts[kind]}",))
            finally:
                self.part_kind = None
        self.notes = []


class _Single(list):  # type: ignore[type-arg]
    """A few elements walked as if they were the children of one parent."""

    def __init__(self, *children: Element) -> None:
        super().__init__(children)
