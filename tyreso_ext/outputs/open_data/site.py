"""Every HTML build publishes the export beside the pages: data/tyreso-export.{json,csv} and the schema.

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
    export_chunk,
    provenance_fields,
    render_csv_from_chunks,
    render_json_from_chunks,
)
from tyreso_ext.sphinx_ext.domain import get_domain

DATA_FOLDER = "data"
EXPORT_NAME = "tyreso-export"


def write_open_data(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the export of every report and object, and its schema."""
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return
    domain = get_domain(app.env)
    chunks = list(domain.data["export"].values())
    folder = Path(app.builder.outdir) / DATA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    json_text = render_json_from_chunks(domain.reports.values(), chunks, provenance_fields(Path(app.srcdir)))
    (folder / f"{EXPORT_NAME}.json").write_text(json_text, encoding="utf-8")
    (folder / f"{EXPORT_NAME}.csv").write_text(render_csv_from_chunks(chunks), encoding="utf-8-sig")
    shutil.copyfile(SCHEMA_PATH, folder / SCHEMA_PATH.name)


def keep_export_chunk(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: a report's objects as export text, made once when the report is read."""
    domain = get_domain(app.env)
    docname = app.env.docname
    chunk = export_chunk(domain.objects_in(docname), domain.reports.get(docname))
    if chunk is not None:
        domain.data["export"][docname] = chunk


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", keep_export_chunk)
    app.connect("build-finished", write_open_data)
