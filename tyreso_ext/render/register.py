"""A register as a table: every object of one kind, its current status, organ, målområde, last period and history.

The rows are made from the register's index entries (see :mod:`tyreso_ext.sphinx_ext.indices`), so that the
page shows exactly what decides whether it must be written again.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from tyreso_ext.model.ids import slugify
from tyreso_ext.model.objects import Kind, SteeringObject
from tyreso_ext.model.status import StatusError, parse_status
from tyreso_ext.render.badges import Span, badge
from tyreso_ext.render.tables import Link, Piece, TableData, table_data

PLAN = "Plan"
# What the browser's filter offers for each column (tyreso-tables.js); '' for none.
FILTERS = ("text", "status", "organ", "area", "period", "")


def occurrence_status(obj: SteeringObject) -> str:
    """The status an occurrence shows: its word, 'Plan' in a plan, 'Ej bedömd' in a follow-up without one."""
    if obj.status is not None:
        return obj.status.label
    return PLAN if obj.in_plan else badge(None).text


def register_area(obj: SteeringObject, goal_areas: Sequence[str], ungrouped_label: str) -> str:
    """The målområde of an object; a risk's type when it names one; otherwise the label for the ungrouped."""
    if obj.goal_area:
        return obj.goal_area
    typ = obj.fields.get("typ", "")
    return typ if typ in goal_areas else ungrouped_label


@functools.lru_cache(maxsize=256)
def status_piece(label: str) -> Span:
    """The badge of a status word, or 'Plan' marked as such."""
    if label == PLAN:
        return Span(PLAN, ("tyreso-plan",))
    try:
        return badge(parse_status(label))
    except StatusError:
        return Span(label)


def register_table(kind: Kind, content: Iterable[tuple[str, Sequence[Any]]]) -> TableData:
    """The register's table from its index content: (letter, entries) with an entry per object then per period."""
    rows: list[list[Piece | list[Piece]]] = []
    current: list[Any] | None = None
    periods: list[Piece] = []

    def finish() -> None:
        if current is not None:
            rows.append([*current, periods.copy()])

    for _letter, entries in content:
        for entry in entries:
            name, subtype, docname, anchor, extra, qualifier, descr = entry
            if subtype != 2:
                finish()
                periods.clear()
                current = [Link(Span(name), docname, anchor), Span("–"), descr or "–", qualifier or "–", "–"]
                continue
            if current is None:
                continue
            if periods:
                periods.append(Span(" ", ("tyreso-sep",)))
            periods += [Link(Span(qualifier, ("tyreso-period",)), docname, anchor), " ", status_piece(extra)]
            current[1] = status_piece(extra)  # the newest occurrence comes last: its status is the current one
            current[4] = qualifier
    finish()
    caption = f"{kind.plural} i alla perioder: {len(rows)} st, med status i sin senaste period"
    headers = [kind.label, "Status", "Organ", "Målområde", "Senaste period", "Perioder och status (historik)"]
    return table_data(
        caption,
        headers,
        rows,
        classes=["tyreso-register"],
        widths=[5, 2, 3, 3, 2, 5],
        filters=FILTERS,
        anchor=f"register-{slugify(kind.value)}",
    )
