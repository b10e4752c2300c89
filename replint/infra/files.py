"""Reading input files without hanging or exploding: regular files only, bounded reads.

A FIFO named ``a.txt`` would block ``open`` and ``read`` for ever; a symlink to
``/dev/zero`` reports size 0 and never ends. So every input file (reports, configs,
rule files, baselines) is opened with ``O_NONBLOCK`` (an ``open`` that cannot block on a
FIFO), checked to be a regular file with ``fstat`` on the open descriptor (no race
between a check and the open), and read with a limit: one byte past it means "too
large", however the file describes itself.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    """The path is a FIFO, a device, a socket or a directory, not a file to read."""


class TooLarge(OSError):
    """The file holds more than the limit (``size`` is at least ``limit + 1``)."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(0, f"larger than {limit} bytes")
        self.size = size
        self.limit = limit


def kind(mode: int) -> str:
    """What a non-regular file is, for messages: "a FIFO", "a directory" …"""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises :class:`NotRegularFile` for anything else (naming what it is),
    :class:`TooLarge` past ``limit``, and ``OSError`` for what ``open`` raises (missing,
    permission denied, a symlink loop).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(0, f"is {kind(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise TooLarge(info.st_size, limit)
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # a file that grows, or a /proc file that lies about its size
                raise TooLarge(size, limit)
    finally:
        os.close(fd)


def read_regular_text(path: Path, limit: int = 16 * 1048576) -> str:
    """:func:`read_regular`, decoded as UTF-8 (a BOM allowed): for configs and rule files."""
    return read_regular(path, limit).decode("utf-8-sig")
