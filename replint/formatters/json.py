"""The JSON format of DESIGN.md: an array with one object per finding."""

from __future__ import annotations

from replint.formatters import Formatter
from replint.model.report import Report


class JsonFormatter(Formatter):
    name = "json"

    def render(self, report: Report) -> str:
        import json

        return (
            json.dumps([f.to_dict() for f in report.findings], ensure_ascii=False, indent=2) + "\n"
        )


FORMATTERS = {"json": JsonFormatter}
