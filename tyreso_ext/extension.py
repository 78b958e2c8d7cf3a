"""What ``tyreso_ext`` registers with Sphinx: every feature module, each through its own ``setup(app)``."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from tyreso_ext import __version__
from tyreso_ext.outputs.open_data import site as open_data_site
from tyreso_ext.outputs.pdf import builder as pdf_builder
from tyreso_ext.sphinx_ext import (
    accessibility,
    assets,
    collector,
    config,
    decided_pages,
    domain,
    events,
    fill,
    footer,
    history_pages,
    indices,
    link_policy,
    navigation,
    nodes,
    pdf_links,
    registers,
    roles,
    safety,
    table_forms,
    theme,
)
from tyreso_ext.sphinx_ext.directives import aggregates, finance, objects, overview
from tyreso_ext.sphinx_ext.domain import RECORDS_VERSION

# In this order: the settings first, the domain before what is added to it; events of one name run in this order.
FEATURES = (
    collector,
    config,
    domain,
    objects,
    roles,
    aggregates,
    overview,
    finance,
    nodes,
    indices,
    fill,
    history_pages,
    table_forms,
    events,
    decided_pages,
    assets,
    theme,
    pdf_links,
    navigation,
    open_data_site,
    footer,
    registers,
    accessibility,
    safety,
    link_policy,
    pdf_builder,
)


def setup(app: Sphinx) -> dict[str, Any]:
    for feature in FEATURES:
        feature.setup(app)
    return {"version": __version__, "env_version": RECORDS_VERSION, "parallel_read_safe": True, "parallel_write_safe": True}
