"""The stylesheet and the tables' script, registered for the site's HTML builders and copied at the end of the build.

The script is the site's own (no library, nothing from a CDN) and only adds to pages that are whole without it.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.fileutil import copy_asset_file

from tyreso_ext.data import SITE_SCRIPT, SITE_STYLESHEET
from tyreso_ext.render.facts import PRINT_BUILDERS

CSS_NAME = SITE_STYLESHEET.name
SCRIPT_NAME = SITE_SCRIPT.name


def add_stylesheet(app: Sphinx) -> None:
    """``builder-inited``: link the stylesheet (and, on the site, the script) from every HTML page."""
    if app.builder.format == "html":
        app.add_css_file(f"tyreso/{CSS_NAME}")
        if app.builder.name not in PRINT_BUILDERS:
            app.add_js_file(f"tyreso/{SCRIPT_NAME}", loading_method="defer")


def copy_stylesheet(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: put the stylesheet and the script beside the pages."""
    if exception is None and app.builder.format == "html":
        target = Path(app.builder.outdir) / "_static" / "tyreso"
        target.mkdir(parents=True, exist_ok=True)
        copy_asset_file(str(SITE_STYLESHEET), str(target), force=True)
        if app.builder.name not in PRINT_BUILDERS:
            copy_asset_file(str(SITE_SCRIPT), str(target), force=True)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", add_stylesheet)
    app.connect("build-finished", copy_stylesheet)
