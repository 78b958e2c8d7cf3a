"""The list of reports by year, period and organ, each with its PDF when the site publishes one."""

from __future__ import annotations

from docutils import nodes

from tyreso_ext.model.aggregate import Selection, reports_by_year
from tyreso_ext.model.objects import Report
from tyreso_ext.render.badges import Span
from tyreso_ext.render.context import RenderContext
from tyreso_ext.render.links import document_piece
from tyreso_ext.render.tables import Cell, FileLink, TableData, table_data


def year_anchor(year: int) -> str:
    """The id of a year's table ('rapporter-2023'): the site's navigation by year links it."""
    return f"rapporter-{year}"


def pdf_cell(report: Report, context: RenderContext) -> Cell:
    """'PDF, 245 kB' linked to the report's PDF, or '–' when the site publishes none for it."""
    pdf = context.pdfs.get(report.docname)
    if pdf is None:
        return "–"
    return FileLink(Span(f"PDF, {pdf.size_text}", ("tyreso-pdf-link",)), pdf.path)


def render_report_list(selection: Selection, context: RenderContext) -> list[nodes.Node | TableData]:
    reports = [report for report in context.reports if not selection.organ or report.organ == selection.organ]
    years = reports_by_year(reports)
    if not years:
        return [nodes.paragraph("", "Det finns inga rapporter ännu.", classes=["tyreso-empty"])]
    with_pdf = bool(context.pdfs)
    result: list[nodes.Node | TableData] = []
    for year, members in years:
        rows = []
        for report in members:
            link = document_piece(report.docname, report.display_title)
            row: list[Cell] = [
                report.period.code if report.period else "",
                link,
                report.organ,
                report.kind.label if report.kind else "",
            ]
            if with_pdf:
                row.append(pdf_cell(report, context))
            rows.append(row)
        headers = ["Period", "Rapport", "Organ", "Rapporttyp"] + (["PDF"] if with_pdf else [])
        result.append(
            table_data(
                f"Rapporter {year}",
                headers,
                rows,
                classes=["tyreso-report-list"],
                widths=[1, 5, 3, 2] + ([2] if with_pdf else []),
                anchor=year_anchor(year),
            )
        )
    return result
