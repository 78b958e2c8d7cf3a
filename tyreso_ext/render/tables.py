"""Tables: described as data, then written as docutils nodes or, for the HTML site, straight to HTML.

The aggregations fill hundreds of tables at write time. As docutils nodes each cell costs an entry,
a paragraph, its inline nodes and a reference to resolve, and every later transform and the HTML
writer walk them all again. So a table of the site is one :class:`compact_table` node that carries
a :class:`TableData` and is written to HTML in one step (:func:`visit_compact_table`); every other
builder (the PDF's print pages included) gets the same table as ordinary docutils nodes
(:func:`table_nodes`). Both forms give the same text, classes and links.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

from docutils import nodes
from sphinx.locale import _

from tyreso_ext.render.badges import Span

if TYPE_CHECKING:
    from sphinx.builders.html import StandaloneHTMLBuilder


@dataclasses.dataclass(frozen=True)
class Link:
    """A link to a document (``anchor`` empty) or to one place in it, around ``content``."""

    content: Span
    docname: str
    anchor: str = ""


Piece = str | Span | Link
LinkNode = Callable[[Link], nodes.Node]  # makes the docutils node of a link
# A cell is text, one piece, a run of pieces or (for tables built at read time) docutils nodes.
Cell: TypeAlias = Piece | Sequence[Piece] | nodes.Node | Sequence[nodes.Node]


@dataclasses.dataclass(frozen=True)
class TableData:
    """A captioned table whose first ``stub_columns`` cells of each row are row headers."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    classes: tuple[str, ...] = ()
    stub_columns: int = 1
    widths: tuple[int, ...] | None = None
    cell_classes: Mapping[tuple[int, int], tuple[str, ...]] = dataclasses.field(default_factory=dict)


def table_data(
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    classes: Sequence[str] = (),
    stub_columns: int = 1,
    widths: Sequence[int] | None = None,
    cell_classes: Mapping[tuple[int, int], Sequence[str]] | None = None,
) -> TableData:
    return TableData(
        caption,
        tuple(headers),
        tuple(tuple(row) for row in rows),
        ("tyreso-table", *classes),
        stub_columns,
        tuple(widths) if widths else None,
        {position: tuple(names) for position, names in (cell_classes or {}).items()},
    )


def table(
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    classes: Sequence[str] = (),
    stub_columns: int = 1,
    widths: Sequence[int] | None = None,
    cell_classes: Mapping[tuple[int, int], Sequence[str]] | None = None,
) -> nodes.table:
    """The docutils form straight away (tables made while a document is read)."""
    return table_nodes(
        table_data(caption, headers, rows, classes=classes, stub_columns=stub_columns, widths=widths, cell_classes=cell_classes)
    )


# --- the docutils form ------------------------------------------------------------------------------


def table_nodes(data: TableData, link_node: LinkNode | None = None) -> nodes.table:
    """The table as docutils nodes; ``link_node`` makes the node of a :class:`Link`."""
    node = nodes.table(classes=list(data.classes))
    node += nodes.title(data.caption, data.caption)
    group = nodes.tgroup(cols=len(data.headers))
    node += group
    for index, width in enumerate(data.widths or [1] * len(data.headers)):
        colspec = nodes.colspec(colwidth=width)
        if index < data.stub_columns:
            colspec["stub"] = 1
        group += colspec
    head = nodes.thead()
    head += _row(data.headers, -1, data, link_node)
    group += head
    body = nodes.tbody()
    for row_index, row in enumerate(data.rows):
        body += _row(row, row_index, data, link_node)
    group += body
    return node


def _row(cells: Sequence[Cell], row_index: int, data: TableData, link_node: LinkNode | None) -> nodes.row:
    row = nodes.row()
    for column, cell in enumerate(cells):
        entry = nodes.entry(classes=list(data.cell_classes.get((row_index, column), ())))
        entry += _paragraph(cell, link_node)
        row += entry
    return row


def _paragraph(cell: Cell, link_node: LinkNode | None) -> nodes.Node:
    if isinstance(cell, str):
        return nodes.paragraph(cell, cell)
    if isinstance(cell, nodes.paragraph):
        return cell
    paragraph = nodes.paragraph()
    for piece in [cell] if isinstance(cell, (nodes.Node, Span, Link)) else cell:
        paragraph += _piece_node(piece, link_node)
    return paragraph


def _piece_node(piece: Piece | nodes.Node, link_node: LinkNode | None) -> nodes.Node:
    if isinstance(piece, nodes.Node):
        return piece
    if isinstance(piece, str):
        return nodes.Text(piece)
    if isinstance(piece, Span):
        return piece.node()
    if link_node is None:
        raise ValueError("a table with links needs link_node")
    return link_node(piece)


# --- the HTML form ----------------------------------------------------------------------------------


class compact_table(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """A table of the site written straight to HTML; ``data`` is its :class:`TableData`."""


def compact_table_node(data: TableData) -> compact_table:
    return compact_table("", data=data)


def visit_compact_table(translator: Any, node: compact_table) -> None:
    """The same markup as Sphinx's HTML writer gives the docutils form, with each header's scope."""
    data: TableData = node["data"]
    builder: StandaloneHTMLBuilder = translator.builder
    docname = builder.current_docname
    uris: dict[str, str] = {}

    def href(link: Link) -> str:
        if link.docname not in uris:
            uris[link.docname] = builder.get_relative_uri(docname, link.docname)
        uri = uris[link.docname] + (f"#{link.anchor}" if link.anchor else "")
        return uri or "#"

    def piece_html(piece: Piece) -> str:
        if isinstance(piece, str):
            return html.escape(piece, quote=False)
        if isinstance(piece, Span):
            return piece.html()
        return f'<a class="reference internal" href="{html.escape(href(piece))}">{piece.content.html()}</a>'

    def cell_html(cell: Cell) -> str:
        if isinstance(cell, (str, Span, Link)):
            return piece_html(cell)
        return "".join(piece_html(piece) for piece in cell)

    ids = node.get("ids", [])
    id_attribute = f' id="{ids[0]}"' if ids else ""
    parts = [
        f'<table class="{html.escape(" ".join(data.classes))} docutils align-default"{id_attribute}>\n<caption>'
        f'<span class="caption-text">{html.escape(data.caption, quote=False)}</span>'
    ]
    if ids and translator.config.html_permalinks and builder.add_permalinks:
        parts.append(
            f'<a class="headerlink" href="#{ids[0]}" title="{html.escape(_("Permalink to this table"))}">'
            f"{translator.config.html_permalinks_icon}</a>"
        )
    parts.append('</caption>\n<thead>\n<tr class="row-odd">')
    for column, header in enumerate(data.headers):
        stub = " stub" if column < data.stub_columns else ""
        parts.append(f'<th class="head{stub}" scope="col"><p>{html.escape(header, quote=False)}</p></th>\n')
    parts.append("</tr>\n</thead>\n<tbody>\n")
    for row_index, row in enumerate(data.rows):
        parts.append(f'<tr class="row-{"even" if row_index % 2 == 0 else "odd"}">')
        for column, cell in enumerate(row):
            classes = list(data.cell_classes.get((row_index, column), ()))
            if column < data.stub_columns:
                tag, scope = "th", ' scope="row"'
                classes.insert(0, "stub")
            else:
                tag, scope = "td", ""
            class_attribute = f' class="{html.escape(" ".join(classes))}"' if classes else ""
            parts.append(f"<{tag}{class_attribute}{scope}><p>{cell_html(cell)}</p></{tag}>\n")
        parts.append("</tr>\n")
    parts.append("</tbody>\n</table>\n")
    translator.body.append("".join(parts))
    raise nodes.SkipNode


def depart_compact_table(translator: Any, node: compact_table) -> None:
    """Never called: :func:`visit_compact_table` writes the whole table."""
