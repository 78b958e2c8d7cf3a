"""The two forms of the compact nodes: tables filled at write time, objects' fact lists and history.

Every table an aggregation fills is first a :class:`~tyreso_ext.render.tables.compact_table`, and
every object's facts a :class:`~tyreso_ext.render.facts.fact_list`; the HTML writer writes each in
one step. Builders that need docutils' own nodes (the print pages mark number columns on tables,
and builders of other formats know no compact node) get them here, with links left for Sphinx to
resolve like any other reference.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from tyreso_ext.render.facts import fact_list, field_list_nodes, folded, folded_container
from tyreso_ext.render.history_box import container_nodes, history_box
from tyreso_ext.render.links import pending_link
from tyreso_ext.render.tables import TableData, compact_table, compact_table_node, table_nodes

# Formats whose writers know nothing of compact tables.
NODE_FORMATS = ("latex", "text", "man", "texinfo", "xml", "pseudoxml")

# The aggregations' tables that filter and sort in the browser (tyreso-tables.js), and the class with which any
# other table asks for it. Their filters come from their columns' headers (:func:`column_filters`); a table that
# names its own (a register, Historik) keeps them.
FILTERABLE = frozenset({"tyreso-filterable", "tyreso-status-table", "tyreso-report-list", "tyreso-period-matrix"})
# What the browser's filter offers for a column, by its header: a choice of its values, or (for the column that
# names the row) the free-text search, which looks in the whole row.
HEADER_FILTERS = {
    "objekt": "text",
    "rapport": "text",
    "status": "status",
    "organ": "organ",
    "målområde": "area",
    "period": "period",
    "senaste period": "period",
    "rapporttyp": "kind",
    "typ": "type",
}


def column_filters(headers: Sequence[str]) -> tuple[str, ...]:
    """Per column, what the browser's filter offers for it ('' for nothing); the first column is searched as text."""
    kinds = [HEADER_FILTERS.get(header.strip().casefold(), "") for header in headers]
    if kinds and not kinds[0]:
        kinds[0] = "text"
    return tuple(kinds)


def with_filters(data: TableData) -> TableData:
    """The table with the browser's filters for its columns, when it is one that filters and names none itself."""
    if any(data.filters) or not FILTERABLE.intersection(data.classes):
        return data
    return dataclasses.replace(data, filters=column_filters(data.headers))


def output_nodes(items: Iterable[nodes.Node | TableData], document: nodes.document) -> list[nodes.Node]:
    """A renderer's output as nodes; each table gets an id (its permalink), as Sphinx gives its own, and the
    aggregations' tables the browser's filters (the HTML form writes them; the other forms ignore them)."""
    result: list[nodes.Node] = []
    for item in items:
        if isinstance(item, TableData):
            node = compact_table_node(with_filters(item))
            document.set_id(node)
            result.append(node)
        else:
            result.append(item)
    return result


class ExpandTables(SphinxPostTransform):
    """Compact tables become docutils tables, before references are resolved (priority 10)."""

    default_priority = 7
    formats: tuple[str, ...] = NODE_FORMATS

    def run(self, **kwargs: Any) -> None:
        docname = self.env.docname
        for node in list(self.document.findall(compact_table)):
            table = table_nodes(node["data"], lambda link: pending_link(link, docname))
            table["ids"] = node["ids"]
            node.replace_self(table)


class ExpandTablesForPrint(ExpandTables):
    """The print pages of the PDFs (an HTML builder) mark number columns on docutils tables."""

    formats: tuple[str, ...] = ()
    builders: tuple[str, ...] = ("tyreso-print",)


class ExpandFactLists(SphinxPostTransform):
    """Fact lists, history boxes and folded parts become docutils nodes for builders of other formats."""

    default_priority = 7
    formats: tuple[str, ...] = NODE_FORMATS

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(fact_list)):
            node.replace_self(field_list_nodes(node))
        for node in list(self.document.findall(history_box)):
            node.replace_self(container_nodes(node))
        for node in list(self.document.findall(folded)):
            node.replace_self(folded_container(node))


def setup(app: Sphinx) -> None:
    app.add_post_transform(ExpandTables)
    app.add_post_transform(ExpandTablesForPrint)
    app.add_post_transform(ExpandFactLists)
