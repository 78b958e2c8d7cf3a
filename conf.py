"""Sphinx configuration of the Tyresö reporting site (handbook and reports)."""

from __future__ import annotations

project = "Tyresö kommun – planer och uppföljningar"
author = "Tyresö kommun"
copyright = "Tyresö kommun"
language = "sv"

extensions = ["myst_parser", "sphinx_design", "tyreso_ext"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

root_doc = "index"
include_patterns = ["index.md", "rapporter.md", "register.md", "historik.md", "docs/**", "reports/**"]
exclude_patterns = ["_build", ".venv", "**/.ipynb_checkpoints"]

# The site's fixed vocabulary (see the handbook, "Inställningar").
tyreso_goal_areas = ["Medarbetare", "Kvalitet", "Leverans", "Ekonomi och hållbarhet"]
tyreso_organs = [
    "Kommunfullmäktige",
    "Kommunstyrelsen",
    "Arbetsmarknads- och socialnämnden",
    "Konsult- och servicekontoret",
]
tyreso_report_dirs = ["reports"]
tyreso_ungrouped_label = "Övergripande"

# The site's look (see the handbook, "Webbplatsen"): pydata-sphinx-theme with the kommun's name (author),
# logo and colour. tyreso_ext fills in the rest of the theme's settings: Swedish labels, a header with the
# site's sections, navigation by year → period → organ that never lists every report on every page.
html_theme = "pydata_sphinx_theme"
html_title = project
html_logo = "_static/tyreso-logo.svg"
html_favicon = "_static/tyreso-logo.svg"
html_static_path = ["_static"]
html_theme_options = {"logo": {"text": "Tyresö kommun", "alt_text": "Tyresö kommun – till startsidan"}}
# The kommun's colour in light and dark mode: links and headings, at least 4.5:1 against each background.
tyreso_colours = {"light": "#005a8c", "dark": "#7cc4f2"}
# Where `make pdf` puts the reports' PDFs: the site links them and publishes them in its pdf/ folder.
tyreso_pdf_dir = "_build/pdf"
# The site's published address: each PDF links back to its report's page with it ("Webbversion: …").
# A fixed value, not one from the environment: a decided report's PDF is rebuilt and compared byte for byte
# (tyreso verifiera), so the address it prints must not depend on where it was built.
html_baseurl = "https://tyreso-kommun.gitlab.io/rapporter/"
html_show_sourcelink = False
html_copy_source = False
