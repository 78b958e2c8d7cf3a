"""Fill the aggregation placeholders at write time, after every document has been read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from tyreso_ext.model.aggregate import Selection
from tyreso_ext.model.ids import slugify
from tyreso_ext.render.context import RenderContext
from tyreso_ext.render.goal_area_summary import render_goal_area_summary
from tyreso_ext.render.period_matrix import render_period_matrix
from tyreso_ext.render.report_list import render_report_list
from tyreso_ext.render.risk_matrix import render_risk_matrix
from tyreso_ext.render.status_table import render_status_table
from tyreso_ext.render.tables import TableData
from tyreso_ext.sphinx_ext.domain import get_domain
from tyreso_ext.sphinx_ext.history_pages import history_listing
from tyreso_ext.sphinx_ext.nodes import aggregate_placeholder
from tyreso_ext.sphinx_ext.table_forms import output_nodes

RENDERERS: dict[str, Callable[[Selection, RenderContext], list[nodes.Node | TableData]]] = {
    "statustabell": render_status_table,
    "målområdesöversikt": render_goal_area_summary,
    "periodmatris": render_period_matrix,
    "riskmatris": render_risk_matrix,
    "rapportlista": render_report_list,
    # Filled in turn by history_site.FillHistory, which reads the Git history.
    "statusandringar": lambda selection, context: [history_listing(selection=selection)],
}


class FillAggregates(SphinxPostTransform):
    """Replace each placeholder by its tables; runs in the main process for every builder."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(aggregate_placeholder))
        if not placeholders:
            return
        context = RenderContext(
            docname=self.env.docname,
            domain=get_domain(self.env),
            goal_areas=tuple(self.config.tyreso_goal_areas),
            ungrouped_label=self.config.tyreso_ungrouped_label,
        )
        for placeholder in placeholders:
            selection: Selection = placeholder["selection"]
            if placeholder.get("newest_period"):
                selection = Selection(selection.kinds, context.newest_period(selection), selection.organ, selection.goal_area)
            container = nodes.container(classes=["tyreso-aggregate", "tyreso-" + slugify(placeholder["aggregate"])])
            rendered = RENDERERS[placeholder["aggregate"]](selection, context)
            container.extend(output_nodes(rendered, self.document))
            placeholder.replace_self(container)


def setup(app: Sphinx) -> None:
    app.add_post_transform(FillAggregates)
