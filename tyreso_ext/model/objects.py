"""The records of the model: reports and the steering objects they carry."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import operator
import pickle
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from tyreso_ext.model.numbers import Point
from tyreso_ext.model.period import Period
from tyreso_ext.model.status import Status

if TYPE_CHECKING:
    from tyreso_ext.model.decision import Correction, Decision
    from tyreso_ext.model.kolada_data import KoladaSource


class _KindType(type):
    """Lets ``for kind in Kind`` go over every kind described so far (the built-in ones first)."""

    def __iter__(cls) -> Iterator[Kind]:
        return iter(list(Kind._known.values()))


class Kind(str, metaclass=_KindType):
    """A kind of steering object; the value is the directive's name ('uppdrag', 'mål', 'aktivitet' …).

    One instance per name, so ``obj.kind is Kind.RISK`` holds. The kinds themselves are declared in
    :mod:`tyreso_ext.model.kinds` (the built-in ones) and in conf.py (a kommun's own); this is their name.
    """

    __slots__ = ()
    _known: ClassVar[dict[str, Kind]] = {}
    _labels: ClassVar[dict[str, tuple[str, str]]] = {}
    UPPDRAG: ClassVar[Kind]
    MAL: ClassVar[Kind]
    INDIKATOR: ClassVar[Kind]
    RISK: ClassVar[Kind]
    AKTIVITET: ClassVar[Kind]
    KONTROLL: ClassVar[Kind]

    def __new__(cls, name: str) -> Kind:
        known = cls._known.get(str(name))
        if known is None:
            known = super().__new__(cls, str(name))
            cls._known[str(name)] = known
        return known

    def __repr__(self) -> str:
        return f"Kind({str.__repr__(self)})"

    @property
    def value(self) -> str:
        return str(self)

    @property
    def label(self) -> str:
        return Kind._labels.get(self, (self.capitalize(),))[0]

    @property
    def plural(self) -> str:
        return Kind._labels.get(self, (self.capitalize(), self.capitalize()))[1]

    @classmethod
    def describe(cls, name: str, label: str, plural: str) -> Kind:
        """The kind of this name, with the label and plural its declaration gives."""
        kind = cls(name)
        cls._labels[name] = (label, plural)
        return kind


Kind.UPPDRAG = Kind.describe("uppdrag", "Uppdrag", "Uppdrag")
Kind.MAL = Kind.describe("mål", "Mål", "Mål")
Kind.INDIKATOR = Kind.describe("indikator", "Indikator", "Indikatorer")
Kind.RISK = Kind.describe("risk", "Risk", "Risker")
Kind.AKTIVITET = Kind.describe("aktivitet", "Aktivitet", "Aktiviteter")
Kind.KONTROLL = Kind.describe("kontroll", "Kontroll", "Kontroller")


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
    """One occurrence of a steering object (an uppdrag, mål, indikator, risk, aktivitet …) in one document."""

    kind: Kind
    id: str
    title: str
    docname: str
    path: str
    line: int
    anchor: str
    status: Status | None = None
    status_field: str = ""  # the field its kind reads as the status ('status', 'bedömning' …)
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

    def __reduce__(self) -> tuple[type[SteeringObject], tuple[Any, ...]]:
        """Pickled as its values in field order: a large project keeps tens of thousands of these in the
        environment, which Sphinx loads and saves on every build, and this is the smallest and fastest form."""
        return (SteeringObject, object_values(self))

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


object_values = operator.attrgetter(*(field.name for field in dataclasses.fields(SteeringObject)))  # in field order


class DocumentObjects(tuple[SteeringObject, ...]):
    """One document's objects as the saved environment keeps them: pickled once, then saved as those same bytes
    on every build until the document is read again. A large project keeps tens of thousands of objects and a
    build re-reads a few documents, so saving the environment need not pickle the others again. The objects
    are records: nothing changes them once they are stored."""

    def __reduce__(self) -> tuple[Callable[[bytes], DocumentObjects], tuple[bytes]]:
        pickled = self.__dict__.get("pickled")
        if pickled is None:
            pickled = self.__dict__["pickled"] = pickle.dumps(tuple(self), pickle.HIGHEST_PROTOCOL)
        return (_document_objects, (pickled,))


def _document_objects(pickled: bytes) -> DocumentObjects:
    objects = DocumentObjects(pickle.loads(pickled))
    objects.__dict__["pickled"] = pickled
    return objects
