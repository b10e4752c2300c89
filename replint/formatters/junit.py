"""JUnit XML (``--format junit``): the test-report format GitLab, Jenkins and Azure read.

One ``<testsuite>`` per file, one failing ``<testcase>`` per finding (an ``<error>``
for E codes: the file could not be read), and one passing test case for a file without
findings, so the CI's test view lists every report that was checked.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from replint.formatters import Formatter
from replint.infra.regexes import lazy_re
from replint.model.findings import Finding
from replint.model.report import Report

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

# Characters XML 1.0 cannot carry at all (control codes, lone surrogates, U+FFFE/F);
# scraped reports do contain them.
_NOT_XML = lazy_re("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Text with characters XML cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def case_name(f: Finding) -> str:
    return f"{f.code} {f.name} at line {f.line}, column {f.column}"


class JunitFormatter(Formatter):
    name = "junit"
    machine_readable = True

    def render(self, report: Report) -> str:
        # ElementTree escapes text and attributes for us; imported only when used.
        import xml.etree.ElementTree as ET

        by_file: dict[str, list[Finding]] = defaultdict(list)
        for f in report.findings:
            by_file[f.path].append(f)
        files = list(report.files) + [p for p in by_file if p not in set(report.files)]
        root = ET.Element("testsuites", name="replint")
        total = failures = errors = 0
        for path in files:
            suite = self.suite(path, by_file.get(path, []))
            root.append(suite)
            total += int(suite.get("tests", "0"))
            failures += int(suite.get("failures", "0"))
            errors += int(suite.get("errors", "0"))
        root.set("tests", str(total))
        root.set("failures", str(failures))
        root.set("errors", str(errors))
        ET.indent(root)
        body = ET.tostring(root, encoding="unicode")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"

    def suite(self, path: str, findings: list[Finding]) -> ET.Element:
        import xml.etree.ElementTree as ET

        name = clean(path)
        errors = sum(1 for f in findings if f.code.startswith("E"))
        suite = ET.Element(
            "testsuite",
            name=name,
            tests=str(max(1, len(findings))),
            failures=str(len(findings) - errors),
            errors=str(errors),
            skipped="0",
            time="0",
        )
        if not findings:
            ET.SubElement(suite, "testcase", name="replint", classname=name, file=name, time="0")
            return suite
        seen: Counter[str] = Counter()
        for f in findings:
            title = case_name(f)
            seen[title] += 1
            if seen[title] > 1:  # two findings at one place: keep test names unique
                title = f"{title} ({seen[title]})"
            case = ET.SubElement(
                suite,
                "testcase",
                name=clean(title),
                classname=name,
                file=name,
                line=str(f.line),
                time="0",
            )
            kind = "error" if f.code.startswith("E") else "failure"
            detail = ET.SubElement(case, kind, message=clean(f.message), type=f"{f.code} {f.name}")
            detail.text = clean(
                f"{f.path}:{f.line}:{f.column}: {f.code} [{f.name}] ({f.severity.value}) "
                f"{f.message}"
            )
        return suite


FORMATTERS = {"junit": JunitFormatter}
