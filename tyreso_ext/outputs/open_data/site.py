"""Every HTML build publishes the export beside the pages: data/tyreso-export.json, the CSV files and the schema.

The CSV files are one per table, as ``tyreso export --format csv --ut`` writes them: tyreso-export.csv (the
objects), tyreso-export-indikatorvarden.csv and tyreso-export-ekonomi.csv.

The Excel file is made on request (`tyreso export --format xlsx`): writing it costs more than the
rest of the export together, on every build, for a format the CSV file already opens in.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from tyreso_ext.outputs.open_data.files import (
    SCHEMA_PATH,
    csv_paths,
    export_chunk,
    provenance_fields,
    render_csv_from_chunks,
    render_json_from_chunks,
)
from tyreso_ext.sphinx_ext.config import settings
from tyreso_ext.sphinx_ext.domain import get_domain

DATA_FOLDER = "data"
EXPORT_NAME = "tyreso-export"


def write_open_data(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the export of every report, object and financial table, and its schema."""
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return
    domain = get_domain(app.env)
    chunks = list(domain.data["export"].values())
    folder = Path(app.builder.outdir) / DATA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    json_text = render_json_from_chunks(domain.reports.values(), chunks, provenance_fields(Path(app.srcdir)))
    (folder / f"{EXPORT_NAME}.json").write_text(json_text, encoding="utf-8")
    for sheet, path in csv_paths(folder / f"{EXPORT_NAME}.csv").items():
        path.write_text(render_csv_from_chunks(chunks, sheet, settings(app.config).kinds), encoding="utf-8-sig")
    shutil.copyfile(SCHEMA_PATH, folder / SCHEMA_PATH.name)


def keep_export_chunk(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: a report's objects and financial tables as export text, made once when the report is read."""
    domain = get_domain(app.env)
    docname = app.env.docname
    kinds = settings(app.config).kinds
    chunk = export_chunk(domain.objects_in(docname), domain.reports.get(docname), domain.finance_in(docname), kinds)
    if chunk is not None:
        domain.data["export"][docname] = chunk


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", keep_export_chunk)
    app.connect("build-finished", write_open_data)
