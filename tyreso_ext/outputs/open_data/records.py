"""Every object of every period as plain data: the open-data export (JSON, CSV, XLSX)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tyreso_ext.model.fields import FIELDS
from tyreso_ext.model.objects import Report, SteeringObject
from tyreso_ext.model.period import Period

SCHEMA_ID = "tyreso-export.schema.json"  # published beside the export, in the same folder
SCHEMA_VERSION = 1
NO_PERIOD_SORT = Period(0)  # sorts before every real period


def export_data(
    reports: Iterable[Report], objects: Iterable[SteeringObject], provenance: dict[str, str] | None = None
) -> dict[str, Any]:
    """The whole export as JSON-ready data, in a stable order."""
    report_list = sorted(reports, key=lambda report: (report.period or NO_PERIOD_SORT, report.organ, report.path))
    by_docname = {report.docname: report for report in report_list}
    object_list = sorted(objects, key=lambda obj: (obj.period or NO_PERIOD_SORT, obj.organ, obj.path, obj.line))
    return {
        "$schema": SCHEMA_ID,
        "version": SCHEMA_VERSION,
        "källa": dict(provenance or {}),
        "rapporter": [_report(report) for report in report_list],
        "objekt": [object_record(obj, by_docname.get(obj.docname)) for obj in object_list],
    }


def _report(report: Report) -> dict[str, Any]:
    return {
        "dokument": report.docname,
        "fil": report.path,
        "titel": report.display_title,
        "rapporttyp": report.kind.value if report.kind else None,
        "period": report.period.code if report.period else None,
        "organ": report.organ,
        "diarienummer": report.diarienummer or None,
        "beslutsdatum": report.decision_date.isoformat() if report.decision_date else None,
        "datum": report.report_date.isoformat() if report.report_date else None,
        "måluppfyllelse": {area: status.value for area, status in report.goal_area_status.items()},
    }


def object_record(obj: SteeringObject, report: Report | None) -> dict[str, Any]:
    """One object as export data."""
    return {
        "typ": obj.kind.value,
        "id": obj.id,
        "titel": obj.title,
        "status": obj.status.value if obj.status else None,
        "period": obj.period.code if obj.period else None,
        "organ": obj.organ,
        "rapport": obj.docname,
        "rapporttitel": report.display_title if report else None,
        "plan": obj.in_plan,
        "målområde": obj.goal_area or None,
        "fält": dict(obj.fields),
        "serier": {
            name: [
                {"period": point.period.code, "värde": float(point.value), **({"namn": point.label} if point.label else {})}
                for point in points
            ]
            for name, points in obj.series.items()
        },
        "plats": {"fil": obj.path, "rad": obj.line},
    }


_COMMON_COLUMNS = ["typ", "id", "titel", "status", "period", "organ", "rapport", "plan", "målområde"]
# A field whose name is already a common column gets its own column name in tables.
_FIELD_COLUMN = {"typ": "risktyp"}


def table_columns() -> list[str]:
    """The columns of the CSV and XLSX export: the common ones, then every field of every kind."""
    skip = {"id", "status", "bedömning", "målområde"}
    fields = dict.fromkeys(
        _FIELD_COLUMN.get(name, name) for kind_fields in FIELDS.values() for name in kind_fields if name not in skip
    )
    return [*_COMMON_COLUMNS, *fields, "fil", "rad"]


def table_rows(data: dict[str, Any]) -> list[list[Any]]:
    """One row per object, in :func:`table_columns` order; a common column wins over a field's."""
    columns = table_columns()
    position = {column: index for index, column in enumerate(columns)}
    common = [(key, position[key]) for key in _COMMON_COLUMNS if key != "plan"]
    plan, path, line = position["plan"], position["fil"], position["rad"]
    rows = []
    for item in data["objekt"]:
        row: list[Any] = [""] * len(columns)
        for name, value in item["fält"].items():
            index = position.get(_FIELD_COLUMN.get(name, name))
            if index is not None and value is not None:
                row[index] = value
        for key, index in common:
            value = item[key]
            row[index] = "" if value is None else value
        row[plan] = "ja" if item["plan"] else "nej"
        row[path], row[line] = item["plats"]["fil"], item["plats"]["rad"]
        rows.append(row)
    return rows
