"""Write the open-data export as JSON, CSV and XLSX files (used by `tyreso export` and the build)."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tyreso_ext.data import EXPORT_SCHEMA
from tyreso_ext.history.provenance import describe
from tyreso_ext.model.objects import Report, SteeringObject
from tyreso_ext.outputs.open_data.records import NO_PERIOD_SORT, export_data, object_record, table_columns, table_rows

SCHEMA_PATH = EXPORT_SCHEMA
FORMATS = ("json", "csv", "xlsx")
_EPOCH = datetime.datetime(2000, 1, 1)


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
    """One document's objects, already written as export text.

    A build keeps one per report (in the domain, beside the records) and joins them when it ends, so a
    build after one edit writes the whole export but serialises only the edited report's objects.
    """

    order: tuple[Any, ...]  # where the document's objects go in the export's order
    json: str  # the objects as JSON, joined by ', '
    csv: str  # the objects as CSV rows


def export_chunk(objects: list[SteeringObject], report: Report | None) -> ExportChunk | None:
    """The chunk of one document's objects (all of one report: same period, organ and file)."""
    if not objects:
        return None
    records = [object_record(obj, report) for obj in sorted(objects, key=lambda obj: obj.line)]
    first = objects[0]
    return ExportChunk(
        (first.period or NO_PERIOD_SORT, first.organ, first.path),
        ", ".join(json.dumps(record, ensure_ascii=False) for record in records),
        _csv_text(table_rows({"objekt": records})),
    )


def render_json_from_chunks(reports: Iterable[Report], chunks: Iterable[ExportChunk], provenance: dict[str, str]) -> str:
    """The same text as :func:`render_json` of :func:`export_data`, from the documents' chunks."""
    data = export_data(reports, [], provenance)
    del data["objekt"]  # the last key: the objects' text goes where it would be
    head = json.dumps(data, ensure_ascii=False)
    joined = ", ".join(chunk.json for chunk in sorted(chunks, key=lambda chunk: chunk.order) if chunk.json)
    return f'{head[:-1]}, "objekt": [{joined}]}}\n'


def render_csv_from_chunks(chunks: Iterable[ExportChunk]) -> str:
    """The same text as :func:`render_csv` of :func:`export_data`, from the documents' chunks."""
    return _csv_text([table_columns()]) + "".join(chunk.csv for chunk in sorted(chunks, key=lambda chunk: chunk.order))


def _csv_text(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def render_json(data: dict[str, Any], *, indent: int | None = None) -> str:
    """Compact unless ``indent`` is given: indenting uses Python's slow JSON encoder, not its C one."""
    return json.dumps(data, ensure_ascii=False, indent=indent) + "\n"


def render_csv(data: dict[str, Any]) -> str:
    """Semicolon-separated, as Swedish Excel expects, with a header row."""
    return _csv_text([table_columns(), *table_rows(data)])


def write_xlsx(data: dict[str, Any], path: Path) -> None:
    from openpyxl import Workbook  # imported here: only this format needs it

    workbook = Workbook(write_only=True)  # streams rows: an order of magnitude faster for large exports
    sheet = workbook.create_sheet("Objekt")
    sheet.freeze_panes = "A2"
    sheet.append(table_columns())
    for row in table_rows(data):
        sheet.append(row)
    # Fixed metadata so that the same data gives the same file.
    workbook.properties.creator = "tyreso"
    workbook.properties.created = workbook.properties.modified = _EPOCH
    workbook.save(path)


def write_export(data: dict[str, Any], path: Path, output_format: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if output_format == "json":
        path.write_text(render_json(data), encoding="utf-8")
    elif output_format == "csv":
        path.write_text(render_csv(data), encoding="utf-8-sig")
    else:
        write_xlsx(data, path)
