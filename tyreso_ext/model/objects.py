"""The records of the model: reports and the steering objects they carry."""

from __future__ import annotations

import dataclasses
import datetime
import enum
from typing import TYPE_CHECKING

from tyreso_ext.model.numbers import Point
from tyreso_ext.model.period import Period
from tyreso_ext.model.status import Status

if TYPE_CHECKING:
    from tyreso_ext.model.decision import Correction, Decision
    from tyreso_ext.model.kolada_data import KoladaSource


class Kind(str, enum.Enum):
    """The four kinds of steering object; the value is the directive's name."""

    UPPDRAG = "uppdrag"
    MAL = "mål"
    INDIKATOR = "indikator"
    RISK = "risk"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self][0]

    @property
    def plural(self) -> str:
        return _KIND_LABELS[self][1]


_KIND_LABELS = {
    Kind.UPPDRAG: ("Uppdrag", "Uppdrag"),
    Kind.MAL: ("Mål", "Mål"),
    Kind.INDIKATOR: ("Indikator", "Indikatorer"),
    Kind.RISK: ("Risk", "Risker"),
}


class ReportKind(str, enum.Enum):
    """The kinds of report; plans define objects, the others follow them up."""

    KOMMUNPLAN = "kommunplan"
    NAMNDPLAN = "nämndplan"
    VERKSAMHETSPLAN = "verksamhetsplan"
    DELARSRAPPORT = "delårsrapport"
    ARSREDOVISNING = "årsredovisning"
    VERKSAMHETSBERATTELSE = "verksamhetsberättelse"
    UPPFOLJNING = "uppföljning"

    @property
    def is_plan(self) -> bool:
        return self in (ReportKind.KOMMUNPLAN, ReportKind.NAMNDPLAN, ReportKind.VERKSAMHETSPLAN)

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclasses.dataclass
class Report:
    """One report document, read from its front matter."""

    docname: str
    path: str
    kind: ReportKind | None
    period: Period | None
    organ: str
    title: str = ""
    diarienummer: str = ""
    decision_date: datetime.date | None = None
    report_date: datetime.date | None = None
    goal_area_status: dict[str, Status] = dataclasses.field(default_factory=dict)
    decision: Decision | None = None  # 'beslut': the report is decided (fastställd)
    corrections: tuple[Correction, ...] = ()  # 'rättelser' made after the decision, oldest first

    @property
    def is_plan(self) -> bool:
        return self.kind is not None and self.kind.is_plan

    @property
    def display_title(self) -> str:
        """The given title, or one made of kind, period and organ."""
        if self.title:
            return self.title
        parts = [self.kind.label if self.kind else "Rapport", str(self.period or ""), self.organ]
        return " ".join(part for part in parts if part)


@dataclasses.dataclass(slots=True)
class SteeringObject:
    """One occurrence of an uppdrag, mål, indikator or risk in one document."""

    kind: Kind
    id: str
    title: str
    docname: str
    path: str
    line: int
    anchor: str
    status: Status | None = None
    goal_area: str = ""
    fields: dict[str, str] = dataclasses.field(default_factory=dict)
    numbers: dict[str, int] = dataclasses.field(default_factory=dict)
    series: dict[str, tuple[Point, ...]] = dataclasses.field(default_factory=dict)
    body: str = ""
    # Copied from the report so that aggregations need no second look-up.
    period: Period | None = None
    organ: str = ""
    in_plan: bool = False
    kolada: KoladaSource | None = None  # an indicator whose numbers come from a Kolada data file

    @property
    def key(self) -> tuple[Kind, str]:
        return (self.kind, self.id)

    @property
    def risk_level(self) -> int | None:
        """The stated risknivå, or sannolikhet × konsekvens when only those are given."""
        if "risknivå" in self.numbers:
            return self.numbers["risknivå"]
        if "sannolikhet" in self.numbers and "konsekvens" in self.numbers:
            return self.numbers["sannolikhet"] * self.numbers["konsekvens"]
        return None
