"""The goal-area summary: per målområde, the stated assessment and the count of each status."""

from __future__ import annotations

from docutils import nodes

from tyreso_ext.model.aggregate import STATUS_ORDER, Selection, count_statuses, group_by_goal_area
from tyreso_ext.render.badges import badge
from tyreso_ext.render.context import RenderContext
from tyreso_ext.render.tables import TableData, table_data


def render_goal_area_summary(selection: Selection, context: RenderContext) -> list[nodes.Node | TableData]:
    objects = [obj for obj in context.catalogue.select(selection) if not obj.in_plan]
    groups = dict(group_by_goal_area(objects, context.goal_areas, context.ungrouped_label))
    stated = {}
    for report in context.reports:
        if report.period == selection.period and (not selection.organ or report.organ == selection.organ):
            stated.update(report.goal_area_status)
    areas = [area for area in (context.ungrouped_label, *context.goal_areas) if area in groups or area in stated]
    if not areas:
        return [nodes.paragraph("", f"Inga objekt att visa ({context.describe(selection) or 'alla'}).", classes=["tyreso-empty"])]
    headers = ["Målområde", "Bedömning", *(status.label for status in STATUS_ORDER), "Totalt"]
    rows = []
    for area in areas:
        counts = count_statuses(groups.get(area, []))
        assessment = badge(stated[area]) if area in stated else "–"
        rows.append([area, assessment, *(str(counts[status]) for status in STATUS_ORDER), str(sum(counts.values()))])
    caption = f"Måluppfyllelse per målområde – {context.describe(selection)}"
    return [table_data(caption, headers, rows, classes=["tyreso-goal-area-summary"], widths=[4, 2, 1, 1, 1, 1, 1])]
