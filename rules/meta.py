"""Family M: findings about replint's own directives (unused inline suppressions).

The filter stage finds the directives that suppressed nothing and reports them through
the selected rule that has ``reports_unused_directives``: this one.
"""

from __future__ import annotations

from replint.plugin import Rule, Severity


class UnusedSuppression(Rule):
    """A `replint-disable` directive that suppresses nothing.

    ## What it does
    Reports inline suppression directives (`<!-- replint-disable … -->`,
    `replint-disable-next-line`, `replint-disable-file`, `replint-enable`) that no
    longer hide any finding, name a rule that does not exist, or cannot be understood.

    ## Why is this bad?
    A directive is written to hide one known problem. Once the text is corrected it
    stays behind and would silently hide the next real problem on that line or in that
    part of the report. Stale directives also pile up and make reports harder to read.

    ## Example
        <!-- replint-disable-next-line P101 -->
        全年共举行集体学习12次。

    ## Use instead
        全年共举行集体学习12次。

    Directives only count as unused for rules that actually ran, so a partial
    `--select` never reports them. `--fix` removes an unused directive, or the unused
    codes from it.
    """

    code = "M001"
    name = "unused-suppression"
    severity = Severity.WARNING
    fixable = True
    #: The filter stage hands this rule the directives that suppressed nothing.
    reports_unused_directives = True


RULES = [UnusedSuppression]
