"""``--format html``: one self-contained page a reviewer opens in a browser.

The page shows a summary (files checked, findings per family and severity as inline
SVG bars, the files ranked by findings, what was inferred about each file), then each
report's text with every finding highlighted on its exact span, and client-side
filters. It loads nothing from anywhere: styles and script are inline, allowed by a
Content-Security-Policy that names their hashes, and every piece of report text is
escaped. The page itself is built by :mod:`replint.formatters.html.page`, imported only
when this format is used (formatter modules load at every start-up).
"""

from __future__ import annotations

from typing import ClassVar

from replint.formatters import Formatter
from replint.model.report import Report


class HtmlFormatter(Formatter):
    name = "html"
    machine_readable = True  # the page goes to stdout or -o; the summary to stderr
    needs_facts: ClassVar[bool] = True  # the page shows each file's profile, period, sections

    def render(self, report: Report) -> str:
        from replint.formatters.html.page import render_page

        return render_page(report)


FORMATTERS = {"html": HtmlFormatter}
