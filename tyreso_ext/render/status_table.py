"""The status table: one table per målområde, each object with its status in the period."""

from __future__ import annotations

from docutils import nodes

from tyreso_ext.model.aggregate import Selection, group_by_goal_area
from tyreso_ext.render.badges import badge
from tyreso_ext.render.context import RenderContext
from tyreso_ext.render.links import object_piece
from tyreso_ext.render.tables import TableData, table_data


def render_status_table(selection: Selection, context: RenderContext) -> list[nodes.Node | TableData]:
    objects = context.catalogue.select(selection)
    objects = [obj for obj in objects if not obj.in_plan]
    if not objects:
        return [nodes.paragraph("", f"Inga objekt att visa ({context.describe(selection) or 'alla'}).", classes=["tyreso-empty"])]
    show_kind = len(selection.kinds) != 1
    show_organ = not selection.organ
    result: list[nodes.Node | TableData] = []
    for area, members in group_by_goal_area(objects, context.goal_areas, context.ungrouped_label):
        headers = ["Objekt"] + (["Typ"] if show_kind else []) + (["Organ"] if show_organ else []) + ["Ansvarig", "Status"]
        rows = []
        for obj in members:
            row: list = [object_piece(obj)]
            if show_kind:
                row.append(obj.kind.label)
            if show_organ:
                row.append(obj.organ)
            row += [obj.fields.get("ansvarig", "") or "–", badge(obj.status)]
            rows.append(row)
        caption = f"{area} – {context.describe(selection)}"
        result.append(table_data(caption, headers, rows, classes=["tyreso-status-table"], widths=[5] + [2] * (len(headers) - 1)))
    return result
