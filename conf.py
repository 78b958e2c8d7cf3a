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
include_patterns = ["index.md", "historik.md", "docs/**", "reports/**"]
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

html_theme = "alabaster"
html_title = project
html_theme_options = {"description": "Planer och uppföljningar som kod", "show_powered_by": False}
# Each page carries its own table of contents and the search box, not the whole site tree:
# the site's cost stays linear in the number of reports.
html_sidebars = {"**": ["about.html", "searchbox.html", "localtoc.html", "relations.html"]}
html_show_sourcelink = False
html_copy_source = False
