"""Write the open-data export as JSON, CSV and XLSX files (used by `tyreso export` and the build)."""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path
from typing import Any

from .model.export import table_columns, table_rows
from .provenance import describe

SCHEMA_PATH = Path(__file__).parent / "schema" / "tyreso-export.schema.json"
FORMATS = ("json", "csv", "xlsx")
_EPOCH = datetime.datetime(2000, 1, 1)


def provenance_fields(folder: Path) -> dict[str, str]:
    """The export's 'källa': the commit the data comes from, in words a reader understands."""
    provenance = describe(folder)
    fields = {"beskrivning": provenance.text}
    if provenance.has_git:
        fields |= {"commit": provenance.commit, "datum": provenance.date, "ej_incheckade_ändringar": "ja" if provenance.dirty else "nej"}
    return fields


def render_json(data: dict[str, Any], *, indent: int | None = None) -> str:
    """Compact unless ``indent`` is given: indenting uses Python's slow JSON encoder, not its C one."""
    return json.dumps(data, ensure_ascii=False, indent=indent) + "\n"


def render_csv(data: dict[str, Any]) -> str:
    """Semicolon-separated, as Swedish Excel expects, with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(table_columns())
    writer.writerows(table_rows(data))
    return buffer.getvalue()


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
