"""The aggregation directives, one per entry of :data:`tyreso_ext.model.aggregate.AGGREGATES`: each leaves a
placeholder that :mod:`tyreso_ext.sphinx_ext.fill` fills at write time."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from tyreso_ext.model.aggregate import AGGREGATES
from tyreso_ext.sphinx_ext.directives.base import TyresoDirective
from tyreso_ext.sphinx_ext.domain import get_domain
from tyreso_ext.sphinx_ext.nodes import aggregate_placeholder


class AggregateDirective(TyresoDirective):
    """Leaves a placeholder with the selection the reader read from the options."""

    has_content = False
    optional_arguments = 0
    aggregate = ""  # the entry of AGGREGATES

    def run(self) -> list[nodes.Node]:
        record = self.record()
        assert record.selection is not None
        get_domain(self.env).add_selection(self.env.docname, self.aggregate, record.selection)
        placeholder = aggregate_placeholder(
            aggregate=self.aggregate, selection=record.selection, newest_period=record.newest_period
        )
        placeholder.source, placeholder.line = self.get_source_info()
        return [placeholder]


AGGREGATE_DIRECTIVES: dict[str, type[AggregateDirective]] = {
    name: type(f"AggregateDirective_{index}", (AggregateDirective,), {"aggregate": name, "__doc__": f"``{name}``"})
    for index, name in enumerate(AGGREGATES)
}


def setup(app: Sphinx) -> None:
    for name, directive in AGGREGATE_DIRECTIVES.items():
        app.add_directive_to_domain("tyreso", name, directive)
        app.add_directive(name, directive)
