"""The fields each kind of object accepts, and how each value is read."""

from __future__ import annotations

import dataclasses
import enum

from tyreso_ext.model.objects import Kind
from tyreso_ext.model.text import fold


class ValueType(enum.Enum):
    """How a field's text is read into the model."""

    TEXT = "text"
    ID = "id"
    STATUS = "status"
    GOAL_AREA = "goal_area"
    CHOICE = "choice"
    LEVEL_1_5 = "level_1_5"
    LEVEL_1_25 = "level_1_25"
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


_ID = FieldSpec("id", "Stabilt id, samma i plan och alla uppföljningar.", ValueType.ID, example="ordning-och-reda-i-ekonomin")
_STATUS = FieldSpec("status", "Status i perioden: grön, gul, röd eller ej bedömd.", ValueType.STATUS, example="grön")
_GOAL_AREA = FieldSpec("målområde", "Målområdet objektet hör till.", ValueType.GOAL_AREA, example="Ekonomi och hållbarhet")
_OWNER = FieldSpec("ansvarig", "Ansvarig nämnd, förvaltning eller funktion.", example="Kommunstyrelsen")
_CAUSE = FieldSpec("orsak", "Orsaken till gul eller röd status.", example="Upphandlingen blev försenad.")
_ACTIONS = FieldSpec("åtgärder", "Vidtagna åtgärder vid gul eller röd status.", example="Ny tidplan är beslutad.")

FIELDS: dict[Kind, dict[str, FieldSpec]] = {
    Kind.UPPDRAG: {spec.name: spec for spec in (_ID, _GOAL_AREA, _OWNER, _STATUS, _CAUSE, _ACTIONS)},
    Kind.MAL: {
        spec.name: spec
        for spec in (
            _ID,
            _GOAL_AREA,
            FieldSpec("nivå", "Kommunmål eller nämndmål.", ValueType.CHOICE, ("kommun", "nämnd"), "nämnd"),
            _OWNER,
            _STATUS,
            _CAUSE,
            _ACTIONS,
        )
    },
    Kind.INDIKATOR: {
        spec.name: spec
        for spec in (
            _ID,
            FieldSpec("mål", "Id för målet som indikatorn mäter.", ValueType.ID, example="delaktiga-medborgare"),
            _GOAL_AREA,
            FieldSpec("enhet", "Enhet för värdena: %, dagar, antal, kr …", example="%"),
            FieldSpec("riktning", "Om högre eller lägre värden är bättre.", ValueType.CHOICE, ("högre", "lägre"), "högre"),
            FieldSpec("startläge", "Startläget: period: värde.", ValueType.POINT, example="2021: 58"),
            FieldSpec("målvärde", "Målvärdet: period: värde.", ValueType.POINT, example="2026: 60"),
            FieldSpec("utfall", "Utfall per period, åtskilda med semikolon.", ValueType.SERIES, example="2022: 60; 2023-T1: 61"),
            FieldSpec("jämförelse", "Jämförelser: namn period: värde; …", ValueType.LABELLED_SERIES, example="riket 2021: 58"),
            FieldSpec("källa", "Var siffrorna kommer ifrån.", example="Medborgarundersökningen"),
            FieldSpec(
                "kolada",
                "Nyckeltalets id i Kolada: utfall och jämförelser läses ur datafilen som tyreso kolada hämtar.",
                ValueType.KOLADA,
                example="N00090",
            ),
            _STATUS,
        )
    },
    Kind.RISK: {
        spec.name: spec
        for spec in (
            _ID,
            FieldSpec("typ", "Typ av risk, till exempel Medarbetare, Kvalitet, Leverans, Ekonomi.", example="Leverans"),
            FieldSpec("sannolikhet", "Sannolikhet 1–5.", ValueType.LEVEL_1_5, example="4"),
            FieldSpec("konsekvens", "Konsekvens 1–5.", ValueType.LEVEL_1_5, example="5"),
            FieldSpec("risknivå", "Risknivå 1–25 (sannolikhet × konsekvens).", ValueType.LEVEL_1_25, example="20"),
            FieldSpec("åtgärd", "Åtgärden som ska minska risken.", example="Ny tidplan med leverantören."),
            FieldSpec("bedömning", "Bedömning av åtgärden: grön, gul, röd eller ej bedömd.", ValueType.STATUS, example="gul"),
            FieldSpec("kommentar", "Kommentar till bedömningen.", example="Tidplanen har ännu inte gett resultat."),
            _OWNER,
        )
    },
}

STATUS_FIELD: dict[Kind, str] = {Kind.UPPDRAG: "status", Kind.MAL: "status", Kind.INDIKATOR: "status", Kind.RISK: "bedömning"}

# Keys people write out of habit, with the field they mean.
ALIASES: dict[Kind, dict[str, str]] = {
    Kind.RISK: {"status": "bedömning", "atgarder": "åtgärd", "niva": "risknivå"},
    Kind.UPPDRAG: {"atgard": "åtgärder", "bedomning": "status"},
    Kind.MAL: {"atgard": "åtgärder", "utfall": "status", "bedomning": "status"},
}


_FOLDED_FIELDS: dict[Kind, dict[str, FieldSpec]] = {
    kind: {fold(name): spec for name, spec in fields.items()} for kind, fields in FIELDS.items()
}


def find_field(kind: Kind, key: str) -> FieldSpec | None:
    """The field a written option key names, forgiving about case and diacritics."""
    return _FOLDED_FIELDS[kind].get(fold(key))
