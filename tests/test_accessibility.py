"""The built sample site in a real browser: Debian's Chromium, headless, with axe-core (WCAG 2.1 A and AA).

Every page of the site is checked: the landing page (report list, goal-area summary, status table,
cross-period matrices), each report (status tables, the risk matrix, indicator charts, financial
tables), the handbook and the generated indices. Beside axe: keyboard focus is visible on every
element Tab reaches, tables have header cells and captions, a status is never told by colour alone,
and the badge colours have enough contrast (computed from the stylesheet).
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
from browser import Chromium
from bs4 import BeautifulSoup
from helpers import REPO
from sphinx.cmd.build import build_main

from tyreso_ext.model.status import Status
from tyreso_ext.model.text import fold

sys.path.insert(0, str(REPO / "benchmarks"))
import lighthouse

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
STYLESHEET = REPO / "tyreso_ext" / "data" / "tyreso.css"
# The pages the issue names; every other page of the site is checked as well.
NAMED_PAGES = {
    "index": "the landing page: report list, goal-area summary, status table, cross-period matrices",
    "reports/2023/T1/arbetsmarknads-och-socialnamnden": "a report with a status table and the risk matrix",
    "reports/2023/T2/kommunstyrelsen": "a report",
    "reports/2023/plan/kommunfullmaktige": "a plan with indicator charts",
    "reports/2016/AR/konsult-och-servicekontoret": "a report with financial tables",
    "docs/skriva-rapport": "a handbook page",
    "docs/sammanstallningar": "the handbook page with every aggregation",
    "rapporter": "every report by year, period and organ, with its PDF",
    "register": "the registers' overview",
    "tyreso-uppdrag": "a register",
    "historik": "every status change, by commit",
}


def axe_script() -> str:
    """axe-core as the Makefile fetches it from npm (make test); TYRESO_AXE names another copy."""
    path = Path(os.environ.get("TYRESO_AXE") or Path(sys.prefix) / "axe-core" / "node_modules" / "axe-core" / "axe.min.js")
    if not path.is_file():
        pytest.fail(f"axe-core saknas ({path}). Kör 'make test', som hämtar det från npm, eller ange filen i TYRESO_AXE.")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The repository's site, built strictly as `make html` builds it."""
    build = tmp_path_factory.mktemp("tillganglighet")
    status = build_main(["-b", "html", "-W", "--keep-going", "-q", "-d", str(build / "doctrees"), str(REPO), str(build / "html")])
    assert status == 0
    return build / "html"


@pytest.fixture(scope="module")
def browser():
    with Chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def axe() -> str:
    return axe_script()


def site_pages(site: Path) -> list[str]:
    return sorted(
        path.relative_to(site).with_suffix("").as_posix() for path in site.rglob("*.html") if "_static" not in path.parts
    )


def violations(browser: Chromium, axe: str, page: Path) -> list[str]:
    browser.open(page)
    browser.evaluate(axe)
    found = browser.evaluate(
        f"axe.run(document, {{runOnly: {{type: 'tag', values: {json.dumps(WCAG_21_AA)}}}, resultTypes: ['violations']}})"
        ".then(r => r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — '"
        " + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(' | ')))",
        wait=True,
    )
    return found


def test_the_named_pages_are_part_of_the_site(site):
    pages = site_pages(site)
    assert set(NAMED_PAGES) <= set(pages)
    assert len(pages) >= 20


def test_axe_finds_no_wcag_21_aa_violation_on_any_page(site, browser, axe):
    found = {page: violations(browser, axe, site / f"{page}.html") for page in site_pages(site)}
    assert {page: problems for page, problems in found.items() if problems} == {}


def test_axe_itself_runs_and_would_report_a_violation(browser, axe, tmp_path):
    """The check is real: a page with an unlabelled image and grey-on-grey text fails it."""
    page = tmp_path / "dalig.html"
    page.write_text(
        '<!doctype html><html lang="sv"><head><title>Dålig</title></head><body><main>'
        '<img src="x.png"><p style="color:#aaa;background:#bbb">Svag text</p></main></body></html>',
        encoding="utf-8",
    )
    problems = " ".join(violations(browser, axe, page))
    assert "image-alt" in problems and "color-contrast" in problems


FOCUS_STYLE = """(() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  if (!element.dataset.tyresoFocus) element.dataset.tyresoFocus = String(++window.tyresoFocusCount || (window.tyresoFocusCount = 1));
  // The ring may be drawn on the element or, as sphinx-design does for a card's link, on its ::after; a tab of a
  // tab set (a radio button) shows its focus on its label.
  const targets = [element, ...(element.type === 'radio' && element.labels ? element.labels : [])];
  const rings = targets.flatMap(target => [null, '::after', '::before'].map(part => getComputedStyle(target, part)))
    .filter(style => style.outlineStyle !== 'none' && style.outlineStyle !== 'hidden' && parseFloat(style.outlineWidth) >= 2);
  return {id: element.dataset.tyresoFocus, tag: element.tagName, text: (element.textContent || element.value || '').trim().slice(0, 40),
          visible: element.matches(':focus-visible'), rings: rings.map(style => style.outlineColor)};
})()"""


FOCUSABLE = """[...document.querySelectorAll('a[href], input:not([type=hidden]), button, select, textarea, summary, [tabindex]')]
  .filter(e => e.tabIndex >= 0 && !e.disabled && getComputedStyle(e).visibility === 'visible' && e.getClientRects().length > 0)
  // A group of radio buttons (the tabs of a tab set) is one stop for Tab; the arrow keys move within it.
  .filter(e => e.type !== 'radio' || e.checked || !document.querySelector(`input[type=radio][name="${e.name}"]:checked`))
  .length"""


@pytest.mark.parametrize("page", ["index", "reports/2023/T1/arbetsmarknads-och-socialnamnden", "docs/skriva-rapport"])
def test_keyboard_focus_is_visible_on_everything_tab_reaches(site, browser, page):
    browser.open(site / f"{page}.html")
    seen: list[dict] = []
    for _ in range(600):
        browser.press("Tab", "Tab", 9)
        focus = browser.evaluate(FOCUS_STYLE)
        if focus is None or any(focus["id"] == earlier["id"] for earlier in seen):
            break
        seen.append(focus)
    reachable = browser.evaluate(FOCUSABLE)
    assert len(seen) == reachable >= 10, (len(seen), reachable)  # Tab reached every visible link and field
    for focus in seen:
        assert focus["visible"] and focus["rings"], focus
        for ring in focus["rings"]:
            red, green, blue = (int(value) for value in re.findall(r"\d+", ring)[:3])
            assert contrast((red, green, blue), (255, 255, 255)) >= 3, focus  # WCAG 1.4.11: 3:1 against the page


def _relative_luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """The WCAG contrast ratio of two sRGB colours."""
    lighter, darker = sorted((_relative_luminance(first), _relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.strip().lower()
    named = {"#fff": "#ffffff", "#000": "#000000", "white": "#ffffff", "black": "#000000"}
    colour = named.get(colour, colour)
    if re.fullmatch(r"#[0-9a-f]{3}", colour):
        colour = "#" + "".join(char * 2 for char in colour[1:])
    assert re.fullmatch(r"#[0-9a-f]{6}", colour), colour
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def css_rules(path: Path) -> dict[str, dict[str, str]]:
    """Selector → declarations of a plain stylesheet (no nesting: what tyreso.css is)."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    rules: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
        declarations = {
            name.strip(): value.strip() for name, _, value in (part.partition(":") for part in body.split(";")) if value
        }
        for selector in selectors.split(","):
            rules.setdefault(" ".join(selector.split()), {}).update(declarations)
    return rules


def test_every_status_badge_has_text_at_least_4_5_to_1_against_its_colour():
    rules = css_rules(STYLESHEET)
    badges = {selector: rule for selector, rule in rules.items() if re.fullmatch(r"\.tyreso-badge-[a-z-]+", selector)}
    statuses = {".tyreso-badge-" + fold(status.value).replace(" ", "-") for status in Status}
    assert statuses | {".tyreso-badge-ogiltig"} <= set(badges), badges
    for selector, rule in badges.items():
        ratio = contrast(_rgb(rule["color"]), _rgb(rule["background"]))
        assert ratio >= 4.5, (selector, round(ratio, 2))


def test_risk_level_shading_keeps_its_text_readable():
    rules = css_rules(STYLESHEET)
    shades = {
        selector: rule
        for selector, rule in rules.items()
        if re.fullmatch(r"td\.tyreso-level-[a-z-]+", selector) and "background" in rule
    }
    assert len(shades) == 4
    text_colour = _rgb(rules[".tyreso-risk-level"]["color"])
    for selector, rule in shades.items():
        for colour in (text_colour, _rgb("#3e4349")):  # the level text, and the theme's body text
            assert contrast(colour, _rgb(rule["background"])) >= 4.5, selector


def _body(site: Path, page: str) -> BeautifulSoup:
    soup = BeautifulSoup((site / f"{page}.html").read_bytes(), "html.parser")
    return soup.select_one("div.body") or soup.select_one("article.bd-article")


def test_tables_have_header_cells_and_captions(site):
    checked = 0
    for page in site_pages(site):
        body = _body(site, page)
        if body is None:
            continue
        for table in body.find_all("table"):
            classes = table.get("class", [])
            if "indextable" in classes:  # Sphinx's alphabetical index pages: a layout of links, no data
                continue
            checked += 1
            header_cells = table.select("thead th")
            assert header_cells, (page, str(table)[:200])
            if "tyreso-table" in classes or page.startswith("reports/"):
                caption = table.find("caption")
                assert caption is not None and caption.get_text(strip=True), (page, str(table)[:200])
            for row_header in table.select("tbody th"):
                # A row's header, or (Historik: one commit's changes) the header of its group of rows.
                in_group_header = "tyreso-group-header" in row_header.parent.get("class", [])
                assert row_header.get("scope") in ((None, "rowgroup") if in_group_header else (None, "row")), (
                    page,
                    str(row_header),
                )
    assert checked >= 40


def test_a_status_is_never_told_by_colour_alone(site):
    words = {status.label for status in Status}
    badges = 0
    for page in site_pages(site):
        body = _body(site, page)
        if body is None:
            continue
        for badge in body.select(".tyreso-badge"):
            badges += 1
            text = " ".join(badge.get_text().split())
            assert text in words or text.startswith("Ogiltig status: "), (page, str(badge))
        for cell in body.select("td[class*='tyreso-level-']"):
            text = cell.get_text(" ", strip=True)
            assert re.search(r"Nivå \d+|\b(Låg|Medel|Hög|Mycket hög)\b", text), (page, str(cell)[:200])
    assert badges >= 50


def test_badges_are_drawn_with_their_word_in_the_browser(site, browser):
    """In the page as shown: every badge's word is rendered (not hidden, not transparent, not zero-sized)."""
    browser.open(site / "index.html")
    shown = browser.evaluate(
        "[...document.querySelectorAll('.tyreso-badge')].map(b => {const s = getComputedStyle(b), r = b.getBoundingClientRect();"
        " return {text: b.innerText.trim(), visible: s.visibility === 'visible' && s.display !== 'none' && parseFloat(s.fontSize) >= 10"
        " && r.width > 0 && r.height > 0 && s.color !== s.backgroundColor}})"
    )
    assert len(shown) >= 10
    assert all(badge["visible"] and badge["text"] for badge in shown), [badge for badge in shown if not badge["visible"]]


# --- reflow (WCAG 1.4.10), which axe does not test: every page type at a phone's, a tablet's and a desktop's width --


# One page of each type the readers meet.
PAGE_TYPES = {
    "index": "landing page",
    "reports/2023/T1/arbetsmarknads-och-socialnamnden": "report",
    "tyreso-uppdrag": "register",
    "historik": "Historik",
    "docs/skriva-rapport": "handbook page",
    "rapporter": "overview page: reports by year, period and organ",
}
WIDTHS = (320, 768, 1280)

# Words of labels (headers, captions, badges, field names, navigation) that the browser broke across two lines.
# A break after a hyphen ('Arbetsmarknads-' / 'och') is between the parts of a word, as Swedish breaks it.
BROKEN_WORDS = """(() => {
  const broken = [];
  const labels = 'dt, th, caption, .tyreso-badge, summary, .sd-card-title, h1, h2, h3, label, .sd-tab-set > label, nav a,'
    + ' .bd-breadcrumbs li, .tyreso-report-nav span, figcaption, .prev-next-title, button';
  for (const element of document.querySelectorAll(labels)) {
    if (!element.getClientRects().length) continue;  // not shown (a closed tab or details)
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\\s\\-\u2010-\u2014]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0 && r.height > 0).map(r => Math.round(r.bottom)));
        if (lines.size > 1) broken.push(match[0] + ' (' + element.tagName.toLowerCase() + ')');
      }
    }
  }
  return broken;
})()"""


def wider_than(browser: Chromium, width: int) -> list[str]:
    """What sticks out of the page at that width (nothing inside a table's own scroll region counts)."""
    return browser.evaluate(
        f"[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > {width} + 1"
        " && !e.parentElement.closest('.tyreso-table-scroll, .pst-scrollable-table-container'))"
        ".slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className)"
    )


@pytest.mark.parametrize("dark", [False, True], ids=["ljust", "mörkt"])
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_type_reflows_and_passes_axe_at_each_width(site, browser, axe, width, dark):
    """No page scrolls sideways, no label breaks inside a word, axe finds nothing: at 320, 768 and 1280 CSS pixels,
    in the light and in the dark colour scheme (the theme follows the reader's system)."""
    problems = {}
    try:
        browser.view(width, dark=dark)
        for page in PAGE_TYPES:
            browser.open(site / f"{page}.html")
            theme = browser.evaluate("document.documentElement.dataset.theme")
            scroll_width = browser.evaluate("document.documentElement.scrollWidth")
            found = {
                "theme": [] if theme == ("dark" if dark else "light") else [theme],
                "sideways": [] if scroll_width <= width else [f"{scroll_width} px", *wider_than(browser, width)],
                "broken words": browser.evaluate(BROKEN_WORDS),
                "axe": violations(browser, axe, site / f"{page}.html"),
            }
            if any(found.values()):
                problems[page] = {name: value for name, value in found.items() if value}
    finally:
        browser.view(1280)
    assert problems == {}


def test_historik_at_1300_pixels_shows_every_column(site, browser):
    """The table of status changes fits the page at 1300 px: its Efter column is on screen, not scrolled away."""
    try:
        browser.view(1300)
        browser.open(site / "historik.html")
        fits = browser.evaluate(
            "(() => { const region = document.querySelector('table.tyreso-status-changes').closest('.tyreso-table-scroll');"
            " const last = document.querySelector('table.tyreso-status-changes thead th:last-child');"
            " return [document.documentElement.scrollWidth, region.scrollWidth - region.clientWidth,"
            " last.textContent.trim(), last.getBoundingClientRect().right]; })()"
        )
    finally:
        browser.view(1280)
    scroll_width, hidden, last, right = fits
    assert scroll_width <= 1300 and hidden <= 1 and last == "Efter" and right <= 1300, fits


def test_wide_tables_scroll_in_a_labelled_region_reached_by_keyboard(site, browser):
    """At 320 px a table wider than the page is a region of its own, named by its caption and in the Tab order."""
    try:
        browser.view(320)
        browser.open(site / "tyreso-uppdrag.html")
        region = browser.evaluate(
            "(() => { const r = document.querySelector('table.tyreso-register').closest('.tyreso-table-scroll');"
            " const label = document.getElementById(r.getAttribute('aria-labelledby'));"
            " return [r.scrollWidth > r.clientWidth, r.getAttribute('role'), r.tabIndex, label && label.textContent]; })()"
        )
    finally:
        browser.view(1280)
    scrolls, role, tab_index, label = region
    assert scrolls and role == "region" and tab_index == 0 and label.startswith("Uppdrag i alla perioder"), region


def test_the_registers_filter_by_keyboard_and_say_how_many_rows_they_show(site, browser):
    """The filters are native fields with labels; a filter from the address (a count on the landing page) is applied."""
    browser.open(site / "tyreso-uppdrag.html")
    controls = browser.evaluate("[...document.querySelectorAll('form.tyreso-filter label')].map(l => l.firstChild.textContent)")
    assert controls == ["Sök i tabellen", "Status", "Organ", "Målområde", "Period"]
    total = browser.evaluate("document.querySelectorAll('table.tyreso-register tbody tr').length")
    assert browser.evaluate("document.querySelector('.tyreso-filter-count').getAttribute('role')") == "status"
    browser.open_url((site / "tyreso-uppdrag.html").resolve().as_uri() + "?organ=Kommunstyrelsen&status=Gr%C3%B6n")
    shown = browser.evaluate(
        "[...document.querySelectorAll('table.tyreso-register tbody tr:not(.tyreso-hidden)')].map(r => r.cells[2].textContent.trim() + '/' + r.cells[1].textContent.trim())"
    )
    assert shown and set(shown) == {"Kommunstyrelsen/Grön"} and len(shown) < total
    assert (
        browser.evaluate("document.querySelector('.tyreso-filter-count').textContent") == f"Visar {len(shown)} av {total} rader."
    )


def test_badges_and_risk_shading_keep_their_contrast_in_dark_mode():
    rules = css_rules(STYLESHEET)
    for level in ("lag", "medel", "hog", "mycket-hog"):
        shade = rules[f'html[data-theme="dark"] td.tyreso-level-{level}']["background"]
        text_colour = rules['html[data-theme="dark"] .tyreso-risk-level']["color"]
        assert contrast(_rgb(text_colour), _rgb(shade)) >= 4.5, level
        assert contrast(_rgb("#f2f2f2"), _rgb(shade)) >= 4.5, level
    # A badge carries its own background in both modes: its text keeps 4.5:1 on it (checked above), and the badge
    # stands out from the dark page by its border.
    border = rules['html[data-theme="dark"] .tyreso-badge']["border-color"]
    assert contrast(_rgb(border), _rgb("#14181e")) >= 3


# --- the aggregations' status tables filter and sort in the browser (a small test root with every status) ----------


@pytest.fixture(scope="module")
def domain_site(tmp_path_factory) -> Path:
    """The test root 'domain', whose overview page has a status table per målområde with red, yellow, green and
    unassessed uppdrag of two organs."""
    build = tmp_path_factory.mktemp("statustabeller")
    source = REPO / "tests" / "roots" / "test-domain"
    status = build_main(["-b", "html", "-q", "-d", str(build / "doctrees"), str(source), str(build / "html")])
    assert status == 0
    return build / "html"


VISIBLE_ROWS = """[...document.querySelectorAll('table.tyreso-status-table')].slice(0, 3)
  .flatMap(t => [...t.querySelectorAll('tbody tr')]).filter(r => r.getClientRects().length > 0)
  .map(r => r.cells[0].textContent.trim() + '/' + r.cells[r.cells.length - 1].textContent.trim())"""
ANNOUNCED = "document.querySelector('form.tyreso-filter + .tyreso-filter-count').textContent"
FOCUSED_LABEL = "document.activeElement.closest('label') ? document.activeElement.closest('label').firstChild.textContent : ''"


def test_a_status_table_filters_by_status_and_text_and_sorts_by_keyboard(domain_site, browser):
    """The first status table of the overview (one table per målområde) gets one set of filters: labelled native
    fields reached with Tab, a status region that says what is shown, and headers that sort when pressed."""
    browser.open(domain_site / "oversikt.html")
    form = browser.evaluate(
        "(() => { const f = document.querySelector('form.tyreso-filter'); const count = f.nextElementSibling;"
        " return [f.getAttribute('aria-label'), [...f.querySelectorAll('label')].map(l => l.firstChild.textContent),"
        " count.getAttribute('role'), count.getAttribute('aria-live')]; })()"
    )
    assert form == [
        "Filtrera tabellerna uppdrag, 2023-T1",
        ["Sök i tabellerna", "Målområde", "Organ", "Status"],
        "status",
        "polite",
    ]
    everything = browser.evaluate(VISIBLE_ROWS)
    assert len(everything) == 5 and browser.evaluate(ANNOUNCED) == "Visar 5 av 5 rader i 3 av 3 tabeller."

    # Tab from the search field to the status field; the arrow key picks 'Röd' (the first status after 'Alla').
    browser.evaluate("document.querySelector('form.tyreso-filter input[type=search]').focus()")
    for _ in range(3):
        browser.press("Tab", "Tab", 9)
    assert browser.evaluate(FOCUSED_LABEL) == "Status"
    browser.press("ArrowDown", "ArrowDown", 40)
    assert browser.evaluate(VISIBLE_ROWS) == ["Lokaler i balans/Röd"]
    assert browser.evaluate(ANNOUNCED) == "Visar 1 av 5 rader i 1 av 3 tabeller."
    browser.press("ArrowUp", "ArrowUp", 38)  # back to 'Alla'
    assert len(browser.evaluate(VISIBLE_ROWS)) == 5

    # Free text, typed into the search field: any part of a row.
    for _ in range(3):
        browser.press("Tab", "Tab", 9, shift=True)
    assert browser.evaluate(FOCUSED_LABEL) == "Sök i tabellerna"
    browser.type_text("skol")
    assert browser.evaluate(VISIBLE_ROWS) == ["Trygg skolväg/Gul"]
    assert browser.evaluate(ANNOUNCED) == "Visar 1 av 5 rader i 1 av 3 tabeller."
    for _ in "skol":
        browser.press("Backspace", "Backspace", 8)
    assert browser.evaluate(ANNOUNCED) == "Visar 5 av 5 rader i 3 av 3 tabeller."

    # The Status header of the målområde with three rows, pressed with the space bar: the worst status first.
    button = "document.querySelectorAll('table.tyreso-status-table')[2].querySelectorAll('thead button.tyreso-sort')[3]"
    browser.evaluate(f"{button}.focus()")
    assert browser.evaluate("document.activeElement.textContent") == "Status"
    browser.press(" ", "Space", 32)
    assert browser.evaluate(VISIBLE_ROWS)[2:] == ["Lokaler i balans/Röd", "Trygg skolväg/Gul", "Fler familjehem/Ej bedömd"]
    assert browser.evaluate(f"{button}.closest('th').getAttribute('aria-sort')") == "ascending"
    assert browser.evaluate(ANNOUNCED) == "Visar 5 av 5 rader i 3 av 3 tabeller. Sorterad efter Status, stigande."
    browser.press(" ", "Space", 32)
    assert browser.evaluate(VISIBLE_ROWS)[2:] == ["Fler familjehem/Ej bedömd", "Trygg skolväg/Gul", "Lokaler i balans/Röd"]
    assert browser.evaluate(ANNOUNCED).endswith("Sorterad efter Status, fallande.")


def test_every_aggregation_table_of_the_landing_page_has_its_filters(site, browser):
    """The report list, the status table and the period matrices each get a form with labelled fields before them."""
    browser.open(site / "index.html")
    forms = browser.evaluate(
        "[...document.querySelectorAll('form.tyreso-filter')].map(f => { let next = f.nextElementSibling.nextElementSibling;"
        " return next.querySelector('table').classList[1] + ': ' + [...f.querySelectorAll('label')]"
        ".map(l => l.firstChild.textContent).join(', '); })"
    )
    assert [form.split(":")[0] for form in forms] == [
        "tyreso-report-list",
        "tyreso-status-table",
        "tyreso-period-matrix",
        "tyreso-period-matrix",
    ], forms
    assert all(form.split(": ")[1].startswith("Sök i tabell") for form in forms), forms
    assert forms[0].endswith("Period, Organ, Rapporttyp"), forms


def test_a_status_table_is_whole_without_javascript(domain_site, browser):
    """Without the script every table of the page is there with every row, and no control that could not work."""
    html = BeautifulSoup((domain_site / "oversikt.html").read_bytes(), "html.parser")
    written = sum(len(table.select("tbody tr")) for table in html.select("table.tyreso-status-table"))
    try:
        browser.scripts(enabled=False)
        browser.open(domain_site / "oversikt.html")
        shown = browser.evaluate(
            "(() => { const tables = [...document.querySelectorAll('table.tyreso-status-table')];"
            " return [tables.filter(t => t.getClientRects().length > 0).length,"
            " tables.flatMap(t => [...t.querySelectorAll('tbody tr')]).filter(r => r.getClientRects().length > 0).length,"
            " document.querySelectorAll('form.tyreso-filter, button.tyreso-sort').length]; })()"
        )
    finally:
        browser.scripts(enabled=True)
    assert shown == [len(html.select("table.tyreso-status-table")), written, 0]
    assert written >= 12


# --- Lighthouse (npm, pinned in the Makefile), against the same Chromium, in mobile emulation -----------------------


@pytest.fixture(scope="module")
def served(site):
    """The built site over HTTP on 127.0.0.1 (Lighthouse judges a page as served, not as a file)."""
    try:
        lighthouse.lighthouse_executable()
    except lighthouse.LighthouseError as error:
        pytest.fail(str(error))
    with lighthouse.serve(site) as root:
        yield root


@pytest.mark.parametrize("page", lighthouse.PAGE_TYPES)
def test_lighthouse_scores_accessibility_100_and_best_practices_95_on_every_page_type(served, page):
    """One Lighthouse run per page type (its default form factor: a phone); the performance figures are printed
    (benchmarks/lighthouse.py records them in benchmarks/RESULTS-lighthouse.md), not asserted."""
    result = lighthouse.run(f"{served}{page}.html")
    print(f"\nLighthouse {page}: {result.scores} {result.metrics}")
    failing = [audit for audit in result.failing if audit.category != "performance"]
    assert result.scores["accessibility"] == 100, failing
    assert result.scores["best-practices"] >= 95, failing
