"""Cross-reference roles: {uppdrag}`id`, {mal}`id`, {indikator}`id`, {risk}`id@2023-T1`, {aktivitet}`id`, {kontroll}`id`
and one for each kind of conf.py's own.

They only render: the reader (:mod:`tyreso_ext.source.reader`) records each reference and its findings.
"""

from __future__ import annotations

from docutils import nodes
from docutils.nodes import Element
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole

from tyreso_ext.model.objects import Kind
from tyreso_ext.model.references import parse_reference
from tyreso_ext.sphinx_ext.config import settings


class ObjectRole(XRefRole):
    """A reference into the ``tyreso`` domain, usable without the domain prefix."""

    def __init__(self, kind: Kind) -> None:
        super().__init__(warn_dangling=False)
        self.kind = kind

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        # Registered under the bare name too, so pin the domain regardless of how it was called.
        self.name = f"tyreso:{self.kind.value}"
        return super().run()

    def process_link(
        self, env: BuildEnvironment, refnode: Element, has_explicit_title: bool, title: str, target: str
    ) -> tuple[str, str]:
        # The reader has recorded this reference (and any problem with its period) at source-read.
        return title, parse_reference(target).target


def register_roles(app: Sphinx, config: Config) -> None:
    """``config-inited``: a role per declared kind, under ``tyreso:`` and bare, by the kind's name and by its role
    name (MyST role names are ASCII only, so {mål} is written {mal})."""
    for spec in settings(config).kinds.specs:
        for name in dict.fromkeys((spec.name, spec.role)):
            app.add_role_to_domain("tyreso", name, ObjectRole(spec.kind))
            app.add_role(name, ObjectRole(spec.kind))


def setup(app: Sphinx) -> None:
    app.connect("config-inited", register_roles)
