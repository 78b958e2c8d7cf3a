"""The syntax of a reference to an object: ``id``, ``id@2023-T1`` or ``Titel <id@2023-T1>`` (no Sphinx here).

The roles of the build and the reader of ``tyreso check`` both read a reference's text through
:func:`parse_reference`, so they cannot disagree on what it names.
"""

from __future__ import annotations

import dataclasses

from tyreso_ext.model.findings import Finding
from tyreso_ext.model.kinds import BUILTIN_KINDS, Kinds
from tyreso_ext.model.objects import Kind
from tyreso_ext.model.period import Period, PeriodError, parse_period


@dataclasses.dataclass(frozen=True, slots=True)
class Reference:
    """A reference from running text to an object, by id (and optionally a period)."""

    kind: Kind
    id: str
    period: Period | None
    docname: str
    path: str
    line: int


@dataclasses.dataclass(frozen=True, slots=True)
class ReferenceTarget:
    """What a reference's text names: the id, the period (None: the newest) and the explicit title, if any."""

    id: str
    period: Period | None
    title: str
    period_error: str = ""  # why the period part could not be read

    @property
    def target(self) -> str:
        """The target as the domain resolves it: ``id`` or ``id@period``."""
        return f"{self.id}@{self.period.code}" if self.period else self.id


def role_kind(name: str, kinds: Kinds = BUILTIN_KINDS) -> Kind | None:
    """The kind a role name refers to (``uppdrag``, ``tyreso:mal`` …), or None for any other role.

    Role names are ASCII (MyST reads no other role names), each kind's declared in its ``role``.
    """
    spec = kinds.by_role(name.removeprefix("tyreso:"))
    return spec.kind if spec is not None else None


def parse_reference(text: str) -> ReferenceTarget:
    """Read a role's text; never raises (a period that cannot be read is named in ``period_error``)."""
    title, target = "", text
    if "<" in text and text.endswith(">"):
        title, target = text[: text.rindex("<")].strip(), text[text.rindex("<") + 1 : -1]
    object_id, _, period_text = target.strip().partition("@")
    period, error = None, ""
    if period_text:
        try:
            period = parse_period(period_text)
        except PeriodError as problem:
            error = str(problem)
    return ReferenceTarget(object_id.strip(), period, title, error)


def reference_period_finding(path: str, line: int, written: str, error: str) -> Finding:
    """TY007 for a reference whose period part cannot be read."""
    return Finding(path, line, "TY007", f"I hänvisningen '{written}': {error}")
