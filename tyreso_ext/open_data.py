"""Every HTML build publishes the export beside the pages: data/tyreso-export.{json,csv} and the schema.

The Excel file is made on request (`tyreso export --format xlsx`): writing it costs more than the
rest of the export together, on every build, for a format the CSV file already opens in.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx

from .domain import get_domain
from .export_files import SCHEMA_PATH, provenance_fields, write_export
from .model.export import export_data

DATA_FOLDER = "data"
EXPORT_NAME = "tyreso-export"
BUILD_FORMATS = ("json", "csv")


def write_open_data(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the export of every report and object, and its schema."""
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return
    domain = get_domain(app.env)
    data = export_data(domain.reports.values(), domain.all_objects(), provenance_fields(Path(app.srcdir)))
    folder = Path(app.builder.outdir) / DATA_FOLDER
    for output_format in BUILD_FORMATS:
        write_export(data, folder / f"{EXPORT_NAME}.{output_format}", output_format)
    shutil.copyfile(SCHEMA_PATH, folder / SCHEMA_PATH.name)
