"""The print page of one report: cover, table of contents and body, as HTML for WeasyPrint. No Sphinx here."""

from __future__ import annotations

import dataclasses
import posixpath
import re
from html import escape
from urllib.parse import unquote

from tyreso_ext.data import PRINT_STYLESHEET, SITE_STYLESHEET
from tyreso_ext.history.provenance import Provenance, w3c_date
from tyreso_ext.model.decision import decision_facts, report_diarienummer
from tyreso_ext.model.objects import Report
from tyreso_ext.render.pdf_files import pdf_stem

__all__ = ["PrintPage", "TocEntry", "pdf_stem", "render_page", "web_address"]  # pdf_stem: the PDFs' names, shared with the site

STYLESHEETS = (SITE_STYLESHEET, PRINT_STYLESHEET)
MISSING = "ej angivet"
_MONTHS = {1: "januari–april", 2: "januari–augusti", 3: "januari–december"}


@dataclasses.dataclass(frozen=True)
class TocEntry:
    level: int  # 1 for a chapter (h2), 2 for a section (h3)
    anchor: str  # without '#'
    text: str


@dataclasses.dataclass(frozen=True)
class PrintPage:
    """Everything the print page shows; the body is Sphinx's HTML of the report without its title."""

    report: Report
    title: str
    body: str
    kommun: str
    toc: tuple[TocEntry, ...]
    provenance: Provenance
    epoch: int | None
    language: str = "sv"
    web_url: str = ""  # the report's page on the published site (web_address); empty: the cover names none


def web_address(base_url: str, target: str) -> str:
    """The report's page on the published site, as Sphinx writes it into the page's canonical link
    (html_baseurl joined with the page's own address, which Sphinx has already quoted). Empty unless
    html_baseurl is a web address: a relative link means nothing in a PDF that was downloaded."""
    base = (base_url or "").strip()
    if not base.lower().startswith(("https://", "http://")):
        return ""
    return posixpath.join(base, target)


def period_text(report: Report) -> str:
    """'2023-T1, januari–april 2023' or '2023, planår'."""
    period = report.period
    if period is None:
        return ""
    if period.is_plan_year:
        return f"{period.code}, planår"
    return f"{period.code}, {_MONTHS[period.part]} {period.year}"


def document_line(report: Report, title: str) -> str:
    """The running footer: kind, period, organ and diarienummer."""
    parts = [" ".join(part for part in (report.kind.label if report.kind else "", str(report.period or "")) if part) or title]
    if report.organ:
        parts.append(report.organ)
    if report_diarienummer(report):
        parts.append(f"Dnr {report_diarienummer(report)}")
    return " · ".join(parts)


# A section's opening tag, the empty anchors MyST writes before its heading, and the heading's opening tag.
_SECTION_START = re.compile(r'<section id="([^"]+)">(\s*(?:<span id="[^"]*"></span>\s*)*)<h([1-6])(\s[^>]*)?>')


def _ids_on_headings(body: str) -> str:
    """A section's id moved onto its heading: the contents' page numbers (target-counter) then name the page
    the heading stands on, as the bookmarks do, also when the heading is kept with the text that follows it
    and so moves to the next page, leaving the start of its section behind."""
    return _SECTION_START.sub(lambda match: f'<section>{match[2]}<h{match[3]}{match[4] or ""} id="{match[1]}">', body)


def stylesheet() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in STYLESHEETS)


def render_page(page: PrintPage) -> str:
    """The complete HTML document handed to WeasyPrint."""
    from tyreso_ext import __version__

    report = page.report
    meta = [
        ("author", ", ".join(part for part in (page.kommun, report.organ) if part)),
        ("description", document_line(report, page.title)),
        (
            "keywords",
            ", ".join(
                part for part in (report.kind.value if report.kind else "", str(report.period or ""), report.organ) if part
            ),
        ),
        ("generator", f"tyreso_ext {__version__} (Sphinx och WeasyPrint)"),
        ("tyreso-commit", page.provenance.commit or "ingen"),
        ("tyreso-proveniens", page.provenance.text),
    ]
    if page.epoch is not None:
        meta += [("dcterms.created", w3c_date(page.epoch)), ("dcterms.modified", w3c_date(page.epoch))]
    if report_diarienummer(report):
        meta.append(("tyreso-diarienummer", report_diarienummer(report)))
    head = "\n".join(f'<meta name="{escape(name)}" content="{escape(value)}">' for name, value in meta if value)
    return f"""<!DOCTYPE html>
<html lang="{escape(page.language)}">
<head>
<meta charset="utf-8">
<title>{escape(page.title)}</title>
{head}
<style>
{stylesheet()}
{_running_footer(page)}
</style>
</head>
<body>
{_cover(page)}
{_toc(page.toc)}
<main class="report">
<div class="kapitel-start" data-kapitel="{escape(page.title)}"></div>
{_ids_on_headings(page.body)}
</main>
</body>
</html>
"""


def _cover(page: PrintPage) -> str:
    report = page.report
    facts = [
        ("Organ", report.organ),
        ("Rapporttyp", report.kind.label if report.kind else ""),
        ("Period", period_text(report)),
        ("Datum", report.report_date.isoformat() if report.report_date else ""),
        ("Diarienummer", report_diarienummer(report)),
        *decision_facts(report),  # 'Beslut: Fastställd av … 2023-05-24, § 45', and the corrections after it
    ]
    rows = "\n".join(
        f'<tr><th scope="row">{escape(label)}</th><td>{escape(value) if value else f"<span class=cover-missing>{MISSING}</span>"}</td></tr>'
        for label, value in facts
    )
    kind = escape(report.kind.label) if report.kind else "Rapport"
    return f"""<div class="cover">
<p class="cover-kommun">{escape(page.kommun or report.organ)}</p>
<p class="cover-organ">{escape(report.organ)}</p>
<p class="cover-kind">{kind}</p>
<h1>{escape(page.title)}</h1>
<table class="cover-facts">
<caption>Uppgifter om rapporten</caption>
<tbody>
{rows}
</tbody>
</table>
{_web_link(page.web_url)}<p class="cover-provenance">{escape(page.provenance.text)}.</p>
</div>"""


def _web_link(url: str) -> str:
    """'Webbversion: <the report's page on the site>', for a reader of the PDF who wants the site."""
    if not url:
        return ""
    return f'<p class="cover-web">Webbversion: <a href="{escape(url)}">{escape(unquote(url))}</a></p>\n'


def _css_string(text: str) -> str:
    """A CSS string; '<' escaped too, since the string stands inside <style>."""
    escaped = " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return f'"{escaped}"'


def _running_footer(page: PrintPage) -> str:
    """The footer of every page after the cover: which report, and the last commit that changed its sources."""
    document = _css_string(document_line(page.report, page.title))
    provenance = _css_string(page.provenance.short_text)
    return f"@page {{ @bottom-left {{ content: {document}; }} @bottom-right {{ content: {provenance}; }} }}"


def _toc(entries: tuple[TocEntry, ...]) -> str:
    if not entries:
        return ""
    items = "\n".join(
        f'<li class="toc-level-{entry.level}"><a href="#{escape(entry.anchor)}">{escape(entry.text)}</a></li>'
        for entry in entries
    )
    return f"""<nav class="toc" aria-label="Innehåll">
<h2 class="toc-title">Innehåll</h2>
<ol>
{items}
</ol>
</nav>"""
