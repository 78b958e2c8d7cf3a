"""The nodes of the extension: the placeholder that aggregations leave at read time, and the registration
of the compact nodes of :mod:`tyreso_ext.render` with their HTML writers."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from tyreso_ext.render.chart_node import indicator_chart, skip_chart, visit_chart_html
from tyreso_ext.render.facts import depart_fact_list, depart_folded, fact_list, folded, visit_fact_list, visit_folded
from tyreso_ext.render.history_box import depart_history_box, history_box, visit_history_box
from tyreso_ext.render.tables import compact_table, depart_compact_table, visit_compact_table


class aggregate_placeholder(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """Filled at write time, after all documents are read, by :mod:`tyreso_ext.sphinx_ext.fill`.

    Attributes: ``aggregate`` (its name), ``selection`` (a model Selection) and
    ``newest_period`` (True when the table shows the newest period of the site).
    """


def setup(app: Sphinx) -> None:
    """The nodes of the extension, with their HTML writers; other builders get their docutils forms."""
    app.add_node(aggregate_placeholder)
    skip = (skip_chart, None)
    app.add_node(indicator_chart, html=(visit_chart_html, None), latex=skip, text=skip, man=skip, texinfo=skip)
    app.add_node(compact_table, html=(visit_compact_table, depart_compact_table))
    app.add_node(fact_list, html=(visit_fact_list, depart_fact_list))
    app.add_node(folded, html=(visit_folded, depart_folded))
    app.add_node(history_box, html=(visit_history_box, depart_history_box))
