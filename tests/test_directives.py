"""The object directives (uppdrag, mål, indikator, risk) as a reader sees them in the HTML."""

from __future__ import annotations

import pytest
from helpers import ROOTS, body, line_of, other_warnings, text, tyreso_warnings

T1 = "reports/2023/T1/kommunstyrelsen"
PLAN = "reports/2023/plan/kommunstyrelsen"


def facts(box) -> dict[str, str]:
    """The object's facts as {label: value}: those shown at once and those folded with its id."""
    facts_lists = box.select("dl.tyreso-facts")
    assert facts_lists
    names = [text(name).rstrip(":").strip() for facts_list in facts_lists for name in facts_list.find_all("dt")]
    values = [text(value) for facts_list in facts_lists for value in facts_list.find_all("dd")]
    return dict(zip(names, values, strict=True))


def badge(box):
    title = box.select_one(".tyreso-object-title")
    return title.select_one(".tyreso-badge")


@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_the_clean_root_builds_without_any_warning(app):
    app.build()
    assert tyreso_warnings(app) == []
    assert other_warnings(app) == []


OBJECTS = [
    pytest.param(
        "uppdrag-trygg-skolvag",
        "tyreso-uppdrag",
        "Uppdrag:",
        "Trygg skolväg",
        ("tyreso-badge-gul", "Gul"),
        {
            "Id": "trygg-skolvag",
            "Målområde": "Leverans",
            "Ansvarig": "Kommunstyrelsen",
            "Orsak": "Entreprenören är försenad.",
            "Åtgärder": "Ny tidplan är beslutad.",
        },
        "Uppföljning T1. Arbetet med skolvägen har påbörjats.",
        id="uppdrag",
    ),
    pytest.param(
        "mal-nojda-invanare",
        "tyreso-mal",
        "Mål:",
        "Nöjda invånare",
        ("tyreso-badge-gul", "Gul"),
        {
            "Id": "nojda-invanare",
            "Målområde": "Kvalitet",
            "Nivå": "kommun",
            "Orsak": "Färre svar än väntat.",
            "Åtgärder": "Fler dialogmöten.",
        },
        None,
        id="mål",
    ),
    pytest.param(
        "indikator-andel-nojda-invanare",
        "tyreso-indikator",
        "Indikator:",
        "Andel nöjda invånare",
        ("tyreso-badge-gul", "Gul"),
        {
            "Id": "andel-nojda-invanare",
            "Mål": "nojda-invanare",
            "Målområde": "Kvalitet",
            "Enhet": "%",
            "Riktning": "högre",
            "Startläge": "2021: 58",
            "Målvärde": "2026: 65",
            "Utfall": "2022: 59; 2023-T1: 60",
            "Jämförelse": "riket 2021: 55",
            "Källa": "Medborgarundersökningen",
        },
        None,
        id="indikator",
    ),
    pytest.param(
        "risk-brand-i-skollokaler",
        "tyreso-risk",
        "Risk:",
        "Brand i skollokaler",
        ("tyreso-badge-gul", "Gul"),
        {
            "Id": "brand-i-skollokaler",
            "Typ": "Leverans",
            "Sannolikhet": "4",
            "Konsekvens": "5",
            "Risknivå": "20",
            "Åtgärd": "Brandskyddsrond varje termin.",
            "Kommentar": "Ronden i mars blev inställd.",
        },
        None,
        id="risk",
    ),
]


@pytest.mark.parametrize(("anchor", "css", "kind_word", "title", "expected_badge", "expected_facts", "body_text"), OBJECTS)
@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_object_renders_title_badge_facts_body_and_anchor(
    app, anchor, css, kind_word, title, expected_badge, expected_facts, body_text
):
    app.build()
    box = body(app, T1).find(id=anchor)
    assert box is not None, f"no element with id {anchor}"
    assert {"tyreso-object", css} <= set(box["class"])
    heading = box.select_one(".tyreso-object-title")
    assert text(heading.select_one(".tyreso-object-kind")) == kind_word
    assert text(heading.find("strong")) == title
    found = badge(box)
    assert found is not None
    assert expected_badge[0] in found["class"] and "tyreso-badge" in found["class"]
    assert text(found) == expected_badge[1]
    assert facts(box) == expected_facts
    # The status is shown as the badge, not again as a fact.
    assert "Status" not in facts(box) and "Bedömning" not in facts(box)
    if body_text is not None:
        assert text(box.select_one(".tyreso-object-body")) == body_text
        assert text(box.select_one(".tyreso-object-body strong")) == "Uppföljning T1."
    else:
        assert box.select_one(".tyreso-object-body") is None
    assert box.select_one(".tyreso-problems") is None


@pytest.mark.parametrize(
    ("docname", "anchor", "css", "word"),
    [
        (T1, "uppdrag-kompetens-for-framtiden", "tyreso-badge-gron", "Grön"),
        (T1, "uppdrag-lokaler-i-balans", "tyreso-badge-rod", "Röd"),
        (T1, "risk-okade-energipriser", "tyreso-badge-gron", "Grön"),
        ("reports/2023/T1/socialnamnden", "uppdrag-fler-familjehem", "tyreso-badge-ej-bedomd", "Ej bedömd"),
        ("reports/2023/T2/kommunstyrelsen", "uppdrag-att-samarbeta", "tyreso-badge-gul", "Gul"),
    ],
)
@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_every_status_has_its_word_and_colour_class(app, docname, anchor, css, word):
    app.build()
    found = badge(body(app, docname).find(id=anchor))
    assert css in found["class"]
    assert text(found) == word


@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_plan_object_has_no_badge_and_keeps_its_text(app):
    app.build()
    page = body(app, PLAN)
    box = page.find(id="uppdrag-trygg-skolvag")
    assert text(box.select_one(".tyreso-object-title")) == "Uppdrag: Trygg skolväg"
    assert badge(box) is None
    assert facts(box) == {"Id": "trygg-skolvag", "Målområde": "Leverans", "Ansvarig": "Kommunstyrelsen"}
    assert text(box.select_one(".tyreso-object-body")) == "Planens text om skolvägen."
    # Every object of the plan has its anchor.
    anchors = {element["id"] for element in page.select(".tyreso-object")}
    assert anchors == {
        "uppdrag-trygg-skolvag",
        "uppdrag-kompetens-for-framtiden",
        "uppdrag-att-samarbeta",
        "uppdrag-lokaler-i-balans",
        "mal-nojda-invanare",
        "indikator-andel-nojda-invanare",
        "risk-brand-i-skollokaler",
        "risk-okade-energipriser",
    }


@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_risk_with_only_probability_and_consequence_shows_the_product(app):
    app.build()
    box = body(app, "reports/2023/T1/socialnamnden").find(id="risk-brist-pa-familjehem")
    assert facts(box) == {
        "Id": "brist-pa-familjehem",
        "Typ": "Leverans",
        "Sannolikhet": "3",
        "Konsekvens": "3",
        "Åtgärd": "Rekryteringskampanj.",
        "Kommentar": "Kampanjen startar i maj.",
        "Risknivå": "9 (sannolikhet × konsekvens)",
    }
    assert text(badge(box)) == "Röd"
    # A stated level is shown as written.
    assert facts(body(app, T1).find(id="risk-okade-energipriser"))["Risknivå"] == "12"


@pytest.mark.sphinx("html", testroot="domain", freshenv=True)
def test_report_header_shows_kind_period_and_organ(app):
    app.build()
    header = body(app, T1).select_one("dl.tyreso-report-facts")
    names = [text(name).rstrip(":").strip() for name in header.find_all("dt")]
    values = [text(value) for value in header.find_all("dd")]
    assert dict(zip(names, values, strict=True)) == {
        "Rapporttyp": "Delårsrapport",
        "Period": "2023-T1",
        "Organ": "Kommunstyrelsen",
    }


# --- a bad field still renders, with the problem box --------------------------------------------------

BROKEN_T1 = ROOTS / "test-broken" / "reports/2023/T1/kommunstyrelsen.md"


def problems(box) -> list[str]:
    """The listed problems; Sphinx's smart quotes turn ' into ’, so fold them back for comparison."""
    return [text(item).replace("\u2019", "'").replace("\u2018", "'") for item in box.select(".tyreso-problems li")]


@pytest.mark.sphinx("html", testroot="broken", freshenv=True)
def test_bad_status_and_unknown_field_render_with_the_problem_box(app):
    app.build()
    box = body(app, T1).find(id="uppdrag-trygg-skolvag")
    assert box is not None
    assert text(box.select_one(".tyreso-object-title strong")) == "Trygg skolväg"
    found = badge(box)
    assert "tyreso-badge-ogiltig" in found["class"]
    assert text(found) == "Ogiltig status: grönt"
    # The unknown field is not dropped: its value is shown as written, and the problem names it.
    assert facts(box) == {"Id": "trygg-skolvag", "Målområde": "Leverans", "Ansvarigt": "Kommunstyrelsen"}
    listed = problems(box)
    status_line = line_of(BROKEN_T1, ":status: grönt")
    field_line = line_of(BROKEN_T1, ":ansvarigt:")
    assert len(listed) == 2
    assert listed[0].startswith(f"TY006 (rad {status_line}):") and "Menade du 'grön'?" in listed[0]
    assert (
        listed[1].startswith(f"TY005 (rad {field_line}):") and "'ansvarigt'" in listed[1] and "Menade du 'ansvarig'?" in listed[1]
    )
    assert text(box.select_one(".tyreso-object-body")) == "Texten om skolvägen finns kvar trots felen."


@pytest.mark.parametrize(
    ("anchor", "label", "value", "code"),
    [
        ("mal-effektiv-forvaltning", "Nivå", "region", "TY016"),
        ("risk-okade-energipriser", "Risknivå", "30", "TY011"),
        ("risk-dataintrang", "Sannolikhet", "7", "TY013"),
        ("risk-brand-i-skollokaler", "Risknivå", "16", "TY012"),
    ],
)
@pytest.mark.sphinx("html", testroot="broken", freshenv=True)
def test_bad_value_is_shown_as_written_next_to_its_problem(app, anchor, label, value, code):
    app.build()
    box = body(app, T1).find(id=anchor)
    assert facts(box)[label] == value
    assert [item.split(" ")[0] for item in problems(box)] == [code]


@pytest.mark.sphinx("html", testroot="broken", freshenv=True)
def test_object_with_invalid_id_and_nested_object_are_not_dropped(app):
    app.build()
    page = body(app, T1)
    titles = [text(title.find("strong")) for title in page.select(".tyreso-object-title")]
    assert "Nytt uppdrag" in titles
    invalid = next(
        box for box in page.select(".tyreso-object") if text(box.select_one(".tyreso-object-title strong")) == "Nytt uppdrag"
    )
    assert invalid["id"] == f"uppdrag-rad-{line_of(BROKEN_T1, ':::{uppdrag} Nytt uppdrag')}"
    assert problems(invalid)[0].startswith("TY017")
    outer = page.find(id="uppdrag-digital-service")
    inner = outer.find(id="risk-personalbrist")
    assert inner is not None
    assert problems(inner)[0].startswith(f"TY018 (rad {line_of(BROKEN_T1, ':::{risk} Personalbrist')}):")
    assert "Självservice i e-tjänsterna." in text(outer)
