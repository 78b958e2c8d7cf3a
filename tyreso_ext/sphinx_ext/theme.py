"""The site's look: pydata-sphinx-theme in Swedish, with the kommun's name, logo and colours from conf.py.

A project sets only what is its own (``author`` is the kommun's name, ``html_logo`` its logo, ``tyreso_colours``
its colour in light and dark mode); the rest of the theme's settings default to what the readers of a kommun's
reports need: the header lists the site's sections, the sidebar never the whole tree (so the build stays linear
in the number of reports, see :mod:`tyreso_ext.sphinx_ext.navigation`), the footer names the commit, and every
label is Swedish. A colour that would not give text 4.5:1 against its mode's background is refused with a warning.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from tyreso_ext.data import DATA
from tyreso_ext.sphinx_ext.domain import get_domain

logger = logging.getLogger(__name__)

PYDATA = "pydata_sphinx_theme"
LOCALE = DATA / "locale"  # Swedish for the theme's labels (sv/LC_MESSAGES/sphinx.mo)
COLOURS_CSS = "tyreso-kommun.css"
# The backgrounds of pydata-sphinx-theme's two modes, against which the kommun's colour is text (links, headings).
BACKGROUNDS = {"light": "#ffffff", "dark": "#14181e"}
DEFAULT_COLOURS = {"light": "#0b5394", "dark": "#8ec5ff"}
ONE_LINE = re.compile(r"#[0-9a-fA-F]{6}")

# The theme's settings a kommun's site starts from; conf.py's html_theme_options win over each one.
THEME_DEFAULTS: dict[str, Any] = {
    "navbar_align": "left",
    "navbar_end": ["theme-switcher"],
    "header_links_before_dropdown": 5,
    "header_dropdown_text": "Mer",
    "search_bar_text": "Sök i rapporterna …",
    # The sidebar shows the current section's pages, two levels, the rest folded: never the whole site.
    "navigation_depth": 2,
    "collapse_navigation": True,
    "show_nav_level": 1,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
    "primary_sidebar_end": [],
    "footer_start": ["copyright"],
    "footer_center": [],
    "footer_end": ["tyreso-provenance"],
    "show_prev_next": True,
    "back_to_top_button": True,
    "use_edit_page_button": False,
}


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours written '#rrggbb'."""

    def luminance(colour: str) -> float:
        channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
        red, green, blue = (value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4 for value in channels)
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def uses_pydata(config: Config) -> bool:
    return config.html_theme == PYDATA


def theme_defaults(app: Sphinx, config: Config) -> None:
    """``config-inited``: the theme's settings for a kommun's site, under what conf.py sets itself."""
    if not uses_pydata(config):
        return
    options = dict(config.html_theme_options or {})
    for name, value in THEME_DEFAULTS.items():
        options.setdefault(name, value)
    logo = dict(options.get("logo") or {})
    kommun = config.author if config.author and config.author != "unknown" else config.project
    logo.setdefault("text", kommun)
    logo.setdefault("alt_text", f"{kommun} – till startsidan")
    options["logo"] = logo
    config.html_theme_options = options


def colours(config: Config) -> dict[str, str]:
    """The kommun's colour per mode, as set in conf.py (checked: a colour that fails its contrast is not used)."""
    chosen = dict(DEFAULT_COLOURS)
    for mode, colour in (config.tyreso_colours or {}).items():
        if mode not in BACKGROUNDS:
            logger.warning(
                "tyreso_colours: '%s' är inget färgläge; ange 'light' (ljust) och 'dark' (mörkt).",
                mode,
                type="tyreso",
                subtype="colour",
            )
        elif not isinstance(colour, str) or not ONE_LINE.fullmatch(colour):
            logger.warning(
                "tyreso_colours['%s']: skriv färgen som '#rrggbb', inte %r.", mode, colour, type="tyreso", subtype="colour"
            )
        elif (ratio := contrast(colour, BACKGROUNDS[mode])) < 4.5:
            logger.warning(
                "tyreso_colours['%s']: %s ger bara kontrasten %.1f:1 mot bakgrunden %s; text behöver minst 4,5:1 "
                "(WCAG 2.1 AA). Välj en %s färg.",
                mode,
                colour,
                ratio,
                BACKGROUNDS[mode],
                mode,
                "mörkare" if mode == "light" else "ljusare",
                type="tyreso",
                subtype="colour",
            )
        else:
            chosen[mode] = colour.lower()
    return chosen


def colours_css(chosen: dict[str, str]) -> str:
    """The theme's variables for the kommun's colour, per mode (the link, the headings' accent, the focus ring)."""
    blocks = []
    for mode in BACKGROUNDS:
        colour = chosen[mode]
        blocks.append(
            f'html[data-theme="{mode}"] {{\n'
            f"  --pst-color-primary: {colour};\n  --pst-color-link: {colour};\n  --pst-color-link-hover: {colour};\n"
            f"  --pst-color-secondary: {colour};\n  --pst-color-accent: {colour};\n  --tyreso-colour: {colour};\n}}\n"
        )
    return "/* The kommun's colour (tyreso_colours in conf.py), written by the build. */\n" + "\n".join(blocks)


def add_theme_files(app: Sphinx) -> None:
    """``builder-inited``: link the kommun's colours after the theme's own stylesheet."""
    if app.builder.format == "html" and uses_pydata(app.config):
        app.add_css_file(f"tyreso/{COLOURS_CSS}", priority=900)


def write_colours(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the stylesheet of the kommun's colours beside the pages."""
    if exception is None and app.builder.format == "html" and uses_pydata(app.config):
        target = Path(app.builder.outdir) / "_static" / "tyreso"
        target.mkdir(parents=True, exist_ok=True)
        text = colours_css(colours(app.config))
        path = target / COLOURS_CSS
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def footer_item(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: with pydata-sphinx-theme the commit is a footer item, not a line under the footer."""
    options = app.config.html_theme_options or {}
    places = " ".join(str(options.get(place, "")) for place in ("footer_start", "footer_center", "footer_end"))
    context["tyreso_footer_item"] = uses_pydata(app.config) and "tyreso-provenance" in places


def leaf_pages_without_sidebar(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: a section of the site without pages under it (Historik, Register, the registers) gets
    no empty sidebar; its content has the width (pydata-sphinx-theme would show an empty 'Section navigation')."""
    if not uses_pydata(app.config) or pagename in get_domain(app.env).reports:
        return
    includes = app.env.toctree_includes
    ancestor = pagename
    parents = {child: parent for parent, children in includes.items() for child in children}
    while parents.get(ancestor, app.config.root_doc) != app.config.root_doc:
        ancestor = parents[ancestor]
    if pagename == app.config.root_doc or not includes.get(ancestor):
        context["sidebars"] = []


def check_colours(app: Sphinx, config: Config) -> None:
    """``config-inited``: a colour that fails its contrast is said at once (and the theme's own is kept)."""
    if uses_pydata(config):
        colours(config)


def setup(app: Sphinx) -> None:
    # The kommun's colour per mode: {"light": "#0b5394", "dark": "#8ec5ff"} (an 'html' setting: only pages change).
    app.add_config_value("tyreso_colours", {}, "html", types=(dict,))
    app.add_message_catalog("sphinx", str(LOCALE))
    app.connect("config-inited", theme_defaults)
    app.connect("config-inited", check_colours)
    app.connect("builder-inited", add_theme_files)
    app.connect("html-page-context", footer_item)
    app.connect("html-page-context", leaf_pages_without_sidebar)
    app.connect("build-finished", write_colours)
