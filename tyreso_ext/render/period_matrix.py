"""The cross-period matrix: each object a row, each period a column, each cell its status."""

from __future__ import annotations

import dataclasses

from docutils import nodes

from ..model.aggregate import Selection, period_matrix
from .badges import status_badge
from .context import RenderContext
from .links import object_link
from .tables import table


def render_period_matrix(selection: Selection, context: RenderContext) -> list[nodes.Node]:
    periods, rows = period_matrix(context.domain.catalogue().candidates(dataclasses.replace(selection, period=None)), selection)
    if not rows:
        return [nodes.paragraph("", f"Inga objekt att visa ({context.describe(selection) or 'alla'}).", classes=["tyreso-empty"])]
    headers = ["Objekt", "Målområde", *(period.code for period in periods)]
    body = []
    for row in rows:
        cells: list = [nodes.Text(row.title), row.goal_area or context.ungrouped_label]
        for period in periods:
            obj = row.cells.get(period)
            if obj is None:
                cells.append("–")
                continue
            label = status_badge(obj.status) if not obj.in_plan else nodes.inline("Plan", "Plan", classes=["tyreso-plan"])
            cells.append(object_link(obj, context.docname, label))
        body.append(cells)
    caption = f"Status per period – {context.describe(selection) or 'alla objekt'}"
    return [table(caption, headers, body, classes=["tyreso-period-matrix"], widths=[5, 2, *([1] * len(periods))])]
