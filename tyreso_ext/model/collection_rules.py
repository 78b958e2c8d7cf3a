"""Rules across documents: duplicate ids, unknown ids (and ids renamed since the plan), follow-ups of a plan they
do not belong to, plan objects left out of a follow-up."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from tyreso_ext.model.findings import Finding
from tyreso_ext.model.kinds import BUILTIN_KINDS, Kinds
from tyreso_ext.model.objects import Kind, Report, ReportKind, SteeringObject
from tyreso_ext.model.period import Period
from tyreso_ext.model.references import Reference
from tyreso_ext.model.text import fold, without_invisible

Place = tuple[str, int]  # an object's path and line: one object


def check_collection(
    reports: Iterable[Report],
    objects: Iterable[SteeringObject],
    references: Iterable[Reference] = (),
    kinds: Kinds = BUILTIN_KINDS,
) -> list[Finding]:
    """All findings that need more than one object to see; what a kind's declaration asks (``in_plan``,
    ``followed_up``, the fields that name another object) decides which rules apply to it."""
    reports = list(reports)
    objects = sorted(objects, key=lambda obj: (obj.path, obj.line))
    planned = [obj for obj in objects if _spec_flag(kinds, obj.kind, "in_plan")]
    plans = _Plans.of(reports, planned)
    renamed = _renamed(planned, plans)
    findings: list[Finding] = []
    findings += _duplicates(objects)
    findings += _undefined(objects, references, renamed, kinds)
    findings += _outside_plan(planned, plans)
    named = {(obj.docname, renamed[obj.path, obj.line].key) for obj in objects if (obj.path, obj.line) in renamed}
    findings += _left_out(reports, objects, named, kinds)
    return sorted(findings)


def _spec_flag(kinds: Kinds, kind: Kind, flag: str) -> bool:
    spec = kinds.get(kind)
    return bool(getattr(spec, flag)) if spec is not None else flag == "in_plan"


@dataclasses.dataclass(frozen=True)
class _Plans:
    """The objects the plans define, by key, and the kind of report each document is."""

    by_key: dict[tuple[Kind, str], list[SteeringObject]]
    kinds: dict[str, ReportKind | None]  # docname → kind

    @classmethod
    def of(cls, reports: list[Report], objects: list[SteeringObject]) -> _Plans:
        by_key: dict[tuple[Kind, str], list[SteeringObject]] = {}
        for obj in objects:
            if obj.in_plan and obj.id:
                by_key.setdefault(obj.key, []).append(obj)
        return cls(by_key, {report.docname: report.kind for report in reports})

    def kind_of(self, plan_object: SteeringObject) -> ReportKind | None:
        return self.kinds.get(plan_object.docname)

    def follows(self, follow_up: SteeringObject, plan_object: SteeringObject) -> bool:
        """Whether ``follow_up`` may follow up ``plan_object``: the plan is for its year or an earlier one, and is
        the kommunplan (which every organ follows up) or the plan of the same organ."""
        if follow_up.period is not None and plan_object.period is not None and plan_object.period.year > follow_up.period.year:
            return False
        shared = self.kind_of(plan_object) in (ReportKind.KOMMUNPLAN, None)
        return shared or not follow_up.organ or plan_object.organ == follow_up.organ


def _title_key(obj: SteeringObject) -> tuple[Kind, str]:
    """Kind and title as two titles are compared: case, accents, white space and invisible characters aside."""
    return obj.kind, fold(without_invisible(obj.title))


def _renamed(objects: list[SteeringObject], plans: _Plans) -> dict[Place, SteeringObject]:
    """Follow-up objects whose id no plan defines but whose kind and title are those of a plan object the follow-up
    lacks: the id was changed between the plan and the follow-up. Each plan object is taken once per document."""
    followed: dict[str, set[tuple[Kind, str]]] = {}
    for obj in objects:
        followed.setdefault(obj.docname, set()).add(obj.key)
    by_title: dict[tuple[Kind, str], list[SteeringObject]] = {}
    for defined in plans.by_key.values():
        for plan_object in defined:
            if plan_object.title:
                by_title.setdefault(_title_key(plan_object), []).append(plan_object)
    found: dict[Place, SteeringObject] = {}
    taken: set[tuple[str, tuple[Kind, str]]] = set()
    for obj in objects:
        if obj.in_plan or not obj.id or not obj.title or obj.key in plans.by_key:
            continue
        candidates = [
            plan_object
            for plan_object in by_title.get(_title_key(obj), ())
            if plan_object.key not in followed[obj.docname]
            and (obj.docname, plan_object.key) not in taken
            and plans.follows(obj, plan_object)
        ]
        if candidates:
            year = obj.period.year if obj.period is not None else 0
            best = min(candidates, key=lambda plan_object: (_distance(plan_object, year), plan_object.path, plan_object.line))
            found[obj.path, obj.line] = best
            taken.add((obj.docname, best.key))
    return found


def _distance(plan_object: SteeringObject, year: int) -> int:
    """How many years the plan lies before the follow-up's year: the plan of the same year first."""
    return year - plan_object.period.year if plan_object.period is not None else 0


def _duplicates(objects: list[SteeringObject]) -> list[Finding]:
    first_seen: dict[tuple[Kind, str, Period | None, str], SteeringObject] = {}
    findings = []
    for obj in objects:
        if not obj.id:
            continue
        slot = (obj.kind, obj.id, obj.period, obj.organ)
        first = first_seen.setdefault(slot, obj)
        if first is obj:
            continue
        findings.append(
            Finding(
                obj.path,
                obj.line,
                "TY009",
                f"Id '{obj.id}' används redan för {obj.kind.label.lower()} '{first.title}' i {first.path}, rad "
                f"{first.line}, för samma period ({obj.period}) och organ. Ge objektet ett eget id eller ta bort dubbletten.",
            )
        )
    return findings


def _undefined(
    objects: list[SteeringObject], references: Iterable[Reference], renamed: dict[Place, SteeringObject], kinds: Kinds
) -> list[Finding]:
    defined = {obj.key for obj in objects if obj.in_plan and obj.id}
    existing = {obj.key for obj in objects if obj.id}
    by_id: dict[str, set[Kind]] = {}
    for kind, object_id in existing:
        by_id.setdefault(object_id, set()).add(kind)
    findings = []

    def other_kind_hint(kind: Kind, object_id: str) -> str:
        others = sorted(other.label.lower() for other in by_id.get(object_id, ()) if other is not kind)
        return f" Id:t finns som {', '.join(others)}." if others else ""

    for obj in objects:
        plan_object = renamed.get((obj.path, obj.line))
        if plan_object is not None:  # one finding for a renamed id, at the follow-up (and no TY014 for the plan's)
            findings.append(
                Finding(
                    obj.path,
                    obj.line,
                    "TY010",
                    f"{obj.kind.label} '{obj.id}' följs upp men är inte definierat i någon plan. Menade du "
                    f"'{plan_object.id}' ({plan_object.title})? Planen ({plan_object.path}, rad {plan_object.line}) har "
                    f"{_article(obj.kind, kinds)} {obj.kind.label.lower()} med samma rubrik och id:t '{plan_object.id}'. Skriv "
                    f"':id: {plan_object.id}', så att uppföljningen hör till planens {obj.kind.label.lower()}.",
                )
            )
        elif obj.id and not obj.in_plan and obj.key not in defined and _spec_flag(kinds, obj.kind, "in_plan"):
            findings.append(
                Finding(
                    obj.path,
                    obj.line,
                    "TY010",
                    f"{obj.kind.label} '{obj.id}' följs upp men är inte definierat i någon plan."
                    f"{other_kind_hint(obj.kind, obj.id)} Kontrollera stavningen av id:t eller lägg till "
                    "det i planen.",
                )
            )
        spec = kinds.get(obj.kind)
        for field in spec.fields if spec is not None else ():
            target = obj.fields.get(field.name) if field.refers_to else None
            if target and (Kind(field.refers_to), target) not in existing:
                findings.append(
                    Finding(obj.path, obj.line, "TY010", _missing_target(obj, field.name, field.refers_to, target, kinds))
                )
    for ref in references:
        if (ref.kind, ref.id) not in existing:
            findings.append(
                Finding(
                    ref.path,
                    ref.line,
                    "TY010",
                    f"Hänvisningen till {ref.kind.label.lower()} '{ref.id}' pekar på ett id som inte finns."
                    f"{other_kind_hint(ref.kind, ref.id)} Kontrollera stavningen.",
                )
            )
        elif ref.period is not None and not any(obj.key == (ref.kind, ref.id) and obj.period == ref.period for obj in objects):
            findings.append(
                Finding(
                    ref.path,
                    ref.line,
                    "TY010",
                    f"{ref.kind.label} '{ref.id}' finns inte i perioden {ref.period}. Kontrollera perioden efter '@'.",
                )
            )
    return findings


def _missing_target(obj: SteeringObject, field: str, refers_to: str, target: str, kinds: Kinds) -> str:
    if obj.kind is Kind.INDIKATOR and field == "mål":
        return f"Indikatorn '{obj.id}' mäter målet '{target}', men inget mål har det id:t. Kontrollera stavningen."
    named = Kind(refers_to).label.lower()
    none = "inget" if _article(Kind(refers_to), kinds) == "ett" else "ingen"
    return (
        f"{obj.kind.label} '{obj.id}' anger {named} '{target}' i fältet '{field}', men {none} {named} har det id:t. "
        "Kontrollera stavningen."
    )


def _article(kind: Kind, kinds: Kinds = BUILTIN_KINDS) -> str:
    spec = kinds.get(kind)
    return spec.article if spec is not None else "en"


def _outside_plan(objects: list[SteeringObject], plans: _Plans) -> list[Finding]:
    """TY030: a follow-up of an object that only plans it does not belong to define: a plan for a later year, or
    another organ's nämndplan (a kommunplan is followed up by every organ)."""
    findings = []
    for obj in objects:
        defined = plans.by_key.get(obj.key) if obj.id and not obj.in_plan else None
        if not defined or obj.period is None or any(plans.follows(obj, plan_object) for plan_object in defined):
            continue
        what = f"{obj.kind.label} '{obj.id}'"
        earlier = [
            plan_object for plan_object in defined if plan_object.period is None or plan_object.period.year <= obj.period.year
        ]
        if not earlier:
            first = min(defined, key=lambda plan_object: (plan_object.period or obj.period, plan_object.path))
            message = (
                f"{what} följs upp i {obj.period} men definieras först i {_plan_name(plans, first)} ({first.path}), "
                f"som gäller ett senare år. En uppföljning följer upp planen för sitt eget år eller ett tidigare. "
                "Kontrollera 'period:' i front matter, eller id:t."
            )
        else:
            latest = max(earlier, key=lambda plan_object: (plan_object.period or obj.period, plan_object.path))
            message = (
                f"{what} definieras i {_plan_name(plans, latest)} ({latest.path}) men följs upp av {obj.organ}. En "
                "nämnds plan följs upp av samma nämnd; objekten i kommunplanen får följas upp av alla. Kontrollera "
                "'organ:' i front matter, eller id:t."
            )
        findings.append(Finding(obj.path, obj.line, "TY030", message))
    return findings


def _plan_name(plans: _Plans, plan_object: SteeringObject) -> str:
    """'nämndplanen 2023 för Socialnämnden'."""
    kind = plans.kind_of(plan_object)
    name = f"{kind.value}en" if kind is not None else "planen"
    year = f" {plan_object.period.year}" if plan_object.period is not None else ""
    organ = f" för {plan_object.organ}" if plan_object.organ else ""
    return f"{name}{year}{organ}"


def _left_out(
    reports: list[Report], objects: list[SteeringObject], renamed: set[tuple[str, tuple[Kind, str]]], kinds: Kinds
) -> list[Finding]:
    """TY014: a plan's uppdrag or risk missing from a follow-up of the same organ and year (one renamed in it is
    named by TY010 instead)."""
    keys_by_doc: dict[str, set[tuple[Kind, str]]] = {}
    for obj in objects:
        keys_by_doc.setdefault(obj.docname, set()).add(obj.key)
    plan_objects: dict[tuple[str, int], list[SteeringObject]] = {}
    for obj in objects:
        if obj.in_plan and obj.period and _spec_flag(kinds, obj.kind, "followed_up") and obj.id:
            plan_objects.setdefault((obj.organ, obj.period.year), []).append(obj)
    findings = []
    for report in sorted(reports, key=lambda report: report.path):
        if report.is_plan or report.period is None or report.kind is None:
            continue
        present = keys_by_doc.get(report.docname, set())
        for obj in plan_objects.get((report.organ, report.period.year), []):
            if obj.key not in present and (report.docname, obj.key) not in renamed:
                findings.append(
                    Finding(
                        report.path,
                        1,
                        "TY014",
                        f"{obj.kind.label} '{obj.title}' ({obj.id}) finns i planen ({obj.path}) men saknas i "
                        f"uppföljningen {report.period}. Lägg till det med samma id och en status.",
                    )
                )
    return findings
