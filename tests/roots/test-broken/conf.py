project = "Testkommun med fel"
extensions = ["myst_parser", "tyreso_ext"]
myst_enable_extensions = ["colon_fence"]
language = "sv"
root_doc = "index"
exclude_patterns = ["_build"]
tyreso_organs = ["Kommunstyrelsen"]
# TY043: a kind of the kommun's own whose field has a type that does not exist
tyreso_kinds = {
    "åtgärdspunkt": {
        "etikett": "Åtgärdspunkt",
        "fält": {"kostnad": "heltall"},
    },
}
