project = "Testkommun med trasiga rapporter"
extensions = ["myst_parser", "sphinx_design", "tyreso_ext"]
myst_enable_extensions = ["colon_fence"]
language = "sv"
root_doc = "index"
exclude_patterns = ["_build"]
tyreso_organs = ["Kommunstyrelsen", "Kommunfullmäktige", "Socialnämnden"]
