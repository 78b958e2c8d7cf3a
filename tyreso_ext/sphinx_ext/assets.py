"""The stylesheet, registered for HTML builders only and copied at the end of the build."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.fileutil import copy_asset_file

from tyreso_ext.data import SITE_STYLESHEET

CSS_NAME = SITE_STYLESHEET.name


def add_stylesheet(app: Sphinx) -> None:
    """``builder-inited``: link the stylesheet from every HTML page."""
    if app.builder.format == "html":
        app.add_css_file(f"tyreso/{CSS_NAME}")


def copy_stylesheet(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: put the stylesheet beside the pages."""
    if exception is None and app.builder.format == "html":
        target = Path(app.builder.outdir) / "_static" / "tyreso"
        target.mkdir(parents=True, exist_ok=True)
        copy_asset_file(str(SITE_STYLESHEET), str(target), force=True)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", add_stylesheet)
    app.connect("build-finished", copy_stylesheet)
