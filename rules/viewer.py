"""A web page's chrome pasted above the title (P111, P113).

Copying a page of an online document viewer takes its control panel along: zoom or
speed buttons (`-`, `+`), play controls, and the menu beside them (the voices of a
read-aloud feature: `成熟大叔`, `温柔淑女`…). They arrive as a run of tiny lines before
the title. Copying a page of a reference or essay site takes the site's banner along:
its name, slogan or address, on a line of its own above the report's title.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import pairwise
from typing import Any

from replint.plugin import Document, Finding, Paragraph, Rule, Severity, is_cjk, regexes

# A button alone on its line: minus, plus, times, play, pause, arrows, A+ / A-.
_CONTROL = regexes.lazy_re(r"^\s*(?:[-+−＋－×✕▶◀▲▼►◄⏵⏸‖↑↓]|A[+-]|[<>]{1,2})\s*$")
# A menu entry: a few characters, no punctuation of a sentence.
_MENU_ENTRY = regexes.lazy_re(r"^\s*[^\s。，,.；;：:！!？?、]{1,6}\s*$")
# The run must hold this many lines, one of them a button.
MIN_RUN = 3
# Only the top of the document is looked at.
WINDOW = 30


class ViewerControls(Rule):
    """A document viewer's buttons and menu pasted above the text.

    ## What it does
    At the top of a report, finds a run of three or more tiny lines, at least one of
    them a lone button (`-`, `+`, `▶`, `A+`), such as a read-aloud menu
    (`-` / `+` / `成熟大叔` / `温柔淑女`) copied with the page.

    ## Why is this bad?
    The lines are the viewer's interface, not the report: they show the text was
    copied from a web page and were never read through.

    ## Example
        -
        +
        成熟大叔
        温柔淑女
        2024年秋季开学工作自查报告

    ## Use instead
        2024年秋季开学工作自查报告

    Short lines without a button (a title page's `机密`, a list of names) and lines
    after the first line of text stay silent.
    """

    code = "P111"
    name = "viewer-controls"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        run: list[int] = []
        paras = doc.paragraphs[:WINDOW]
        for n, para in enumerate(paras):
            if _MENU_ENTRY.match(para.text) or _CONTROL.match(para.text):
                run.append(n)
                continue
            break  # the first line of text ends the top
        if len(run) < MIN_RUN or not any(_CONTROL.match(paras[n].text) for n in run):
            return
        first, last = paras[run[0]], paras[run[-1]]
        yield self.finding(
            doc,
            first,
            0,
            len(first.text),
            f"{len(run)} lines of a document viewer's controls (“{first.text.strip()}” … "
            f"“{last.text.strip()}”) pasted above the text: delete them",
        )


# A report's title: short, no sentence end, a word that names a report.
_TITLE = regexes.lazy_re(r"^[^。！？!?]{2,60}$")
_REPORT_WORD = regexes.lazy_re(
    r"总结|报告|汇报|述职|自查|周报|月报|日志|计划|要点|通报|情况|方案|讲话|发言|材料"
    r"|報告|總結|匯報|彙報|週報|(?i:report|summary|status|weekly|log|update|retrospective)"
)
# What a site says about itself: the services it offers, a welcome, its address, a menu.
_SERVICE = regexes.lazy_re(
    r"提供[^。！？!?]{0,60}?(?:查询|搜索|检索|下载|在线|阅读|欣赏|解释|释义|大全|素材|模板|资料|服务)"
)
_WELCOME = regexes.lazy_re(r"欢迎(?:您)?(?:访问|光临|来到|浏览)|歡迎(?:您)?(?:訪問|光臨|來到)")
_ADDRESS = regexes.lazy_re(
    r"(?i)(?:https?://|www\.)[\w.-]+|\b[a-z0-9-]{2,30}\.(?:com|cn|net|org|cc|top|vip)(?:\.cn)?\b"
)
_MENU = regexes.lazy_re(r"^\s*[^|｜\s]{1,8}(?:\s*[|｜]\s*[^|｜\s]{1,8}){2,}\s*$")
_SITE_NAME = regexes.lazy_re(
    r"(?:网站|网|網站|網|在线|在線|频道|頻道|文库|文庫|之家|百科|门户|門戶|导航|導航)\s*$"
)
# The banner stands among the first lines, before the title.
TOP = 8
# A banner names none of what the report is about: at most this share of its
# two-character pairs occur in the text below the title.
MAX_SHARED = 0.3
SITE_NAME_MAX = 16
# Only lines this short are tested for P105's junk (a title or a banner is shorter).
JUNK_LINE_MAX = 200
# A site's address stands alone, or after a few characters of its name.
ADDRESS_REST = 12


class SiteBanner(Rule):
    """A website's name, slogan or address pasted above the report's title.

    ## What it does
    Among the first lines, before the title, finds a line that is a site's banner
    rather than the report's: a slogan listing the services the site offers
    (`提供…查询`), a welcome (`欢迎访问…`), a web address, a menu of short entries
    separated by `|`, or a short name ending in `网`/`在线`/`文库`. A slogan or name
    is reported only when it shares almost no words with the report below the title.

    ## Why is this bad?
    The banner of the site the text was copied from is not part of the report; it
    shows at first glance that the report was downloaded, and a reader wonders what
    a dictionary or an essay site has to do with it.

    ## Example
        查词典提供汉字释义、拼音、组词、近义词等在线查询
        2024年秋季学期教学工作自查报告
        根据县教育局通知要求，我校对照清单逐项开展了自查……

    ## Use instead
        2024年秋季学期教学工作自查报告
        根据县教育局通知要求，我校对照清单逐项开展了自查……

    Lines after the title, and a header naming the office that writes the report
    (`××县人民政府办公室`, whose words the report uses), stay silent.
    """

    code = "P113"
    name = "site-banner"
    severity = Severity.WARNING
    options: Mapping[str, Any] = {}

    def check(self, doc: Document, options: Mapping[str, Any]) -> Iterator[Finding]:
        # Lines P105 knows as a site's junk (`…范文大全`, breadcrumbs) are its own.
        top = [p for p in doc.paragraphs[: TOP * 2] if p.text.strip() and not _junk(p.text)]
        top = top[:TOP]
        title = next((n for n, p in enumerate(top) if n > 0 and _is_title(p)), None)
        if title is None:
            return
        body: str | None = None
        title_para = top[title]
        for para in top[:title]:
            if para.kind in ("list", "table"):
                continue
            text = para.text.strip()
            what = _banner_shape(text)
            if what is None:
                continue
            if what in ("slogan", "name"):
                if body is None:
                    body = _below(doc, title_para)
                if _shared(text, body) > MAX_SHARED:
                    continue
            yield self.finding(
                doc,
                para,
                0,
                len(para.text.rstrip()),
                f"site {what} “{_short(text)}” above the title (line {title_para.line}), "
                "unrelated to the report: pasted with a web page; delete it",
            )


def _junk(text: str) -> bool:
    from .placeholders import junk_patterns

    if len(text) > JUNK_LINE_MAX:
        return False  # a paragraph of text: neither a title nor a banner
    return any(pattern.search(text) for pattern, *_ in junk_patterns())


def _is_title(para: Paragraph) -> bool:
    text = para.text.strip()
    return (
        bool(_TITLE.match(text))
        and _REPORT_WORD.search(text) is not None
        and _banner_shape(text) is None
    )


def _banner_shape(text: str) -> str | None:
    rest = _ADDRESS.sub("", text).strip()
    if rest != text.strip() and len(rest) <= ADDRESS_REST and not any(c in rest for c in ":："):
        return "address"  # `www.….com` alone or after the site's name, not `Repo: <url>`
    if _WELCOME.search(text):
        return "welcome"
    if _MENU.match(text):
        return "menu"
    if _SERVICE.search(text) and ("、" in text or "等" in text):
        return "slogan"
    if len(text) <= SITE_NAME_MAX and _SITE_NAME.search(text) and not _REPORT_WORD.search(text):
        return "name"
    return None


def _below(doc: Document, title: Paragraph) -> str:
    return "".join(p.text for p in doc.paragraphs[title.index :])


def _pairs(text: str) -> set[str]:
    return {a + b for a, b in pairwise(text) if is_cjk(a) and is_cjk(b)}


def _shared(text: str, body: str) -> float:
    """The share of ``text``'s two-character pairs that occur in ``body``."""
    pairs = _pairs(text)
    if not pairs:
        return 0.0
    return sum(1 for pair in pairs if pair in body) / len(pairs)


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


RULES = [ViewerControls, SiteBanner]
