"""An indicator's chart and, next to it, the same numbers in a table."""

from __future__ import annotations

from docutils import nodes

from tyreso_ext.model.indicators import indicator_chart, text_alternative, value_table
from tyreso_ext.model.objects import SteeringObject
from tyreso_ext.render.chart_node import indicator_chart as chart_node
from tyreso_ext.render.tables import table


def render_indicator_series(obj: SteeringObject) -> list[nodes.Node]:
    """Nothing when the indicator has fewer than two numbers; else a figure and its table of values."""
    chart = indicator_chart(obj)
    if chart is None:
        return []
    wrapper = nodes.container(classes=["tyreso-indicator-series"])
    figure = nodes.figure(classes=["tyreso-chart"])
    figure += chart_node(chart=chart, alt=text_alternative(chart))
    label = f"Diagram: {chart.title}{chart.unit_text}"
    figure += nodes.caption(label, label)
    wrapper += figure
    headers, rows = value_table(chart)
    cell_classes = {(row, column): ["tyreso-number"] for row in range(len(rows)) for column in range(1, len(headers))}
    wrapper += table(
        f"{chart.title} – värden{chart.unit_text}",
        headers,
        rows,
        classes=["tyreso-indicator-values"],
        widths=[2] + [2] * (len(headers) - 1),
        cell_classes=cell_classes,
    )
    if chart.source:
        wrapper += nodes.paragraph(chart.source, chart.source, classes=["tyreso-chart-source"])
    return [wrapper]
