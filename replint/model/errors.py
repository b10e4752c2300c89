"""Errors that end a run or a file with a clear one-line message (never a traceback)."""

from __future__ import annotations


class ReplintError(Exception):
    """Base class: the message is shown to the user as is."""


class UsageError(ReplintError):
    """Bad command line, config or plugin: exit code 2."""


class ConfigError(UsageError):
    """The configuration file is invalid; the message names the file and the key."""


class PluginError(UsageError):
    """A plugin failed to load or declared something invalid; the message names it."""


class ReadError(ReplintError):
    """A file could not be read or parsed; becomes an ``E`` finding for that file.

    ``code`` picks the E rule (E001 unreadable, E002 encoding, E003 too large,
    E004 broken document); ``line``/``column`` say where, when known.
    """

    def __init__(self, message: str, code: str = "E001", line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.code = code
        self.line = line
        self.column = column


class RuleFailed(ReplintError):
    """A rule could not finish on a file (a user pattern ran out of time); the runner
    reports it as one ``E005`` finding at ``line``/``column`` instead of its findings."""

    def __init__(self, message: str, line: int = 1, column: int = 1, matched: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.matched = matched
