"""Cross-reference roles: {uppdrag}`id`, {mal}`id`, {indikator}`id`, {risk}`id@2023-T1`.

They only render: the reader (:mod:`tyreso_ext.source.reader`) records each reference and its findings.
"""

from __future__ import annotations

from docutils import nodes
from docutils.nodes import Element
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole

from tyreso_ext.model.objects import Kind
from tyreso_ext.model.references import parse_reference


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


def setup(app: Sphinx) -> None:
    """A role per kind, under ``tyreso:`` and bare; MyST role names are ASCII only, so {mål} is written {mal}."""
    for kind in Kind:
        app.add_role_to_domain("tyreso", kind.value, ObjectRole(kind))
        app.add_role(kind.value, ObjectRole(kind))
    app.add_role_to_domain("tyreso", "mal", ObjectRole(Kind.MAL))
    app.add_role("mal", ObjectRole(Kind.MAL))
