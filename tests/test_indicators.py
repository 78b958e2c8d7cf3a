"""Indicator series: the chart and its table of values, deterministic SVG bytes, and status from the numbers."""

from __future__ import annotations

import decimal
import hashlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import ROOTS, body, caption, table_headers, table_rows, text, tyreso_warnings

from tyreso_ext.model.frontmatter import read_report
from tyreso_ext.model.indicators import IndicatorChart, Series, indicator_chart, text_alternative, value_table
from tyreso_ext.model.object_rules import ObjectSource, expected_indicator_status, read_object
from tyreso_ext.model.objects import Kind
from tyreso_ext.model.status import Status
from tyreso_ext.model.vocabulary import Vocabulary
from tyreso_ext.render.chart_svg import chart_file_name, render_svg

PLAN = "reports/2023/plan/kommunplan"
FINANCE = ROOTS / "test-finance"


def indicator(options: dict[str, str], *, follow_up: bool = False, title: str = "Sjukfrånvaro"):
    period, kind = ("2016-ÅR", "verksamhetsberättelse") if follow_up else ("2016", "kommunplan")
    front = f'---\nrapporttyp: {kind}\nperiod: "{period}"\norgan: Kommunstyrelsen\n---\n'
    report, _ = read_report(front, "r", "r.md", Vocabulary())
    lines = {key: 11 + index for index, key in enumerate(options)}
    return read_object(ObjectSource(Kind.INDIKATOR, title, options, lines, "", "r", "r.md", 10), report, Vocabulary())


SICK_LEAVE = {
    "id": "sjukfranvaro",
    "enhet": "%",
    "riktning": "lägre",
    "startläge": "2015: 7,6",
    "målvärde": "2018: 4",
    "utfall": "2016: 7,4",
}


# --- the series a chart shows ----------------------------------------------------------------------


def test_a_baseline_and_a_comparison_make_a_chart():
    obj, findings = indicator(
        {"id": "delaktighetsindex", "enhet": "%", "riktning": "högre", "startläge": "2021: 58", "jämförelse": "riket 2021: 58"}
    )
    assert findings == []
    chart = indicator_chart(obj)
    assert chart is not None
    assert chart.periods == ("2021",)
    assert [(one.label, one.kind, one.points) for one in chart.series] == [
        ("Startläge", "startläge", (("2021", decimal.Decimal(58)),)),
        ("Riket", "jämförelse", (("2021", decimal.Decimal(58)),)),
    ]
    assert chart.target is None and chart.direction == "högre" and chart.unit == "%"


def test_outcomes_target_and_two_comparisons():
    options = {**SICK_LEAVE, "utfall": "2017: 6,9; 2016: 7,4", "jämförelse": "riket 2016: 6,5; länet 2016: 6,1; riket 2017: 6,4"}
    chart = indicator_chart(indicator(options)[0])
    assert chart.periods == ("2015", "2016", "2017")
    assert [one.label for one in chart.series] == ["Startläge", "Utfall", "Riket", "Länet"]
    assert chart.series[1].points[0] == ("2016", decimal.Decimal("7.4"))  # in time order, whatever order written
    assert chart.target == ("2018", decimal.Decimal(4))
    headers, rows = value_table(chart)
    assert headers == ["Period", "Startläge", "Utfall", "Riket", "Länet", "Målvärde"]
    assert rows == [
        ["2015", "7,6", "–", "–", "–", "–"],
        ["2016", "–", "7,4", "6,5", "6,1", "–"],
        ["2017", "–", "6,9", "6,4", "–", "–"],
        ["2018", "–", "–", "–", "–", "4"],
    ]
    words = text_alternative(chart)
    assert words.startswith("Stapeldiagram: Sjukfrånvaro (%). Startläge 2015: 7,6. Utfall 2016: 7,4, 2017: 6,9.")
    assert "Målvärde 2018: 4, streckad linje. Lägre värden är bättre." in words


def test_a_single_number_makes_no_chart():
    assert indicator_chart(indicator({"id": "ett", "utfall": "2016: 79"})[0]) is None
    assert indicator_chart(indicator({"id": "inget", "enhet": "%"})[0]) is None


# --- deterministic SVG ---------------------------------------------------------------------------


CHART = IndicatorChart(
    title="Sjukfrånvaro",
    unit="%",
    direction="lägre",
    periods=("2015", "2016", "2017"),
    series=(
        Series("Startläge", "startläge", (("2015", decimal.Decimal("7.6")),)),
        Series("Utfall", "utfall", (("2016", decimal.Decimal("7.4")), ("2017", decimal.Decimal("-0.5")))),
        Series("Riket", "jämförelse", (("2016", decimal.Decimal("6.5")),)),
    ),
    target=("2018", decimal.Decimal(4)),
)


def test_the_same_numbers_give_the_same_svg_bytes():
    first, second = render_svg(CHART), render_svg(CHART)
    assert first == second
    assert chart_file_name(first) == chart_file_name(second)
    other = render_svg(IndicatorChart(**{**CHART.__dict__, "target": ("2018", decimal.Decimal(5))}))
    assert other != first and chart_file_name(other) != chart_file_name(first)


def test_the_svg_names_itself_and_carries_no_date():
    svg = render_svg(CHART).decode("utf-8")
    assert '<svg role="img" ' in svg
    assert f"<title>{text_alternative(CHART)}</title>" in svg
    assert "<dc:date>" not in svg


# --- the build: chart and table on the page -------------------------------------------------------


def series_blocks(app) -> dict[str, object]:
    blocks = {}
    for box in body(app, PLAN).select("div.tyreso-object"):
        block = box.select_one("div.tyreso-indicator-series")
        if block is not None:
            blocks[box["id"]] = block
    return blocks


@pytest.mark.sphinx("html", testroot="finance", freshenv=True)
def test_an_indicator_shows_its_chart_with_a_text_alternative_and_the_same_numbers_in_a_table(app):
    app.build()
    assert tyreso_warnings(app) == []
    blocks = series_blocks(app)
    assert set(blocks) == {"indikator-delaktighetsindex", "indikator-sjukfranvaro"}
    block = blocks["indikator-delaktighetsindex"]
    image = block.select_one("figure.tyreso-chart img.tyreso-chart-image")
    assert image["alt"] == (
        "Stapeldiagram: Kommunens delaktighetsindex (%). Startläge 2021: 58. Riket 2021: 58. "
        "Högre värden är bättre. Samma siffror finns i tabellen."
    )
    assert image["src"].startswith("../../../_images/indikator-") and image["src"].endswith(".svg")
    svg = Path(app.outdir) / "_images" / Path(image["src"]).name
    assert svg.is_file() and svg.read_bytes().startswith(b"<?xml")
    assert text(block.select_one("figure figcaption .caption-text")) == "Diagram: Kommunens delaktighetsindex (%)"
    values = block.select_one("table.tyreso-indicator-values")
    assert caption(values) == "Kommunens delaktighetsindex – värden (%)"
    assert table_headers(values) == ["Period", "Startläge", "Riket"]
    assert table_rows(values) == [["2021", "58", "58"]]
    assert values.select_one("tbody th") is not None  # the period is the row header
    sick = table_rows(blocks["indikator-sjukfranvaro"].select_one("table"))
    assert sick[0] == ["2015", "7,6", "–", "–", "–", "–"] and sick[-1] == ["2018", "–", "–", "–", "–", "4"]


@pytest.mark.sphinx("html", testroot="finance", freshenv=True)
def test_chart_bytes_are_the_same_in_two_builds(app, app_params, make_app, tmp_path):
    app.build()
    args, kwargs = app_params
    again = make_app(*args, **{**kwargs, "builddir": tmp_path / "again"})
    again.build()

    def pictures(built) -> dict[str, str]:
        folder = Path(built.outdir) / "_images"
        return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in folder.glob("indikator-*.svg")}

    assert pictures(app) == pictures(again)
    assert len(pictures(app)) == 2
    sources = [image["src"] for image in body(app, PLAN).select("img.tyreso-chart-image")]
    assert sources == [image["src"] for image in body(again, PLAN).select("img.tyreso-chart-image")]


@pytest.mark.sphinx("text", testroot="finance", freshenv=True)
def test_builders_without_pictures_keep_the_table_of_values(app):
    app.build()
    assert tyreso_warnings(app) == []
    output = (Path(app.outdir) / f"{PLAN}.txt").read_text(encoding="utf-8")
    assert "Kommunens delaktighetsindex – värden (%)" in output
    assert "Diagram: Kommunens delaktighetsindex (%)" in output


@pytest.mark.sphinx("tyreso-print", testroot="finance", freshenv=True)
def test_the_print_pages_for_the_pdf_show_the_chart_too(app):
    app.build()
    page = BeautifulSoup((Path(app.outdir) / f"{PLAN}.html").read_text(encoding="utf-8"), "html.parser")
    sources = [image["src"] for image in page.select("img.tyreso-chart-image")]
    assert len(sources) == 2
    for source in sources:  # a plain relative <img>, which WeasyPrint resolves against the page's own file
        assert (Path(app.outdir) / PLAN).parent.joinpath(source).resolve().is_file()


# --- status from the numbers (TY015) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "status", "expected", "flagged"),
    [
        # Seed 002: sick leave 7,4 % in 2016 against at most 4 % (by 2018) is not uppfyllt, so not grön.
        (SICK_LEAVE, "grön", Status.ROD, True),
        (SICK_LEAVE, "röd", Status.ROD, False),
        (SICK_LEAVE, "gul", Status.GUL, False),
        # The other direction: a reached target stated as gul or röd.
        ({**SICK_LEAVE, "utfall": "2016: 3,9"}, "gul", Status.GRON, True),
        ({**SICK_LEAVE, "utfall": "2016: 3,9"}, "röd", Status.GRON, True),
        ({**SICK_LEAVE, "utfall": "2016: 4"}, "grön", Status.GRON, False),  # exactly at the target
        # Higher is better.
        ({"id": "nojda", "riktning": "högre", "målvärde": "2023: 60", "utfall": "2023-T1: 70"}, "röd", Status.GRON, True),
        ({"id": "nojda", "riktning": "högre", "målvärde": "2023: 60", "utfall": "2023-T1: 50"}, "grön", Status.ROD, True),
        # Without direction or target the numbers say nothing.
        ({"id": "utan", "utfall": "2016: 7,4", "målvärde": "2018: 4"}, "grön", None, False),
        ({"id": "utan", "riktning": "lägre", "utfall": "2016: 7,4"}, "grön", None, False),
        # Ej bedömd never contradicts.
        (SICK_LEAVE, "ej bedömd", Status.EJ_BEDOMD, False),
    ],
)
def test_status_follows_from_target_direction_and_outcome(options, status, expected, flagged):
    obj, findings = indicator({**options, "status": status}, follow_up=True)
    assert expected_indicator_status(obj) == expected
    assert [finding.code for finding in findings] == (["TY015"] if flagged else [])


def test_the_contradiction_message_names_outcome_target_and_year():
    _, [finding] = indicator({**SICK_LEAVE, "status": "grön"}, follow_up=True)
    assert finding.line == 11 + len(SICK_LEAVE)  # the status line
    assert "har status grön, men utfallet 7,4 (2016) mot målvärdet högst 4 (2018)" in finding.message
    assert "inte är nått, så status kan inte vara grön" in finding.message
