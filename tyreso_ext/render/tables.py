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
import re
import urllib.parse
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


@dataclasses.dataclass(frozen=True)
class FileLink:
    """A link to a file the site publishes (a report's PDF), ``path`` relative to the site's root folder.

    ``query`` (without '?') narrows a page the link opens, as a register's filters read it."""

    content: Span
    path: str
    query: str = ""


Piece = str | Span | Link | FileLink
LinkNode = Callable[[Link], nodes.Node]  # makes the docutils node of a link
# A cell is text, one piece, a run of pieces or (for tables built at read time) docutils nodes.
Cell: TypeAlias = Piece | Sequence[Piece] | nodes.Node | Sequence[nodes.Node]


@dataclasses.dataclass(frozen=True)
class TableData:
    """A captioned table whose first ``stub_columns`` cells of each row are row headers.

    ``group_headers`` starts a group of rows (its own ``<tbody>``) before the row of that index, with
    one header cell across the table; ``filters`` names, per column, what the browser's filter of the
    table offers for it ('' for nothing: see tyreso-tables.js); ``anchor`` is the table's id.
    """

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    classes: tuple[str, ...] = ()
    stub_columns: int = 1
    widths: tuple[int, ...] | None = None
    cell_classes: Mapping[tuple[int, int], tuple[str, ...]] = dataclasses.field(default_factory=dict)
    group_headers: Mapping[int, tuple[Piece, ...]] = dataclasses.field(default_factory=dict)
    filters: tuple[str, ...] = ()
    anchor: str = ""


def table_data(
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    classes: Sequence[str] = (),
    stub_columns: int = 1,
    widths: Sequence[int] | None = None,
    cell_classes: Mapping[tuple[int, int], Sequence[str]] | None = None,
    group_headers: Mapping[int, Sequence[Piece]] | None = None,
    filters: Sequence[str] = (),
    anchor: str = "",
) -> TableData:
    return TableData(
        caption,
        tuple(headers),
        tuple(tuple(row) for row in rows),
        ("tyreso-table", *classes),
        stub_columns,
        tuple(widths) if widths else None,
        {position: tuple(names) for position, names in (cell_classes or {}).items()},
        {position: tuple(pieces) for position, pieces in (group_headers or {}).items()},
        tuple(filters),
        anchor,
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
    if data.anchor:
        node["ids"] = [data.anchor]
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
        if row_index in data.group_headers:
            heading = nodes.row(classes=["tyreso-group-header"])
            entry = nodes.entry(morecols=len(data.headers) - 1)
            entry += _paragraph(data.group_headers[row_index], link_node)
            heading += entry
            body += heading
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
    for piece in [cell] if isinstance(cell, (nodes.Node, Span, Link, FileLink)) else cell:
        paragraph += _piece_node(piece, link_node)
    return paragraph


def _piece_node(piece: Piece | nodes.Node, link_node: LinkNode | None) -> nodes.Node:
    if isinstance(piece, nodes.Node):
        return piece
    if isinstance(piece, str):
        return nodes.Text(piece)
    if isinstance(piece, Span):
        return piece.node()
    if isinstance(piece, FileLink):
        # A file of the site (a PDF) is no document: its address from the site's root, as written
        # (the print pages, from which no PDF links another, get no such link).
        reference = nodes.reference("", "", refuri=file_uri(piece), internal=False, classes=["tyreso-file"])
        reference += piece.content.node()
        return reference
    if link_node is None:
        raise ValueError("a table with links needs link_node")
    return link_node(piece)


def file_uri(link: FileLink, root: str = "") -> str:
    """The address of a published file from a page whose way to the site's root is ``root`` ('../../')."""
    query = f"?{link.query}" if link.query else ""
    return root + urllib.parse.quote(link.path) + query


# --- the HTML form ----------------------------------------------------------------------------------


class compact_table(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """A table of the site written straight to HTML; ``data`` is its :class:`TableData`."""


def compact_table_node(data: TableData) -> compact_table:
    return compact_table("", data=data)


Href = Callable[[Link], str]  # the address of a link to a document from the page being written
_PERIOD_CODE = re.compile(r"\d{4}(?:-(?:T1|T2|ÅR))?")


def is_period_code(cell: object) -> bool:
    """A cell that is a period code ('2023-T1') is kept on one line: never broken at its dash."""
    return isinstance(cell, str) and _PERIOD_CODE.fullmatch(cell) is not None


def table_html(data: TableData, href: Href, root: str, table_id: str = "", permalink: str = "") -> str:
    """The table as HTML, inside a region of its own that scrolls sideways when the table is wider than the
    page (labelled by the caption, reachable by keyboard): the page itself never does. ``root`` is the way
    from the page to the site's root folder ('../../'), for links to its files."""

    escape = html.escape

    def piece_html(piece: Piece) -> str:
        if isinstance(piece, str):
            return escape(piece, quote=False)
        if isinstance(piece, Span):
            return piece.html()
        if isinstance(piece, FileLink):
            return f'<a class="reference external tyreso-file" href="{escape(file_uri(piece, root))}">{piece.content.html()}</a>'
        return f'<a class="reference internal" href="{escape(href(piece))}">{piece.content.html()}</a>'

    def cell_html(cell: Cell) -> str:
        if isinstance(cell, (str, Span, Link, FileLink)):
            return piece_html(cell)
        return "".join(piece_html(piece) for piece in cell)  # type: ignore[arg-type]  # tables of the site hold pieces only

    table_id = data.anchor or table_id
    caption_id = f"{table_id}-rubrik" if table_id else ""
    id_attribute = f' id="{html.escape(table_id)}"' if table_id else ""
    caption_attribute = f' id="{html.escape(caption_id)}"' if caption_id else ""
    filter_attribute = ' data-tyreso-filter=""' if any(data.filters) else ""
    label = f' aria-labelledby="{html.escape(caption_id)}"' if caption_id else f' aria-label="{html.escape(data.caption)}"'
    parts = [
        f'<div class="tyreso-table-scroll" role="region"{label} tabindex="0">\n',
        f'<table class="{html.escape(" ".join(data.classes))} table docutils align-default"{id_attribute}{filter_attribute}>\n'
        f'<caption><span class="caption-text"{caption_attribute}>{html.escape(data.caption, quote=False)}</span>',
        permalink,
        '</caption>\n<thead>\n<tr class="row-odd">',
    ]
    for column, header in enumerate(data.headers):
        stub = " stub" if column < data.stub_columns else ""
        kind = data.filters[column] if column < len(data.filters) else ""
        kind_attribute = f' data-tyreso-column="{html.escape(kind)}"' if kind else ""
        parts.append(f'<th class="head{stub}" scope="col"{kind_attribute}><p>{html.escape(header, quote=False)}</p></th>\n')
    parts.append("</tr>\n</thead>\n<tbody>\n")
    cell_classes, stub_columns = data.cell_classes, data.stub_columns
    for row_index, row in enumerate(data.rows):
        if row_index in data.group_headers:
            if row_index:
                parts.append("</tbody>\n<tbody>\n")
            parts.append(
                f'<tr class="tyreso-group-header"><th colspan="{len(data.headers)}" scope="rowgroup">'
                f"<p>{cell_html(data.group_headers[row_index])}</p></th></tr>\n"
            )
        parts.append('<tr class="row-even">' if row_index % 2 == 0 else '<tr class="row-odd">')
        for column, cell in enumerate(row):
            classes = list(cell_classes.get((row_index, column), ())) if cell_classes else []
            if type(cell) is str and _PERIOD_CODE.fullmatch(cell) is not None:  # as is_period_code
                classes.append("tyreso-nowrap")
            if column < stub_columns:
                classes.insert(0, "stub")
                parts.append(f'<th class="{escape(" ".join(classes))}" scope="row"><p>{cell_html(cell)}</p></th>\n')
            elif classes:
                parts.append(f'<td class="{escape(" ".join(classes))}"><p>{cell_html(cell)}</p></td>\n')
            else:
                parts.append(f"<td><p>{cell_html(cell)}</p></td>\n")
        parts.append("</tr>\n")
    parts.append("</tbody>\n</table>\n</div>\n")
    return "".join(parts)


def visit_compact_table(translator: Any, node: compact_table) -> None:
    """The markup Sphinx's HTML writer gives the docutils form, with each header's scope, in its scroll region."""
    data: TableData = node["data"]
    builder: StandaloneHTMLBuilder = translator.builder
    docname = builder.current_docname
    href = href_from(builder, docname)
    ids = node.get("ids", [])
    table_id = data.anchor or (ids[0] if ids else "")
    permalink = ""
    if table_id and translator.config.html_permalinks and builder.add_permalinks:
        permalink = (
            f'<a class="headerlink" href="#{table_id}" title="{html.escape(_("Permalink to this table"))}">'
            f"{translator.config.html_permalinks_icon}</a>"
        )
    translator.body.append(table_html(data, href, root_of(builder, docname), table_id, permalink))
    raise nodes.SkipNode


def href_from(builder: Any, pagename: str) -> Href:
    """Links from the page ``pagename`` to documents; each document's address is worked out once per page."""
    uris: dict[str, str] = {}

    def href(link: Link) -> str:
        if link.docname not in uris:
            uris[link.docname] = builder.get_relative_uri(pagename, link.docname)
        uri = uris[link.docname] + (f"#{link.anchor}" if link.anchor else "")
        return uri or "#"

    return href


def root_of(builder: Any, docname: str) -> str:
    """The way from a page to the site's root folder: '' for a page there, '../../' two folders down."""
    depth = builder.get_target_uri(docname).count("/")
    return "../" * depth


def depart_compact_table(translator: Any, node: compact_table) -> None:
    """Never called: :func:`visit_compact_table` writes the whole table."""
