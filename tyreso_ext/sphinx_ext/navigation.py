"""Navigation by year → period → organ, without the whole tree of reports on every page.

A theme that puts the site's tree into every page makes a site of n reports cost n × n (every page lists every
report, and Sphinx resolves the whole tree for each page: sphinx-book-theme#561, pydata-sphinx-theme#364). So
the reports are not in Sphinx's tree at all (each is an orphan there): the tree holds the site's few sections
(reports list, registers, history, handbook), and a report page gets its own way around instead:

- the sidebar lists every year, and the report's own year with its periods and each period's reports;
- the breadcrumbs read Rapporter › 2023 › Tertial 1, leading to that year's list of reports;
- previous and next are the same organ's reports before and after it (plan → T1 → T2 → helår).

Each page shows the years and one year's reports: what it holds grows with the organs, not with the reports.
"""

from __future__ import annotations

import dataclasses
import html
import weakref
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from tyreso_ext.model.aggregate import AGGREGATES, Shows, reports_by_year
from tyreso_ext.model.objects import Report
from tyreso_ext.model.period import Period
from tyreso_ext.render.report_list import year_anchor
from tyreso_ext.sphinx_ext.domain import get_domain
from tyreso_ext.sphinx_ext.stored import replace_stored

NAV_TEMPLATE = "tyreso-report-nav.html"
LIST_DOCUMENT = "rapporter"  # the page of every report by year, when the site has one
_built: weakref.WeakKeyDictionary[Sphinx, Navigation] = weakref.WeakKeyDictionary()


@dataclasses.dataclass
class Navigation:
    """The reports by year (newest first) and period, and each organ's reports in period order."""

    years: list[tuple[int, list[tuple[Period, list[Report]]]]]
    by_organ: dict[str, list[Report]]
    list_document: str  # where the lists of reports by year are (with an id per year)


def period_label(period: Period) -> str:
    """'Plan', 'Tertial 1', 'Helår': the period within its year."""
    return period.description.removesuffix(f" {period.year}").capitalize()


def navigation(app: Sphinx) -> Navigation:
    """The navigation of this build, made once after the reading."""
    built = _built.get(app)
    if built is not None:
        return built
    domain = get_domain(app.env)
    years = []
    for year, reports in reports_by_year(domain.reports.values()):
        periods: dict[Period, list[Report]] = {}
        for report in reports:
            assert report.period is not None
            periods.setdefault(report.period, []).append(report)
        years.append((year, sorted(periods.items())))
    by_organ: dict[str, list[Report]] = {}
    for report in sorted(domain.reports.values(), key=lambda report: (report.period or Period(0), report.docname)):
        by_organ.setdefault(report.organ, []).append(report)
    lists = sorted(
        docname
        for docname in domain.data["selections"]
        if any(AGGREGATES[name].shows is Shows.REPORTS for name, _ in domain.selections_in(docname))
    )
    if LIST_DOCUMENT in lists or not lists:
        list_document = LIST_DOCUMENT if LIST_DOCUMENT in app.env.all_docs else app.config.root_doc
    else:
        list_document = lists[0]
    built = _built[app] = Navigation(years, by_organ, list_document)
    return built


def forget_navigation(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: reports may come, go or change."""
    _built.pop(app, None)


NAV_FILE = "tyreso-navigation.json"  # beside the doctrees: what the report pages' navigation last showed


def pages_to_rewrite_for_navigation(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: a report that comes, goes or is renamed changes the navigation of its year's reports (and
    a new year that of every report); those pages are written again though their own text did not change."""
    _built.pop(app, None)
    nav = navigation(app)
    current = {
        str(year): [
            [period.code, report.organ, report.docname, report.display_title] for period, reports in periods for report in reports
        ]
        for year, periods in nav.years
    }
    differs, stored = replace_stored(env, NAV_FILE, current)
    if not differs:
        return []
    if not isinstance(stored, dict):
        return []  # the first build writes every page anyway
    reports = get_domain(env).reports
    if sorted(stored) != sorted(current):
        return sorted(reports)
    changed = {year for year in current if stored.get(year) != current[year]}
    return sorted(docname for docname, report in reports.items() if report.period and str(report.period.year) in changed)


def mark_reports_orphan(app: Sphinx, doctree: Any) -> None:
    """``doctree-read`` (after Sphinx has read the metadata): a report belongs to no toctree, and needs none."""
    if app.env.docname in get_domain(app.env).reports:
        app.env.metadata[app.env.docname]["orphan"] = True


def report_navigation(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: a report page's sidebar, breadcrumbs, previous and next."""
    report = get_domain(app.env).reports.get(pagename)
    if report is None or report.period is None or app.builder.format != "html":
        return
    nav = navigation(app)
    uri = app.builder.get_relative_uri
    list_uri = uri(pagename, nav.list_document)
    year = report.period.year
    context["parents"] = [
        {"link": list_uri, "title": "Rapporter"},
        {"link": f"{list_uri}#{year_anchor(year)}", "title": str(year)},
        {"link": "", "title": period_label(report.period)},
    ]
    organ_reports = nav.by_organ.get(report.organ, [])
    position = next((index for index, other in enumerate(organ_reports) if other.docname == pagename), None)
    context["prev"] = context["next"] = None
    if position is not None:
        if position > 0:
            before = organ_reports[position - 1]
            context["prev"] = {"link": uri(pagename, before.docname), "title": before.display_title}
        if position + 1 < len(organ_reports):
            after = organ_reports[position + 1]
            context["next"] = {"link": uri(pagename, after.docname), "title": after.display_title}
    context["sidebars"] = [NAV_TEMPLATE]
    context["tyreso_report_nav"] = sidebar_html(nav, report, pagename, uri, list_uri)


def sidebar_html(nav: Navigation, report: Report, pagename: str, uri: Any, list_uri: str) -> str:
    """Every year; the report's own year opened, with its periods and their reports."""
    assert report.period is not None
    parts = [
        '<nav class="tyreso-report-nav" aria-labelledby="tyreso-report-nav-rubrik">\n'
        '<p class="tyreso-report-nav-title" id="tyreso-report-nav-rubrik">Rapporter efter år, period och organ</p>\n'
        '<ul class="tyreso-nav-years">\n'
    ]
    for year, periods in nav.years:
        current_year = year == report.period.year
        marked = ' class="tyreso-nav-current-year"' if current_year else ""
        parts.append(f'<li><a href="{html.escape(list_uri)}#{year_anchor(year)}"{marked}>{year}</a>')
        if current_year:
            parts.append('\n<ul class="tyreso-nav-periods">\n')
            for period, reports in periods:
                organs = [other.organ for other in reports]
                parts.append(f'<li><span class="tyreso-nav-period">{html.escape(period_label(period))}</span>\n<ul>\n')
                for other in reports:
                    text = other.organ if organs.count(other.organ) == 1 else other.display_title
                    if other.docname == pagename:
                        parts.append(f'<li><a href="#" aria-current="page" class="current">{html.escape(text)}</a></li>\n')
                    else:
                        parts.append(f'<li><a href="{html.escape(uri(pagename, other.docname))}">{html.escape(text)}</a></li>\n')
                parts.append("</ul></li>\n")
            parts.append("</ul>\n")
        parts.append("</li>\n")
    parts.append("</ul>\n</nav>\n")
    return "".join(parts)


def setup(app: Sphinx) -> None:
    app.connect("env-before-read-docs", forget_navigation)
    app.connect("env-get-updated", pages_to_rewrite_for_navigation)
    app.connect("doctree-read", mark_reports_orphan, priority=900)
    app.connect("html-page-context", report_navigation)
