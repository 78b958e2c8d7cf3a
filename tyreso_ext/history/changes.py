"""What changed between two states of the reports, object by object (no Sphinx)."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable

from tyreso_ext.model.objects import Kind, SteeringObject

ObjectKey = tuple[Kind, str, str, str]  # kind, id, period code, organ

# The kinds of change, in the order a reviewer reads them.
ADDED, REMOVED, STATUS, FIELD, TEXT, MOVED = "tillagd", "borttagen", "status", "fält", "text", "flyttad"
ORDER = (STATUS, ADDED, REMOVED, FIELD, TEXT, MOVED)


@dataclasses.dataclass(frozen=True)
class ObjectChange:
    """One change to one object occurrence."""

    change: str
    kind: Kind
    id: str
    title: str
    period: str
    organ: str
    path: str
    line: int
    before: str = ""
    after: str = ""
    field: str = ""

    @property
    def key(self) -> ObjectKey:
        return (self.kind, self.id, self.period, self.organ)

    def describe(self) -> str:
        """One line in Swedish: 'risk x 2023-T1: gul → grön'."""
        head = f"{self.kind.value} {self.id} {self.period}".rstrip()
        if self.change == STATUS:
            return f"{head}: {self.before or 'ingen status'} → {self.after or 'ingen status'}"
        if self.change == ADDED:
            return f"{head}: tillagd i {self.path}" + (f" med status {self.after}" if self.after else "")
        if self.change == REMOVED:
            return f"{head}: borttagen ur {self.path}"
        if self.change == FIELD:
            return f"{head}: fältet {self.field} ändrat från '{self.before or '–'}' till '{self.after or '–'}'"
        if self.change == TEXT:
            return f"{head}: texten ändrad ({self.after})"
        return f"{head}: flyttad från {self.before} till {self.after}"

    def describe_briefly(self) -> str:
        """The change alone, for a list under the object itself: 'status gul → grön'."""
        if self.change == STATUS:
            return f"status {self.before or 'saknas'} → {self.after or 'saknas'}"
        full = self.describe()
        head = f"{self.kind.value} {self.id} {self.period}".rstrip() + ": "
        return full[len(head) :] if full.startswith(head) else full

    def as_dict(self) -> dict[str, object]:
        return {
            "ändring": self.change,
            "typ": self.kind.value,
            "id": self.id,
            "titel": self.title,
            "period": self.period,
            "organ": self.organ,
            "fil": self.path,
            "rad": self.line,
            "före": self.before,
            "efter": self.after,
            "fält": self.field,
        }


def key_of(obj: SteeringObject) -> ObjectKey:
    return (obj.kind, obj.id, obj.period.code if obj.period else "", obj.organ)


def index_objects(objects: Iterable[SteeringObject]) -> dict[ObjectKey, SteeringObject]:
    """Objects by key; the first occurrence wins (a duplicate is TY009 anyway)."""
    indexed: dict[ObjectKey, SteeringObject] = {}
    for obj in objects:
        if obj.id:
            indexed.setdefault(key_of(obj), obj)
    return indexed


def compare(before: dict[ObjectKey, SteeringObject], after: dict[ObjectKey, SteeringObject]) -> list[ObjectChange]:
    """Every change from one state to the other, sorted for reading."""
    changes: list[ObjectChange] = []
    for key in sorted(after.keys() - before.keys(), key=_sort_key):
        new = after[key]
        changes.append(_change(ADDED, new, after=_status(new)))
    for key in sorted(before.keys() - after.keys(), key=_sort_key):
        changes.append(_change(REMOVED, before[key], before=_status(before[key])))
    for key in sorted(before.keys() & after.keys(), key=_sort_key):
        old, new = before[key], after[key]
        if _status(old) != _status(new):
            changes.append(_change(STATUS, new, before=_status(old), after=_status(new)))
        status_fields = {old.status_field, new.status_field} - {""} or {"status", "bedömning"}
        for name in sorted((old.fields.keys() | new.fields.keys()) - status_fields):
            if old.fields.get(name, "") != new.fields.get(name, ""):
                changes.append(_change(FIELD, new, before=old.fields.get(name, ""), after=new.fields.get(name, ""), field=name))
        if old.title != new.title:
            changes.append(_change(FIELD, new, before=old.title, after=new.title, field="rubrik"))
        if old.body.strip() != new.body.strip():
            changes.append(_change(TEXT, new, after=summarise_text(old.body, new.body)))
        if old.path != new.path:
            changes.append(_change(MOVED, new, before=old.path, after=new.path))
    return sorted(changes, key=lambda change: (ORDER.index(change.change), _sort_key(change.key)))


def summarise_text(old: str, new: str) -> str:
    """'+3 −1 rader' for the reader of a review: how much of the text changed."""
    added = removed = 0
    for line in difflib.ndiff(old.strip().splitlines(), new.strip().splitlines()):
        if line.startswith("+ "):
            added += 1
        elif line.startswith("- "):
            removed += 1
    return f"+{added} −{removed} rader"


def _status(obj: SteeringObject) -> str:
    """The status as read, or as written when it could not be read (a typo is still a change)."""
    if obj.status is not None:
        return obj.status.value
    return obj.fields.get(obj.status_field, "") if obj.status_field else ""


def _change(change: str, obj: SteeringObject, before: str = "", after: str = "", field: str = "") -> ObjectChange:
    return ObjectChange(
        change,
        obj.kind,
        obj.id,
        obj.title,
        obj.period.code if obj.period else "",
        obj.organ,
        obj.path,
        obj.line,
        before,
        after,
        field,
    )


def _sort_key(key: ObjectKey) -> tuple[str, str, str, str]:
    kind, object_id, period, organ = key
    return (period, organ, kind.value, object_id)
