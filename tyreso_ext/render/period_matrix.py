"""The cross-period matrix: each object a row, each period a column, each cell its status."""

from __future__ import annotations

import dataclasses

from docutils import nodes

from tyreso_ext.model.aggregate import Selection, period_matrix
from tyreso_ext.render.badges import Span, badge
from tyreso_ext.render.context import RenderContext
from tyreso_ext.render.links import object_piece
from tyreso_ext.render.tables import TableData, table_data


def render_period_matrix(selection: Selection, context: RenderContext) -> list[nodes.Node | TableData]:
    periods, rows = period_matrix(context.catalogue.candidates(dataclasses.replace(selection, period=None)), selection)
    if not rows:
        return [nodes.paragraph("", f"Inga objekt att visa ({context.describe(selection) or 'alla'}).", classes=["tyreso-empty"])]
    headers = ["Objekt", "Målområde", *(period.code for period in periods)]
    body = []
    for row in rows:
        cells: list = [row.title, row.goal_area or context.ungrouped_label]
        for period in periods:
            obj = row.cells.get(period)
            if obj is None:
                cells.append("–")
                continue
            label = badge(obj.status) if not obj.in_plan else Span("Plan", ("tyreso-plan",))
            cells.append(object_piece(obj, label))
        body.append(cells)
    caption = f"Status per period – {context.describe(selection) or 'alla objekt'}"
    return [table_data(caption, headers, body, classes=["tyreso-period-matrix"], widths=[5, 2, *([1] * len(periods))])]
