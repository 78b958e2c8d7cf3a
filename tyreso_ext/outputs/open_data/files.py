"""Write the open-data export as JSON, CSV and XLSX files (used by `tyreso export` and the build).

The tables are the same in the CSV files and the Excel file (:data:`SHEETS`): the objects, the indicators'
values and the financial figures. The Excel file has one sheet for each; the CSV export one file for each,
named after the objects' file (``objekt.csv``, ``objekt-indikatorvarden.csv``, ``objekt-ekonomi.csv``). Every
cell of both passes through :func:`tyreso_ext.outputs.open_data.cells.cell`.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from tyreso_ext.data import EXPORT_SCHEMA
from tyreso_ext.history.provenance import describe
from tyreso_ext.model.finance import FinanceTable
from tyreso_ext.model.kinds import BUILTIN_KINDS, Kinds
from tyreso_ext.model.objects import Report, SteeringObject
from tyreso_ext.outputs.open_data.cells import Cell, cell, csv_text
from tyreso_ext.outputs.open_data.records import (
    NO_PERIOD_SORT,
    export_data,
    finance_columns,
    finance_record,
    finance_rows,
    object_record,
    report_order,
    table_columns,
    table_rows,
    value_columns,
    value_rows,
)

SCHEMA_PATH = EXPORT_SCHEMA
FORMATS = ("json", "csv", "xlsx")
_EPOCH = datetime.datetime(2000, 1, 1)
_MAX_XLSX_TEXT = 32_767  # the most characters Excel holds in one cell
_MIN_WIDTH, _MAX_WIDTH = 8, 60  # column widths, in characters


@dataclasses.dataclass(frozen=True)
class Sheet:
    """One table of the export: a sheet of the Excel file and a CSV file of its own."""

    name: str  # the sheet's name in the Excel file
    suffix: str  # added to the CSV file's name: '' for the objects, whose file is the one named
    columns: Callable[[Kinds], list[str]]  # of the site's kinds: a field of every kind is a column of the objects
    rows: Callable[[dict[str, Any], Kinds], list[list[Any]]]


OBJECTS = Sheet("Objekt", "", table_columns, table_rows)
VALUES = Sheet("Indikatorvärden", "-indikatorvarden", value_columns, value_rows)
FINANCE = Sheet("Ekonomi", "-ekonomi", finance_columns, finance_rows)
SHEETS = (OBJECTS, VALUES, FINANCE)


def csv_paths(path: Path) -> dict[Sheet, Path]:
    """The CSV file of each table, when the objects' file is ``path``: objekt.csv, objekt-ekonomi.csv …"""
    return {sheet: path.with_name(f"{path.stem}{sheet.suffix}{path.suffix}") for sheet in SHEETS}


def provenance_fields(folder: Path) -> dict[str, str]:
    """The export's 'källa': the commit the data comes from, in words a reader understands."""
    provenance = describe(folder)
    fields = {"beskrivning": provenance.text}
    if provenance.has_git:
        fields |= {
            "commit": provenance.commit,
            "datum": provenance.date,
            "ej_incheckade_ändringar": "ja" if provenance.dirty else "nej",
        }
    return fields


@dataclasses.dataclass(frozen=True)
class ExportChunk:
    """One document's objects and financial tables, already written as export text.

    A build keeps one per report (in the domain, beside the records) and joins them when it ends, so a
    build after one edit writes the whole export but serialises only the edited report's records.
    """

    order: tuple[Any, ...]  # where the document's objects go in the export's order
    finance_order: tuple[Any, ...]  # where its financial tables go
    json: str  # the objects as JSON, joined by ', '
    finance_json: str  # the financial tables as JSON, joined by ', '
    csv: dict[str, str]  # sheet name -> the document's CSV rows of that table


def export_chunk(
    objects: list[SteeringObject],
    report: Report | None,
    tables: Iterable[tuple[int, FinanceTable]] = (),
    kinds: Kinds = BUILTIN_KINDS,
) -> ExportChunk | None:
    """The chunk of one document's objects and financial tables (all of one report: same period, organ and file)."""
    finance = [] if report is None else [finance_record(report, line, table) for line, table in sorted(tables, key=_first)]
    if objects:
        first = objects[0]
        order = (first.period or NO_PERIOD_SORT, first.organ, first.path)
    elif finance and report is not None:
        order = report_order(report)
    else:
        return None
    records = [object_record(obj, report) for obj in sorted(objects, key=lambda obj: obj.line)]
    data = {"objekt": records, "ekonomi": finance}
    return ExportChunk(
        order,
        order if report is None else report_order(report),
        ", ".join(json.dumps(record, ensure_ascii=False) for record in records),
        ", ".join(json.dumps(record, ensure_ascii=False) for record in finance),
        {sheet.name: _csv_text(sheet.rows(data, kinds)) for sheet in SHEETS},
    )


def _first(entry: tuple[int, FinanceTable]) -> int:
    return entry[0]


def render_json_from_chunks(reports: Iterable[Report], chunks: Iterable[ExportChunk], provenance: dict[str, str]) -> str:
    """The same text as :func:`render_json` of :func:`export_data`, from the documents' chunks."""
    chunk_list = list(chunks)
    data = export_data(reports, [], provenance)
    del data["objekt"], data["ekonomi"]  # the last keys: the records' text goes where it would be
    head = json.dumps(data, ensure_ascii=False)
    objects = ", ".join(chunk.json for chunk in sorted(chunk_list, key=lambda chunk: chunk.order) if chunk.json)
    finance = ", ".join(
        chunk.finance_json for chunk in sorted(chunk_list, key=lambda chunk: chunk.finance_order) if chunk.finance_json
    )
    return f'{head[:-1]}, "objekt": [{objects}], "ekonomi": [{finance}]}}\n'


def render_csv_from_chunks(chunks: Iterable[ExportChunk], sheet: Sheet = OBJECTS, kinds: Kinds = BUILTIN_KINDS) -> str:
    """The same text as :func:`render_csv` of :func:`export_data`, from the documents' chunks."""
    order: Callable[[ExportChunk], tuple[Any, ...]] = (
        (lambda chunk: chunk.finance_order) if sheet is FINANCE else (lambda chunk: chunk.order)
    )
    return _csv_text([sheet.columns(kinds)]) + "".join(chunk.csv[sheet.name] for chunk in sorted(chunks, key=order))


def _csv_text(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows([csv_text(cell(value)) for value in row] for row in rows)
    return buffer.getvalue()


def render_json(data: dict[str, Any], *, indent: int | None = None) -> str:
    """Compact unless ``indent`` is given: indenting uses Python's slow JSON encoder, not its C one."""
    return json.dumps(data, ensure_ascii=False, indent=indent) + "\n"


def render_csv(data: dict[str, Any], sheet: Sheet = OBJECTS, kinds: Kinds = BUILTIN_KINDS) -> str:
    """Semicolon-separated, as Swedish Excel expects, with a header row."""
    return _csv_text([sheet.columns(kinds), *sheet.rows(data, kinds)])


def write_xlsx(data: dict[str, Any], path: Path, kinds: Kinds = BUILTIN_KINDS) -> None:
    """One sheet per table: a bold, frozen header row with filters, numbers as number cells, texts as string cells."""
    import openpyxl  # imported here: only this format needs it (its submodules come with it, untyped)

    get_column_letter = openpyxl.utils.get_column_letter
    workbook = openpyxl.Workbook(write_only=True)  # streams rows: an order of magnitude faster for large exports
    bold = openpyxl.styles.Font(bold=True)
    for table in SHEETS:
        sheet = workbook.create_sheet(table.name)
        columns = table.columns(kinds)
        rows = [[cell(value) for value in row] for row in table.rows(data, kinds)]
        # A streamed sheet takes its column widths before its first row.
        for index, width in enumerate(_widths(columns, rows), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        header = [_string_cell(sheet, name) for name in columns]
        for written in header:
            written.font = bold
        sheet.append(header)
        for row in rows:
            sheet.append([(_string_cell(sheet, value) if value else None) if isinstance(value, str) else value for value in row])
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    # Fixed metadata so that the same data gives the same file.
    workbook.properties.creator = "tyreso"
    workbook.properties.created = workbook.properties.modified = _EPOCH
    workbook.save(path)


def _string_cell(sheet: Any, text: str) -> Any:
    """A string cell, always: openpyxl would take a text beginning with '=' for a formula and '#N/A' for an
    error value (and a text of the export never begins with '=': see cells.py)."""
    import openpyxl

    written = openpyxl.cell.WriteOnlyCell(sheet, value=text[:_MAX_XLSX_TEXT])
    written.data_type = "s"
    return written


def _widths(columns: list[str], rows: list[list[Cell]]) -> list[float]:
    widths = [len(name) + 4 for name in columns]
    for row in rows:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], len(csv_text(value)) + 2)
    return [min(max(width, _MIN_WIDTH), _MAX_WIDTH) for width in widths]


def write_export(data: dict[str, Any], path: Path, output_format: str, kinds: Kinds = BUILTIN_KINDS) -> list[Path]:
    """Write the export in one format; the files written (the CSV export is one file per table)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if output_format == "json":
        path.write_text(render_json(data), encoding="utf-8")
        return [path]
    if output_format == "csv":
        paths = csv_paths(path)
        for sheet, sheet_path in paths.items():
            sheet_path.write_text(render_csv(data, sheet, kinds), encoding="utf-8-sig")
        return list(paths.values())
    write_xlsx(data, path, kinds)
    return [path]
