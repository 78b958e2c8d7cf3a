"""Fill the aggregation placeholders at write time, after every document has been read."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from tyreso_ext.model.aggregate import AGGREGATES, Selection
from tyreso_ext.model.ids import slugify
from tyreso_ext.render.context import RenderContext
from tyreso_ext.render.tables import TableData
from tyreso_ext.sphinx_ext.config import settings
from tyreso_ext.sphinx_ext.domain import get_domain
from tyreso_ext.sphinx_ext.nodes import aggregate_placeholder
from tyreso_ext.sphinx_ext.pdf_links import site_pdfs
from tyreso_ext.sphinx_ext.table_forms import output_nodes

Renderer = Callable[[Selection, RenderContext], list[nodes.Node | TableData]]


@functools.cache
def renderer(aggregate: str) -> Renderer:
    """The function an aggregation's entry in AGGREGATES names (``module:function``)."""
    module, _, function = AGGREGATES[aggregate].renderer.partition(":")
    found: Renderer = getattr(importlib.import_module(module), function)
    return found


def render_context(env: BuildEnvironment) -> RenderContext:
    """What the renderers of the page being written are given: every record of the site, never the domain."""
    domain, site = get_domain(env), settings(env.config)
    return RenderContext(
        docname=env.docname,
        catalogue=domain.catalogue(),
        reports=list(domain.reports.values()),
        goal_areas=site.goal_areas,
        ungrouped_label=site.ungrouped_label,
        pdfs=site_pdfs(env),
        kinds=site.kinds,
    )


class FillAggregates(SphinxPostTransform):
    """Replace each placeholder by its tables; runs in the main process for every builder."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(aggregate_placeholder))
        if not placeholders:
            return
        context = render_context(self.env)
        for placeholder in placeholders:
            selection: Selection = placeholder["selection"]
            if placeholder.get("newest_period"):
                selection = Selection(selection.kinds, context.newest_period(selection), selection.organ, selection.goal_area)
            container = nodes.container(classes=["tyreso-aggregate", "tyreso-" + slugify(placeholder["aggregate"])])
            rendered = renderer(placeholder["aggregate"])(selection, context)
            container.extend(output_nodes(rendered, self.document))
            placeholder.replace_self(container)


def setup(app: Sphinx) -> None:
    app.add_post_transform(FillAggregates)
