"""A financial table as docutils nodes: Swedish numbers, right-aligned, unit in the caption."""

from __future__ import annotations

from docutils import nodes

from tyreso_ext.model.finance import FinanceTable
from tyreso_ext.model.numbers import format_number
from tyreso_ext.render.tables import Cell, table

KNOWN_ERROR_MARK = "*"


def render_finance_table(finance: FinanceTable) -> list[nodes.Node]:
    """The table, then a visible note for each mismatch the source acknowledges as in the original."""
    known = {(check.row, check.column) for check in finance.acknowledged}
    headers = [column.name for column in finance.columns]
    rows: list[list[Cell]] = []
    cell_classes: dict[tuple[int, int], list[str]] = {}
    for row_index, row in enumerate(finance.rows):
        cells: list[Cell] = []
        for column_index, column in enumerate(finance.columns):
            classes = [f"tyreso-row-{row.kind}"]
            value = row.values[column_index]
            if column_index == 0:
                text = row.label
            elif not column.is_number or column_index in row.bad:
                text = row.cells[column_index]
            else:
                classes += ["tyreso-number", f"tyreso-role-{column.role}"]
                text = format_number(value) if value is not None else ("" if row.kind == "heading" else "–")
            if (row_index, column_index) in known:
                classes.append("tyreso-known-error")
                cells.append(
                    [nodes.Text(text), nodes.inline(KNOWN_ERROR_MARK, KNOWN_ERROR_MARK, classes=["tyreso-known-error-mark"])]
                )
            else:
                cells.append(text)
            cell_classes[(row_index, column_index)] = classes
        rows.append(cells)
    widths = [4] + [2] * (len(headers) - 1)
    result: list[nodes.Node] = [
        table(finance.caption, headers, rows, classes=["tyreso-finance-table"], widths=widths, cell_classes=cell_classes)
    ]
    for check in finance.acknowledged:
        note = nodes.paragraph(classes=["tyreso-known-error-note"])
        note += nodes.inline(KNOWN_ERROR_MARK, KNOWN_ERROR_MARK, classes=["tyreso-known-error-mark"])
        note += nodes.Text(" " + finance.note(check))
        result.append(note)
    checked = [check for check in finance.checks if check.holds]
    if checked:
        per_term = format_number(finance.tolerance)
        result.append(
            nodes.paragraph(
                "",
                f"Kontrollerat vid bygget: {len(checked)} summor och avvikelser stämmer inom "
                f"±{per_term} {finance.unit} per ingående tal.",
                classes=["tyreso-finance-checked"],
            )
        )
    return result
