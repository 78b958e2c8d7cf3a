"""The landing page's directives: ``lägesbild`` (the year at a glance for one kind of object) and
``senaste-rapporter`` (the newest year's reports with their PDFs).

Both are filled at write time, when every report has been read, like the aggregations; each notes what it shows
(every object of its kind, or the reports) so that an edit elsewhere writes its page again.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from tyreso_ext.model.aggregate import Selection, kind_word
from tyreso_ext.model.objects import Kind
from tyreso_ext.model.text import fold
from tyreso_ext.render.report_list import render_report_list
from tyreso_ext.render.year_overview import chart_prefix, render_year_overview
from tyreso_ext.sphinx_ext.config import settings
from tyreso_ext.sphinx_ext.domain import get_domain
from tyreso_ext.sphinx_ext.fill import render_context
from tyreso_ext.sphinx_ext.table_forms import output_nodes


class overview_placeholder(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """``shows`` is 'glance' (with ``kind``) or 'reports'."""


class GlanceDirective(SphinxDirective):
    """``:::{lägesbild}`` with ``:typ: uppdrag`` (mål, indikator, risk)."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"typ": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        word = fold(self.options.get("typ", "uppdrag"))
        kinds = settings(self.config).kinds
        kind = kind_word(word, kinds)
        if kind is None:
            allowed = ", ".join(f"'{name}'" for name in kinds.names)
            raise self.error(f"lägesbild: '{self.options.get('typ')}' är ingen objekttyp. Tillåtna värden är {allowed}.")
        # Shows every object of its kind: any change to one re-writes the page (see events.pages_to_rewrite).
        get_domain(self.env).add_selection(self.env.docname, "statustabell", Selection(kinds=(kind,)))
        return [overview_placeholder(shows="glance", kind=kind.value)]


class NewestReportsDirective(SphinxDirective):
    """``:::{senaste-rapporter}``: the newest year's reports, each with its PDF."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        get_domain(self.env).add_selection(self.env.docname, "rapportlista", Selection())
        return [overview_placeholder(shows="reports")]


class FillOverviews(SphinxPostTransform):
    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(overview_placeholder))
        if not placeholders:
            return
        context = render_context(self.env)
        for placeholder in placeholders:
            box = nodes.container(classes=["tyreso-glance" if placeholder["shows"] == "glance" else "tyreso-newest-reports"])
            if placeholder["shows"] == "glance":
                kind = Kind(placeholder["kind"])
                lead, panels = render_year_overview(kind, context, chart_prefix(kind))
                box += lead
                for panel in panels:
                    row = nodes.container(classes=["tyreso-glance-panel"])
                    row += nodes.raw("", panel.svg, format="html")
                    row.extend(output_nodes([panel.table], self.document))
                    box += row
            else:
                years = sorted({report.period.year for report in context.reports if report.period is not None})
                newest = dataclasses.replace(
                    context, reports=[report for report in context.reports if report.period and report.period.year == years[-1]]
                )
                box.extend(output_nodes(render_report_list(Selection(), newest) if years else [], self.document))
            placeholder.replace_self(box)


def setup(app: Sphinx) -> None:
    app.add_node(overview_placeholder)
    app.add_directive("lägesbild", GlanceDirective)
    app.add_directive("senaste-rapporter", NewestReportsDirective)
    app.add_post_transform(FillOverviews)
