"""Short digests of one document's records, kept with them, so that a build after an edit can tell in one look
over the documents (not over every object) whether a register or the rules across documents have anything new
to see.

A digest is taken of the records' values as they are pickled (see :meth:`SteeringObject.__reduce__`), less what
the output in question does not show: where in its file an object stands, for the registers; the status, for
the rules across documents (:mod:`tyreso_ext.model.collection_rules` never reads a status, and a test holds
it to that). Leaving out more than the output ignores would show a stale page; leaving out less only writes
one more page than needed.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable

from tyreso_ext.model.objects import Report, SteeringObject, object_values
from tyreso_ext.model.references import Reference

_NAMES = [field.name for field in dataclasses.fields(SteeringObject)]
_LINE, _STATUS, _FIELDS = _NAMES.index("line"), _NAMES.index("status"), _NAMES.index("fields")


@dataclasses.dataclass(frozen=True)
class DocumentDigests:
    """What one document gives the registers (a digest per kind it lists) and the rules across documents."""

    registers: dict[str, str]  # kind → digest of the objects of that kind a register lists
    collection: str


def shown_elsewhere(obj: SteeringObject) -> tuple[object, ...]:
    """An object as other pages show it: everything but the line it stands on in its file."""
    values = object_values(obj)
    return values[:_LINE] + values[_LINE + 1 :]


def document_digests(
    report: Report | None, objects: Iterable[SteeringObject], references: Iterable[Reference]
) -> DocumentDigests:
    objects = list(objects)
    by_kind: dict[str, list[SteeringObject]] = {}
    for obj in objects:
        if obj.id and obj.period is not None:  # what a register lists (sphinx_ext.indices)
            by_kind.setdefault(obj.kind.value, []).append(obj)
    registers = {kind: _digest([shown_elsewhere(obj) for obj in listed]) for kind, listed in sorted(by_kind.items())}
    collection = _digest([report, [_without_status(obj) for obj in objects], list(references)])
    return DocumentDigests(registers, collection)


def combined(parts: Iterable[tuple[str, str]], *settings: object) -> str:
    """One digest of the documents' digests (docname, digest), in docname order, and of the settings they were
    read with."""
    digest = hashlib.sha256(repr(settings).encode("utf-8"))
    for docname, part in sorted(parts):
        digest.update(f"\x00{docname}\x00{part}".encode())
    return digest.hexdigest()


def _without_status(obj: SteeringObject) -> tuple[object, ...]:
    """The object less its status, both as read and as written among its fields."""
    values = list(object_values(obj))
    values[_STATUS] = None
    values[_FIELDS] = {name: value for name, value in obj.fields.items() if name != obj.status_field}
    return tuple(values)


def _digest(value: object) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=16).hexdigest()
