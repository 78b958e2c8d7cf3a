"""The model layer without Sphinx: periods, statuses, ids, numbers, series, front matter and object rules."""

from __future__ import annotations

import decimal
import sys

import pytest

from tyreso_ext.model.aggregate import level_band, risk_grid
from tyreso_ext.model.findings import CODES, Finding
from tyreso_ext.model.frontmatter import read_report
from tyreso_ext.model.ids import IdError, parse_id, slugify
from tyreso_ext.model.numbers import NumberError, Point, format_number, parse_number, parse_point, parse_series
from tyreso_ext.model.object_rules import ObjectSource, read_object
from tyreso_ext.model.objects import Kind, ReportKind
from tyreso_ext.model.period import Period, PeriodError, parse_period
from tyreso_ext.model.status import Status, StatusError, parse_status
from tyreso_ext.model.vocabulary import Vocabulary

VOCABULARY = Vocabulary()


def test_the_model_does_not_need_sphinx():
    """The rules must run in `tyreso check` without Sphinx: the model package imports none of it."""
    import tyreso_ext.model.aggregate
    import tyreso_ext.model.collection_rules
    import tyreso_ext.model.object_rules  # noqa: F401

    model_modules = [name for name in sys.modules if name.startswith("tyreso_ext.model")]
    for name in model_modules:
        source = sys.modules[name].__file__
        with open(source, encoding="utf-8") as handle:
            code = handle.read()
        assert "import sphinx" not in code and "from sphinx" not in code, name
        assert "import docutils" not in code and "from docutils" not in code, name


# --- periods -----------------------------------------------------------------------------------


def test_periods_sort_in_time():
    codes = ["2024-T1", "2023-ÅR", "2023-T2", "2023", "2023-T1"]
    ordered = sorted(parse_period(code) for code in codes)
    assert [period.code for period in ordered] == ["2023", "2023-T1", "2023-T2", "2023-ÅR", "2024-T1"]
    assert (
        parse_period("2023")
        < parse_period("2023-T1")
        < parse_period("2023-T2")
        < parse_period("2023-ÅR")
        < parse_period("2024-T1")
    )
    assert parse_period("2023-ÅR") < parse_period("2024")


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("2023", "2023"),
        (2023, "2023"),
        ("2023-T1", "2023-T1"),
        ("2023-t2", "2023-T2"),
        ("2023 – T1", "2023-T1"),
        ("2023-ÅR", "2023-ÅR"),
        ("2023-år", "2023-ÅR"),
        ("2023-AR", "2023-ÅR"),
    ],
)
def test_period_codes_are_read_forgivingly_and_written_canonically(written, code):
    period = parse_period(written)
    assert period.code == code
    assert str(period) == code


def test_period_words_and_slugs():
    assert parse_period("2023-T1").description == "tertial 1 2023"
    assert parse_period("2023-ÅR").slug == "2023-ar"
    assert parse_period("2023").is_plan_year
    assert not parse_period("2023-T2").is_plan_year


@pytest.mark.parametrize("written", ["2023-T3", "2023-Q1", "23", "T1-2023", "", "2023-", True, 12345, "0999"])
def test_invalid_periods_name_the_allowed_forms(written):
    with pytest.raises(PeriodError) as error:
        parse_period(written)
    assert "'-T1', '-T2' eller '-ÅR'" in str(error.value)


# --- statuses ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("grön", Status.GRON),
        ("Grön", Status.GRON),
        ("gron", Status.GRON),
        ("GRÖN", Status.GRON),
        (" grön ", Status.GRON),
        ("Gul", Status.GUL),
        ("röd", Status.ROD),
        ("ROD", Status.ROD),
        ("ej bedömd", Status.EJ_BEDOMD),
        ("Ej  bedomd", Status.EJ_BEDOMD),
    ],
)
def test_status_is_forgiving_about_case_and_diacritics(written, status):
    assert parse_status(written) is status


@pytest.mark.parametrize("written", ["grönt", "grönt?", "gröna"])
def test_status_near_miss_names_allowed_values_and_suggests(written):
    with pytest.raises(StatusError) as error:
        parse_status(written)
    message = str(error.value)
    assert f"'{written}' är ingen giltig status." in message
    assert "Menade du 'grön'?" in message
    assert "Tillåtna värden är 'grön', 'gul', 'röd' eller 'ej bedömd'." in message


@pytest.mark.parametrize("written", ["blå", "ok", "", "   "])
def test_status_far_off_or_empty_is_an_error(written):
    with pytest.raises(StatusError) as error:
        parse_status(written)
    assert "Tillåtna värden är 'grön', 'gul', 'röd' eller 'ej bedömd'." in str(error.value)
    assert "Menade du" not in str(error.value)


def test_status_labels_are_words():
    assert [status.label for status in Status] == ["Grön", "Gul", "Röd", "Ej bedömd"]
    assert Status.GUL.needs_explanation and Status.ROD.needs_explanation
    assert not Status.GRON.needs_explanation and not Status.EJ_BEDOMD.needs_explanation


# --- ids -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["ordning-och-reda-i-ekonomin", "a", "mal-2023", "x1-y2"])
def test_valid_ids(written):
    assert parse_id(written) == written


def test_uppercase_id_is_an_error_with_the_lowercase_suggestion():
    with pytest.raises(IdError) as error:
        parse_id("Ordning-och-reda")
    assert "versaler" in str(error.value)
    assert "Skriv till exempel 'ordning-och-reda'." in str(error.value)


def test_id_with_swedish_letters_is_an_error_with_an_ascii_suggestion():
    with pytest.raises(IdError) as error:
        parse_id("minskade-klimatutsläpp")
    assert "utan å, ä, ö" in str(error.value)
    assert "Skriv till exempel 'minskade-klimatutslapp'." in str(error.value)


def test_cyrillic_look_alike_in_id_is_named():
    cyrillic_o = "\u043e"
    with pytest.raises(IdError) as error:
        parse_id(f"{cyrillic_o}rdning")
    message = str(error.value)
    assert "CYRILLIC SMALL LETTER O" in message
    assert "Skriv till exempel 'ordning'." in message


@pytest.mark.parametrize("written", ["ordning--reda", "-ordning", "ordning-", "ordning_reda", "ordning reda", "", "a" * 81])
def test_malformed_ids(written):
    with pytest.raises(IdError):
        parse_id(written)


def test_slugify_makes_ids_from_titles():
    assert slugify("Ordning och reda i ekonomin") == "ordning-och-reda-i-ekonomin"
    assert slugify("Minskade klimatutsläpp, starkt park- och naturmiljö") == "minskade-klimatutslapp-starkt-park-och-naturmiljo"


# --- numbers and series ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("7,4", "7.4"),
        ("58", "58"),
        ("452 707", "452707"),
        ("452\u00a0707", "452707"),
        ("−1 234,5", "-1234.5"),
        ("-3", "-3"),
        ("+12", "12"),
        ("0,05", "0.05"),
    ],
)
def test_swedish_numbers(written, value):
    assert parse_number(written) == decimal.Decimal(value)


@pytest.mark.parametrize("written", ["sju", "7,4,1", "1 2,3 4,5", "", "7 %", "1" * 19])
def test_not_numbers(written):
    with pytest.raises(NumberError):
        parse_number(written)


def test_numbers_are_displayed_the_swedish_way():
    assert format_number(decimal.Decimal("7.4")) == "7,4"
    assert format_number(decimal.Decimal("452707")) == "452\u00a0707"
    assert format_number(decimal.Decimal("-9334")) == "\u22129\u00a0334"
    assert format_number(decimal.Decimal("100")) == "100"


def test_point_and_series():
    assert parse_point("2021: 58") == Point(Period(2021), decimal.Decimal(58))
    series = parse_series("2022: 60; 2023-T1: 61,5")
    assert series == (Point(Period(2022), decimal.Decimal(60)), Point(Period(2023, 1), decimal.Decimal("61.5")))
    labelled = parse_series("riket 2021: 58; länet 2021: 55", labelled=True)
    assert [(point.label, point.period.code, point.value) for point in labelled] == [
        ("riket", "2021", decimal.Decimal(58)),
        ("länet", "2021", decimal.Decimal(55)),
    ]


@pytest.mark.parametrize(
    ("written", "labelled", "hint"),
    [
        ("2022 60", False, "period: värde"),
        ("riket 2021: 58", False, "period: värde"),
        ("2021: 58", True, "saknar namn på jämförelsen"),
        ("2023-T5: 3", False, "ingen giltig period"),
        ("2021: många", False, "inget tal"),
        (" ; ", False, "Serien är tom"),
    ],
)
def test_bad_series(written, labelled, hint):
    with pytest.raises(NumberError) as error:
        parse_series(written, labelled=labelled)
    assert hint in str(error.value)


# --- front matter: plans and follow-ups -------------------------------------------------------


def _front(**fields: str) -> str:
    lines = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return f"---\n{lines}---\n\n# Rubrik\n"


def test_plan_and_follow_up_front_matter():
    plan, findings = read_report(
        _front(rapporttyp="kommunplan", period='"2023"', organ="Kommunstyrelsen"), "p", "p.md", VOCABULARY
    )
    assert findings == []
    assert plan.kind is ReportKind.KOMMUNPLAN and plan.is_plan
    assert plan.period == Period(2023)
    follow_up, findings = read_report(
        _front(rapporttyp="delårsrapport", period="2023-T1", organ="Kommunstyrelsen"), "f", "f.md", VOCABULARY
    )
    assert findings == []
    assert follow_up.kind is ReportKind.DELARSRAPPORT and not follow_up.is_plan
    assert follow_up.period == Period(2023, 1)
    assert follow_up.display_title == "Delårsrapport 2023-T1 Kommunstyrelsen"


def test_unquoted_plan_year_is_accepted():
    report, findings = read_report(
        _front(rapporttyp="nämndplan", period="2023", organ="Kommunstyrelsen"), "p", "p.md", VOCABULARY
    )
    assert findings == []
    assert report.period == Period(2023)


def test_plan_with_a_follow_up_period_is_flagged_on_the_period_line():
    _report, findings = read_report(
        _front(rapporttyp="kommunplan", period="2023-T1", organ="Kommunstyrelsen"), "p", "p.md", VOCABULARY
    )
    assert [(finding.code, finding.line) for finding in findings] == [("TY007", 3)]
    assert "Skriv bara året, till exempel '2023'" in findings[0].message


def test_follow_up_with_a_plan_year_is_flagged_on_the_period_line():
    _report, findings = read_report(
        _front(rapporttyp="uppföljning", period="2023", organ="Kommunstyrelsen"), "f", "f.md", VOCABULARY
    )
    assert [(finding.code, finding.line) for finding in findings] == [("TY007", 3)]
    assert "'2023-T1'" in findings[0].message


def test_front_matter_missing_field_and_unknown_field():
    source = "---\nrapporttyp: delårsrapport\nperiod: 2023-T1\nperiode: 2023\n---\n"
    _report, findings = read_report(source, "f", "f.md", VOCABULARY)
    assert sorted((finding.code, finding.line) for finding in findings) == [("TY003", 4), ("TY004", 1)]
    unknown = next(finding for finding in findings if finding.code == "TY003")
    assert "Menade du 'period'?" in unknown.message


def test_goal_area_statuses_in_front_matter():
    source = (
        "---\nrapporttyp: delårsrapport\nperiod: 2023-T1\norgan: KS\nmåluppfyllelse:\n  Kvalitet: gron\n  leverans: GUL\n---\n"
    )
    report, findings = read_report(source, "f", "f.md", VOCABULARY)
    assert findings == []
    assert report.goal_area_status == {"Kvalitet": Status.GRON, "Leverans": Status.GUL}


# --- object rules --------------------------------------------------------------------------------


def _read(kind: Kind, options: dict[str, str], *, plan: bool, title: str = "Rubrik"):
    period = "2023" if plan else "2023-T1"
    kind_word = "kommunplan" if plan else "delårsrapport"
    report, _ = read_report(_front(rapporttyp=kind_word, period=f'"{period}"', organ="Kommunstyrelsen"), "r", "r.md", VOCABULARY)
    lines = {key: 11 + index for index, key in enumerate(options)}
    source = ObjectSource(kind, title, options, lines, "", "r", "r.md", 10)
    return read_object(source, report, VOCABULARY)


def test_plan_objects_need_no_status_but_follow_ups_do():
    obj, findings = _read(Kind.UPPDRAG, {"id": "ett-uppdrag"}, plan=True)
    assert findings == []
    assert obj.in_plan and obj.status is None
    obj, findings = _read(Kind.UPPDRAG, {"id": "ett-uppdrag"}, plan=False)
    assert [(finding.code, finding.line) for finding in findings] == [("TY004", 10)]
    assert not obj.in_plan


def test_risk_follow_up_needs_bedomning_not_status():
    obj, findings = _read(Kind.RISK, {"id": "en-risk", "risknivå": "20", "bedömning": "Gul"}, plan=False)
    assert findings == []
    assert obj.status is Status.GUL
    assert obj.risk_level == 20


def test_risk_level_is_the_product_when_only_probability_and_consequence_are_given():
    obj, findings = _read(Kind.RISK, {"id": "en-risk", "sannolikhet": "4", "konsekvens": "5"}, plan=True)
    assert findings == []
    assert obj.risk_level == 20


def test_unknown_field_suggests_the_known_one():
    _, findings = _read(Kind.UPPDRAG, {"id": "ett", "ansvarigt": "KS"}, plan=True)
    assert [(finding.code, finding.line) for finding in findings] == [("TY005", 12)]
    assert "Menade du 'ansvarig'?" in findings[0].message


def test_alias_for_a_risk_status_suggests_bedomning():
    _, findings = _read(Kind.RISK, {"id": "en-risk", "bedömning": "grön", "status": "grön"}, plan=False)
    assert [finding.code for finding in findings] == ["TY005"]
    assert "Menade du 'bedömning'?" in findings[0].message


@pytest.mark.parametrize(
    ("outcome", "status", "codes"),
    [
        # Target missed in its own year but stated grön.
        ("2018: 7,4", "grön", ["TY015"]),
        ("2018: 7,4", "röd", []),
        ("2018: 7,4", "gul", []),
        # Target missed before its year: not grön either (seed 002: 7,4 % against at most 4 % by 2018).
        ("2016: 7,4", "grön", ["TY015"]),
        ("2016: 7,4", "gul", []),
        ("2016: 7,4", "röd", []),
        # Target reached (lower is better) but stated gul or röd.
        ("2016: 3,9", "gul", ["TY015"]),
        ("2016: 3,9", "röd", ["TY015"]),
        ("2016: 3,9", "grön", []),
        # Not assessed is never a contradiction.
        ("2016: 3,9", "ej bedömd", []),
        # The latest outcome counts, not the first.
        ("2016: 3,9; 2018: 7,4", "grön", ["TY015"]),
    ],
)
def test_indicator_status_contradicting_its_numbers(outcome, status, codes):
    options = {"id": "ind", "riktning": "lägre", "målvärde": "2018: 4", "utfall": outcome, "status": status}
    _, findings = _read(Kind.INDIKATOR, options, plan=False)
    assert [finding.code for finding in findings] == codes
    if codes:
        # Located on the status line (the fifth option).
        assert findings[0].line == 15


# --- aggregation helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "band"),
    [(1, "lag"), (4, "lag"), (5, "medel"), (9, "medel"), (10, "hog"), (15, "hog"), (16, "mycket-hog"), (25, "mycket-hog")],
)
def test_risk_level_bands(level, band):
    assert level_band(level) == band


def test_risk_grid_places_risks_with_both_numbers_and_lists_level_only_risks_apart():
    placed, _ = _read(Kind.RISK, {"id": "placerad", "sannolikhet": "4", "konsekvens": "5", "risknivå": "20"}, plan=True)
    level_only, _ = _read(Kind.RISK, {"id": "bara-niva", "risknivå": "15"}, plan=True)
    neither, _ = _read(Kind.RISK, {"id": "ingen-niva"}, plan=True)
    grid, apart = risk_grid([placed, level_only, neither])
    assert grid == {(4, 5): [placed]}
    assert apart == [level_only]


def test_every_code_has_a_description_and_unknown_codes_are_refused():
    # TY001–TY026, then codes added by feature (TY034–TY036 Kolada …): never reused, so the list may have gaps.
    assert [f"TY{number:03d}" for number in range(1, 27)] == sorted(CODES)[:26]
    assert all(len(code) == 5 and code.startswith("TY") and code[2:].isdigit() and CODES[code] for code in CODES)
    assert {"TY034", "TY035", "TY036"} <= set(CODES)
    assert {"TY027", "TY028", "TY029"} <= set(CODES)  # the URL policy
    assert Finding("a.md", 3, "TY006", "x").as_line() == "a.md:3:1: TY006 x"
    with pytest.raises(KeyError):
        Finding("a.md", 3, "TY999", "x")


# --- options of the aggregations (read the same way by the build and `tyreso check`) -----------------


def test_aggregate_options_make_a_selection():
    from tyreso_ext.model.aggregate import read_aggregate_options

    given, selection, findings = read_aggregate_options(
        "statustabell", {"period": "2023-t1", "typ": "mål, indikatorer", "målområde": "leverans"}, {}, "r.md", 5, VOCABULARY
    )
    assert findings == []
    assert given == {"period", "typ", "målområde"}
    assert selection.period == Period(2023, 1)
    assert selection.kinds == (Kind.MAL, Kind.INDIKATOR)
    assert selection.goal_area == "Leverans"
    _, default, _ = read_aggregate_options("målområdesöversikt", {}, {}, "r.md", 5, VOCABULARY)
    assert default.kinds == (Kind.UPPDRAG, Kind.MAL)


def test_aggregate_option_problems_are_located_on_their_lines():
    from tyreso_ext.model.aggregate import read_aggregate_options

    options = {"perioden": "2023-T1", "typ": "uppdragen", "organ": "Kommunstyrelsn", "period": "2023-T9"}
    lines = {"perioden": 6, "typ": 7, "organ": 8, "period": 9}
    vocabulary = Vocabulary(organs=("Kommunstyrelsen",))
    _, selection, findings = read_aggregate_options("statustabell", options, lines, "r.md", 5, vocabulary)
    assert [(finding.code, finding.line) for finding in findings] == [("TY005", 6), ("TY007", 9), ("TY016", 7), ("TY016", 8)]
    assert "Menade du 'period'?" in findings[0].message
    assert "Menade du 'uppdrag'?" in findings[2].message
    assert "Menade du 'Kommunstyrelsen'?" in findings[3].message
    assert selection.kinds == (Kind.UPPDRAG,) and selection.period is None and selection.organ == ""
    _, _, findings = read_aggregate_options("riskmatris", {"typ": "risk"}, {"typ": 6}, "r.md", 5, VOCABULARY)
    assert [(finding.code, finding.line) for finding in findings] == [("TY005", 6)]
