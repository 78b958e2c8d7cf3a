"""How a field of an object is declared and how its value is read (the kinds' fields: :mod:`tyreso_ext.model.kinds`)."""

from __future__ import annotations

import dataclasses
import enum


class ValueType(enum.Enum):
    """How a field's text is read into the model."""

    TEXT = "text"
    ID = "id"
    STATUS = "status"
    GOAL_AREA = "goal_area"
    CHOICE = "choice"
    LEVEL_1_5 = "level_1_5"
    LEVEL_1_25 = "level_1_25"
    INTEGER = "integer"
    POINT = "point"
    SERIES = "series"
    LABELLED_SERIES = "labelled_series"
    KOLADA = "kolada"


@dataclasses.dataclass(frozen=True)
class FieldSpec:
    """One field (directive option) of one kind of object."""

    name: str
    description: str
    value_type: ValueType = ValueType.TEXT
    choices: tuple[str, ...] = ()
    example: str = ""
    refers_to: str = ""  # an id field: the kind whose id it names ('mål' for an indicator's mål)
