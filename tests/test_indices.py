"""The registers (the domain's index pages): every object across periods as a table row, with its current status,
organ, målområde and last period, and each period with its status and a link."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import body, register_entries, table_headers, text

pytestmark = pytest.mark.sphinx("html", testroot="domain", freshenv=True)

KS = "Kommunstyrelsen"


def index_entries(app, name: str) -> dict[str, dict]:
    """{title: {"href", "status", "organ", "area", "last", "periods": [(period, status, href)]}} of a register page."""
    assert (Path(app.outdir) / f"{name}.html").is_file()
    return register_entries(app, name)


def test_uppdrag_index_lists_every_uppdrag_with_its_periods(app):
    app.build()
    entries = index_entries(app, "tyreso-uppdrag")
    assert list(entries) == ["Att samarbeta", "Fler familjehem", "Kompetens för framtiden", "Lokaler i balans", "Trygg skolväg"]
    trygg = entries["Trygg skolväg"]
    # The entry itself links to the newest occurrence, with its status, organ, målområde and period.
    assert trygg["href"] == "reports/2023/T2/kommunstyrelsen.html#uppdrag-trygg-skolvag"
    assert (trygg["status"], trygg["organ"], trygg["area"], trygg["last"]) == ("Grön", KS, "Leverans", "2023-T2")
    assert trygg["periods"] == [
        ("2023", "Plan", "reports/2023/plan/kommunstyrelsen.html#uppdrag-trygg-skolvag"),
        ("2023-T1", "Gul", "reports/2023/T1/kommunstyrelsen.html#uppdrag-trygg-skolvag"),
        ("2023-T2", "Grön", "reports/2023/T2/kommunstyrelsen.html#uppdrag-trygg-skolvag"),
    ]
    familjehem = entries["Fler familjehem"]
    assert (familjehem["status"], familjehem["organ"], familjehem["last"]) == ("Ej bedömd", "Socialnämnden", "2023-T1")
    assert familjehem["periods"] == [
        ("2023", "Plan", "reports/2023/plan/socialnamnden.html#uppdrag-fler-familjehem"),
        ("2023-T1", "Ej bedömd", "reports/2023/T1/socialnamnden.html#uppdrag-fler-familjehem"),
    ]


def test_risk_index_lists_risks_with_their_bedomning(app):
    app.build()
    entries = index_entries(app, "tyreso-risker")
    assert list(entries) == ["Brand i skollokaler", "Brist på familjehem", "Ökade energipriser"]
    assert [(period, status) for period, status, _ in entries["Brand i skollokaler"]["periods"]] == [
        ("2023", "Plan"),
        ("2023-T1", "Gul"),
        ("2023-T2", "Grön"),
    ]
    assert entries["Brand i skollokaler"]["organ"] == KS
    assert [(period, status) for period, status, _ in entries["Brist på familjehem"]["periods"]] == [
        ("2023", "Plan"),
        ("2023-T1", "Röd"),
    ]
    assert entries["Brist på familjehem"]["organ"] == "Socialnämnden"
    assert entries["Brist på familjehem"]["status"] == "Röd"
    assert [(period, status) for period, status, _ in entries["Ökade energipriser"]["periods"]] == [
        ("2023", "Plan"),
        ("2023-T1", "Grön"),
        ("2023-T2", "Grön"),
    ]


def test_indicator_and_goal_indices(app):
    app.build()
    indicators = index_entries(app, "tyreso-indikatorer")
    assert list(indicators) == ["Andel nöjda invånare"]
    assert indicators["Andel nöjda invånare"]["href"] == "reports/2023/T1/kommunstyrelsen.html#indikator-andel-nojda-invanare"
    assert indicators["Andel nöjda invånare"]["periods"] == [
        ("2023", "Plan", "reports/2023/plan/kommunstyrelsen.html#indikator-andel-nojda-invanare"),
        ("2023-T1", "Gul", "reports/2023/T1/kommunstyrelsen.html#indikator-andel-nojda-invanare"),
    ]
    goals = index_entries(app, "tyreso-mal")
    assert [(period, status) for period, status, _ in goals["Nöjda invånare"]["periods"]] == [
        ("2023", "Plan"),
        ("2023-T1", "Gul"),
    ]


def test_index_pages_have_swedish_headings_and_are_tables(app):
    app.build()
    headings = {
        name: text(body(app, name).find("h1")) for name in ("tyreso-uppdrag", "tyreso-mal", "tyreso-indikatorer", "tyreso-risker")
    }
    assert headings == {
        "tyreso-uppdrag": "Alla uppdrag över perioder",
        "tyreso-mal": "Alla mål över perioder",
        "tyreso-indikatorer": "Alla indikatorer över perioder",
        "tyreso-risker": "Alla risker över perioder",
    }
    register = body(app, "tyreso-uppdrag")
    table = register.select_one("table.tyreso-register")
    assert table_headers(table) == ["Uppdrag", "Status", "Organ", "Målområde", "Senaste period", "Perioder och status (historik)"]
    # An API reference no more: no monospace titles, no statuses behind toggles.
    assert register.select("code, table.modindextable, .toggler") == []
    # The browser's filters know which column is which (tyreso-tables.js); the table is whole without them.
    assert table.has_attr("data-tyreso-filter")
    assert [th.get("data-tyreso-column") for th in table.select("thead th")] == [
        "text",
        "status",
        "organ",
        "area",
        "period",
        None,
    ]
    region = table.find_parent("div", class_="tyreso-table-scroll")
    assert region is not None and region["role"] == "region" and region["tabindex"] == "0"
    assert region["aria-labelledby"] == table.select_one("caption span")["id"]
