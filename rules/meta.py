"""Family M: findings about replint's own directives (unused inline suppressions)."""

from __future__ import annotations

from replint.plugin import UnusedSuppression

RULES = [UnusedSuppression]
