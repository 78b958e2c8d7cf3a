project = "Testkommun med egna objekttyper"
extensions = ["myst_parser", "tyreso_ext"]
myst_enable_extensions = ["colon_fence"]
language = "sv"
root_doc = "index"
exclude_patterns = ["_build"]
tyreso_organs = ["Kommunstyrelsen"]

# A kind of the kommun's own, and a field added to a built-in kind (docs/egna-objekttyper.md).
tyreso_kinds = {
    "insats": {
        "etikett": "Insats",
        "plural": "Insatser",
        "register": "insatser",
        "fält": {
            "ansvarig": "text",
            "kostnad": {"typ": "heltal", "beskrivning": "Kostnad i kronor."},
            "läge": "status",
            "orsak": "text",
        },
        "status": "läge",
        "krav": [{"fält": ["ansvarig"]}, {"fält": ["orsak"], "när": ["gul", "röd"]}],
        "definieras i plan": False,
    },
    "uppdrag": {"fält": {"budget": {"typ": "heltal", "beskrivning": "Uppdragets budget i kronor."}}},
}
