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
from typing import TYPE_CHECKING, Any

from replint.infra import regexes
from replint.model.document import Document, Paragraph, Segment, single_line_paragraph
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
        rels_name = _rels_name(main)
        # Every part this reader may inflate is declared up front, so a bomb is refused
        # before a single byte of it is inflated.
        parts.reserve([main, styles_name, numbering_name, rels_name])
        targets = _relationships(parts, rels_name, main)
        notes = {kind: targets.get(kind, [_sibling(main, kind + "s.xml")]) for kind in _NOTES}
        around = [t for kind in ("header", "footer") for t in targets.get(kind, [])]
        around += [t for names in notes.values() for t in names]
        parts.reserve([main, styles_name, numbering_name, rels_name, *around])
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
            _read_around(walker, parts, targets, notes)
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
        settings=options.settings,
    )


# -- the parts around the body -------------------------------------------------------

_NOTES = ("footnote", "endnote")
_REL_KINDS = {"header", "footer", "footnotes", "endnotes", "comments"}
_TYPE_NAMES = {"first": " (first page)", "even": " (even pages)"}


def _rels_name(main: str) -> str:
    folder, _, name = main.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def _relationships(parts: _Parts, rels_name: str, main: str) -> dict[str, Any]:
    """Part names by relationship: ``{"header": [...], "footer": [...], "footnote": [...],
    "ids": {rId: name}}`` from the main part's relationships (absent parts left out)."""
    found: dict[str, Any] = {"ids": {}}
    info = parts.info(rels_name)
    if info is None or info.file_size > 4 * 1024 * 1024:
        return found
    root = parts.xml(rels_name)
    if root is None:
        return found
    folder = main.rsplit("/", 1)[0] + "/" if "/" in main else ""
    for rel in root.iter(f"{{{REL_PKG}}}Relationship"):
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        if kind not in _REL_KINDS or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        name = target.lstrip("/") if target.startswith("/") else _normalise(folder + target)
        if parts.info(name) is None:
            continue
        key = kind.rstrip("s") if kind in ("footnotes", "endnotes") else kind
        found.setdefault(key, []).append(name)
        found["ids"][rel.get("Id", "")] = name
    return found


def _normalise(name: str) -> str:
    out: list[str] = []
    for piece in name.split("/"):
        if piece == "..":
            if out:
                out.pop()
        elif piece and piece != ".":
            out.append(piece)
    return "/".join(out)


def _read_around(
    walker: _Walker, parts: _Parts, targets: dict[str, Any], notes: dict[str, list[str]]
) -> None:
    """Headers and footers (in the order the sections use them; one with the same text
    as an earlier one is read once), then footnotes and endnotes (numbered as Word
    numbers them: in the order they are referenced). Comments are never read: they are
    the reviewers' words, not the report's."""
    ids: dict[str, str] = targets["ids"]
    order: list[tuple[str, str, str]] = []
    seen_parts: set[str] = set()
    for kind, kind_type, rid in walker.header_refs:
        name = ids.get(rid)
        if name and name not in seen_parts:
            seen_parts.add(name)
            order.append((kind, kind_type, name))
    for kind in ("header", "footer"):  # parts no section refers to are still in the file
        for name in targets.get(kind, []):
            if name not in seen_parts:
                seen_parts.add(name)
                order.append((kind, "default", name))
    counts = {"header": 0, "footer": 0}
    texts_seen: set[str] = set()
    w = walker.w
    for kind, kind_type, name in order:
        root = parts.xml(name)
        if root is None:
            continue
        text = "\n".join(t.text or "" for t in root.iter(f"{{{w}}}t")).strip()
        if not text or text in texts_seen:
            continue
        texts_seen.add(text)
        counts[kind] += 1
        walker.part(root, kind, f"{kind} {counts[kind]}{_TYPE_NAMES.get(kind_type, '')}")
    for kind in _NOTES:
        for name in notes[kind]:
            root = parts.xml(name)
            if root is None:
                continue
            by_id = {}
            for note in root.iter(f"{{{w}}}{kind}"):
                if note.get(f"{{{w}}}type") in (None, "normal"):
                    by_id[note.get(f"{{{w}}}id") or ""] = note
            numbered = [i for i in dict.fromkeys(walker.note_refs[kind]) if i in by_id]
            numbered += [i for i in by_id if i not in numbered]
            for number, note_id in enumerate(numbered, start=1):
                walker.part(by_id[note_id], "note", f"{kind} {number}")


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


# Word's number formats (ST_NumberFormat) that a Chinese or English report uses. A
# format not listed here is shown by Word but not by this reader: such a paragraph keeps
# ``numbered=True`` and its number stays out of the text, as before.
_CN_DIGITS = "零一二三四五六七八九"
_CN_UPPER = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _chinese(n: int, digits: str = _CN_DIGITS, ten: str = "十") -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return digits[0]
    if n < 10:
        return digits[n]
    if n < 20:
        return ten + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + ten + (digits[n % 10] if n % 10 else "")
    if n < 1000:
        head, rest = digits[n // 100] + "百", n % 100
        if not rest:
            return head
        if rest < 10:
            return head + digits[0] + digits[rest]
        return head + digits[rest // 10] + ten + (digits[rest % 10] if rest % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, sym in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word's letter numbering repeats the letter: a..z, aa..zz, aaa..
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format_number(n: int, fmt: str) -> str | None:
    """The number ``n`` as Word shows it in format ``fmt``; None for an unknown format."""
    if fmt in ("decimal", "decimalHalfWidth"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(c) - ord("0") + ord("０")) for c in str(n))
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "ideographDigital"):  # fmt: skip
        if fmt == "ideographDigital":
            return "".join(_CN_DIGITS[int(c)] for c in str(n))
        return _chinese(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _CN_UPPER, "拾")
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else None
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12] if n > 0 else None
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "ordinal":
        return f"{n}."
    return None


@dataclass(frozen=True)
class _Level:
    fmt: str  # numFmt, or "none" when the level shows no text
    text: str  # lvlText, e.g. "%1、" or "（%2）"
    start: int
    legal: bool  # w:isLgl: every %n shown as a decimal number
    style: str | None  # w:pStyle: the paragraph style this level belongs to


class _Numbering:
    """numbering.xml: which numbers are real numbers, and the number Word shows.

    Word keeps one counter per list; a paragraph at level k adds one to level k and
    restarts the levels below it. Numbers (``num``) that share an abstract definition
    continue one list, unless a ``startOverride`` makes that number its own list.
    Parsed on first use.
    """

    def __init__(self, load: Callable[[], Element | None], w: str) -> None:
        self._load = load
        self._w = w
        self._levels: dict[tuple[str, int], _Level] | None = None
        self._styled: dict[tuple[str, str], int] = {}  # (abstract id, style id) -> level
        self._num_abstract: dict[str, str] = {}
        self._own_list: set[str] = set()  # numIds with a startOverride
        self._counters: dict[str, dict[int, int]] = {}

    def _parse(self) -> dict[tuple[str, int], _Level]:
        w = self._w
        root = self._load()
        found: dict[tuple[str, int], _Level] = {}
        if root is None:
            return found
        val = f"{{{w}}}val"
        abstract: dict[str, dict[int, _Level]] = {}
        for el in root.iter(f"{{{w}}}abstractNum"):
            aid = el.get(f"{{{w}}}abstractNumId") or ""
            levels: dict[int, _Level] = {}
            for lvl in el.iter(f"{{{w}}}lvl"):
                ilvl = _int(lvl.get(f"{{{w}}}ilvl")) or 0
                level = _parse_level(lvl, w)
                levels[ilvl] = level
                if level.style:
                    self._styled[(aid, level.style)] = ilvl
            abstract[aid] = levels
        for num in root.iter(f"{{{w}}}num"):
            nid = num.get(f"{{{w}}}numId") or ""
            ref = num.find(f"{{{w}}}abstractNumId")
            aid = (ref.get(val) or "") if ref is not None else ""
            self._num_abstract[nid] = aid
            for ilvl, level in abstract.get(aid, {}).items():
                found[(nid, ilvl)] = level
            for override in num.iter(f"{{{w}}}lvlOverride"):
                ilvl = _int(override.get(f"{{{w}}}ilvl")) or 0
                lvl = override.find(f"{{{w}}}lvl")
                if lvl is not None:
                    found[(nid, ilvl)] = _parse_level(lvl, w)
                start = override.find(f"{{{w}}}startOverride")
                if start is not None:
                    self._own_list.add(nid)
                    base = found.get((nid, ilvl))
                    if base is not None:
                        found[(nid, ilvl)] = _Level(
                            base.fmt, base.text, _int(start.get(val)) or 0, base.legal, base.style
                        )
        return found

    def _get(self) -> dict[tuple[str, int], _Level]:
        if self._levels is None:
            self._levels = self._parse()
        return self._levels

    def _level_of(self, num_id: str, level: int | None, style_id: str | None) -> int:
        if level is None and style_id is not None:
            styled = self._styled.get((self._num_abstract.get(num_id, ""), style_id))
            if styled is not None:
                return styled
        return level or 0

    def is_number(self, num_id: str, level: int | None, style_id: str | None) -> bool:
        """True unless numbering.xml says this level shows a bullet or nothing.

        Unknown numbering counts as a number: wrongly skipping a heading's numbering
        check is better than reporting a number Word adds by itself as missing.
        """
        found = self._get().get((num_id, self._level_of(num_id, level, style_id)))
        return found is None or found.fmt not in ("bullet", "none", "")

    def label(self, num_id: str, level: int | None, style_id: str | None) -> str | None:
        """Count this paragraph in its list and return the number Word shows before it
        (``一、``, ``（一）``, ``1.``); None for a bullet, no number, or one this reader
        cannot show (the paragraph is then only marked ``numbered``)."""
        levels = self._get()
        ilvl = self._level_of(num_id, level, style_id)
        current = levels.get((num_id, ilvl))
        if current is None:
            return None
        key = num_id if num_id in self._own_list else "a" + self._num_abstract.get(num_id, "")
        counters = self._counters.setdefault(key, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else current.start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if current.fmt in ("bullet", "none", ""):
            return None

        def shown(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            lvl = levels.get((num_id, k))
            n = counters.get(k, lvl.start if lvl is not None else 1)
            fmt = "decimal" if (current.legal and k != ilvl) or lvl is None else lvl.fmt
            text = _format_number(n, fmt)
            if text is None:
                raise LookupError(fmt)
            return text

        try:
            text = _PLACEHOLDER.sub(shown, current.text)
        except LookupError:
            return None
        return text if text.strip() else None


_PLACEHOLDER = regexes.lazy_re(r"%([1-9])")
_LADDER = regexes.lazy_re(r"^[（(]?[一二三四五六七八九十]")


def _parse_level(lvl: Element, w: str) -> _Level:
    val = f"{{{w}}}val"
    fmt_el = lvl.find(f"{{{w}}}numFmt")
    text_el = lvl.find(f"{{{w}}}lvlText")
    start_el = lvl.find(f"{{{w}}}start")
    style_el = lvl.find(f"{{{w}}}pStyle")
    legal_el = lvl.find(f"{{{w}}}isLgl")
    fmt = (fmt_el.get(val) if fmt_el is not None else "decimal") or "decimal"
    text = (text_el.get(val) or "") if text_el is not None else ""
    if text_el is not None and not text:
        fmt = "none"  # a level that shows no text numbers nothing
    start = _int(start_el.get(val)) if start_el is not None else None
    return _Level(
        fmt=fmt,
        text=text,
        start=1 if start is None else start,
        legal=legal_el is not None and legal_el.get(val) not in ("0", "false", "off"),
        style=(style_el.get(val) if style_el is not None else None) or None,
    )


# -- walking the document ------------------------------------------------------------

# Paragraph kinds of the parts around the body; the analysis leaves them out of the
# report's structure (they come after the body, so body indices are unchanged).
PART_KINDS = frozenset({"header", "footer", "note"})


class _Walker:
    """Collects paragraphs in document order; one instance per document."""

    def __init__(self, w: str, styles: _Styles, numbering: _Numbering) -> None:
        self.w = w
        self.styles = styles
        self.numbering = numbering
        self.texts: list[str] = []
        self.paragraphs: list[Paragraph] = []
        self.table_counts: dict[tuple[str, ...], int] = {}
        self.part_kind: str | None = None  # "header", "footer", "note" outside the body
        self.note_refs: dict[str, list[str]] = {"footnote": [], "endnote": []}
        self.header_refs: list[tuple[str, str, str]] = []  # (header|footer, type, rId)
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
        self.FALLBACK = f"{{{MC}}}Fallback"
        self.VAL = q + "val"
        self.PSTYLE, self.OUTLINE, self.NUMPR = q + "pStyle", q + "outlineLvl", q + "numPr"
        self.SECT = q + "sectPr"
        self.HREF, self.FREF = q + "headerReference", q + "footerReference"
        self.FNREF, self.ENREF = q + "footnoteReference", q + "endnoteReference"
        self.ID, self.TYPE = q + "id", q + "type"
        self.BOX_HOSTS = {self.ALT, q + "drawing", q + "pict", q + "object"}
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

    def _alternative(self, alt: Element) -> Element | None:
        """The branch of mc:AlternateContent a reader sees: the first choice, or the
        fallback when the choice holds no text (or there is no choice)."""
        choice = alt.find(self.CHOICE)
        fallback = alt.find(self.FALLBACK)
        if choice is not None and (fallback is None or _has_text(choice, self.T)):
            return choice
        return fallback if fallback is not None else choice

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
                branch = self._alternative(child)
                if branch is not None:
                    self.blocks(branch, where, toc)
            elif tag == self.SECT:
                self._section(child)

    def _section(self, sect: Element) -> None:
        for ref in sect:
            if ref.tag in (self.HREF, self.FREF):
                kind = "header" if ref.tag == self.HREF else "footer"
                rid = next((v for k, v in ref.attrib.items() if k.endswith("}id")), "")
                self.header_refs.append((kind, ref.get(self.TYPE) or "default", rid))

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
            sect = ppr.find(self.SECT)
            if sect is not None:
                self._section(sect)
        line = len(self.texts) + 1
        if mark_deleted and not text.strip():
            # A paragraph deleted with tracked changes on: gone once changes are accepted.
            self._boxes(boxes, where, toc, line)
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
        label = None
        from_style = num_id is None
        if num_id is None:
            num_id, num_level = info.num_id, info.num_level
        if num_id is not None and num_id != "0":
            listed = True
            styled = style_id if from_style else None
            numbered = self.numbering.is_number(num_id, num_level, styled)
            label = self.numbering.label(num_id, num_level, styled)
            if label is not None and (not text.strip() or toc or kind == "toc"):
                label = None  # an empty numbered paragraph shows its number alone: not prose
        self.texts.append(text)
        self.numbered_paragraph(p, line, parts)
        if kind != "toc" and not toc and text.strip():
            if self.part_kind is not None:
                kind, level = self.part_kind, None
            elif kind == "text":
                if where:
                    kind = "table"
                elif listed and not (label and _LADDER.match(label)):
                    # Numbered 一、 or （一）, the paragraph reads as if the number were
                    # typed: the analysis decides whether it is a heading. 1. 2. 3. stays
                    # a list item (Word's lists), as it was before numbers were shown.
                    kind = "list"
            self.paragraphs.append(
                _paragraph(
                    len(self.paragraphs),
                    text,
                    line,
                    label or "",
                    kind=kind,
                    level=level if kind == "heading" else None,
                    location=", ".join(where),
                    # Numbered by Word with a number this reader could not show.
                    numbered=numbered and label is None,
                )
            )
        self._boxes(boxes, where, toc, line)

    def numbered_paragraph(self, p: Element, line: int, parts: list[str]) -> None:
        """Called for every paragraph that gets a number (``line``); a hook for
        :mod:`replint.annotate`, which maps findings back onto the runs."""

    def _boxes(self, boxes: list[Element], where: tuple[str, ...], toc: bool, line: int) -> None:
        if not boxes:
            return
        host = where[-1] if where else ""
        here = (*where[:-1], f"text box on paragraph {line}" + (f" ({host})" if host else ""))
        for box in boxes:
            self.blocks(box, here, toc)

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
                branch = self._alternative(child)
                if branch is not None:
                    self.inline(branch, out, boxes)
            # w:del, w:moveFrom, w:pPr, bookmarks, proofing marks: no visible text.

    def run(self, r: Element, out: list[str], boxes: list[Element]) -> None:
        for child in r:
            tag = child.tag
            if tag == self.T:
                if child.text:
                    self.text(r, child, child.text, out)
            elif tag == self.TAB or tag == self.PTAB:
                self.text(r, child, "\t", out)
            elif tag == self.BR or tag == self.CR:
                self.text(r, child, "\n", out)
            elif tag == self.NB_HYPHEN:
                self.text(r, child, "-", out)
            elif tag == self.RPR:
                vanish = child.find(self.VANISH)
                if vanish is not None and vanish.get(self.VAL) not in ("0", "false", "off"):
                    return  # hidden text is not printed, so it is not part of the report
            elif tag in self.BOX_HOSTS:
                self._find_boxes(child, boxes)
            elif tag == self.FNREF or tag == self.ENREF:
                kind = "footnote" if tag == self.FNREF else "endnote"
                self.note_refs[kind].append(child.get(self.ID) or "")
            # w:delText (deleted), w:instrText (field codes), w:fldChar, w:sym: not text.

    def text(self, r: Element, el: Element, text: str, out: list[str]) -> None:
        """The visible ``text`` of ``el`` (a child of run ``r``) goes into the paragraph."""
        out.append(text)

    def _find_boxes(self, el: Element, boxes: list[Element]) -> None:
        """Text boxes anchored in a run, each read once.

        Word writes each text box twice (DrawingML in mc:Choice, VML in mc:Fallback);
        the fallback is read only when the choice holds no text.
        """
        if el.tag == self.ALT:
            branch = self._alternative(el)
            if branch is None:
                return
            el = branch
        for child in el:
            if child.tag == self.TXBX:
                boxes.append(child)
            else:
                self._find_boxes(child, boxes)

    # The parts around the body: headers, footers, footnotes, endnotes.
    def part(self, root: Element, kind: str, label: str) -> None:
        """Walk one header/footer part (or one note) as paragraphs of kind ``kind``."""
        self.part_kind = kind
        try:
            self.blocks(root, (label,))
        finally:
            self.part_kind = None


def _has_text(el: Element, t_tag: str) -> bool:
    return any(t.text and t.text.strip() for t in el.iter(t_tag))


def _paragraph(index: int, text: str, line: int, label: str, **kwargs: Any) -> Paragraph:
    """A docx paragraph; Word's automatic number ``label`` is shown in front of the text.

    The number is not in the file, so every character of it maps to column 1 of the
    paragraph (where Word shows it) and the text after it keeps its own columns.
    """
    if not label:
        return single_line_paragraph(index, text, line=line, column=1, **kwargs)
    segments = tuple(Segment(i, line, 1) for i in range(len(label) + 1))
    return Paragraph(index=index, text=label + text, segments=segments, number=label, **kwargs)


def _is_toc_control(sdt: Element, w: str) -> bool:
    gallery = sdt.find(f"{{{w}}}sdtPr/{{{w}}}docPartObj/{{{w}}}docPartGallery")
    return gallery is not None and "Table of Contents" in (gallery.get(f"{{{w}}}val") or "")
