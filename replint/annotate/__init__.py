"""``replint annotate``: findings written back into a .docx as Word comments, safe fixes
as tracked changes, so the clerk reviews them in Word or WPS.

Only three parts change: ``word/document.xml`` (comment anchors, tracked changes),
``word/comments.xml`` (created or extended) and, when the document had no comments,
its relationship and content-type entries. Every other part is copied byte for byte,
and in the changed parts only the runs a finding starts or ends in are rewritten (the
XML is spliced, never re-serialised, so namespaces, ``mc:Ignorable`` prefixes and
everything untouched keep their exact bytes).

What the file format requires (ECMA-376 Part 1, 17.13.4 comments, 17.13.5 revisions):
a comment is ``w:commentRangeStart``/``w:commentRangeEnd`` with the same ``w:id`` around
the text, then a run holding ``w:commentReference``; the comment itself is a
``w:comment`` in the comments part, reached through a relationship of type
``.../comments``. A tracked deletion is a run inside ``w:del`` whose text is
``w:delText``; an insertion is a run inside ``w:ins``; both carry ``w:author`` and
``w:id``. Pending revisions need no flag in ``settings.xml`` (``w:trackRevisions`` only
turns tracking on for the clerk's next edits, so it is left alone).
"""

from __future__ import annotations

from typing import Any

__all__ = ["AnnotateError", "AnnotateResult", "annotate_docx"]


def __getattr__(name: str) -> Any:
    # The writer is imported on first use: `replint --help` must not pay for it.
    if name in __all__:
        from replint.annotate import docx

        return getattr(docx, name)
    raise AttributeError(name)
