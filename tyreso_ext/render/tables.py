"""A small builder for docutils tables with a caption, header cells and row headers."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

Cell = str | nodes.Node | Sequence[nodes.Node]


def table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]], *, classes: Sequence[str] = (),
          stub_columns: int = 1, widths: Sequence[int] | None = None,
          cell_classes: dict[tuple[int, int], list[str]] | None = None) -> nodes.table:
    """A table whose first ``stub_columns`` cells of each row are row headers (``<th>``)."""
    node = nodes.table(classes=["tyreso-table", *classes])
    node += nodes.title(caption, caption)
    group = nodes.tgroup(cols=len(headers))
    node += group
    for index, width in enumerate(widths or [1] * len(headers)):
        colspec = nodes.colspec(colwidth=width)
        if index < stub_columns:
            colspec["stub"] = 1
        group += colspec
    head = nodes.thead()
    head += _row(headers)
    group += head
    body = nodes.tbody()
    for row_index, row in enumerate(rows):
        body += _row(row, row_index, cell_classes or {})
    group += body
    return node


def _row(cells: Sequence[Cell], row_index: int = -1, cell_classes: dict[tuple[int, int], list[str]] | None = None) -> nodes.row:
    row = nodes.row()
    for column, cell in enumerate(cells):
        entry = nodes.entry(classes=list((cell_classes or {}).get((row_index, column), [])))
        entry += _paragraph(cell)
        row += entry
    return row


def _paragraph(cell: Cell) -> nodes.Node:
    if isinstance(cell, str):
        return nodes.paragraph(cell, cell)
    if isinstance(cell, nodes.paragraph):
        return cell
    paragraph = nodes.paragraph()
    if isinstance(cell, nodes.Node):
        paragraph += cell
    else:
        paragraph.extend(cell)
    return paragraph
