"""The open-data export: records (no Sphinx), files (JSON, CSV, XLSX) and the build's copy beside the site."""
