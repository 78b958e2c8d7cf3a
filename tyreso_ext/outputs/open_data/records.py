"""Every object and financial table of every period as plain data: the open-data export (JSON, CSV, XLSX).

The JSON file holds the records (:func:`export_data`); the tables of the CSV files and the Excel file are made
from them: the objects (:func:`table_rows`), the indicators' values (:func:`value_rows`) and the financial
tables' figures (:func:`finance_rows`), one row per value, as a pivot table wants them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tyreso_ext.model.finance import FinanceTable
from tyreso_ext.model.kinds import BUILTIN_KINDS, Kinds
from tyreso_ext.model.objects import Report, SteeringObject
from tyreso_ext.model.period import Period
from tyreso_ext.outputs.open_data.cells import number

SCHEMA_ID = "tyreso-export.schema.json"  # published beside the export, in the same folder
SCHEMA_VERSION = 2  # 2: the financial tables ('ekonomi')
NO_PERIOD_SORT = Period(0)  # sorts before every real period

# A report's financial table: the report, the line of its directive, the table as read.
FinanceEntry = tuple[Report, int, FinanceTable]


def report_order(report: Report) -> tuple[Any, ...]:
    """Where a report's records go in the export: by period (the plan first), organ and file."""
    return (report.period or NO_PERIOD_SORT, report.organ, report.path)


def export_data(
    reports: Iterable[Report],
    objects: Iterable[SteeringObject],
    provenance: dict[str, str] | None = None,
    tables: Iterable[FinanceEntry] = (),
) -> dict[str, Any]:
    """The whole export as JSON-ready data, in a stable order."""
    report_list = sorted(reports, key=report_order)
    by_docname = {report.docname: report for report in report_list}
    object_list = sorted(objects, key=lambda obj: (obj.period or NO_PERIOD_SORT, obj.organ, obj.path, obj.line))
    table_list = sorted(tables, key=lambda entry: (*report_order(entry[0]), entry[1]))
    return {
        "$schema": SCHEMA_ID,
        "version": SCHEMA_VERSION,
        "källa": dict(provenance or {}),
        "rapporter": [_report(report) for report in report_list],
        "objekt": [object_record(obj, by_docname.get(obj.docname)) for obj in object_list],
        "ekonomi": [finance_record(report, line, table) for report, line, table in table_list],
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


_ROW_KINDS = {"data": "rad", "sum": "summa", "heading": "rubrik"}


def finance_record(report: Report, line: int, table: FinanceTable) -> dict[str, Any]:
    """One financial table as export data: its columns with their roles, and each row's figures as numbers.

    The first column holds the rows' labels ('rubrik'); a text column's cells are text as written; an empty
    cell, or one that is no number, is None.
    """
    rows = []
    for row in table.rows:
        values: dict[str, Any] = {}
        for index, column in enumerate(table.columns[1:], start=1):
            value = row.values[index]
            if column.is_number:
                values[column.name] = None if value is None else number(value)
            else:
                values[column.name] = row.cells[index] or None
        rows.append(
            {"rubrik": row.label, "typ": _ROW_KINDS[row.kind], "värden": values, "plats": {"fil": row.path, "rad": row.line}}
        )
    return {
        "rapport": report.docname,
        "rapporttitel": report.display_title,
        "period": report.period.code if report.period else None,
        "organ": report.organ,
        "titel": table.title,
        "enhet": table.unit,
        "kolumner": [{"namn": column.name, "roll": column.role} for column in table.columns],
        "rader": rows,
        "plats": {"fil": report.path, "rad": line},
    }


_COMMON_COLUMNS = ["typ", "id", "titel", "status", "period", "organ", "rapport", "plan", "målområde"]
# A field whose name is already a common column gets its own column name in tables.
_FIELD_COLUMN = {"typ": "risktyp", "plan": "handlingsplan"}


def _number_fields(kinds: Kinds) -> set[str]:
    """Fields whose value is a whole number (a risk's levels, a kind's 'heltal'): number cells in the tables."""
    return {name for spec in kinds.specs for name in spec.number_fields}


def table_columns(kinds: Kinds = BUILTIN_KINDS) -> list[str]:
    """The columns of the CSV and XLSX export: the common ones, then every field of every kind the site declares."""
    skip = {"id", "målområde", *(spec.status_field for spec in kinds.specs)}
    fields = dict.fromkeys(
        _FIELD_COLUMN.get(field.name, field.name) for spec in kinds.specs for field in spec.fields if field.name not in skip
    )
    return [*_COMMON_COLUMNS, *fields, "fil", "rad"]


def table_rows(data: dict[str, Any], kinds: Kinds = BUILTIN_KINDS) -> list[list[Any]]:
    """One row per object, in :func:`table_columns` order; a common column wins over a field's."""
    columns = table_columns(kinds)
    number_fields = _number_fields(kinds)
    position = {column: index for index, column in enumerate(columns)}
    common = [(key, position[key]) for key in _COMMON_COLUMNS if key != "plan"]
    plan, path, line = position["plan"], position["fil"], position["rad"]
    rows = []
    for item in data["objekt"]:
        row: list[Any] = [""] * len(columns)
        for name, value in item["fält"].items():
            index = position.get(_FIELD_COLUMN.get(name, name))
            if index is not None and value is not None:
                row[index] = int(value) if name in number_fields and _is_integer(value) else value
        for key, index in common:
            value = item[key]
            row[index] = "" if value is None else value
        row[plan] = "ja" if item["plan"] else "nej"
        row[path], row[line] = item["plats"]["fil"], item["plats"]["rad"]
        rows.append(row)
    return rows


def _is_integer(value: str) -> bool:
    digits = value.removeprefix("-")
    return digits.isascii() and digits.isdigit()


def value_columns(kinds: Kinds = BUILTIN_KINDS) -> list[str]:
    """The columns of the indicators' values: one row per value, 'period' being the value's own period."""
    return ["id", "titel", "serie", "namn", "period", "värde", "enhet", "rapportperiod", "organ", "rapport", "fil", "rad"]


def value_rows(data: dict[str, Any], kinds: Kinds = BUILTIN_KINDS) -> list[list[Any]]:
    """Every value of every series of every object, in the objects' order, the value a number."""
    rows = []
    for item in data["objekt"]:
        unit = item["fält"].get("enhet") or ""
        for series, points in item["serier"].items():
            for point in points:
                rows.append(
                    [
                        item["id"],
                        item["titel"],
                        series,
                        point.get("namn", ""),
                        point["period"],
                        point["värde"],
                        unit,
                        item["period"] or "",
                        item["organ"],
                        item["rapport"],
                        item["plats"]["fil"],
                        item["plats"]["rad"],
                    ]
                )
    return rows


def finance_columns(kinds: Kinds = BUILTIN_KINDS) -> list[str]:
    """The columns of the financial figures: one row per figure of every financial table."""
    return [
        "rapport",
        "period",
        "organ",
        "tabell",
        "enhet",
        "avsnitt",
        "radrubrik",
        "radtyp",
        "kolumn",
        "roll",
        "värde",
        "fil",
        "rad",
    ]


def finance_rows(data: dict[str, Any], kinds: Kinds = BUILTIN_KINDS) -> list[list[Any]]:
    """Every figure of every financial table, row by row and column by column; empty and text cells are left out.

    'avsnitt' is the heading row above the row (a row without figures, such as 'Intäkter'); a sum row ends it.
    """
    rows = []
    for table in data["ekonomi"]:
        number_columns = [column for column in table["kolumner"][1:] if column["roll"] != "text"]
        section = ""
        for row in table["rader"]:
            if row["typ"] == "rubrik":
                section = row["rubrik"]
                continue
            for column in number_columns:
                value = row["värden"][column["namn"]]
                if value is None:
                    continue
                rows.append(
                    [
                        table["rapport"],
                        table["period"] or "",
                        table["organ"],
                        table["titel"] or f"Belopp i {table['enhet']}",  # as the page's caption names it
                        table["enhet"],
                        section,
                        row["rubrik"],
                        row["typ"],
                        column["namn"],
                        column["roll"],
                        value,
                        row["plats"]["fil"],
                        row["plats"]["rad"],
                    ]
                )
            if row["typ"] == "summa":
                section = ""
    return rows
