"""The files the extension ships: stylesheets, page templates, the export schema, the templates of ``tyreso init``."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent
SITE_STYLESHEET = DATA / "tyreso.css"  # every HTML page
SITE_SCRIPT = DATA / "tyreso-tables.js"  # every HTML page: tables that sort and filter, scroll regions
PRINT_STYLESHEET = DATA / "print.css"  # the PDFs, on top of the site's stylesheet
HTML_TEMPLATES = DATA / "templates"  # the page footer with the build's commit
EXPORT_SCHEMA = DATA / "tyreso-export.schema.json"  # JSON Schema of the open data
INIT_TEMPLATES = DATA / "init"  # a new reporting project (tyreso init)
