"""Family M: findings about replint's own directives (unused inline suppressions)."""

from __future__ import annotations

from replint.suppression import UnusedSuppression

RULES = [UnusedSuppression]
