"""Every HTML page names the Git commit it was built from, in the page footer."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from tyreso_ext.data import HTML_TEMPLATES
from tyreso_ext.history.provenance import describe


def setup(app: Sphinx) -> None:
    # An 'html' setting: a new commit changes the build info, so every page is re-written, not re-read.
    app.add_config_value("tyreso_provenance", None, "html", types=(str, type(None)))
    app.connect("config-inited", set_provenance)
    app.connect("html-page-context", add_provenance)


def set_provenance(app: Sphinx, config: Config) -> None:
    """``config-inited``: ask Git once per build, unless conf.py states the provenance itself."""
    if config.tyreso_provenance is None:
        config.tyreso_provenance = describe(app.srcdir).text
    # Sphinx has no API for an extension's templates; its layout.html only extends the theme's footer.
    if str(HTML_TEMPLATES) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(HTML_TEMPLATES)]


def add_provenance(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: the footer line of ``layout.html``."""
    context["tyreso_provenance"] = app.config.tyreso_provenance
