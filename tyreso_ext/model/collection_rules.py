"""Rules across documents: duplicate ids, unknown ids, plan objects left out of a follow-up."""

from __future__ import annotations

from collections.abc import Iterable

from tyreso_ext.model.findings import Finding
from tyreso_ext.model.objects import Kind, Report, SteeringObject
from tyreso_ext.model.period import Period
from tyreso_ext.model.references import Reference


def check_collection(
    reports: Iterable[Report], objects: Iterable[SteeringObject], references: Iterable[Reference] = ()
) -> list[Finding]:
    """All findings that need more than one object to see."""
    reports = list(reports)
    objects = sorted(objects, key=lambda obj: (obj.path, obj.line))
    findings: list[Finding] = []
    findings += _duplicates(objects)
    findings += _undefined(objects, references)
    findings += _left_out(reports, objects)
    return sorted(findings)


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


def _undefined(objects: list[SteeringObject], references: Iterable[Reference]) -> list[Finding]:
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
        if obj.id and not obj.in_plan and obj.key not in defined:
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
        goal_id = obj.fields.get("mål") if obj.kind is Kind.INDIKATOR else None
        if goal_id and (Kind.MAL, goal_id) not in existing:
            findings.append(
                Finding(
                    obj.path,
                    obj.line,
                    "TY010",
                    f"Indikatorn '{obj.id}' mäter målet '{goal_id}', men inget mål har det id:t. Kontrollera stavningen.",
                )
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


def _left_out(reports: list[Report], objects: list[SteeringObject]) -> list[Finding]:
    keys_by_doc: dict[str, set[tuple[Kind, str]]] = {}
    for obj in objects:
        keys_by_doc.setdefault(obj.docname, set()).add(obj.key)
    plan_objects: dict[tuple[str, int], list[SteeringObject]] = {}
    for obj in objects:
        if obj.in_plan and obj.period and obj.kind in (Kind.UPPDRAG, Kind.RISK) and obj.id:
            plan_objects.setdefault((obj.organ, obj.period.year), []).append(obj)
    findings = []
    for report in sorted(reports, key=lambda report: report.path):
        if report.is_plan or report.period is None or report.kind is None:
            continue
        present = keys_by_doc.get(report.docname, set())
        for obj in plan_objects.get((report.organ, report.period.year), []):
            if obj.key not in present:
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
