"""The list of reports by year, period and organ."""

from __future__ import annotations

from docutils import nodes

from tyreso_ext.model.aggregate import Selection, reports_by_year
from tyreso_ext.render.context import RenderContext
from tyreso_ext.render.links import document_piece
from tyreso_ext.render.tables import TableData, table_data


def render_report_list(selection: Selection, context: RenderContext) -> list[nodes.Node | TableData]:
    reports = [report for report in context.reports if not selection.organ or report.organ == selection.organ]
    years = reports_by_year(reports)
    if not years:
        return [nodes.paragraph("", "Det finns inga rapporter ännu.", classes=["tyreso-empty"])]
    result: list[nodes.Node | TableData] = []
    for year, members in years:
        rows = []
        for report in members:
            link = document_piece(report.docname, report.display_title)
            rows.append(
                [report.period.code if report.period else "", link, report.organ, report.kind.label if report.kind else ""]
            )
        result.append(
            table_data(
                f"Rapporter {year}",
                ["Period", "Rapport", "Organ", "Rapporttyp"],
                rows,
                classes=["tyreso-report-list"],
                widths=[1, 5, 3, 2],
            )
        )
    return result
