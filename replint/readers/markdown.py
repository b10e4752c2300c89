"""Markdown reports (.md): prose blocks with positions that point into the Markdown source.

Parsed with markdown-it-py (CommonMark plus GFM tables and strikethrough), imported on
first use. Block tokens carry their source lines; inline tokens carry none, so each
block's inline content is walked left to right and every piece is located in the
content string, whose lines are then located in the source lines.

What a rule sees (``Paragraph.text``) is prose only:

- headings, paragraphs, list items, table cells and blockquote content are paragraphs;
  fenced and indented code, HTML blocks (comments included) and YAML/TOML front matter
  are not;
- inline code, link destinations, autolinks, bare URLs, e-mail addresses, images and
  inline HTML are blanked with spaces of the same length (the contract of
  :mod:`replint.model.document`), so a placeholder rule never sees ``x`` in ``a[x]``;
- pure markup (``**``, ``_``, ``~~``, link brackets, escaping backslashes, task-list
  boxes) is dropped, and the text continues in a new :class:`Segment`, so ``**重点**工作``
  reads ``重点工作`` and every offset still maps to its exact source column.

A paragraph that spans several source lines keeps its line breaks as ``\\n`` and gets
one segment per line. A rule that must tell a real space from a blanked span (a
typography rule counting spaces between Chinese characters, say) can look at the
source: for a blanked character, ``doc.source_line(line)[column - 1]`` is not a space.
Ordered list items are ``numbered`` (Markdown renumbers them, so the numbering written
in the source is not judged).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from replint.infra import regexes
from replint.model.document import ByteOrderMark, Document, Paragraph, Segment
from replint.readers.text import decode, split_lines

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from replint.readers import ReadOptions

# Bare URLs and e-mail addresses inside prose. ASCII only: Chinese text often runs
# straight on after a URL (见https://a.cn/x通知), and the URL ends where the Chinese starts.
_URL = regexes.lazy_re(
    r"(?:(?:https?|ftp)://|(?<![A-Za-z0-9.\-])www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
    r"|(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
)
_URL_TRAILING = ".,;:!?'\")]"
_TASK_BOX = regexes.lazy_re(r"\[[ xX]\][ \t]")
_FRONT_MATTER_OPEN = {"---": ("---", "..."), "+++": ("+++",)}


def read_markdown(path: str, data: bytes, options: ReadOptions) -> Document:
    decoded = decode(path, data, options.encoding)
    lines = split_lines(decoded.text)
    body_lines = _blank_front_matter(lines)
    tokens = _parser().parse("\n".join(body_lines) + "\n")
    paragraphs = _Builder(lines).build(tokens)
    return Document(
        path=path,
        format="md",
        paragraphs=tuple(paragraphs),
        lines=tuple(lines),
        source=decoded.text,
        encoding=decoded.encoding,
        meta=options.meta,
        settings=options.settings,
        bom=ByteOrderMark.of(decoded.encoding, decoded.bom),
    )


def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # html: comments and HTML blocks become tokens of their own instead of prose.
    # typographer stays off: it would rewrite quotes and dashes the rules must see.
    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.enable(["table", "strikethrough"])
    # Keep escapes and entities as separate tokens: their source form differs from
    # their text, and merging them into text tokens would lose where they are.
    md.disable("text_join")
    return md


def _blank_front_matter(lines: list[str]) -> list[str]:
    """Lines with a leading YAML (``---``) or TOML (``+++``) front matter blanked out."""
    if not lines:
        return lines
    opener = lines[0].rstrip()
    closers = _FRONT_MATTER_OPEN.get(opener)
    if closers is None:
        return lines
    for end in range(1, len(lines)):
        if lines[end].rstrip() in closers:
            return [""] * (end + 1) + lines[end + 1 :]
    return lines  # never closed: a thematic break, not front matter


# -- mapping inline content back to the source ----------------------------------------


@dataclass(frozen=True)
class _LineMap:
    """Where one line of a block's inline content sits in the source.

    ``columns`` is None when the content line is a verbatim slice of the source line
    (the usual case); otherwise it gives the 0-based source column of every character
    (escaped pipes in tables, tabs expanded by the parser).
    """

    line: int  # 1-based source line
    start: int  # 0-based source column of the content line's first character
    columns: tuple[int, ...] | None = None

    def column(self, index: int) -> int:
        """0-based source column of character ``index`` of the content line."""
        if self.columns is None:
            return self.start + index
        if index < len(self.columns):
            return self.columns[index]
        return (self.columns[-1] + 1 + index - len(self.columns)) if self.columns else self.start


def _align(content: str, source: str, start: int) -> tuple[int, ...] | None:
    """Columns of ``content``'s characters in ``source`` from ``start`` (greedy).

    Content differs from the source only by dropped characters (a backslash before an
    escaped pipe) and whitespace changes (tabs expanded), so a greedy walk that lets
    any whitespace match any whitespace finds each character.
    """
    columns = []
    j = start
    for ch in content:
        while j < len(source) and not (source[j] == ch or (ch.isspace() and source[j].isspace())):
            j += 1
        if j >= len(source):
            return None
        columns.append(j)
        j += 1
    return tuple(columns)


def _locate(content_line: str, source: str, hint: int = 0) -> _LineMap | None:
    """Find a content line inside its source line (prefixes such as ``> `` or ``- `` differ)."""
    stripped = content_line.rstrip()
    src = source.rstrip()
    if not stripped:
        return None
    # Containers only add prefixes, so the content is usually a suffix of the line.
    if src.endswith(stripped) and len(src) - len(stripped) >= hint:
        return _LineMap(0, len(src) - len(stripped))
    found = source.find(stripped, hint)
    if found >= 0:
        return _LineMap(0, found)
    core = stripped.lstrip()
    found = source.find(core, hint)
    if found >= 0 and core:
        return _LineMap(0, found - (len(stripped) - len(core)))
    columns = _align(content_line, source, hint)
    if columns is None:
        columns = _align(core, source, hint)
        if columns is None:
            return None
        pad = len(content_line) - len(content_line.lstrip())
        first = columns[0] if columns else hint
        columns = tuple(max(0, first - pad + i) for i in range(pad)) + columns
    return _LineMap(0, columns[0] if columns else hint, columns)


class _Content:
    """A block's inline content string and where each of its lines is in the source."""

    def __init__(self, content: str, maps: list[_LineMap]) -> None:
        self.content = content
        self.maps = maps
        starts = [0]
        at = content.find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = content.find("\n", at + 1)
        self.starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the source of content ``offset``."""
        k = max(0, bisect_right(self.starts, offset) - 1)
        k = min(k, len(self.maps) - 1)
        m = self.maps[k]
        return m.line, m.column(offset - self.starts[k]) + 1

    def verbatim(self, offset: int) -> bool:
        k = min(max(0, bisect_right(self.starts, offset) - 1), len(self.maps) - 1)
        return self.maps[k].columns is None


def _content_for_lines(content: str, lines: list[str], first: int, hint: int = 0) -> _Content:
    """Map a block's content onto its source lines, one content line per source line."""
    maps: list[_LineMap] = []
    for i, part in enumerate(content.split("\n")):
        row = min(first + i, len(lines) - 1)
        source = lines[row]
        located = _locate(part, source, hint if i == 0 else 0) if part.strip() else None
        if located is None:
            # Not found (should not happen): point at the line's text rather than lose it.
            located = _LineMap(0, len(source) - len(source.lstrip()))
        maps.append(_LineMap(row + 1, located.start, located.columns))
    return _Content(content, maps)


# -- pieces of a block: prose, blanked, dropped -----------------------------------------


@dataclass(frozen=True)
class _Piece:
    start: int  # offset in the content string
    end: int
    blank: bool = False  # replaced by spaces of the same length
    text: str | None = None  # literal text (entities), else content[start:end]


class _InlineWalker:
    """Finds each inline token of a block in its content string, left to right."""

    def __init__(self, content: str) -> None:
        self.content = content
        self.cursor = 0
        self.pieces: list[_Piece] = []

    def find(self, needle: str) -> int:
        if not needle:
            return self.cursor
        return self.content.find(needle, self.cursor)

    def prose(self, start: int, end: int, text: str | None = None) -> None:
        if end > start or text:
            self.pieces.append(_Piece(start, end, text=text))

    def blank(self, start: int, end: int) -> None:
        if end > start:
            self.pieces.append(_Piece(start, end, blank=True))

    def walk(self, children: list[Token]) -> list[_Piece]:
        skip_link_text = 0
        for tok in children:
            kind = tok.type
            if skip_link_text:
                if kind == "link_close":
                    skip_link_text -= 1
                continue
            if kind == "text":
                at = self.find(tok.content)
                if at < 0:
                    continue
                self.prose(at, at + len(tok.content))
                self.cursor = at + len(tok.content)
            elif kind == "text_special":
                at = self.find(tok.markup)
                if at < 0:
                    continue
                if tok.info == "escape":
                    self.prose(at + 1, at + len(tok.markup))
                else:  # an entity: one character standing for several in the source
                    self.prose(at, at + len(tok.markup), text=tok.content)
                self.cursor = at + len(tok.markup)
            elif kind in ("softbreak", "hardbreak"):
                at = self.find("\n")
                if at < 0:
                    continue
                self.prose(at, at + 1)
                self.cursor = at + 1
            elif kind == "code_inline":
                self.code_span(tok.markup)
            elif kind == "link_open":
                if tok.markup in ("autolink", "linkify"):
                    self.autolink(tok)
                    skip_link_text = 1
                else:
                    at = self.find("[")
                    if at >= 0:
                        self.cursor = at + 1  # the bracket is markup: dropped
            elif kind == "link_close":
                self.link_tail()
            elif kind == "image":
                self.image()
            elif kind == "html_inline":
                at = self.find(tok.content)
                if at >= 0:
                    self.blank(at, at + len(tok.content))
                    self.cursor = at + len(tok.content)
            elif tok.markup and kind.endswith(("_open", "_close")):
                # Emphasis and strikethrough delimiters: dropped.
                at = self.find(tok.markup)
                if at >= 0:
                    self.cursor = at + len(tok.markup)
        return self.pieces

    def code_span(self, ticks: str) -> None:
        run = regexes.compile(rf"(?<!`){re.escape(ticks)}(?!`)")
        opening = run.search(self.content, self.cursor)
        if opening is None:
            return
        closing = run.search(self.content, opening.end())
        end = closing.end() if closing else len(self.content)
        self.blank(opening.start(), end)
        self.cursor = end

    def autolink(self, tok: Token) -> None:
        at = self.find("<")
        if at < 0:
            return
        close = self.content.find(">", at)
        end = close + 1 if close >= 0 else len(self.content)
        self.blank(at, end)
        self.cursor = end

    def link_tail(self) -> None:
        """After the link text: ``](dest "title")``, ``][label]``, ``[]`` or nothing."""
        at = self.find("]")
        if at < 0:
            return
        end = _link_tail_end(self.content, at + 1)
        if end > at + 1:
            self.blank(at, end)
        self.cursor = end

    def image(self) -> None:
        at = self.find("![")
        if at < 0:
            return
        depth = 0
        j = at + 1
        while j < len(self.content):
            ch = self.content[j]
            if ch == "\\":
                j += 2
                continue
            if ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        end = _link_tail_end(self.content, j + 1)
        self.blank(at, end)
        self.cursor = end


def _link_tail_end(text: str, i: int) -> int:
    """End offset of a link's destination part starting at ``i`` (just after ``]``)."""
    if i < len(text) and text[i] == "(":
        depth = 0
        j = i
        quote = ""
        while j < len(text):
            ch = text[j]
            if ch == "\\":
                j += 2
                continue
            if quote:
                if ch == quote:
                    quote = ""
            elif ch in "\"'" and depth == 1 and j > i + 1 and text[j - 1].isspace():
                quote = ch
            elif ch == "<" and depth == 1 and j == i + 1:
                close = text.find(">", j)
                j = close if close >= 0 else j
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    return j + 1
            j += 1
        return len(text)
    if i < len(text) and text[i] == "[":
        close = text.find("]", i)
        return close + 1 if close >= 0 else i
    return i


def _split_urls(content: str, pieces: list[_Piece]) -> list[_Piece]:
    """Blank bare URLs and e-mail addresses inside prose pieces."""
    out: list[_Piece] = []
    for piece in pieces:
        if piece.blank or piece.text is not None:
            out.append(piece)
            continue
        segment = content[piece.start : piece.end]
        if "." not in segment:
            out.append(piece)
            continue
        pos = piece.start
        for m in _URL.finditer(segment):
            url = m.group()
            trimmed = url.rstrip(_URL_TRAILING)
            # Keep a closing parenthesis that closes one opened inside the URL.
            while url[len(trimmed) : len(trimmed) + 1] == ")" and trimmed.count(
                "("
            ) > trimmed.count(")"):
                trimmed += ")"
            start = piece.start + m.start()
            end = start + len(trimmed)
            if end <= start:
                continue
            if start > pos:
                out.append(_Piece(pos, start))
            out.append(_Piece(start, end, blank=True))
            pos = end
        if pos < piece.end:
            out.append(_Piece(pos, piece.end))
    return out


# -- blocks -------------------------------------------------------------------------------


class _Builder:
    """Turns the token stream into paragraphs."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.paragraphs: list[Paragraph] = []

    def build(self, tokens: list[Token]) -> list[Paragraph]:
        lists: list[bool] = []  # stack of open lists: True when ordered
        item_first: list[bool] = []  # per open list item: is the next paragraph its first?
        block: Token | None = None
        row_line = -1
        cell_cursor = 0
        for tok in tokens:
            kind = tok.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                lists.append(kind == "ordered_list_open")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif kind == "list_item_open":
                item_first.append(True)
            elif kind == "list_item_close":
                item_first.pop()
            elif kind == "tr_open":
                row_line = tok.map[0] if tok.map else -1
                cell_cursor = 0
            elif kind in ("heading_open", "paragraph_open", "th_open", "td_open"):
                block = tok
            elif kind == "inline" and block is not None:
                in_item = bool(item_first)
                first_in_item = in_item and item_first[-1]
                if block.type in ("th_open", "td_open"):
                    cell_cursor = self.table_cell(tok, row_line, cell_cursor)
                else:
                    self.block(tok, block, in_item, first_in_item, bool(lists and lists[-1]))
                if in_item:
                    item_first[-1] = False
                block = None
        return self.paragraphs

    def block(
        self, tok: Token, opener: Token, in_item: bool, first_in_item: bool, ordered: bool
    ) -> None:
        if tok.map is None or not tok.content.strip():
            return
        first = tok.map[0]
        kind = "text"
        level = None
        hint = 0
        if opener.type == "heading_open":
            kind = "heading"
            level = int(opener.tag[1:])
            if opener.markup not in ("=", "-"):  # setext content starts at the line start
                # ATX: the content starts after the opening run of #.
                line = self.lines[first] if first < len(self.lines) else ""
                hash_at = line.find("#")
                hint = hash_at + level if hash_at >= 0 else 0
        elif in_item:
            kind = "list"
        mapped = _content_for_lines(tok.content, self.lines, first, hint)
        drop_task_box = kind == "list" and first_in_item
        self.emit(
            tok,
            mapped,
            kind,
            level,
            numbered=kind == "list" and ordered,
            drop_task_box=drop_task_box,
        )

    def table_cell(self, tok: Token, row_line: int, cursor: int) -> int:
        """Emit one table cell; returns where the next cell's search starts in the row."""
        if row_line < 0 or row_line >= len(self.lines):
            return cursor
        source = self.lines[row_line]
        if cursor == 0:
            cursor = _row_start(source)
        end = _cell_end(source, cursor)
        content = tok.content
        if content.strip():
            located = _locate(content, source[:end], cursor)
            if located is not None:
                mapped = _Content(content, [_LineMap(row_line + 1, located.start, located.columns)])
                self.emit(tok, mapped, "table", None, numbered=False, drop_task_box=False)
        return end + 1

    def emit(
        self,
        tok: Token,
        mapped: _Content,
        kind: str,
        level: int | None,
        *,
        numbered: bool,
        drop_task_box: bool,
    ) -> None:
        content = tok.content
        pieces = _InlineWalker(content).walk(tok.children or [])
        pieces = _split_urls(content, pieces)
        if drop_task_box and pieces and not pieces[0].blank:
            first = pieces[0]
            if _TASK_BOX.match(content, first.start):
                pieces[0] = _Piece(first.start + 4, first.end)
        text, segments = _assemble(content, pieces, mapped)
        if not text.strip():
            return
        self.paragraphs.append(
            Paragraph(
                index=len(self.paragraphs),
                text=text,
                segments=segments,
                kind=kind,
                level=level,
                numbered=numbered,
            )
        )


def _row_start(row: str) -> int:
    """Column after the leading pipe of a table row (and any container prefix)."""
    m = re.match(r"^(?:[ \t]{0,3}>[ \t]?)*[ \t]*\|?", row)
    return m.end() if m else 0


def _cell_end(row: str, start: int) -> int:
    """Index of the unescaped pipe that ends the cell starting at ``start`` (or row end)."""
    j = start
    while j < len(row):
        if row[j] == "\\":
            j += 2
            continue
        if row[j] == "|":
            return j
        j += 1
    return len(row)


def _assemble(
    content: str, pieces: list[_Piece], mapped: _Content
) -> tuple[str, tuple[Segment, ...]]:
    """Concatenate pieces into the paragraph text and its segments."""
    out: list[str] = []
    segments: list[Segment] = []
    length = 0
    expect: tuple[int, int] | None = None  # source position the next character would have

    def place(offset: int, line: int, column: int) -> None:
        nonlocal expect
        if expect != (line, column):
            segments.append(Segment(offset, line, column))

    for piece in pieces:
        if piece.text is not None:
            line, column = mapped.position(piece.start)
            place(length, line, column)
            out.append(piece.text)
            length += len(piece.text)
            expect = None  # the source form (an entity) is longer than its text
            continue
        start = piece.start
        while start < piece.end:
            # Split at line breaks: each source line starts a segment of its own.
            newline = content.find("\n", start, piece.end)
            stop = piece.end if newline < 0 else newline + 1
            chunk = content[start:stop]
            if piece.blank:
                chunk = "".join("\n" if ch == "\n" else " " for ch in chunk)
            if mapped.verbatim(start):
                line, column = mapped.position(start)
                place(length, line, column)
                out.append(chunk)
                length += len(chunk)
                expect = (line, column + len(chunk))
                if chunk.endswith("\n"):
                    expect = None
            else:
                for i, ch in enumerate(chunk):
                    line, column = mapped.position(start + i)
                    place(length, line, column)
                    out.append(ch)
                    length += 1
                    expect = (line, column + 1) if ch != "\n" else None
            start = stop
    if not segments:
        first_line, first_column = mapped.position(0)
        segments.append(Segment(0, first_line, first_column))
    return "".join(out), tuple(segments)
