"""The object directives: one per kind the site declares (uppdrag, mål, indikator, risk, aktivitet, kontroll and
conf.py's own), registered when the config is read."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

from tyreso_ext.model.findings import Finding
from tyreso_ext.model.kinds import KindSpec
from tyreso_ext.model.object_rules import MAX_NESTING
from tyreso_ext.model.objects import Kind, SteeringObject
from tyreso_ext.render.badges import invalid_badge, status_badge
from tyreso_ext.render.facts import fact_list_node, folded_node
from tyreso_ext.render.history_box import FOLDED_WITH_HISTORY, FOLDED_WITHOUT_HISTORY
from tyreso_ext.render.indicator_series import render_indicator_series
from tyreso_ext.sphinx_ext.config import settings
from tyreso_ext.sphinx_ext.directives.base import TyresoDirective
from tyreso_ext.sphinx_ext.history_pages import history_placeholder

NESTING_KEY = "tyreso_open_objects"


class ObjectDirective(TyresoDirective):
    """Common behaviour; subclasses only name their kind."""

    kind: Kind

    @property
    def spec(self) -> KindSpec:
        return settings(self.config).kinds.spec(self.kind)

    def run(self) -> list[nodes.Node]:
        record = self.record()
        assert record.obj is not None
        if record.data_file is not None:  # an indicator's Kolada file: a new fetch rebuilds the page
            self.env.note_dependency(str(record.data_file))
        return [self.render(record.obj, record.findings, record.options)]

    def render(self, obj: SteeringObject, findings: list[Finding], options: dict[str, str]) -> nodes.container:
        anchor = obj.anchor
        if anchor in self.state.document.ids:  # a heading with the same name: the record follows the page
            anchor = f"{anchor}-rad-{obj.line}"
            obj.anchor = anchor
        box = nodes.container(classes=["tyreso-object", f"tyreso-{obj.anchor.split('-', 1)[0]}"], ids=[anchor])
        box.source, box.line = self.get_source_info()
        heading = nodes.paragraph(classes=["tyreso-object-title"])
        heading += nodes.inline("", f"{self.kind.label}: ", classes=["tyreso-object-kind"])
        heading += nodes.strong(obj.title or obj.id, obj.title or obj.id)
        spec = self.spec
        written_status = obj.fields.get(spec.status_field) if spec.status_field else None
        if obj.status is not None:
            heading += nodes.Text(" ")
            heading += status_badge(obj.status)
        elif written_status:
            heading += nodes.Text(" ")
            heading += invalid_badge(written_status)
        box += heading
        primary, secondary = self.facts(obj, options, spec)
        if primary:
            box += fact_list_node(primary)
        if self.kind is Kind.INDIKATOR:
            box.extend(render_indicator_series(obj))
        if findings:
            box += problem_list(findings)
        if self.content:
            body = nodes.container(classes=["tyreso-object-body"])
            depth: int = self.env.temp_data.get(NESTING_KEY) or 0
            if depth >= MAX_NESTING:  # shown as written, not read (see MAX_NESTING)
                text = "\n".join(self.content)
                body += nodes.literal_block(text, text, language="text")
            else:
                self.env.temp_data[NESTING_KEY] = depth + 1
                try:
                    self.state.nested_parse(self.content, self.content_offset, body)
                finally:
                    self.env.temp_data[NESTING_KEY] -= 1
            box += body
        has_history = bool(obj.id and obj.period is not None)
        if secondary or has_history:
            more = folded_node(FOLDED_WITH_HISTORY if has_history else FOLDED_WITHOUT_HISTORY, classes=["tyreso-object-more"])
            if secondary:
                more += fact_list_node(secondary, classes=["tyreso-facts-secondary"])
            if has_history:
                assert obj.period is not None
                more += history_placeholder(key=(obj.kind, obj.id, obj.period.code, obj.organ))
            box += more
        return box

    def facts(
        self, obj: SteeringObject, options: dict[str, str], spec: KindSpec
    ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """The facts shown at once (in the declaration's order; the status is the badge), and those shown folded
        (the id first, then the declaration's secondary fields)."""
        primary: list[tuple[str, str]] = []
        secondary = [("Id", obj.id)] if obj.id else []
        for name in spec.field_names:
            if name == "id" or name == spec.status_field:
                continue
            value = obj.fields.get(name)
            if value:
                (secondary if name in spec.secondary else primary).append((name.capitalize(), value))
        if self.kind is Kind.RISK and "risknivå" not in obj.fields and obj.risk_level is not None:
            primary.append(("Risknivå", f"{obj.risk_level} (sannolikhet × konsekvens)"))
        # An unknown field (TY005) is shown as written, next to its problem, so nothing is dropped.
        for key, value in options.items():
            if spec.find_field(key) is None and (value or "").strip():
                primary.append((key.capitalize(), " ".join(value.split())))
        return primary, secondary


def problem_list(findings: list[Finding]) -> nodes.container:
    """The problems of an object, shown inside it so a reader of a draft sees them too."""
    box = nodes.container(classes=["tyreso-problems"])
    box += nodes.paragraph("", "Att rätta i källtexten:", classes=["tyreso-problems-title"])
    items = nodes.bullet_list()
    for finding in findings:
        item = nodes.list_item()
        item += nodes.paragraph("", f"{finding.code} (rad {finding.line}): {finding.message}")
        items += item
    box += items
    return box


def directive_for(spec: KindSpec) -> type[ObjectDirective]:
    """The directive class of one declared kind: ``AktivitetDirective`` …"""
    name = "".join(part.capitalize() for part in spec.role.split("-")) + "Directive"
    return type(name, (ObjectDirective,), {"kind": spec.kind, "__doc__": f"The ``{spec.name}`` directive."})


def register_directives(app: Sphinx, config: Config) -> None:
    """``config-inited``: a directive for every kind the site declares, under ``tyreso:`` and bare (staff write
    {uppdrag} rather than {tyreso:uppdrag}); conf.py is read after setup, so its own kinds are known only now."""
    for spec in settings(config).kinds.specs:
        directive = directive_for(spec)
        app.add_directive_to_domain("tyreso", spec.name, directive)
        app.add_directive(spec.name, directive)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", register_directives)
