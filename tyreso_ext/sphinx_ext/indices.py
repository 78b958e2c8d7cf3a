"""Generated index pages of the domain: every object across all periods (tyreso-uppdrag.html …)."""

from __future__ import annotations

from collections.abc import Iterable

from sphinx.application import Sphinx
from sphinx.domains import Index, IndexEntry

from tyreso_ext.model.objects import Kind, SteeringObject
from tyreso_ext.sphinx_ext.domain import get_domain


class ObjectIndex(Index):
    """One entry per object id, with one sub-entry per period that mentions it."""

    kind: Kind

    def generate(self, docnames: Iterable[str] | None = None) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        domain = get_domain(self.domain.env)
        by_id: dict[str, list[SteeringObject]] = {}
        for obj in domain.catalogue().by_kind.get(self.kind, ()):
            if obj.id and obj.period is not None and (docnames is None or obj.docname in docnames):
                by_id.setdefault(obj.id, []).append(obj)
        letters: dict[str, list[IndexEntry]] = {}
        listed = sorted(
            ((_newest(occurrences), object_id, occurrences) for object_id, occurrences in by_id.items()),
            key=lambda item: (item[0].title.casefold(), item[1]),
        )
        for newest, object_id, occurrences in listed:
            entries = letters.setdefault(newest.title[:1].upper() or "?", [])
            entries.append(IndexEntry(newest.title, 1, newest.docname, newest.anchor, object_id, "", ""))
            for obj in sorted(occurrences, key=lambda obj: (obj.period, obj.docname)):
                status = obj.status.label if obj.status else ("Plan" if obj.in_plan else "Ej bedömd")
                entries.append(IndexEntry(f"{obj.period} – {obj.organ}", 2, obj.docname, obj.anchor, status, "", ""))
        return sorted(letters.items()), True


def _newest(occurrences: list[SteeringObject]) -> SteeringObject:
    return max(occurrences, key=lambda obj: (obj.period, obj.docname))


def _index_for(kind: Kind, name: str, localname: str) -> type[ObjectIndex]:
    return type(
        f"{name.capitalize()}Index",
        (ObjectIndex,),
        {
            "kind": kind,
            "name": name,
            "localname": localname,
            "shortname": kind.plural.lower(),
            "__doc__": f"Index of {kind.value}.",
        },
    )


OBJECT_INDICES = [
    _index_for(Kind.UPPDRAG, "uppdrag", "Alla uppdrag över perioder"),
    _index_for(Kind.MAL, "mal", "Alla mål över perioder"),
    _index_for(Kind.INDIKATOR, "indikatorer", "Alla indikatorer över perioder"),
    _index_for(Kind.RISK, "risker", "Alla risker över perioder"),
]


def setup(app: Sphinx) -> None:
    for index in OBJECT_INDICES:
        app.add_index_to_domain("tyreso", index)
