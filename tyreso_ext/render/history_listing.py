"""``statusandringar``: the list of every status change in the version history.

The list needs the Git history, which only the build reads; this renderer leaves the node that
:class:`tyreso_ext.sphinx_ext.history_pages.FillHistory` fills in turn.
"""

from __future__ import annotations

from docutils import nodes

from tyreso_ext.model.aggregate import Selection
from tyreso_ext.render.context import RenderContext


class history_listing(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """Where the list of every status change goes; ``selection`` filters organ and period."""


def render_history_listing(selection: Selection, context: RenderContext) -> list[nodes.Node]:
    return [history_listing(selection=selection)]
