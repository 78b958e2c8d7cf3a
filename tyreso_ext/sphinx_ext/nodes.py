"""The one node the extension adds: a placeholder that aggregations leave at read time."""

from __future__ import annotations

from docutils import nodes


class aggregate_placeholder(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """Filled at write time, after all documents are read, by :mod:`tyreso_ext.sphinx_ext.fill`.

    Attributes: ``aggregate`` (its name), ``selection`` (a model Selection) and
    ``newest_period`` (True when the table shows the newest period of the site).
    """
