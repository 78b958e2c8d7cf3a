"""Careless input (issue 14): each case gets one clear finding, in Swedish, at the right line, the same in the build
and in `tyreso check`. The corpus (tests/bad_input_cases.py) builds each case; here are the rules one by one:

- a file saved in Windows-1252 is read as Windows-1252 and named once (TY026), with nothing derived from it;
- YAML written carelessly gets TY002 in Swedish at the line written wrong, saying how the line should look;
- an id renamed between plan and follow-up is one TY010 at the follow-up naming the plan's id and title;
- a follow-up of a plan for a later year, or of another organ's nämndplan, is TY030;
- invisible and control characters are shown as ⟨U+200B⟩ in every message;
- digits of other scripts ('４', '٣') are not read as numbers (TY016; TY007 in a period).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bad_input_cases import CASES
from badinput import CASE_FOLDER, make_project
from helpers import strip_colours
from hypothesis import given, settings
from hypothesis import strategies as st
from test_strict_builds import makefile_sphinx_options

from tyreso_ext.model.collection_rules import check_collection
from tyreso_ext.model.findings import Finding
from tyreso_ext.model.frontmatter import read_report
from tyreso_ext.model.numbers import NumberError, parse_number, parse_series
from tyreso_ext.model.object_rules import ObjectSource, read_object
from tyreso_ext.model.objects import Kind
from tyreso_ext.model.period import PeriodError, parse_period
from tyreso_ext.model.settings import Settings
from tyreso_ext.model.status import StatusError, parse_status
from tyreso_ext.model.text import did_you_mean, other_digits, quoted_list, shorten, shown, visible
from tyreso_ext.model.vocabulary import Vocabulary
from tyreso_ext.source.project import Project
from tyreso_ext.source.reader import ReadDocument, read_document
from tyreso_ext.source.text_rules import decode_lenient, decode_source

VOCABULARY = Vocabulary(organs=("Kommunstyrelsen", "Socialnämnden", "Kommunfullmäktige"))
SETTINGS = Settings(organs=VOCABULARY.organs)
FRONT = "---\nrapporttyp: {kind}\nperiod: {period}\norgan: {organ}\n---\n\n# Rubrik\n\n"
ENGLISH = ("mapping", "expected", "found", "scanning", "allowed", "while", "token", "character", "stream")


# --- 1. A file saved in Windows-1252 ------------------------------------------------------------------------


def test_a_windows_1252_file_is_read_as_windows_1252():
    text, line, byte = decode_source("---\nrapporttyp: delårsrapport\n”Citat” – 5 €\n".encode("cp1252"))
    assert text == "---\nrapporttyp: delårsrapport\n”Citat” – 5 €\n"
    assert (line, byte) == (2, 0xE5)


def test_utf_8_with_one_pasted_windows_1252_line_keeps_both_right():
    data = "Målområde: grön\n".encode() + "Åtgärder för äldre\n".encode("cp1252")
    assert decode_source(data) == ("Målområde: grön\nÅtgärder för äldre\n", 2, 0xC5)


def test_bytes_windows_1252_leaves_undefined_are_replaced_and_a_byte_order_mark_does_not_shift_the_place():
    assert decode_lenient(b"a\x81b\x8dc") == "a\ufffdb\ufffdc"
    assert decode_source(b"\xef\xbb\xbfrad 1\nrad 2 \xe5") == ("rad 1\nrad 2 å", 2, 0xE5)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.integers(min_value=1, max_value=7))
def test_the_build_reads_any_bytes_as_tyreso_check_does(data, chunk):
    """The build's codec (read through Python's text mode, in small pieces) gives the text `tyreso check` reads."""
    from tyreso_ext.sphinx_ext.safety import LENIENT_ENCODING

    stream = io.TextIOWrapper(io.BufferedReader(io.BytesIO(data), buffer_size=chunk), encoding=LENIENT_ENCODING, newline="")
    stream._CHUNK_SIZE = chunk  # type: ignore[attr-defined]  # a multi-byte character split over two reads
    assert stream.read() == decode_lenient(data) == decode_source(data)[0]


def _case_project(tmp_path: Path, name: str) -> Path:
    case = next(case for case in CASES if case.name == name)
    srcdir, _ = make_project(tmp_path, name, case.data())
    return srcdir


def test_tyreso_check_names_a_windows_1252_report_once_and_nothing_else(tmp_path):
    srcdir = _case_project(tmp_path, "windows-1252")
    project = Project.find(srcdir)
    document = project.read(srcdir / CASE_FOLDER / "windows-1252.md")
    assert [(finding.line, finding.code) for finding in document.findings] == [(2, "TY026")]
    message = document.findings[0].message
    assert "Windows-1252" in message and "Spara filen som UTF-8" in message
    assert {obj.fields.get("målområde") for obj in document.objects} >= {"Leverans", "Kvalitet"}
    assert [finding.code for finding in project.check()] == ["TY026"]


def _run(*arguments: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, *arguments],
        capture_output=True,
        text=True,
        env={**os.environ, "CI": "true"},
        stdin=subprocess.DEVNULL,
        timeout=600,
        check=False,
    )
    return done.returncode, strip_colours(done.stdout + done.stderr)


def _warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if "WARNING" in line or "ERROR" in line or "CRITICAL" in line]


def test_the_strict_build_and_the_pdf_step_fail_on_a_windows_1252_report_with_ty026_alone(tmp_path):
    srcdir = _case_project(tmp_path, "windows-1252")
    status, output = _run("-m", "sphinx", "-b", "html", *makefile_sphinx_options(), str(srcdir), str(tmp_path / "html"))
    assert status == 1 and "Traceback" not in output
    assert [line.split(": WARNING: ")[1][:5] for line in _warnings(output)] == ["TY026"], output[-3000:]
    status, output = _run("-m", "tyreso_ext.outputs.pdf", str(srcdir), str(tmp_path / "pdf"), "--strikt")
    assert status == 1 and "Traceback" not in output and "inga PDF-filer skrevs" in output
    assert [line.split(": WARNING: ")[1][:5] for line in _warnings(output)] == ["TY026"], output[-3000:]


# --- 2. YAML written carelessly -----------------------------------------------------------------------------


def _front(*lines: str) -> str:
    return "---\n" + "".join(f"{line}\n" for line in lines) + "---\n\n# Rubrik\n"


BASE = ("rapporttyp: delårsrapport", "period: 2023-T1", "organ: Kommunstyrelsen")


@pytest.mark.parametrize(
    ("lines", "line", "says"),
    [
        ((*BASE, "måluppfyllelse:", "\tKvalitet: grön"), 6, ["tabb", "hör till 'måluppfyllelse'", "'  Kvalitet: grön'"]),
        (
            (*BASE, "måluppfyllelse:", "  Medarbetare: grön", "\tKvalitet: grön"),
            7,
            ["tabb", "samma kolumn", "'  Kvalitet: grön'"],
        ),
        (("rapporttyp: delårsrapport", "\tperiod: 2023-T1"), 3, ["tabb", "första kolumnen", "'period: 2023-T1'"]),
        (("rapporttyp:\tdelårsrapport",), 2, ["tabb efter kolon", "'rapporttyp: delårsrapport'"]),
        (
            ("rapporttyp: uppföljning", "period: 2023-T2", "  organ: Kommunstyrelsen"),
            4,
            ["samma kolumn", "'organ: Kommunstyrelsen'"],
        ),
        (("  rapporttyp: delårsrapport", "period: 2023-T1"), 2, ["första kolumnen"]),
        ((*BASE, "måluppfyllelse:", "  Kvalitet: grön", " Leverans: gul"), 7, ["hör till 'måluppfyllelse'", "'  Leverans: gul'"]),
        ((*BASE, "måluppfyllelse:", "  Kvalitet: grön", "    Leverans: gul"), 7, ["med 4 mellanslag", "'  Leverans: gul'"]),
        (
            ("rapporttyp: delårsrapport", "organ Kommunstyrelsen", "period: 2023-T1"),
            3,
            ["saknar kolon", "'organ: Kommunstyrelsen'"],
        ),
        (("rapporttyp: delårsrapport", "period: 2023-T1", "organ Kommunstyrelsen"), 4, ["saknar kolon"]),
        (("rapporttyp: delårsrapport", "organ:Kommunstyrelsen", "period: 2023-T1"), 3, ["mellanslag efter kolon"]),
        ((*BASE, 'titel: "Delårsrapport T1'), 5, ["avslutas aldrig", 'titel: "Delårsrapport T1"']),
        ((*BASE, "titel: 'Delårsrapport T1"), 5, ["avslutas aldrig"]),
        ((*BASE, 'titel: "Delårsrapport" T1'), 5, ["fortsätter efter det avslutande", "titel: '\"Delårsrapport\" T1'"]),
        ((*BASE, "titel: Delårsrapport: T1"), 5, ["kolon", 'titel: "Delårsrapport: T1"']),
        (
            ("rapporttyp: delårsrapport", "organ: [Kommunstyrelsen", "period: 2023-T1"),
            3,
            ["Hakparentesen", "'organ: Kommunstyrelsen'"],
        ),
        (("rapporttyp: delårsrapport", "organ: {Kommunstyrelsen"), 3, ["Klammerparentesen"]),
        ((*BASE, "diarienummer: @KS 2023/12"), 5, ["börja med '@'", 'diarienummer: "@KS 2023/12"']),
        ((*BASE, "titel: *Viktig*"), 5, ["börja med '*'"]),
        ((*BASE, "titel: a\x01b"), 5, ["styrtecken", "⟨U+0001⟩"]),
        (("- rapporttyp: delårsrapport", "- period: 2023-T1"), 2, ["'-'", "'rapporttyp: delårsrapport'"]),
        (("Delårsrapport för tertial 1",), 2, ["ingen rad 'nyckel: värde'"]),
        ((*BASE, "titel: " + "[" * 2000 + "]" * 2000), 5, ["för djupt"]),
    ],
)
def test_yaml_mistakes_are_named_in_swedish_at_their_line_with_the_fix(lines, line, says):
    _, findings = read_report(_front(*lines), "d", "d.md", VOCABULARY)
    assert [(finding.line, finding.code) for finding in findings] == [(line, "TY002")], findings
    message = findings[0].message
    for words in says:
        assert words in message, message
    assert not [word for word in ENGLISH if word in message.lower()], message


def test_a_yaml_mistake_with_no_recognised_cause_still_gets_swedish_and_the_advice():
    _, findings = read_report(_front(*BASE, "titel: [Rapport]]"), "d", "d.md", VOCABULARY)
    assert [(finding.line, finding.code) for finding in findings] == [(5, "TY002")]
    assert "Skriv 'nyckel: värde' med ett mellanslag efter kolon, och börja raden i samma kolumn som raden ovanför" in (
        findings[0].message
    )
    assert not [word for word in ENGLISH if word in findings[0].message.lower()]


def test_lines_meant_to_be_under_a_key_are_one_finding_naming_the_key():
    _, findings = read_report(_front(*BASE, "måluppfyllelse:", "Kvalitet: grön", "Leverans: gul"), "d", "d.md", VOCABULARY)
    assert [(finding.line, finding.code) for finding in findings] == [(6, "TY003")]
    assert "hör till 'måluppfyllelse:'" in findings[0].message and "'  Kvalitet: grön'" in findings[0].message


def test_a_key_written_twice_is_named_at_the_second():
    report, findings = read_report(_front(*BASE, "organ: Socialnämnden"), "d", "d.md", VOCABULARY)
    assert [(finding.line, finding.code) for finding in findings] == [(5, "TY002")]
    assert "rad 4 och rad 5" in findings[0].message and report.organ == "Socialnämnden"


def test_an_invisible_character_in_a_key_is_one_finding_and_the_value_is_read():
    report, findings = read_report(
        _front("rapporttyp: delårsrapport", "\u200bperiod: 2023-T1", "organ: Kommunstyrelsen"), "d", "d.md", VOCABULARY
    )
    assert [(finding.line, finding.code) for finding in findings] == [(3, "TY003")]
    assert "⟨U+200B⟩" in findings[0].message and str(report.period) == "2023-T1"


@pytest.mark.parametrize(
    "lines",
    [
        ("rapporttyp: delårsrapport", "period:   2023 - t1  ", "organ: Kommunstyrelsen"),
        ("rapporttyp: Delårsrapport", "period: 2023-t1", 'organ: "Kommunstyrelsen "'),
        ("rapporttyp: delårsrapport", "period: 2023-T1", "organ: Kommunstyrelsen\u00a0"),
    ],
)
def test_odd_spacing_and_case_in_period_and_organ_are_forgiven(lines):
    report, findings = read_report(_front(*lines), "d", "d.md", VOCABULARY)
    assert findings == [] and str(report.period) == "2023-T1" and report.organ == "Kommunstyrelsen"


# --- 3. and 4. Ids renamed since the plan; follow-ups of a plan they do not belong to -------------------------


def _read(path: str, kind: str, period: str, organ: str, body: str) -> ReadDocument:
    text = FRONT.format(kind=kind, period=period, organ=organ) + body
    return read_document(text, path.removesuffix(".md"), path, SETTINGS)


def _check(*documents: ReadDocument) -> list[Finding]:
    reports = [document.report for document in documents if document.report is not None]
    return check_collection(reports, [obj for document in documents for obj in document.objects])


PLAN = "reports/2023/plan/kommunstyrelsen.md"
T1 = "reports/2023/T1/kommunstyrelsen.md"
DIGITAL = ":::{uppdrag} Digital service\n:id: digital-service\n:::\n\n:::{risk} Personalbrist\n:id: personalbrist\n:::\n"


def test_an_id_renamed_since_the_plan_is_one_finding_at_the_follow_up_naming_the_plan_id_and_title():
    plan = _read(PLAN, "nämndplan", "2023", "Kommunstyrelsen", DIGITAL)
    follow_up = _read(
        T1,
        "delårsrapport",
        "2023-T1",
        "Kommunstyrelsen",
        ":::{uppdrag} Digital  SERVICE\n:id: digitala-tjanster\n:status: grön\n:::\n\n"
        ":::{risk} Personalbrist\n:id: personalbrist\n:bedömning: grön\n:::\n",
    )
    findings = _check(plan, follow_up)
    assert [(finding.path, finding.line, finding.code) for finding in findings] == [(T1, 9, "TY010")]
    assert "Menade du 'digital-service' (Digital service)?" in findings[0].message
    assert "Skriv ':id: digital-service'" in findings[0].message


def test_a_new_id_whose_title_is_no_plan_object_keeps_ty010_and_ty014():
    plan = _read(PLAN, "nämndplan", "2023", "Kommunstyrelsen", DIGITAL)
    follow_up = _read(
        T1,
        "delårsrapport",
        "2023-T1",
        "Kommunstyrelsen",
        ":::{risk} Digital service\n:id: digitala-tjanster\n:bedömning: grön\n:::\n\n"  # same title, another kind
        ":::{risk} Personalbrist\n:id: personalbrist\n:bedömning: grön\n:::\n",
    )
    findings = _check(plan, follow_up)
    assert sorted((finding.line, finding.code) for finding in findings) == [(1, "TY014"), (9, "TY010")]
    assert "Menade du" not in next(finding for finding in findings if finding.code == "TY010").message


def test_a_follow_up_before_the_plan_that_defines_its_id_is_ty030():
    plan = _read(PLAN, "kommunplan", "2023", "Kommunstyrelsen", DIGITAL)
    early = _read(
        "reports/2022/T1/kommunstyrelsen.md",
        "delårsrapport",
        "2022-T1",
        "Kommunstyrelsen",
        DIGITAL.replace(":::\n", ":status: grön\n:::\n", 1),
    )
    findings = [finding for finding in _check(plan, early) if finding.code == "TY030"]
    assert [(finding.path, finding.line) for finding in findings] == [
        ("reports/2022/T1/kommunstyrelsen.md", line) for line in (9, 14)
    ]
    assert "2022-T1" in findings[0].message and "kommunplanen 2023 för Kommunstyrelsen" in findings[0].message


def test_another_organ_following_up_a_namndplan_is_ty030_but_a_kommunplan_is_followed_up_by_all():
    social = _read("reports/2023/plan/socialnamnden.md", "nämndplan", "2023", "Socialnämnden", DIGITAL)
    follow_up = _read(T1, "delårsrapport", "2023-T1", "Kommunstyrelsen", DIGITAL.replace(":::\n", ":status: grön\n:::\n", 1))
    findings = [finding for finding in _check(social, follow_up) if finding.code == "TY030"]
    assert [(finding.path, finding.line) for finding in findings] == [(T1, 9), (T1, 14)]
    assert "nämndplanen 2023 för Socialnämnden" in findings[0].message and "Kommunstyrelsen" in findings[0].message
    council = _read("reports/2023/plan/kommunfullmaktige.md", "kommunplan", "2023", "Kommunfullmäktige", DIGITAL)
    assert [finding for finding in _check(council, follow_up) if finding.code == "TY030"] == []


def test_a_later_year_follows_up_an_earlier_plan_and_one_fitting_plan_is_enough():
    plan = _read(PLAN, "nämndplan", "2023", "Kommunstyrelsen", DIGITAL)
    later = _read("reports/2024/plan/kommunstyrelsen.md", "nämndplan", "2024", "Kommunstyrelsen", DIGITAL)
    follow_up = _read(
        "reports/2024/T1/kommunstyrelsen.md",
        "delårsrapport",
        "2024-T1",
        "Kommunstyrelsen",
        DIGITAL.replace(":::\n", ":status: grön\n:::\n", 1),
    )
    assert [finding for finding in _check(plan, follow_up) if finding.code == "TY030"] == []
    assert [finding for finding in _check(plan, later, follow_up) if finding.code == "TY030"] == []


# --- 5. Characters that cannot be seen ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown_as"),
    [
        ("gul\u200b", "gul⟨U+200B⟩"),
        ("gul\u00ad", "gul⟨U+00AD⟩"),
        ("a\x1b[31mb", "a⟨U+001B⟩[31mb"),
        ("\ufeffperiod", "⟨U+FEFF⟩period"),
        ("rad\u2028två", "rad⟨U+2028⟩två"),
        ("å ä ö – 1\u00a0234 \ufffd", "å ä ö – 1\u00a0234 \ufffd"),  # visible characters, and a no-break space, stay
    ],
)
def test_invisible_and_control_characters_are_shown_by_their_code_point(text, shown_as):
    assert visible(text) == shown_as
    assert shorten(text) == " ".join(shown_as.split())
    assert shown(text) == " ".join(shown_as.split())
    assert quoted_list([text]) == f"'{shown_as}'"


def test_every_message_shows_what_it_quotes_and_the_hint_names_the_character():
    assert Finding("x.md", 1, "TY006", "'gul\u200b' är fel").message == "'gul⟨U+200B⟩' är fel"
    assert did_you_mean("gul\u200b", ["grön", "gul"]).startswith(" Menade du 'gul'? Värdet innehåller ett tecken som inte syns")
    with pytest.raises(StatusError, match=r"'gul⟨U\+200B⟩' är ingen giltig status\. Menade du 'gul'\?.*nollbreddsmellanslag"):
        parse_status("gul\u200b")
    with pytest.raises(StatusError, match=r"ta bort '\.' efter ordet och skriv 'gul'"):
        parse_status("Gul.")


def test_an_object_field_with_an_invisible_character_says_so_on_its_line():
    document = _read(
        T1,
        "delårsrapport",
        "2023-T1",
        "Kommunstyrelsen",
        ":::{uppdrag} Digital service\n:id: digital-service\n:status: gul\u200b\n:::\n",
    )
    assert [(finding.line, finding.code) for finding in document.findings] == [(11, "TY006")]
    assert "'gul⟨U+200B⟩'" in document.findings[0].message


def test_a_byte_order_mark_in_the_middle_of_a_file_is_dropped_and_loses_no_object():
    body = ":::{uppdrag} Digital service\n:id: digital-service\n:status: grön\n:::\n\n\ufeff:::{uppdrag} Öppna data\n:id: oppna-data\n:status: grön\n:::\n"
    document = _read(T1, "delårsrapport", "2023-T1", "Kommunstyrelsen", body)
    assert document.findings == [] and [obj.id for obj in document.objects] == ["digital-service", "oppna-data"]


# --- 6. Digits of other scripts -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["４", "٣", "1٢", "۴,5", "१२", "2023: ６０"])
def test_digits_of_other_scripts_are_no_number(text):
    assert other_digits(text)
    with pytest.raises(NumberError, match=r"siffror från en annan skrift.*Skriv med siffrorna 0–9"):
        parse_series(text) if ":" in text else parse_number(text)


@pytest.mark.parametrize("text", ["２０２３", "٢٠٢٣-T1", "2023-T١"])
def test_digits_of_other_scripts_are_no_period(text):
    with pytest.raises(PeriodError, match="siffror från en annan skrift"):
        parse_period(text)


def test_plain_digits_with_no_break_spaces_are_still_numbers():
    assert parse_number("1\u00a0234") == parse_number("1\u202f234") == parse_number("1 234") == 1234


@pytest.mark.parametrize(("field", "code"), [("sannolikhet", "TY016"), ("konsekvens", "TY016"), ("risknivå", "TY016")])
def test_a_risk_level_in_other_digits_is_ty016(field, code):
    options = {"id": "brand", field: "４"}
    source = ObjectSource(Kind.RISK, "Brand", options, {key: 10 + index for index, key in enumerate(options)}, "", "d", "d.md", 9)
    _, findings = read_object(source, None, VOCABULARY)
    found = [finding for finding in findings if finding.code == code]
    assert [finding.line for finding in found] == [11]
    assert "Skriv med siffrorna 0–9: '4'" in found[0].message
