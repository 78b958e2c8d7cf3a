"""The object registers: every object across all periods (tyreso-uppdrag.html …), one row each.

Each register is a domain index, so Sphinx lists it, links it and (see :mod:`tyreso_ext.sphinx_ext.registers`)
writes it again only when what it shows changes. Its entries carry everything the page shows: per object its
title, id, målområde and organ and where its newest occurrence is; per occurrence its period, organ and status.
The HTML page shows them as a table (:func:`tyreso_ext.render.register.register_table`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.domains import Index, IndexEntry

from tyreso_ext.model.aggregate import recency
from tyreso_ext.model.kinds import Kinds, KindSpec
from tyreso_ext.model.objects import Kind, SteeringObject
from tyreso_ext.render.register import occurrence_status, register_area
from tyreso_ext.sphinx_ext.config import settings
from tyreso_ext.sphinx_ext.domain import get_domain


class ObjectIndex(Index):
    """One entry per object id (its newest title, id, målområde, organ), one sub-entry per period that mentions it
    (its period and organ, status and code)."""

    kind: Kind

    def generate(self, docnames: Iterable[str] | None = None) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        """The register of every document (the HTML builders'), made only when it is read: Sphinx generates each
        index on every build, and a build writes only the registers whose digest changed (registers.py)."""
        if docnames is not None:
            return self.entries(set(docnames)), True
        domain = get_domain(self.domain.env)
        site = settings(self.domain.env.config)
        digest = domain.register_digest(self.kind, site.goal_areas, site.ungrouped_label)
        return (RegisterEntries(digest, lambda: self.entries(None)) if digest is not None else []), True

    def entries(self, docnames: set[str] | None) -> list[tuple[str, list[IndexEntry]]]:
        domain = get_domain(self.domain.env)
        site = settings(self.domain.env.config)
        by_id: dict[str, list[SteeringObject]] = {}
        for obj in domain.catalogue().by_kind.get(self.kind, ()):
            if obj.id and obj.period is not None and (docnames is None or obj.docname in docnames):
                by_id.setdefault(obj.id, []).append(obj)
        letters: dict[str, list[IndexEntry]] = {}
        listed = sorted(
            ((max(occurrences, key=recency), object_id, occurrences) for object_id, occurrences in by_id.items()),
            key=lambda item: (item[0].title.casefold(), item[1]),
        )
        for newest, object_id, occurrences in listed:
            entries = letters.setdefault(newest.title[:1].upper() or "?", [])
            area = register_area(newest, site.goal_areas, site.ungrouped_label)
            entries.append(IndexEntry(newest.title, 1, newest.docname, newest.anchor, object_id, area, newest.organ))
            for obj in sorted(occurrences, key=lambda obj: (obj.period, obj.docname)):
                assert obj.period is not None
                entries.append(
                    IndexEntry(
                        f"{obj.period} – {obj.organ}", 2, obj.docname, obj.anchor, occurrence_status(obj), obj.period.code, ""
                    )
                )
        return sorted(letters.items())


class RegisterEntries(list[tuple[str, list[IndexEntry]]]):
    """A register's entries, made when they are first gone over; ``digest`` says what they list without making
    them. Always true: one is made only for a register that lists something."""

    def __init__(self, digest: str, make: Callable[[], list[tuple[str, list[IndexEntry]]]]) -> None:
        super().__init__()
        self.digest = digest
        self._make: Callable[[], list[tuple[str, list[IndexEntry]]]] | None = make

    def _made(self) -> None:
        if self._make is not None:
            make, self._make = self._make, None
            self.extend(make())

    def __iter__(self) -> Iterator[tuple[str, list[IndexEntry]]]:
        self._made()
        return super().__iter__()

    def __len__(self) -> int:
        self._made()
        return super().__len__()

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"RegisterEntries({self.digest})"


def index_for(spec: KindSpec) -> type[ObjectIndex]:
    """The register of one declared kind: ``tyreso-<register>.html``."""
    return type(
        "".join(part.capitalize() for part in spec.register.split("-")) + "Index",
        (ObjectIndex,),
        {
            "kind": spec.kind,
            "name": spec.register,
            "localname": spec.register_title,
            "shortname": spec.plural.lower(),
            "__doc__": f"Index of {spec.name}.",
        },
    )


def register_pages(kinds: Kinds) -> dict[str, Kind]:
    """Each register's page name and the kind it lists."""
    return {f"tyreso-{spec.register}": spec.kind for spec in kinds.specs}


def register_indices(app: Sphinx, config: Config) -> None:
    """``config-inited``: a register per declared kind (conf.py's own kinds are known only now)."""
    for spec in settings(config).kinds.specs:
        app.add_index_to_domain("tyreso", index_for(spec))


def setup(app: Sphinx) -> None:
    app.connect("config-inited", register_indices)
