"""The .docx writer behind ``replint annotate`` (see :mod:`replint.annotate`)."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from replint.model.errors import ReadError
from replint.model.findings import Finding
from replint.readers import ReadOptions
from replint.readers import docx as reader

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

AUTHOR = "replint"
COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
)
_PENDING = re.compile(rb':author="replint"')
_IDS = re.compile(rb':id="(-?[0-9]+)"')


class AnnotateError(Exception):
    """The document cannot be annotated; the message says why and what to do."""


@dataclass(frozen=True)
class AnnotateResult:
    """The annotated package and what went into it."""

    data: bytes
    comments: int
    changes: int  # fixes written as tracked changes
    # Findings in headers, footers, notes and text boxes, where Word ignores comment
    # ranges: commented on the body paragraph that holds or cites them (else the first).
    unanchored: int


@dataclass(frozen=True)
class _Piece:
    """Visible text of one child of a run: ``offset`` in the paragraph's own text."""

    offset: int
    text: str
    run: Element
    child: Element


@dataclass
class _Line:
    p: Element
    pieces: list[_Piece]
    host: int | None = None  # a text box's paragraph: the body paragraph it sits on
    part: str = ""  # outside document.xml: "header 1", "footnote 2" (not spliced)

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces)


class _MapWalker(reader._Walker):
    """The reader's walker, also remembering which run child holds which characters,
    so paragraph numbers and columns here are exactly the reader's."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.lines: dict[int, _Line] = {}
        self._stack: list[list[_Piece]] = []
        self._hosts: list[int] = []
        self._part = ""

    def _boxes(self, boxes: list[Element], where: tuple[str, ...], toc: bool, line: int) -> None:
        self._hosts.append(self._hosts[0] if self._hosts else line)
        try:
            super()._boxes(boxes, where, toc, line)
        finally:
            self._hosts.pop()

    def part(self, root: Element, kind: str, label: str) -> None:
        self._part = label
        try:
            super().part(root, kind, label)
        finally:
            self._part = ""

    def paragraph(self, p: Element, where: tuple[str, ...], toc: bool) -> None:
        self._stack.append([])
        try:
            super().paragraph(p, where, toc)
        finally:
            self._stack.pop()

    def text(self, r: Element, el: Element, text: str, out: list[str]) -> None:
        offset = sum(len(t) for t in out)
        self._stack[-1].append(_Piece(offset, text, r, el))
        out.append(text)

    def numbered_paragraph(self, p: Element, line: int, parts: list[str]) -> None:
        host = self._hosts[-1] if self._hosts else None
        self.lines[line] = _Line(p, list(self._stack[-1]), host, self._part)
        # Pieces of text boxes inside this paragraph start a new list of their own.
        self._stack[-1] = []


def _spans(data: bytes) -> list[tuple[int, int, int]]:
    """(start, start-tag end, end) byte offsets of every element, in document order."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    starts: list[list[int]] = []
    open_stack: list[int] = []

    def start(_name: str, _attrs: object) -> None:
        index = parser.CurrentByteIndex
        open_stack.append(len(starts))
        starts.append([index, _tag_end(data, index), -1])

    def end(_name: str) -> None:
        index = parser.CurrentByteIndex
        item = starts[open_stack.pop()]
        if data[item[1] - 2 : item[1]] == b"/>":  # <w:tab/>: the start tag is the element
            item[2] = item[1]
        else:  # expat stands at the start of the end tag
            item[2] = _tag_end(data, index)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(data, True)
    return [(a, b, c) for a, b, c in starts]


def _tag_end(data: bytes, index: int) -> int:
    """Offset just past the ``>`` of the tag starting at ``index`` (quotes respected)."""
    quote = 0
    i = index
    n = len(data)
    while i < n:
        c = data[i]
        if quote:
            if c == quote:
                quote = 0
        elif c in (34, 39):
            quote = c
        elif c == 62:
            return i + 1
        i += 1
    return n


@dataclass
class _Marks:
    """What goes into one paragraph: anchors at offsets, deleted ranges."""

    before: dict[int, list[str]] = field(default_factory=dict)  # starts (and ins) at offset
    after: dict[int, list[str]] = field(default_factory=dict)  # ends at offset
    deleted: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, del attrs)


def annotate_docx(
    data: bytes,
    findings: Sequence[Finding],
    *,
    fixes: bool = True,
    options: ReadOptions | None = None,
    now: dt.datetime | None = None,
) -> AnnotateResult:
    """The package ``data`` with each finding as a comment and safe fixes as revisions."""
    options = options or ReadOptions()
    try:
        reader._check_magic(data)
        zf = reader._open_package(data)
    except ReadError as exc:
        raise AnnotateError(str(exc)) from None
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    with zf:
        try:
            parts = reader._Parts(zf, options.max_docx_uncompressed)
            main = reader._main_part_name(zf, parts)
            styles_name = reader._sibling(main, "styles.xml")
            numbering_name = reader._sibling(main, "numbering.xml")
            parts.reserve([main, styles_name, numbering_name])
            raw = parts.read(main)
            if raw is None:
                raise ReadError(reader._missing_document(zf), code=reader.CODE)
            root = reader._parse_xml(main, raw)
            w = reader._namespace(root, main)
            styles = reader._Styles.parse(reader._paragraph_styles(parts, styles_name), w)
            numbering = reader._Numbering(lambda: parts.xml(numbering_name), w)
        except ReadError as exc:
            raise AnnotateError(str(exc)) from None
        if not raw.lstrip().startswith(b"<") or raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise AnnotateError(f"{main} is not UTF-8 XML; open it in Word and save it again")
        comments_name = reader._sibling(main, "comments.xml")
        comments_xml = zf.read(comments_name) if comments_name in zf.namelist() else None
        if _PENDING.search(raw) or (comments_xml and _PENDING.search(comments_xml)):
            raise AnnotateError(
                "this document already has replint comments or changes pending; accept or "
                "reject them in Word (Review > Accept/Reject, delete the comments) first, or "
                "annotate the original document"
            )
        body = root.find(f"{{{w}}}body")
        if body is None:
            raise AnnotateError(f"{main} has no document body; open it in Word and save it again")
        walker = _MapWalker(w, styles, numbering)
        walker.blocks(body, ())
        body_lines = dict(walker.lines)
        try:
            # The parts around the body, numbered as the reader numbers them, so that a
            # finding in "footnote 2" is commented where the body cites footnote 2.
            rels_name = reader._rels_name(main)
            parts.reserve([main, styles_name, numbering_name, rels_name])
            targets = reader._relationships(parts, rels_name, main)
            notes = {
                kind: targets.get(kind, [reader._sibling(main, kind + "s.xml")])
                for kind in reader._NOTES
            }
            reader._read_around(walker, parts, targets, notes)
        except ReadError as exc:
            raise AnnotateError(str(exc)) from None
        citing = _citations(w, body_lines, walker.note_refs)
        spans = dict(zip(map(id, root.iter()), _spans(raw), strict=True))
        builder = _Builder(w, walker.lines, spans, raw, stamp, _next_ids(raw, comments_xml))
        builder.citing = citing
        builder.add_all(findings, fixes)
        new_main = builder.document()
        _check_well_formed(main, new_main)
        new_parts = {main: new_main}
        comment_elements = "".join(builder.comments)
        if comments_xml is None:
            if builder.comments:
                new_parts[comments_name] = _new_comments(w, comment_elements)
                _register_comments(zf, main, new_parts)
        elif builder.comments:
            close = comments_xml.rfind(b"</")
            new_parts[comments_name] = (
                comments_xml[:close] + comment_elements.encode("utf-8") + comments_xml[close:]
            )
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            written = set()
            for info in zf.infolist():
                content = new_parts.get(info.filename)
                zout.writestr(info, content if content is not None else zf.read(info))
                written.add(info.filename)
            for name, content in new_parts.items():
                if name not in written:
                    zout.writestr(name, content)
    return AnnotateResult(
        out.getvalue(), len(builder.comments), builder.changes, builder.unanchored
    )


def _citations(w: str, lines: dict[int, _Line], refs: dict[str, list[str]]) -> dict[str, int]:
    """ "footnote 2" -> the body paragraph that cites it (notes numbered as Word does)."""
    where: dict[tuple[str, str], int] = {}
    for number, line in lines.items():
        for kind in reader._NOTES:
            for ref in line.p.iter(f"{{{w}}}{kind}Reference"):
                where.setdefault((kind, ref.get(f"{{{w}}}id") or ""), line.host or number)
    found = {}
    for kind in reader._NOTES:
        for n, note_id in enumerate(dict.fromkeys(refs[kind]), start=1):
            if (kind, note_id) in where:
                found[f"{kind} {n}"] = where[(kind, note_id)]
    return found


def _check_well_formed(name: str, data: bytes) -> None:
    """Never write a document Word would call damaged: the spliced part must parse."""
    from xml.etree import ElementTree

    try:
        ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise AnnotateError(
            f"replint could not place its comments in {name} ({exc}); this is a bug in "
            "replint, please report it. The original is unchanged"
        ) from None


def _next_ids(raw: bytes, comments_xml: bytes | None) -> int:
    found = [int(m) for m in _IDS.findall(raw)]
    if comments_xml:
        found += [int(m) for m in _IDS.findall(comments_xml)]
    return max(found, default=0) + 1


def _new_comments(w: str, elements: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:comments xmlns:w="{w}">{elements}</w:comments>'
    ).encode()


def _register_comments(zf: zipfile.ZipFile, main: str, new_parts: dict[str, bytes]) -> None:
    """A new comments part needs a relationship from the document and a content type."""
    rels_name = reader._rels_name(main)
    target = "comments.xml"
    if rels_name in zf.namelist():
        rels = zf.read(rels_name)
        used = set(re.findall(rb'Id="([^"]+)"', rels))
        rid, n = b"rIdReplint1", 1
        while rid in used:
            n += 1
            rid = b"rIdReplint%d" % n
        rel = (
            b'<Relationship Id="' + rid + b'" Type="' + COMMENTS_TYPE.encode() + b'" '
            b'Target="' + target.encode() + b'"/>'
        )
        close = rels.rfind(b"</")
        new_parts[rels_name] = rels[:close] + rel + rels[close:]
    else:
        new_parts[rels_name] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rIdReplint1" Type="{COMMENTS_TYPE}" Target="{target}"/>'
            "</Relationships>"
        ).encode()
    types = zf.read("[Content_Types].xml")
    part = "/" + reader._sibling(main, "comments.xml")
    if part.encode() not in types:
        override = f'<Override PartName="{part}" ContentType="{COMMENTS_CONTENT_TYPE}"/>'
        close = types.rfind(b"</")
        new_parts["[Content_Types].xml"] = types[:close] + override.encode() + types[close:]


class _Builder:
    """Turns findings into comment anchors and revisions, then splices document.xml."""

    def __init__(
        self,
        w: str,
        lines: dict[int, _Line],
        spans: dict[int, tuple[int, int, int]],
        raw: bytes,
        stamp: str,
        first_id: int,
    ) -> None:
        self.w = w
        self.lines = lines
        self.spans = spans
        self.raw = raw
        self.stamp = stamp
        self.next_id = first_id
        self.marks: dict[int, _Marks] = {}
        self.comments: list[str] = []
        self.changes = 0
        self.unanchored = 0
        self.edited: dict[int, list[tuple[int, int]]] = {}
        self.citing: dict[str, int] = {}

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def _attrs(self, ident: int) -> str:
        return f'w:id="{ident}" w:author="{AUTHOR}" w:date="{self.stamp}"'

    def add_all(self, findings: Iterable[Finding], fixes: bool) -> None:
        body = [n for n, line in self.lines.items() if not line.part and line.host is None]
        first = min(
            (n for n in body if self.lines[n].text.strip()), default=min(body, default=None)
        )
        for f in findings:
            line = self.lines.get(f.line)
            if line is None or line.part or line.host is not None:
                # Word ignores comment ranges in headers, footers, notes and text boxes
                # (MS-OI29500 2.1.315 c): comment on the body paragraph that holds the
                # text box or cites the note, else on the first paragraph; the message
                # says where the text is.
                self.unanchored += 1
                host = line.host if line is not None else None
                if line is not None and line.part:
                    host = self.citing.get(line.part)
                host = host if host is not None else first
                if host is None:
                    continue
                fix = self._fix(f) if fixes and line is not None and line.host else None
                self.comment(host, 0, len(self.lines[host].text), f, fix)
                continue
            text = line.text
            start = min(max(f.column - 1, 0), len(text))
            end = min(max(f.end_column - 1, 0), len(text)) if f.end_line == f.line else len(text)
            end = max(end, start)
            if start == end:
                # About the whole paragraph (or where a part is missing), or Word's own
                # automatic number: the comment covers the paragraph.
                start, end = 0, len(text)
            self.comment(f.line, start, end, f, self._fix(f) if fixes else None)

    def _fix(self, f: Finding) -> list[tuple[int, int, int, str]] | None:
        """The fix's edits as (line, start, end, replacement), if safe and placeable."""
        if f.fix is None or not f.fix.safe or not f.fix.edits:
            return None
        edits: list[tuple[int, int, int, str]] = []
        for e in f.fix.edits:
            line = self.lines.get(e.line)
            if line is None or line.part or e.end_line != e.line:
                return None  # headers, footers, notes: another part, not rewritten
            start, end = e.column - 1, e.end_column - 1
            if not 0 <= start <= end <= len(line.text):
                return None
            if start == end and f.matched and e.line == f.line and f.column == f.end_column:
                return None  # the span is Word's automatic number, not text in the file
            for a, b in self.edited.get(e.line, []) + [(s, t) for _, s, t, _ in edits]:
                if (a < end and start < b) or (a == b == start == end):
                    return None  # overlaps another fix: left to the next run
            edits.append((e.line, start, end, e.replacement))
        return edits

    def comment(
        self,
        line: int,
        start: int,
        end: int,
        f: Finding,
        edits: list[tuple[int, int, int, str]] | None,
    ) -> None:
        cid = self._id()
        marks = self.marks.setdefault(line, _Marks())
        opening = f'<w:commentRangeStart w:id="{cid}"/>'
        closing = f'<w:commentRangeEnd w:id="{cid}"/><w:r><w:commentReference w:id="{cid}"/></w:r>'
        if start == end:  # an empty paragraph: an empty range, opened before it is closed
            marks.before.setdefault(start, []).append(opening + closing)
        else:
            marks.before.setdefault(start, []).insert(0, opening)
            marks.after.setdefault(end, []).append(closing)
        body = f"{f.code} {f.name}: {f.message}"
        if edits:
            for eline, s, e, replacement in edits:
                self.edited.setdefault(eline, []).append((s, e))
                emarks = self.marks.setdefault(eline, _Marks())
                if s < e:
                    emarks.deleted.append((s, e, ""))
                if replacement:
                    ins = (
                        f"<w:ins {self._attrs(self._id())}>"
                        f'{{rpr}}<w:t xml:space="preserve">{escape(replacement)}</w:t></w:r>'
                        "</w:ins>"
                    )
                    emarks.after.setdefault(e, []).insert(0, "\0" + ins)
            self.changes += 1
            old = "".join(self.lines[eline].text[s:e] for eline, s, e, _ in edits)
            new = "".join(r for *_, r in edits)
            body += (
                f"\nSuggested (tracked change): replace “{old}” with “{new}”"
                if old and new
                else (f"\nSuggested (tracked change): delete “{old}”" if old else "")
                or f"\nSuggested (tracked change): insert “{new}”"
            )
        elif f.fix is not None:
            new = "".join(e.replacement for e in f.fix.edits)
            body += f"\nSuggestion: “{new}”" if new else "\nSuggestion: delete it"
        paragraphs = "".join(
            f"<w:p><w:r>{'<w:annotationRef/>' if i == 0 else ''}"
            f'<w:t xml:space="preserve">{escape(chunk)}</w:t></w:r></w:p>'
            for i, chunk in enumerate(body.split("\n"))
        )
        self.comments.append(
            f'<w:comment w:id="{cid}" w:author={quoteattr(AUTHOR)} w:date="{self.stamp}" '
            f'w:initials="RL">{paragraphs}</w:comment>'
        )

    # -- splicing ---------------------------------------------------------------------
    def document(self) -> bytes:
        splices: list[tuple[int, int, bytes]] = []
        for number, marks in self.marks.items():
            splices.extend(self._paragraph(self.lines[number], marks))
        splices.sort()
        out = []
        at = 0
        for start, end, content in splices:
            if start < at:
                continue  # a run inside an already rewritten run (a text box in it)
            out.append(self.raw[at:start])
            out.append(content)
            at = end
        out.append(self.raw[at:])
        return b"".join(out)

    def _paragraph(self, line: _Line, marks: _Marks) -> list[tuple[int, int, bytes]]:
        pieces = line.pieces
        if not pieces:
            # An empty paragraph: everything goes just before its end tag.
            span = self.spans[id(line.p)]
            at = self.raw.rfind(b"</", span[0], span[2])
            if span[2] == span[1]:  # <w:p/>: give it an end tag
                start_tag = self.raw[span[0] : span[1]]
                content = start_tag[:-2] + b">" + self._markers(marks, 0, None) + b"</w:p>"
                return [(span[0], span[1], content)]
            return [(at, at, self._markers(marks, 0, None))]
        length = sum(len(p.text) for p in pieces)
        cuts = set(marks.before) | set(marks.after)
        for s, e, _ in marks.deleted:
            cuts.update((s, e))
        # Which runs change: those holding a cut, a mark or a deleted character.
        runs: dict[int, list[_Piece]] = {}
        order: list[Element] = []
        for piece in pieces:
            if id(piece.run) not in runs:
                runs[id(piece.run)] = []
                order.append(piece.run)
            runs[id(piece.run)].append(piece)
        splices = []
        for i, run in enumerate(order):
            own = runs[id(run)]
            lo, hi = own[0].offset, own[-1].offset + len(own[-1].text)
            last = i == len(order) - 1
            touched = any(lo <= c < hi or (last and c == hi) for c in cuts) or (
                i == 0 and 0 in cuts
            )
            touched = touched or any(s < hi and lo < e for s, e, _ in marks.deleted)
            if touched:
                span = self.spans[id(run)]
                content = self._run(run, own, marks, first=i == 0, last=last, length=length)
                splices.append((span[0], span[2], content))
        return splices

    def _markers(self, marks: _Marks, offset: int, rpr: bytes | None) -> bytes:
        """Everything anchored at ``offset``: ends of earlier spans, then starts."""
        chunks = marks.after.get(offset, []) + marks.before.get(offset, [])
        out = []
        for chunk in chunks:
            if chunk.startswith("\0"):
                chunk = chunk[1:].replace("{rpr}", "<w:r>" + (rpr or b"").decode("utf-8"))
            out.append(chunk)
        return "".join(out).encode("utf-8")

    def _run(
        self,
        run: Element,
        pieces: list[_Piece],
        marks: _Marks,
        *,
        first: bool,
        last: bool,
        length: int,
    ) -> bytes:
        raw = self.raw
        span = self.spans[id(run)]
        start_tag = raw[span[0] : span[1]]
        if span[1] == span[2]:
            start_tag = start_tag[:-2].rstrip() + b">"
        rpr_el = run.find(f"{{{self.w}}}rPr")
        rpr = b""
        if rpr_el is not None:
            rs = self.spans[id(rpr_el)]
            rpr = raw[rs[0] : rs[2]]
        by_child = {id(p.child): p for p in pieces}
        cut_points = set(marks.before) | set(marks.after)
        for s, e, _ in marks.deleted:
            cut_points.update((s, e))

        def deletion(offset: int) -> str | None:
            for s, e, attrs in marks.deleted:
                if s <= offset < e:
                    return attrs
            return None

        out: list[bytes] = []
        current: list[bytes] = []  # children of the sub-run being built
        current_del: list[str | None] = [None]

        def flush() -> None:
            if current:
                body = start_tag + rpr + b"".join(current) + b"</w:r>"
                if current_del[0] is not None:
                    attrs = self._attrs(self._id()).encode()
                    body = b"<w:del " + attrs + b">" + body + b"</w:del>"
                out.append(body)
                current.clear()

        emitted: set[int] = set()

        def boundary(offset: int) -> None:
            if offset in emitted:
                return
            emitted.add(offset)
            flush()
            out.append(self._markers(marks, offset, rpr))

        for child in run:
            if child is rpr_el:
                continue
            piece = by_child.get(id(child))
            cs = self.spans[id(child)]
            if piece is None:
                current.append(raw[cs[0] : cs[2]])
                continue
            offset = piece.offset
            end = offset + len(piece.text)
            inner = sorted(c for c in cut_points if offset < c < end)
            bounds = [offset, *inner, end]
            for a, b in itertools.pairwise(bounds):
                if a in cut_points:
                    boundary(a)
                attrs = deletion(a)
                if attrs != current_del[0]:
                    flush()
                    current_del[0] = attrs
                current.append(self._child(child, piece.text[a - offset : b - offset], attrs, cs))
        if last and length in cut_points:
            boundary(length)
        flush()
        return b"".join(out)

    def _child(
        self, child: Element, text: str, deleted: str | None, span: tuple[int, int, int]
    ) -> bytes:
        if child.tag == f"{{{self.w}}}t":
            tag = "w:delText" if deleted is not None else "w:t"
            return f'<{tag} xml:space="preserve">{escape(text)}</{tag}>'.encode()
        return self.raw[span[0] : span[2]]
