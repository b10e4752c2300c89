"""Word reports (.docx): paragraphs in document order, read with zipfile and ElementTree.

python-docx was measured to miss text in content controls (``w:sdt``) and tracked
insertions (``w:ins``), and to take 15 s and 7.8 GB on a 3.6 MB zip bomb; this reader
reads both, refuses the bomb before inflating anything, and needs no lxml.

Every ``w:p`` of the body, of table cells, of content controls and of text boxes gets a
number 1..N in document order; that number is the ``line`` of a finding and
``Document.lines`` holds the paragraph texts so output can quote them. Empty paragraphs
are numbered but, as blank lines of a .txt, are not linted. A report typed one
paragraph per line therefore gets the same line numbers as its .txt.

Nothing here trusts the file: the package is checked (magic bytes, end-of-directory
record, declared sizes) before any part is inflated, XML with a DOCTYPE or ENTITY
declaration is refused before parsing, and inflated sizes are capped while reading.
Every failure is a :class:`~replint.model.errors.ReadError` with code E004 and a message a
clerk can act on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from replint.infra import regexes
from replint.model.document import Document, Paragraph, single_line_paragraph
from replint.model.errors import ReadError

if TYPE_CHECKING:
    import zipfile
    from xml.etree.ElementTree import Element

    from replint.readers import ReadOptions

W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A real .docx has a few dozen parts (more with many pictures); far more is an attack.
MAX_ZIP_ENTRIES = 20_000
CODE = "E004"

_HEADING_NAME = regexes.lazy_re(r"^(?:heading|标题|標題)\s*([1-9])$", re.IGNORECASE)
_HEADING_ID = regexes.lazy_re(r"^heading\s*([1-9])$", re.IGNORECASE)
_TITLE_NAMES = {"title", "标题", "標題"}
_TOC_NAME = regexes.lazy_re(r"^(?:toc|目录|目錄)\s*(?:[1-9]|heading|标题)?$", re.IGNORECASE)


def read_docx(path: str, data: bytes, options: ReadOptions) -> Document:
    """Read a .docx report or raise ReadError (E004) saying what is wrong and what to do."""
    _check_magic(data)
    zf = _open_package(data)
    with zf:
        parts = _Parts(zf, options.max_docx_uncompressed)
        main = _main_part_name(zf, parts)
        styles_name = (
            "word/styles.xml" if main == "word/document.xml" else _sibling(main, "styles.xml")
        )
        numbering_name = _sibling(main, "numbering.xml")
        # Every part this reader may inflate is declared up front, so a bomb is refused
        # before a single byte of it is inflated.
        parts.reserve([main, styles_name, numbering_name])
        root = parts.xml(main, required=True)
        assert root is not None
        w = _namespace(root, main)
        styles = _Styles.parse(_paragraph_styles(parts, styles_name), w)
        numbering = _Numbering(lambda: parts.xml(numbering_name), w)
        body = root.find(f"{{{w}}}body")
        if body is None:
            raise ReadError(
                f"this .docx file is damaged: {main} has no document body; "
                "open it in Word and save it again",
                code=CODE,
            )
        walker = _Walker(w, styles, numbering)
        try:
            walker.blocks(body, ())
        except RecursionError:
            # Word nests tables and controls a few levels deep, never hundreds.
            raise ReadError(
                f"this .docx file is damaged or hostile: {main} nests tables or content "
                "controls hundreds of levels deep; open it in Word and save it again",
                code=CODE,
            ) from None
    texts = walker.texts
    lines = tuple(t.replace("\n", " ") for t in texts)
    return Document(
        path=path,
        format="docx",
        paragraphs=tuple(walker.paragraphs),
        lines=lines,
        source=None,
        meta=options.meta,
    )


# -- the package -----------------------------------------------------------------


def _check_magic(data: bytes) -> None:
    """Recognise what the file really is before treating it as a zip package."""
    if not data:
        raise ReadError("the file is empty (0 bytes); it is not a Word document", code=CODE)
    if data.startswith(OLE2_MAGIC):
        raise ReadError(_ole2_message(data), code=CODE)
    if data.startswith(b"PK"):
        return
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{\\rtf"):
        what = "an RTF file with a .docx name"
    elif head.startswith((b"<html", b"<!doctype html", b"mime-version")) or b"<html" in head:
        what = "a web page (HTML/MHT) with a .docx name"
    elif head.startswith(b"<?xml") and b"wordDocument" in data[:4096]:
        what = "a Word 2003 XML file with a .docx name"
    elif head.startswith(b"%pdf"):
        what = "a PDF file with a .docx name"
    else:
        raise ReadError(
            "this is not a Word .docx file (a .docx is a zip package and this file is not "
            "one); open it in Word or WPS and save it as .docx",
            code=CODE,
        )
    raise ReadError(f"this is {what}; open it in Word or WPS and save it as .docx", code=CODE)


def _ole2_message(data: bytes) -> str:
    # OLE2 compound files store stream names in UTF-16LE in their directory.
    def has(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has("EncryptedPackage") or has("EncryptionInfo"):
        return (
            "this Word file is protected with a password (encrypted), so it cannot be read; "
            "open it in Word, remove the password (File > Info > Protect Document > "
            "Encrypt with Password) and save it again"
        )
    if has("Workbook") or has("Book"):
        return "this is an old Excel 97-2003 .xls file, not a Word document"
    if has("PowerPoint Document"):
        return "this is an old PowerPoint 97-2003 .ppt file, not a Word document"
    return "this is an old Word 97-2003 .doc file; open it in Word or WPS and save it as .docx"


def _open_package(data: bytes) -> zipfile.ZipFile:
    import io
    import zipfile

    _check_directory_record(data)
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise ReadError(_damaged_zip(), code=CODE) from None


def _damaged_zip() -> str:
    return (
        "this .docx file is damaged or incomplete (its zip package is cut off or corrupt); "
        "copy or download it again, or open it in Word and save it again"
    )


def _check_directory_record(data: bytes) -> None:
    """Find the end-of-central-directory record and refuse absurd entry counts.

    A zip is read from its end; a file cut off while copying has no such record. The
    entry count is checked here because building the directory of a package with
    hundreds of thousands of entries already costs hundreds of megabytes.
    """
    tail_start = max(0, len(data) - (65535 + 22))
    pos = data.rfind(b"PK\x05\x06", tail_start)
    if pos < 0 or len(data) - pos < 22:
        raise ReadError(_damaged_zip(), code=CODE)
    entries = int.from_bytes(data[pos + 10 : pos + 12], "little")
    if entries != 0xFFFF and entries > MAX_ZIP_ENTRIES:
        raise ReadError(
            f"this .docx file has {entries:,} parts inside (a Word document has a few dozen); "
            "replint refuses to unpack it",
            code=CODE,
        )


class _Parts:
    """Reads parts of the package under a budget of inflated bytes."""

    def __init__(self, zf: zipfile.ZipFile, limit: int) -> None:
        self.zf = zf
        self.limit = limit
        self.used = 0

    def info(self, name: str) -> zipfile.ZipInfo | None:
        try:
            return self.zf.getinfo(name)
        except KeyError:
            return None

    def reserve(self, names: list[str]) -> None:
        declared = sum(info.file_size for n in set(names) if (info := self.info(n)) is not None)
        if declared > self.limit:
            raise ReadError(self._bomb_message(declared), code=CODE)

    def _bomb_message(self, size: int) -> str:
        return (
            f"this .docx file would unpack to {_size(size)} of text "
            f"(limit {_size(self.limit)}), which no real report needs; replint "
            "refuses to unpack it. If it is a genuine report, raise `max_docx_uncompressed` "
            "in the config"
        )

    def read(self, name: str) -> bytes | None:
        import zipfile
        import zlib

        info = self.info(name)
        if info is None:
            return None
        if info.flag_bits & 0x1:
            raise ReadError(
                "this .docx file is protected with a password (its parts are encrypted); "
                "remove the password in Word and save it again",
                code=CODE,
            )
        remaining = self.limit - self.used
        try:
            with self.zf.open(info) as stream:
                # zipfile stops at the declared size, but the budget is enforced here
                # too: the declared size is the attacker's to choose.
                data = stream.read(remaining + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError):
            raise ReadError(_damaged_zip(), code=CODE) from None
        except NotImplementedError:
            raise ReadError(
                "this .docx file uses a zip compression method Word does not use; "
                "open it in Word and save it again",
                code=CODE,
            ) from None
        if len(data) > remaining:
            raise ReadError(self._bomb_message(self.used + len(data)), code=CODE)
        self.used += len(data)
        return data

    def xml(self, name: str, *, required: bool = False) -> Element | None:
        data = self.read(name)
        if data is None:
            if required:
                raise ReadError(_missing_document(self.zf), code=CODE)
            return None
        return _parse_xml(name, data)


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1048576:,.0f} MB"
    return f"{max(1, round(n / 1024)):,} KB"


def _missing_document(zf: zipfile.ZipFile) -> str:
    names = set(zf.namelist())
    if "xl/workbook.xml" in names:
        return "this is an Excel workbook (.xlsx), not a Word document"
    if "ppt/presentation.xml" in names:
        return "this is a PowerPoint presentation (.pptx), not a Word document"
    if "mimetype" in names:
        try:
            mimetype = zf.read("mimetype")[:100]
        except Exception:
            mimetype = b""
        if b"opendocument.text" in mimetype:
            return "this is an OpenDocument .odt file; open it in Word or WPS and save it as .docx"
    return (
        "this zip file has no Word document inside (word/document.xml is missing); "
        "it is not a .docx made by Word or WPS"
    )


def _main_part_name(zf: zipfile.ZipFile, parts: _Parts) -> str:
    """The main document part named by the package relationships, else word/document.xml."""
    default = "word/document.xml"
    if parts.info(default) is not None:
        return default
    rels = parts.info("_rels/.rels")
    if rels is None or rels.file_size > 1024 * 1024:
        return default
    parts.reserve(["_rels/.rels"])
    root = parts.xml("_rels/.rels")
    if root is None:
        return default
    for rel in root.iter(f"{{{REL_PKG}}}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            target = rel.get("Target", "").lstrip("/")
            if target and parts.info(target) is not None:
                return target
    return default


def _sibling(main: str, name: str) -> str:
    folder = main.rsplit("/", 1)[0] + "/" if "/" in main else ""
    return folder + name


_DECLARATIONS_UTF8 = (b"<!DOCTYPE", b"<!ENTITY")
_DECLARATIONS_UTF16 = tuple(
    marker.encode(enc) for marker in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-16-le", "utf-16-be")
)


def _refuse_declarations(name: str, data: bytes) -> None:
    """Word never writes a DTD; one with entities can expand to gigabytes (billion laughs)."""
    utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]
    markers = _DECLARATIONS_UTF16 if utf16 else _DECLARATIONS_UTF8
    if any(marker in data for marker in markers):
        raise ReadError(
            f"this .docx file contains XML with a DOCTYPE or ENTITY declaration in {name}, "
            "which Word never writes; replint refuses to read it (it could expand to "
            "gigabytes). Open it in Word and save it again",
            code=CODE,
        )


def _parse_xml(name: str, data: bytes) -> Element:
    from xml.etree import ElementTree

    # Refused before the parser sees it, so expansion never starts.
    _refuse_declarations(name, data)
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":", 1)[0]
        raise ReadError(
            f"this .docx file is damaged: {name} is not well-formed XML ({reason} at "
            f"line {line}, column {column + 1}); open it in Word, let Word repair it, "
            "and save it again",
            code=CODE,
        ) from None


_STYLES_ROOT = regexes.lazy_re(rb"<(?:(\w+):)?styles\b[^>]*>")


def _paragraph_styles(parts: _Parts, name: str) -> Element | None:
    """styles.xml cut down to its paragraph styles before parsing.

    Word and WPS write dozens of table styles and hundreds of latent-style entries
    that say nothing about headings; parsing them took three quarters of the reading
    time of a 1,000-paragraph report. The cut keeps the root start tag (with every
    namespace declaration) and each ``<w:style w:type="paragraph">`` element; styles
    never nest, so each ends at the next ``</w:style>``. Anything unexpected falls
    back to parsing the whole part.
    """
    data = parts.read(name)
    if data is None:
        return None
    _refuse_declarations(name, data)
    root = _STYLES_ROOT.search(data, 0, 4096)
    if root is not None:
        prefix = root.group(1) or b""
        tag = prefix + b":style" if prefix else b"style"
        type_attr = prefix + b":type" if prefix else b"type"
        pattern = regexes.compile(
            rb"<" + tag + rb"\b[^>]*\b" + type_attr + rb"=[\"']paragraph[\"'][^>]*?"
            rb"(?:/>|>.*?</" + tag + rb">)",
            re.DOTALL,
        )
        chunks = pattern.findall(data, root.end())
        closing = b"</" + (prefix + b":" if prefix else b"") + b"styles>"
        if chunks:
            try:
                return _parse_xml(name, root.group(0) + b"".join(chunks) + closing)
            except ReadError:
                pass  # parse the whole part: its own error message is the one to show
    return _parse_xml(name, data)


def _namespace(root: Element, name: str) -> str:
    if root.tag.startswith("{"):
        ns = root.tag[1:].split("}", 1)[0]
        if ns in (W_MAIN, W_STRICT):
            return ns
    raise ReadError(
        f"this .docx file is damaged: {name} is not a WordprocessingML document; "
        "open it in Word and save it again",
        code=CODE,
    )


# -- styles and numbering ----------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None  # 0..8 from w:outlineLvl; 9 means "body text"
    num_id: str | None  # numbering attached to the style (w:numPr/w:numId)
    num_level: int | None


@dataclass(frozen=True)
class _StyleInfo:
    """What a paragraph style means for the analysis, resolved through basedOn."""

    kind: str = "text"  # "text", "heading", "title", "toc"
    level: int | None = None
    num_id: str | None = None
    num_level: int | None = None


_PLAIN = _StyleInfo()


@dataclass
class _Styles:
    styles: dict[str, _Style]
    default: str | None
    resolved: dict[str, _StyleInfo] = field(default_factory=dict)

    @classmethod
    def parse(cls, root: Element | None, w: str) -> _Styles:
        if root is None:
            return cls({}, None)
        styles: dict[str, _Style] = {}
        default = None
        val = f"{{{w}}}val"
        for el in root.iter(f"{{{w}}}style"):
            if el.get(f"{{{w}}}type") != "paragraph":
                continue
            sid = el.get(f"{{{w}}}styleId") or ""
            name_el = el.find(f"{{{w}}}name")
            based_el = el.find(f"{{{w}}}basedOn")
            outline_el = el.find(f"{{{w}}}pPr/{{{w}}}outlineLvl")
            num_el = el.find(f"{{{w}}}pPr/{{{w}}}numPr")
            num_id, num_level = _num_pr(num_el, w)
            styles[sid] = _Style(
                name=(name_el.get(val) if name_el is not None else None) or sid,
                based_on=based_el.get(val) if based_el is not None else None,
                outline=_int(outline_el.get(val)) if outline_el is not None else None,
                num_id=num_id,
                num_level=num_level,
            )
            if el.get(f"{{{w}}}default") in ("1", "true", "on"):
                default = sid
        return cls(styles, default)

    def info(self, style_id: str | None) -> _StyleInfo:
        sid = style_id if style_id is not None else self.default
        if sid is None:
            return _PLAIN
        cached = self.resolved.get(sid)
        if cached is None:
            cached = self.resolved[sid] = self._resolve(sid)
        return cached

    def _resolve(self, sid: str) -> _StyleInfo:
        kind: str | None = None
        level: int | None = None
        outline_done = False
        num_id: str | None = None
        num_level: int | None = None
        seen: set[str] = set()
        current: str | None = sid
        # Walk up basedOn: the nearest style that says something wins (Word's inheritance).
        while current is not None and current not in seen and len(seen) < 50:
            seen.add(current)
            style = self.styles.get(current)
            if style is None:
                m = _HEADING_ID.match(current)
                if kind is None and m:
                    kind, level = "heading", int(m.group(1))
                break
            name = style.name.strip()
            if kind is None:
                if _TOC_NAME.match(name):
                    kind = "toc"
                elif name.lower() in _TITLE_NAMES:
                    kind = "title"
            if not outline_done and style.outline is not None:
                outline_done = True
                if style.outline <= 8 and kind is None:
                    kind, level = "heading", style.outline + 1
                elif kind is None:
                    kind = "text"  # outline level 9: explicitly body text
            if kind is None:
                m = _HEADING_NAME.match(name) or _HEADING_ID.match(current)
                if m:
                    kind, level = "heading", int(m.group(1))
            if num_id is None and style.num_id is not None:
                num_id, num_level = style.num_id, style.num_level
            current = style.based_on
        return _StyleInfo(kind or "text", level, num_id, num_level)


def _num_pr(el: Element | None, w: str) -> tuple[str | None, int | None]:
    if el is None:
        return None, None
    num = el.find(f"{{{w}}}numId")
    ilvl = el.find(f"{{{w}}}ilvl")
    return (
        num.get(f"{{{w}}}val") if num is not None else None,
        _int(ilvl.get(f"{{{w}}}val")) if ilvl is not None else None,
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


class _Numbering:
    """Which list numbers are real numbers (not bullets, not "none"); parsed on first use."""

    def __init__(self, load: Callable[[], Element | None], w: str) -> None:
        self._load = load
        self._w = w
        self._formats: dict[tuple[str, int], str] | None = None
        self._styled: dict[tuple[str, str], str] = {}
        self._num_abstract: dict[str, str] = {}

    def _parse(self) -> dict[tuple[str, int], str]:
        w = self._w
        root = self._load()
        formats: dict[tuple[str, int], str] = {}
        if root is None:
            return formats
        val = f"{{{w}}}val"
        abstract: dict[str, dict[int, str]] = {}
        for el in root.iter(f"{{{w}}}abstractNum"):
            levels: dict[int, str] = {}
            for lvl in el.iter(f"{{{w}}}lvl"):
                fmt = _level_format(lvl, w)
                ilvl = _int(lvl.get(f"{{{w}}}ilvl")) or 0
                levels[ilvl] = fmt
                style = lvl.find(f"{{{w}}}pStyle")
                if style is not None:
                    self._styled[(el.get(f"{{{w}}}abstractNumId") or "", style.get(val) or "")] = (
                        fmt
                    )
            abstract[el.get(f"{{{w}}}abstractNumId") or ""] = levels
        for num in root.iter(f"{{{w}}}num"):
            nid = num.get(f"{{{w}}}numId") or ""
            ref = num.find(f"{{{w}}}abstractNumId")
            aid = (ref.get(val) or "") if ref is not None else ""
            self._num_abstract[nid] = aid
            for ilvl, fmt in abstract.get(aid, {}).items():
                formats[(nid, ilvl)] = fmt
            for override in num.iter(f"{{{w}}}lvlOverride"):
                lvl = override.find(f"{{{w}}}lvl")
                if lvl is not None:
                    ilvl = _int(override.get(f"{{{w}}}ilvl")) or 0
                    formats[(nid, ilvl)] = _level_format(lvl, w)
        return formats

    def is_number(self, num_id: str, level: int | None, style_id: str | None) -> bool:
        """True unless numbering.xml says this level shows a bullet or nothing.

        Unknown numbering counts as a number: wrongly skipping a heading's numbering
        check is better than reporting a number Word adds by itself as missing.
        """
        if self._formats is None:
            self._formats = self._parse()
        fmt = None
        if level is None and style_id is not None:
            fmt = self._styled.get((self._num_abstract.get(num_id, ""), style_id))
        if fmt is None:
            fmt = self._formats.get((num_id, level or 0))
        return fmt not in ("bullet", "none", "")


def _level_format(lvl: Element, w: str) -> str:
    fmt_el = lvl.find(f"{{{w}}}numFmt")
    text_el = lvl.find(f"{{{w}}}lvlText")
    fmt = fmt_el.get(f"{{{w}}}val") if fmt_el is not None else "decimal"
    if text_el is not None and not (text_el.get(f"{{{w}}}val") or ""):
        return "none"  # a level that shows no text numbers nothing
    return fmt or "decimal"


# -- walking the document ------------------------------------------------------------


class _Walker:
    """Collects paragraphs in document order; one instance per document."""

    def __init__(self, w: str, styles: _Styles, numbering: _Numbering) -> None:
        self.w = w
        self.styles = styles
        self.numbering = numbering
        self.texts: list[str] = []
        self.paragraphs: list[Paragraph] = []
        self.table_counts: dict[tuple[str, ...], int] = {}
        q = f"{{{w}}}"
        self.P, self.TBL, self.TR, self.TC = q + "p", q + "tbl", q + "tr", q + "tc"
        self.SDT, self.SDT_CONTENT, self.CUSTOM = q + "sdt", q + "sdtContent", q + "customXml"
        self.R, self.T, self.TAB, self.PTAB = q + "r", q + "t", q + "tab", q + "ptab"
        self.BR, self.CR = q + "br", q + "cr"
        self.NB_HYPHEN = q + "noBreakHyphen"
        self.DEL, self.MOVE_FROM = q + "del", q + "moveFrom"
        self.PPR, self.RPR, self.VANISH = q + "pPr", q + "rPr", q + "vanish"
        self.TXBX = q + "txbxContent"
        self.ALT, self.CHOICE = f"{{{MC}}}AlternateContent", f"{{{MC}}}Choice"
        self.VAL = q + "val"
        self.PSTYLE, self.OUTLINE, self.NUMPR = q + "pStyle", q + "outlineLvl", q + "numPr"
        self.BOX_HOSTS = {self.ALT, q + "drawing", q + "pict"}
        # Inline wrappers whose runs are part of the visible text.
        self.TRANSPARENT = {
            q + name
            for name in (
                "ins",
                "moveTo",
                "hyperlink",
                "smartTag",
                "customXml",
                "fldSimple",
                "dir",
                "bdo",
            )
        }

    # Block level: body, cells, content controls, text boxes.
    def blocks(self, parent: Element, where: tuple[str, ...], toc: bool = False) -> None:
        for child in parent:
            tag = child.tag
            if tag == self.P:
                self.paragraph(child, where, toc)
            elif tag == self.TBL:
                self.table(child, where)
            elif tag == self.SDT:
                content = child.find(self.SDT_CONTENT)
                if content is not None:
                    self.blocks(content, where, toc or _is_toc_control(child, self.w))
            elif tag == self.CUSTOM:
                self.blocks(child, where, toc)
            elif tag == self.ALT:
                choice = child.find(self.CHOICE)
                if choice is not None:
                    self.blocks(choice, where, toc)

    def table(self, tbl: Element, where: tuple[str, ...]) -> None:
        # Tables are numbered within their container: top-level ones across the body,
        # nested ones within their cell, which is how a reader counts them.
        number = self.table_counts[where] = self.table_counts.get(where, 0) + 1
        label = f"table {number}" if not where else f"nested table {number}"
        for r, row in enumerate(self._rows(tbl), start=1):
            for c, cell in enumerate(self._cells(row), start=1):
                self.blocks(cell, (*where, f"{label}, row {r}, cell {c}"))

    def _rows(self, tbl: Element) -> Iterator[Element]:
        yield from self._unwrap(tbl, self.TR)

    def _cells(self, row: Element) -> Iterator[Element]:
        yield from self._unwrap(row, self.TC)

    def _unwrap(self, parent: Element, tag: str) -> Iterator[Element]:
        for child in parent:
            if child.tag == tag:
                yield child
            elif child.tag == self.SDT:
                content = child.find(self.SDT_CONTENT)
                if content is not None:
                    yield from self._unwrap(content, tag)
            elif child.tag == self.CUSTOM:
                yield from self._unwrap(child, tag)

    def paragraph(self, p: Element, where: tuple[str, ...], toc: bool) -> None:
        parts: list[str] = []
        boxes: list[Element] = []
        self.inline(p, parts, boxes)
        text = "".join(parts)
        ppr = p.find(self.PPR)
        style_id = None
        direct_outline = None
        num_id = num_level = None
        mark_deleted = False
        if ppr is not None:
            style_el = ppr.find(self.PSTYLE)
            style_id = style_el.get(self.VAL) if style_el is not None else None
            outline_el = ppr.find(self.OUTLINE)
            direct_outline = _int(outline_el.get(self.VAL)) if outline_el is not None else None
            num_id, num_level = _num_pr(ppr.find(self.NUMPR), self.w)
            rpr = ppr.find(self.RPR)
            mark_deleted = rpr is not None and rpr.find(self.DEL) is not None
        if mark_deleted and not text.strip():
            # A paragraph deleted with tracked changes on: gone once changes are accepted.
            self._boxes(boxes, where, toc)
            return
        info = self.styles.info(style_id)
        kind, level = info.kind, info.level
        if direct_outline is not None:
            if direct_outline <= 8:
                kind, level = "heading", direct_outline + 1
            elif kind == "heading":
                kind, level = "text", None
        numbered = False
        listed = False
        from_style = num_id is None
        if num_id is None:
            num_id, num_level = info.num_id, info.num_level
        if num_id is not None and num_id != "0":
            listed = True
            numbered = self.numbering.is_number(num_id, num_level, style_id if from_style else None)
        line = len(self.texts) + 1
        self.texts.append(text)
        if kind != "toc" and not toc and text.strip():
            if kind == "text":
                if where:
                    kind = "table"
                elif listed:
                    kind = "list"
            self.paragraphs.append(
                single_line_paragraph(
                    len(self.paragraphs),
                    text,
                    line=line,
                    column=1,
                    kind=kind,
                    level=level if kind == "heading" else None,
                    location=", ".join(where),
                    numbered=numbered,
                )
            )
        self._boxes(boxes, where, toc)

    def _boxes(self, boxes: list[Element], where: tuple[str, ...], toc: bool) -> None:
        for box in boxes:
            self.blocks(box, where, toc)

    # Inline level: runs and the wrappers around them.
    def inline(self, parent: Element, out: list[str], boxes: list[Element]) -> None:
        for child in parent:
            tag = child.tag
            if tag == self.R:
                self.run(child, out, boxes)
            elif tag in self.TRANSPARENT:
                self.inline(child, out, boxes)
            elif tag == self.SDT:
                content = child.find(self.SDT_CONTENT)
                if content is not None:
                    self.inline(content, out, boxes)
            elif tag == self.ALT:
                choice = child.find(self.CHOICE)
                if choice is not None:
                    self.inline(choice, out, boxes)
            # w:del, w:moveFrom, w:pPr, bookmarks, proofing marks: no visible text.

    def run(self, r: Element, out: list[str], boxes: list[Element]) -> None:
        for child in r:
            tag = child.tag
            if tag == self.T:
                if child.text:
                    out.append(child.text)
            elif tag == self.TAB or tag == self.PTAB:
                out.append("\t")
            elif tag == self.BR or tag == self.CR:
                out.append("\n")
            elif tag == self.NB_HYPHEN:
                out.append("-")
            elif tag == self.RPR:
                vanish = child.find(self.VANISH)
                if vanish is not None and vanish.get(self.VAL) not in ("0", "false", "off"):
                    return  # hidden text is not printed, so it is not part of the report
            elif tag in self.BOX_HOSTS:
                self._find_boxes(child, boxes)
            # w:delText (deleted), w:instrText (field codes), w:fldChar, w:sym: not text.

    def _find_boxes(self, el: Element, boxes: list[Element]) -> None:
        """Text boxes anchored in a run; only the first choice of alternate content.

        Word writes each text box twice (DrawingML in mc:Choice, VML in mc:Fallback).
        """
        if el.tag == self.ALT:
            choice = el.find(self.CHOICE)
            if choice is None:
                return
            el = choice
        for child in el:
            if child.tag == self.TXBX:
                boxes.append(child)
            else:
                self._find_boxes(child, boxes)


def _is_toc_control(sdt: Element, w: str) -> bool:
    gallery = sdt.find(f"{{{w}}}sdtPr/{{{w}}}docPartObj/{{{w}}}docPartGallery")
    return gallery is not None and "Table of Contents" in (gallery.get(f"{{{w}}}val") or "")
