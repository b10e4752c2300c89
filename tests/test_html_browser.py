"""``--format html`` in a real headless Chromium, driven over the DevTools protocol.

Chromium comes from Debian (``.ci/setup.d/chromium.sh``); without it these tests skip
and say so. They load the page the way a reviewer opens a mailed file (``file://``)
and check what a person would: every finding highlighted on its text, the filters,
no network at all, a hostile report that runs nothing, the page without JavaScript,
the keyboard, the print stylesheet, cross-report links, a page of 2,000 reports, and
Chinese text drawn with a CJK font. Screenshots and a PDF are kept as artefacts in
``build/test-artifacts/html`` (or ``$REPLINT_ARTIFACT_DIR``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, run_replint
from fixtures.cdp import Browser, find_chromium
from fixtures.html_pages import write_reports

from replint.findings import Finding, Severity
from replint.formatters.html.page import OPEN_LIMIT, render_page
from replint.report import Report

pytestmark = pytest.mark.slow

CHROMIUM = find_chromium()
if CHROMIUM is None:
    pytest.skip(
        "Chromium is not installed (run .ci/setup.d/chromium.sh: apt-get install chromium)",
        allow_module_level=True,
    )

ARTIFACTS = Path(
    os.environ.get("REPLINT_ARTIFACT_DIR") or ROOT / "build" / "test-artifacts" / "html"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None
    b = Browser(CHROMIUM, width=1280, height=900)
    try:
        yield b
    finally:
        b.close()


@pytest.fixture
def fresh(browser: Browser) -> Browser:
    """The shared browser with scripts on and screen media (tests may change both)."""
    browser.set_scripts(True)
    browser.call("Emulation.setEmulatedMedia", media="")
    return browser


@pytest.fixture(scope="module")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def _pages(folder: Path, args: list[str], out: Path) -> list[dict[str, object]]:
    html = run_replint("--format", "html", "-o", str(out), *args, cwd=folder)
    assert html.returncode == 1, html.stderr
    return json.loads(run_replint("--format", "json", *args, cwd=folder).stdout)


@pytest.fixture(scope="module")
def seeds_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    out = tmp_path_factory.mktemp("seeds-html") / "seeds.html"
    return out, _pages(ROOT, ["seeds/"], out)


@pytest.fixture(scope="module")
def mixed_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    folder = tmp_path_factory.mktemp("mixed") / "reports"
    write_reports(folder)
    out = folder.parent / "mixed.html"
    return out, _pages(folder, ["."], out)


def _large_report(n_files: int, lines: int = 12) -> Report:
    """A synthetic run: ``n_files`` Chinese reports, three findings each, cross-linked."""
    findings: list[Finding] = []
    sources: dict[str, tuple[str, ...]] = {}
    files = tuple(f"units/unit_{i:04d}.txt" for i in range(n_files))
    for i, path in enumerate(files):
        text = [f"{2020 + i % 6}年第{i % 4 + 1}季度工作总结（第{i}号）"]
        text += [
            f"（{j}）本单位围绕中心工作，完成重点任务XX项，群众满意率达到{90 + j % 9}%以上,"
            f"各项工作有序推进，第{i}号单位第{j}段。"
            for j in range(1, lines)
        ]
        sources[path] = tuple(text)
        for j in (2, 5):
            col = text[j - 1].index("XX") + 1
            findings.append(
                Finding(
                    path,
                    j,
                    col,
                    j,
                    col + 2,
                    "P101",
                    "placeholder",
                    Severity.ERROR,
                    "placeholder “XX” left in the text",
                )
            )
        other = files[(i + 1) % n_files]
        findings.append(
            Finding(
                path,
                7,
                1,
                7,
                len(text[6]) + 1,
                "R201",
                "copied-from-other-report",
                Severity.WARNING,
                f"paragraph is a near-copy of {other}:7 (similarity 0.9)",
            )
        )
    findings.sort(key=lambda f: f.sort_key)
    return Report(findings=tuple(findings), files=files, sources=sources)


@pytest.fixture(scope="module")
def collapsed_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Just enough reports for the page to collapse them."""
    out = tmp_path_factory.mktemp("collapsed") / "collapsed.html"
    out.write_text(render_page(_large_report(OPEN_LIMIT + 5)), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def large_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("large") / "large.html"
    out.write_text(render_page(_large_report(2000)), encoding="utf-8")
    return out


def _source_text(root: Path, f: dict[str, object]) -> str:
    lines = (root / str(f["path"])).read_text(encoding="utf-8").splitlines()
    line, end_line = int(f["line"]), int(f["end_line"])  # type: ignore[call-overload]
    col, end_col = int(f["column"]), int(f["end_column"])  # type: ignore[call-overload]
    if line == end_line:
        return lines[line - 1][col - 1 : end_col - 1]
    parts = [
        lines[line - 1][col - 1 :],
        *lines[line : end_line - 1],
        lines[end_line - 1][: end_col - 1],
    ]
    return "".join(parts)


MARK_TEXTS = """(() => {
  const out = {};
  document.querySelectorAll("mark.f[data-f]").forEach(m => {
    out[m.dataset.f] = (out[m.dataset.f] || "") + m.textContent;
  });
  return out;
})()"""


def _problems(b: Browser) -> list[str]:
    """Console messages, uncaught exceptions, log errors and dialogs seen so far."""
    out = []
    for e in b.events_named(
        "Runtime.consoleAPICalled",
        "Runtime.exceptionThrown",
        "Log.entryAdded",
        "Page.javascriptDialogOpening",
    ):
        out.append(json.dumps(e["params"], ensure_ascii=False)[:300])
    return out


def _requests(b: Browser) -> list[str]:
    return [e["params"]["request"]["url"] for e in b.events_named("Network.requestWillBeSent")]


# ----------------------------------------------------------------------------- the DOM


def test_every_finding_is_highlighted_on_its_exact_text(fresh, seeds_page, artifacts):
    page, findings = seeds_page
    fresh.open_file(page)
    texts = fresh.evaluate(MARK_TEXTS)
    notes = set(
        fresh.evaluate('[...document.querySelectorAll("li.fi.note")].map(l => l.dataset.f)')
    )
    items = fresh.evaluate(
        '[...document.querySelectorAll("li.fi")].map(l => [l.dataset.f, l.dataset.code])'
    )
    assert len(items) == len(findings)
    assert [code for _k, code in sorted(items, key=lambda x: int(x[0]))] == [
        f["code"] for f in findings
    ]
    for k, f in enumerate(findings):
        if str(k) in notes:
            assert f["column"] == f["end_column"] == 1, f
            continue
        assert texts[str(k)] == _source_text(ROOT, f), f
    colours = fresh.evaluate(
        """Object.fromEntries(["error", "warning"].map(s => [s,
        getComputedStyle(document.querySelector("mark.f[id].s-" + s)).backgroundColor]))"""
    )
    assert colours["error"] != colours["warning"]
    assert "rgba(0, 0, 0, 0)" not in colours.values()
    assert _problems(fresh) == []
    fresh.screenshot(artifacts / "seeds-summary.png")
    fresh.evaluate('document.querySelector("#reports .report mark.f[id]").focus()')
    time.sleep(0.2)
    fresh.screenshot(artifacts / "seeds-report.png")
    assert (artifacts / "seeds-report.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_no_network_request_of_any_kind(fresh, mixed_page, seeds_page):
    for page, _findings in (mixed_page, seeds_page):
        fresh.open_file(page)
        # use the page: hover and focus highlights, filter, follow links
        fresh.evaluate(
            """(() => { for (const m of [...document.querySelectorAll("mark.f[id]")].slice(0, 20)) {
                 m.dispatchEvent(new MouseEvent("mouseover", {bubbles: true})); m.focus(); }
               document.querySelector("input[name=sev]").click();
               document.querySelector("#filters button[type=reset]").click();
               for (const a of document.querySelectorAll("a.xref")) a.click(); })()"""
        )
        time.sleep(0.3)
        fresh.call("Runtime.evaluate", expression="1")  # drain pending events
        assert _requests(fresh) == [page.resolve().as_uri()]
        assert _problems(fresh) == []


def test_a_hostile_report_is_shown_and_runs_nothing(fresh, mixed_page):
    # The detector works: the same markup unescaped does run in this browser.
    fresh.navigate(
        "data:text/html;charset=utf-8,"
        + '<img src=x onerror="window.__pwned = 2"><script>window.__pwned2 = 1</script>'
    )
    time.sleep(0.2)
    assert fresh.evaluate("window.__pwned") == 2
    page, _findings = mixed_page
    fresh.open_file(page)
    time.sleep(0.3)
    fresh.call("Runtime.evaluate", expression="1")
    assert fresh.evaluate("typeof window.__pwned") == "undefined"
    assert fresh.events_named("Page.javascriptDialogOpening") == []
    assert _problems(fresh) == []  # a CSP refusal would log an error here
    assert fresh.evaluate('document.querySelectorAll("img, iframe, object, embed").length') == 0
    assert fresh.evaluate('document.querySelectorAll("script").length') == 1
    assert fresh.evaluate('document.querySelectorAll(".para *:not(mark), .report svg").length') == 0
    shown = fresh.evaluate(
        '[...document.querySelectorAll("p.para")].map(p => p.textContent).join("\\n")'
    )
    assert '<script>window.__pwned = 1; alert("script ran")</script>' in shown
    assert (
        '"><img src=x onerror="window.__pwned = 2; alert(\'img ran\')">本季度完成XX项重点任务。'
        in shown
    )
    assert '<a href="javascript:alert(5)">点击</a>' in shown
    names = fresh.evaluate(
        '[...document.querySelectorAll(".report > summary .path")].map(s => s.textContent)'
    )
    assert 'q3_"><img src=x onerror=alert(6)>.txt' in names


# ---------------------------------------------------------------------------- filters


VISIBLE = """[...document.querySelectorAll("li.fi")].filter(l => l.checkVisibility())
  .map(l => l.dataset.code + " " + l.closest(".report").querySelector(".path").textContent).sort()"""


def test_filters_hide_and_show_findings(fresh, mixed_page):
    page, findings = mixed_page
    fresh.open_file(page)
    everything = sorted(f"{f['code']} {f['path']}" for f in findings)
    assert fresh.evaluate(VISIBLE) == everything
    assert fresh.evaluate('document.getElementById("shown").value') == (
        f"{len(findings)} of {len(findings)} findings shown"
    )
    # family: placeholders off
    fresh.evaluate('document.querySelector("input[name=fam][value=P]").click()')
    assert fresh.evaluate(VISIBLE) == [x for x in everything if not x.startswith("P")]
    assert fresh.evaluate(
        '[...document.querySelectorAll("mark.f[data-f]")].filter(m => '
        '!m.classList.contains("off")).every(m => '
        'document.getElementById("f" + m.dataset.f).dataset.code[0] !== "P")'
    )
    assert fresh.evaluate(
        'getComputedStyle(document.querySelector("mark.f.off")).backgroundColor'
    ) == ("rgba(0, 0, 0, 0)")
    # a report left with no shown finding is hidden (the English one only has a placeholder)
    hidden = fresh.evaluate(
        '[...document.querySelectorAll(".report[hidden] .path")].map(p => p.textContent)'
    )
    assert "status_en.txt" in hidden
    fresh.evaluate('document.querySelector("input[name=fam][value=P]").click()')
    assert fresh.evaluate(VISIBLE) == everything
    # severity: warnings off
    fresh.evaluate('document.querySelector("input[name=sev][value=warning]").click()')
    assert fresh.evaluate(VISIBLE) == sorted(
        f"{f['code']} {f['path']}" for f in findings if f["severity"] != "warning"
    )
    fresh.evaluate('document.querySelector("#filters button[type=reset]").click()')
    time.sleep(0.1)
    assert fresh.evaluate(VISIBLE) == everything
    # one rule
    fresh.evaluate(
        'const s = document.querySelector("select[name=rule]"); s.value = "R201";'
        's.dispatchEvent(new Event("input", {bubbles: true}))'
    )
    assert fresh.evaluate(VISIBLE) == sorted(x for x in everything if x.startswith("R201"))
    fresh.evaluate('document.querySelector("#filters button[type=reset]").click()')
    time.sleep(0.1)
    # the search box, typed into for real: it matches the highlighted text and file names
    fresh.evaluate('document.querySelector("input[name=q]").focus()')
    fresh.call("Input.insertText", text="XX次")  # the P101 mark and the T101 message
    assert fresh.evaluate(VISIBLE) == ["P101 unit_a.txt", "T101 unit_a.txt"]
    fresh.evaluate(
        'const q = document.querySelector("input[name=q]"); q.value = "unit_b";'
        'q.dispatchEvent(new Event("input", {bubbles: true}))'
    )
    assert fresh.evaluate(VISIBLE) == sorted(
        f"{f['code']} {f['path']}" for f in findings if "unit_b" in f"{f['path']} {f['message']}"
    )
    assert _problems(fresh) == []


def test_without_javascript_everything_is_visible_and_the_filters_absent(
    fresh, seeds_page, large_page
):
    page, findings = seeds_page
    fresh.set_scripts(False)
    fresh.open_file(page)
    assert fresh.evaluate('document.getElementById("filters").getClientRects().length') == 0
    assert fresh.evaluate('document.getElementById("tip").getClientRects().length') == 0
    shown = fresh.evaluate(
        '[...document.querySelectorAll("li.fi")].filter(l => l.checkVisibility()).length'
    )
    assert shown == len(findings)
    marks = fresh.evaluate(
        '[...document.querySelectorAll("mark.f[id]")].every(m => m.checkVisibility())'
    )
    assert marks
    assert fresh.evaluate('[...document.querySelectorAll(".report")].every(d => d.open)')
    # a large page is collapsed, and a link still opens the report it points into
    fresh.open_file(large_page)
    assert fresh.evaluate('document.querySelectorAll(".report[open]").length') == 0
    fresh.navigate("about:blank")
    fresh.navigate(large_page.resolve().as_uri() + "#L1500-7", timeout=180)
    time.sleep(0.3)
    assert fresh.evaluate('document.getElementById("r1500").open') is True
    assert fresh.evaluate('document.getElementById("L1500-7").matches(":target")') is True


# ----------------------------------------------------------------- keyboard and ARIA


def test_keyboard_reaches_every_highlight_with_an_aria_tooltip(fresh, mixed_page):
    page, _findings = mixed_page
    fresh.open_file(page)
    assert fresh.evaluate(
        """[...document.querySelectorAll("mark.f[id]")].every(m => m.tabIndex === 0 &&
             document.getElementById(m.getAttribute("aria-describedby")).matches("li.fi"))"""
    )
    assert fresh.evaluate('document.getElementById("tip").getAttribute("role")') == "tooltip"
    fresh.press("Tab")
    assert fresh.evaluate("document.activeElement.className") == "skip"
    for _ in range(300):
        fresh.press("Tab")
        if fresh.evaluate('document.activeElement.matches("mark.f")'):
            break
    else:
        pytest.fail("Tab never reached a highlight")
    tip = fresh.evaluate(
        """(() => { const t = document.getElementById("tip"), m = document.activeElement,
             li = document.getElementById(m.getAttribute("aria-describedby"));
             return [t.hidden, t.getClientRects().length > 0, t.textContent,
                     li.querySelector(".msg").textContent, li.dataset.code]; })()"""
    )
    hidden, drawn, text, message, code = tip
    assert not hidden and drawn
    assert message in text and code in text
    fresh.press("Escape")
    assert fresh.evaluate('document.getElementById("tip").hidden') is True
    first = fresh.evaluate("document.activeElement.id")
    fresh.press("n", code="KeyN", text="n")
    second = fresh.evaluate("document.activeElement.id")
    assert second != first and second
    assert fresh.evaluate('document.activeElement.matches("mark.f, li.note")')
    fresh.press("p", code="KeyP", text="p")
    assert fresh.evaluate("document.activeElement.id") == first
    # the summary of each report is a disclosure button reachable by keyboard
    fresh.evaluate('document.querySelector(".report > summary").focus()')
    fresh.press("Enter", text="\r")
    assert fresh.evaluate('document.querySelector(".report").open') is False
    assert _problems(fresh) == []


# ------------------------------------------------------------------------------ print


def test_print_stylesheet_shows_collapsed_reports_and_drops_the_controls(
    fresh, collapsed_page, mixed_page, artifacts
):
    fresh.open_file(collapsed_page)
    probe = 'document.querySelector("#L3-2").checkVisibility()'
    assert fresh.evaluate(probe) is False  # collapsed on screen
    fresh.call("Emulation.setEmulatedMedia", media="print")
    assert fresh.evaluate(probe) is True
    assert fresh.evaluate('document.getElementById("filters").getClientRects().length') == 0
    assert (
        fresh.evaluate('getComputedStyle(document.querySelector(".report + .report")).breakBefore')
        == "page"
    )
    fresh.call("Emulation.setEmulatedMedia", media="")
    page, _findings = mixed_page
    fresh.open_file(page)
    pdf = artifacts / "mixed-print.pdf"
    fresh.print_pdf(pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "placeholder" in text and "Filter" not in text


# ------------------------------------------------------------------ cross-report links


def test_cross_report_link_goes_to_the_other_files_paragraph(fresh, mixed_page):
    page, _findings = mixed_page
    fresh.open_file(page)
    link = fresh.evaluate(
        '[...document.querySelectorAll("a.xref")].find(a => a.textContent === "unit_b.txt:4").hash'
    )
    fresh.evaluate(f'document.querySelector("a.xref[href=\\"{link}\\"]").click()')
    time.sleep(0.2)
    assert fresh.evaluate("location.hash") == link
    target = link[1:]
    state = fresh.evaluate(
        f"""(() => {{ const p = document.getElementById("{target}"), r = p.getBoundingClientRect();
            return [p.matches(":target"), getComputedStyle(p).backgroundColor,
                    p.closest(".report").querySelector(".path").textContent,
                    r.top >= 0 && r.bottom <= innerHeight, p.textContent]; }})()"""
    )
    is_target, background, path, on_screen, text = state
    assert is_target and background != "rgba(0, 0, 0, 0)"
    assert path == "unit_b.txt" and on_screen
    assert "依托区级政务服务平台" in text


# --------------------------------------------------------------------------- 2,000 files


def test_a_page_of_2000_reports_stays_usable(fresh, large_page):
    fresh.open_file(large_page, timeout=180)
    assert fresh.evaluate('document.querySelectorAll(".report").length') == 2000
    assert fresh.evaluate('document.querySelectorAll(".report[open]").length') == 0
    assert fresh.evaluate('document.getElementById("shown").value') == "6000 of 6000 findings shown"
    # the ranked table links open the report
    fresh.evaluate('document.querySelector(".files-table a[href^=\\"#r\\"]").click()')
    time.sleep(0.2)
    opened = fresh.evaluate('[...document.querySelectorAll(".report[open]")].map(d => d.id)')
    assert len(opened) == 1
    # a cross-report link inside it opens the other report at the paragraph
    fresh.evaluate(f'document.querySelector("#{opened[0]} a.xref").click()')
    time.sleep(0.2)
    assert fresh.evaluate('document.querySelectorAll(".report[open]").length') == 2
    # filtering 6,000 findings still answers
    fresh.evaluate('document.querySelector("input[name=fam][value=R]").click()')
    assert fresh.evaluate('document.getElementById("shown").value') == "4000 of 6000 findings shown"
    assert _problems(fresh) == []


# ------------------------------------------------------------------------ Chinese text


def test_chinese_text_is_drawn_with_a_cjk_font(fresh, seeds_page, artifacts):
    if (
        not shutil.which("fc-list")
        or not subprocess.run(
            ["fc-list", ":lang=zh"], capture_output=True, text=True
        ).stdout.strip()
    ):
        pytest.skip("no CJK font installed (fonts-noto-cjk, see .ci/setup.d/chromium.sh)")
    page, _findings = seeds_page
    fresh.open_file(page)
    fresh.call("DOM.enable")
    fresh.call("CSS.enable")
    root = fresh.call("DOM.getDocument", depth=0)["root"]["nodeId"]
    node = fresh.call("DOM.querySelector", nodeId=root, selector="#reports p.para")["nodeId"]
    fonts = fresh.call("CSS.getPlatformFontsForNode", nodeId=node)["fonts"]
    cjk = [f for f in fonts if "CJK" in f["familyName"] or "Hei" in f["familyName"]]
    assert cjk and max(f["glyphCount"] for f in cjk) > 20, fonts
    style = fresh.evaluate(
        """(() => { const t = document.querySelector("#reports p.para"), s = getComputedStyle(t);
             return [s.lineBreak, t.closest("[lang]").lang]; })()"""
    )
    assert style == ["strict", "zh-CN"]
    fresh.call("CSS.disable")
    fresh.call("DOM.disable")
    fresh.evaluate('document.getElementById("r0").scrollIntoView()')
    fresh.screenshot(artifacts / "seeds-chinese.png")
