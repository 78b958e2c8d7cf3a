"""Cross-reference roles: {uppdrag}`id`, {mål}`id`, {indikator}`id`, {risk}`id@2023-T1`."""

from __future__ import annotations

from docutils import nodes
from docutils.nodes import Element
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole

from tyreso_ext.model.collection_rules import Reference
from tyreso_ext.model.findings import Finding
from tyreso_ext.model.objects import Kind
from tyreso_ext.model.period import PeriodError, parse_period
from tyreso_ext.sphinx_ext import warn


class ObjectRole(XRefRole):
    """A reference into the ``tyreso`` domain, usable without the domain prefix."""

    def __init__(self, kind: Kind) -> None:
        super().__init__(warn_dangling=False)
        self.kind = kind

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        # Registered under the bare name too, so pin the domain regardless of how it was called.
        self.name = f"tyreso:{self.kind.value}"
        # MyST gives a role the first line of its paragraph; count the line breaks before the
        # role so that findings name the role's own line, as `tyreso check` does.
        block = getattr(self.inliner, "parent", None)
        while isinstance(block, nodes.Inline) and block.parent is not None:
            block = block.parent
        if isinstance(block, nodes.TextElement):
            self.lineno += block.astext().count("\n")
        return super().run()

    def process_link(
        self, env: BuildEnvironment, refnode: Element, has_explicit_title: bool, title: str, target: str
    ) -> tuple[str, str]:
        object_id, _, period_text = target.strip().partition("@")
        docname = env.docname
        path = str(env.doc2path(docname, base=False))
        period = None
        if period_text:
            try:
                period = parse_period(period_text)
            except PeriodError as error:
                warn.emit([Finding(path, self.lineno, "TY007", f"I hänvisningen '{target}': {error}")], docname=docname)
        env.domains["tyreso"].add_reference(Reference(self.kind, object_id.strip(), period, docname, path, self.lineno))
        code = period.code if period else ""
        return title, f"{object_id.strip()}@{code}" if code else object_id.strip()


def setup(app: Sphinx) -> None:
    """A role per kind, under ``tyreso:`` and bare; MyST role names are ASCII only, so {mål} is written {mal}."""
    for kind in Kind:
        app.add_role_to_domain("tyreso", kind.value, ObjectRole(kind))
        app.add_role(kind.value, ObjectRole(kind))
    app.add_role_to_domain("tyreso", "mal", ObjectRole(Kind.MAL))
    app.add_role("mal", ObjectRole(Kind.MAL))
