"""Every validation code, located at its file and line, in the 'broken' root."""

from __future__ import annotations

from collections import Counter

import pytest
from helpers import ROOTS, finding_keys, line_of, strip_colours, tyreso_warnings

from tyreso_ext.model.decision import HISTORY_CODES
from tyreso_ext.model.findings import CODES as ALL_CODES

BROKEN = ROOTS / "test-broken"
# TY041 and TY042 need a Git history, which the broken root (a plain folder) has none of: tests/test_decisions.py.
CODES = {code: text for code, text in ALL_CODES.items() if code not in HISTORY_CODES}
T1 = "reports/2023/T1/kommunstyrelsen.md"

# One deliberate mistake per code: (file, text on the line the finding must name; None = line 1).
EXAMPLES: dict[str, tuple[str, str | None]] = {
    "TY001": ("reports/2023/T2/utan-front-matter.md", None),
    "TY002": ("reports/2023/T2/trasig-yaml.md", "  organ: Kommunstyrelsen"),
    "TY003": (T1, "författare:"),
    "TY004": (T1, ":::{mål} Nöjda invånare"),
    "TY005": (T1, ":ansvarigt:"),
    "TY006": (T1, ":status: grönt"),
    "TY007": (T1, ":period: 2023-T7"),
    "TY008": (T1, ":status: gul"),
    "TY009": (T1, ":::{uppdrag} Att samarbeta igen"),
    "TY010": (T1, "{uppdrag}`finns-inte`"),
    "TY011": (T1, ":risknivå: 30"),
    "TY012": (T1, ":risknivå: 16"),
    "TY013": (T1, ":sannolikhet: 7"),
    "TY014": (T1, None),
    "TY015": (T1, ":status: röd"),
    "TY016": (T1, ":nivå: region"),
    "TY017": (T1, ":id: Nytt-Uppdrag"),
    "TY018": (T1, ":::{risk} Personalbrist"),
    "TY019": (T1, "[Att skriva: periodens uppföljning]"),
    "TY020": (T1, "{mål}`nojda-invanare`"),
    "TY021": (T1, "Totalt;-300;-290"),
    "TY022": (T1, ":fil: ../../../../../hemlig.csv"),
    "TY023": (T1, "Ny skola;12 tkr;10"),
    "TY024": (T1, "<b>fetstil</b>"),
    "TY025": (T1, "```text"),
    "TY026": ("reports/2023/T2/inte-utf8.md", "Latin-1"),
    "TY040": (T1, "  paragraf: fyrtiofem"),
    "TY030": (T1, ":::{uppdrag} Ny simhall"),
    "TY037": (T1, "% granska: ordet"),
    "TY027": (T1, "[klicka här](javascript:"),
    "TY028": (T1, "```{eval-rst}"),
    "TY029": (T1, "<bilaga.html>"),
    "TY034": (T1, ":utfall: 2022: 9"),
    "TY035": (T1, ":kolada: N00001"),
    "TY036": (T1, ":kolada: N00002"),
    "TY043": ("conf.py", '"kostnad": "heltall"'),
}


def expected_location(code: str) -> tuple[str, int]:
    path, needle = EXAMPLES[code]
    return path, 1 if needle is None else line_of(BROKEN / path, needle)


def test_every_code_has_an_example():
    assert sorted(EXAMPLES) == sorted(CODES)


@pytest.mark.parametrize("code", sorted(CODES))
@pytest.mark.sphinx("html", testroot="broken", freshenv=True)
def test_each_code_is_reported_once_at_its_file_and_line(app, code):
    app.build()
    path, line = expected_location(code)
    located = [(found_path, found_line) for found_path, found_line, found_code, _ in tyreso_warnings(app) if found_code == code]
    assert located == [(path, line)]
    # The raw warning reads like an editor annotation and names the key that silences it.
    raw = [entry for entry in strip_colours(app.warning.getvalue()).splitlines() if f": WARNING: {code} " in entry]
    assert len(raw) == 1
    assert raw[0].startswith(str(app.srcdir / path) + f":{line}: WARNING: {code} ")
    assert raw[0].endswith(f"[tyreso.{code}]")


@pytest.mark.sphinx("html", testroot="broken", freshenv=True)
def test_the_broken_root_yields_exactly_the_examples(app):
    app.build()
    assert finding_keys(app) == {(*expected_location(code), code) for code in CODES}
    assert len(tyreso_warnings(app)) == len(CODES)


@pytest.mark.sphinx("html", testroot="broken", freshenv=True)
def test_one_report_with_one_mistake_per_rule_yields_exactly_those_codes(app):
    app.build()
    codes = Counter(code for path, _, code, _ in tyreso_warnings(app) if path == T1)
    assert set(codes) == set(CODES) - {"TY001", "TY002", "TY026", "TY043"}  # TY043 is in conf.py
    assert all(count == 1 for count in codes.values()), codes


@pytest.mark.sphinx("html", testroot="broken", freshenv=True)
def test_messages_say_how_to_fix(app):
    app.build()
    messages = {code: message for _, _, code, message in tyreso_warnings(app)}
    assert "Menade du 'grön'?" in messages["TY006"]
    assert "Menade du 'ansvarig'?" in messages["TY005"]
    assert "Tillåtna fält är 'rapporttyp', 'period', 'organ'" in messages["TY003"]
    assert "Lägg till det med samma id och en status." in messages["TY014"]
    assert "Rätta risknivån till 20" in messages["TY012"]
    assert "Skriv till exempel 'nytt-uppdrag'." in messages["TY017"]
    assert "'Lokaler i balans' (lokaler-i-balans)" in messages["TY014"]


@pytest.mark.sphinx("html", testroot="broken", freshenv=True, confoverrides={"suppress_warnings": ["tyreso.TY004"]})
def test_suppress_warnings_silences_exactly_that_code(app):
    app.build()
    expected = {(*expected_location(code), code) for code in CODES if code != "TY004"}
    assert finding_keys(app) == expected


@pytest.mark.sphinx("html", testroot="broken", freshenv=True, warningiserror=True)
def test_a_strict_build_fails_on_a_finding(app):
    app.build()
    assert app.statuscode == 1
