"""The risk matrix: 5 × 5 sannolikhet × konsekvens, each cell shaded by its level; under it each risk's kontroller."""

from __future__ import annotations

import dataclasses

from docutils import nodes

from tyreso_ext.model.aggregate import BAND_LABELS, Selection, controls_by_risk, level_band, risk_grid
from tyreso_ext.model.objects import Kind
from tyreso_ext.render.badges import Span, badge
from tyreso_ext.render.context import RenderContext
from tyreso_ext.render.links import object_piece
from tyreso_ext.render.tables import Piece, TableData, table_data


def render_risk_matrix(selection: Selection, context: RenderContext) -> list[nodes.Node | TableData]:
    chosen = context.catalogue.select(selection)
    risks = [obj for obj in chosen if obj.kind is Kind.RISK]
    grid, level_only = risk_grid(risks)
    description = context.describe(dataclasses.replace(selection, kinds=(Kind.RISK,)))  # the kontroller go below
    headers = ["Sannolikhet / konsekvens", *(f"Konsekvens {consequence}" for consequence in range(1, 6))]
    rows = []
    cell_classes: dict[tuple[int, int], list[str]] = {}
    for row_index, probability in enumerate(range(5, 0, -1)):
        row: list = [f"Sannolikhet {probability}"]
        for consequence in range(1, 6):
            level = probability * consequence
            cell_classes[(row_index, consequence)] = ["tyreso-risk-cell", f"tyreso-level-{level_band(level)}"]
            content: list[Piece] = [Span(f"Nivå {level}", ("tyreso-risk-level",))]
            for risk in sorted(grid.get((probability, consequence), []), key=lambda risk: risk.title.casefold()):
                content += [" ", object_piece(risk)]
            row.append(content)
        rows.append(row)
    result: list[nodes.Node | TableData] = [
        table_data(
            f"Riskmatris – {description}",
            headers,
            rows,
            classes=["tyreso-risk-matrix"],
            widths=[2, 2, 2, 2, 2, 2],
            cell_classes=cell_classes,
        )
    ]
    legend = " · ".join(
        f"{label}: {span}" for label, span in zip(BAND_LABELS.values(), ("1–4", "5–9", "10–15", "16–25"), strict=True)
    )
    result.append(nodes.paragraph("", f"Risknivå = sannolikhet × konsekvens. {legend}.", classes=["tyreso-risk-legend"]))
    if level_only:
        rows = [
            [object_piece(risk), str(risk.risk_level), BAND_LABELS[level_band(risk.risk_level or 1)], badge(risk.status)]
            for risk in level_only
        ]
        result.append(
            table_data(
                f"Risker med angiven risknivå men utan sannolikhet och konsekvens – {description}",
                ["Risk", "Risknivå", "Nivåklass", "Bedömning"],
                rows,
                classes=["tyreso-risk-levels"],
                widths=[6, 2, 2, 2],
                cell_classes={
                    (index, 2): [f"tyreso-level-{level_band(risk.risk_level or 1)}"] for index, risk in enumerate(level_only)
                },
            )
        )
    controlled = controls_by_risk(chosen)
    if controlled:
        control_rows: list[list] = []
        for risk, controls in controlled:
            for control in controls:
                control_rows.append(
                    [
                        object_piece(risk),
                        object_piece(control),
                        control.fields.get("kontrollmoment", "") or "–",
                        control.fields.get("frekvens", "") or "–",
                        control.fields.get("ansvarig", "") or "–",
                        badge(control.status),
                    ]
                )
        result.append(
            table_data(
                f"Kontroller för riskerna – {description}",
                ["Risk", "Kontroll", "Kontrollmoment", "Frekvens", "Ansvarig", "Status"],
                control_rows,
                classes=["tyreso-risk-controls"],
                widths=[3, 3, 3, 2, 2, 2],
            )
        )
    return result
