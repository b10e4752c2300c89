"""Family E: the file itself could not be read. The engine reports these; the classes
document them for `replint rules` and `replint explain`, and make them selectable."""

from __future__ import annotations

from replint.plugin import Rule, Severity


class UnreadableFile(Rule):
    """The file could not be opened or has no reader.

    ## What it does
    Reports a path that does not exist, cannot be opened, or has a suffix replint has
    no reader for.

    ## Why is this bad?
    A report that is not read is not checked; a CI run must not pass because of it.

    ## Example
        replint reports/2021年总结.pdf

    ## Use instead
        replint reports/2021年总结.docx

    Map other suffixes to a reader with `extensions` in the config.
    """

    code = "E001"
    name = "unreadable-file"
    severity = Severity.ERROR


class UndecodableText(Rule):
    """A text file is not valid UTF-8, UTF-16/32 with a BOM, or GB18030, or is binary.

    ## What it does
    Reports text files that cannot be decoded in any encoding replint tries, and
    binary files given a text suffix.

    ## Why is this bad?
    Guessing an encoding wrongly turns Chinese text into nonsense and every finding
    into noise.

    ## Example
        replint old-report.txt   # saved in Big5

    ## Use instead
        replint --encoding big5 old-report.txt
    """

    code = "E002"
    name = "undecodable-text"
    severity = Severity.ERROR


class FileTooLarge(Rule):
    """The file is larger than the configured limit.

    ## What it does
    Reports files over `max_file_size` (default 20 MB) without reading them.

    ## Why is this bad?
    Reports are small; a huge file is usually a mistake (a log, an export) and would
    slow every run.

    ## Example
        max_file_size: 20MB

    ## Use instead
        max_file_size: 50MB   # in .replint.yaml, if the file really is a report
    """

    code = "E003"
    name = "file-too-large"
    severity = Severity.ERROR


class BrokenDocument(Rule):
    """A document is damaged, encrypted, of an old format, or unsafe to open.

    ## What it does
    Reports .docx files that are not valid (truncated, encrypted, an old .doc renamed,
    missing parts, broken XML, zip or XML bombs).

    ## Why is this bad?
    The file cannot be checked, and a reviewer may not be able to open it either.

    ## Example
        replint 报告.doc

    ## Use instead
        Open the file in Word or WPS and save it as .docx.
    """

    code = "E004"
    name = "broken-document"
    severity = Severity.ERROR


class RuleError(Rule):
    """A rule could not finish on this file.

    ## What it does
    Reports a rule that failed on a file, or a user pattern that took too long.

    ## Why is this bad?
    The file was not fully checked; a passing run would be a false promise.

    ## Example
        rule_paths: [team-rules.yaml]   # with a pattern such as (a+)+$

    ## Use instead
        A pattern without nested repetition, such as a+$.
    """

    code = "E005"
    name = "rule-error"
    severity = Severity.ERROR


class TookTooLong(Rule):
    """Checking the file took longer than the per-file time budget.

    ## What it does
    Reports a file whose checks were stopped after the time budget
    (``time_budget`` in the config, seconds per file); the rules that had not run yet
    did not check it.

    ## Why is this bad?
    The file was only partly checked; a passing run would be a false promise.

    ## Example
        a 15 MB report on one line

    ## Use instead
        Split the file, or raise `time_budget` in the config.
    """

    code = "E006"
    name = "file-took-too-long"
    severity = Severity.ERROR


class NotFixed(Rule):
    """`--fix` had fixes for the file but left it alone.

    ## What it does
    Reports a file `--fix` did not rewrite although it had fixes: it was changed
    (saved by an editor, fixed by another replint) after it was linted, it is
    read-only, or it could not be written. The file keeps its content, byte for byte.

    ## Why is this bad?
    The fixes you asked for were not applied; the run exits 2 so CI notices.

    ## Example
        chmod 444 report.txt; replint --fix report.txt

    ## Use instead
        Make the file writable, or run `replint --fix` again once nobody writes it.
    """

    code = "E007"
    name = "not-fixed"
    severity = Severity.ERROR


RULES = [
    UnreadableFile,
    UndecodableText,
    FileTooLarge,
    BrokenDocument,
    RuleError,
    TookTooLong,
    NotFixed,
]
