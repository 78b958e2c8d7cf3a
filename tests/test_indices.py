"""The domain's index pages: every object across periods, each period with its status and a link."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import body, text

pytestmark = pytest.mark.sphinx("html", testroot="domain", freshenv=True)

KS = "Kommunstyrelsen"


def index_entries(app, name: str) -> dict[str, dict]:
    """{title: {"id", "href", "periods": [(label, status, href)]}} from a generated domain index page."""
    assert (Path(app.outdir) / f"{name}.html").is_file()
    entries: dict[str, dict] = {}
    current = None
    for row in body(app, name).select("table.modindextable tr"):
        link = row.find("a")
        if link is None:
            continue
        label, note = text(link), text(row.find("em")).strip("()")
        if any(css.startswith("cg-") for css in row.get("class", [])):
            current["periods"].append((label, note, link["href"]))
        else:
            current = entries[label] = {"id": note, "href": link["href"], "periods": []}
    return entries


def test_uppdrag_index_lists_every_uppdrag_with_its_periods(app):
    app.build()
    entries = index_entries(app, "tyreso-uppdrag")
    assert list(entries) == ["Att samarbeta", "Fler familjehem", "Kompetens för framtiden", "Lokaler i balans", "Trygg skolväg"]
    trygg = entries["Trygg skolväg"]
    assert trygg["id"] == "trygg-skolvag"
    # The entry itself links to the newest occurrence.
    assert trygg["href"] == "reports/2023/T2/kommunstyrelsen.html#uppdrag-trygg-skolvag"
    assert trygg["periods"] == [
        (f"2023 – {KS}", "Plan", "reports/2023/plan/kommunstyrelsen.html#uppdrag-trygg-skolvag"),
        (f"2023-T1 – {KS}", "Gul", "reports/2023/T1/kommunstyrelsen.html#uppdrag-trygg-skolvag"),
        (f"2023-T2 – {KS}", "Grön", "reports/2023/T2/kommunstyrelsen.html#uppdrag-trygg-skolvag"),
    ]
    assert entries["Fler familjehem"]["periods"] == [
        ("2023 – Socialnämnden", "Plan", "reports/2023/plan/socialnamnden.html#uppdrag-fler-familjehem"),
        ("2023-T1 – Socialnämnden", "Ej bedömd", "reports/2023/T1/socialnamnden.html#uppdrag-fler-familjehem"),
    ]


def test_risk_index_lists_risks_with_their_bedomning(app):
    app.build()
    entries = index_entries(app, "tyreso-risker")
    assert list(entries) == ["Brand i skollokaler", "Brist på familjehem", "Ökade energipriser"]
    assert [(label, status) for label, status, _ in entries["Brand i skollokaler"]["periods"]] == [
        (f"2023 – {KS}", "Plan"),
        (f"2023-T1 – {KS}", "Gul"),
        (f"2023-T2 – {KS}", "Grön"),
    ]
    assert [(label, status) for label, status, _ in entries["Brist på familjehem"]["periods"]] == [
        ("2023 – Socialnämnden", "Plan"),
        ("2023-T1 – Socialnämnden", "Röd"),
    ]
    assert [(label, status) for label, status, _ in entries["Ökade energipriser"]["periods"]] == [
        (f"2023 – {KS}", "Plan"),
        (f"2023-T1 – {KS}", "Grön"),
        (f"2023-T2 – {KS}", "Grön"),
    ]


def test_indicator_and_goal_indices(app):
    app.build()
    indicators = index_entries(app, "tyreso-indikatorer")
    assert list(indicators) == ["Andel nöjda invånare"]
    assert indicators["Andel nöjda invånare"]["id"] == "andel-nojda-invanare"
    assert indicators["Andel nöjda invånare"]["periods"] == [
        (f"2023 – {KS}", "Plan", "reports/2023/plan/kommunstyrelsen.html#indikator-andel-nojda-invanare"),
        (f"2023-T1 – {KS}", "Gul", "reports/2023/T1/kommunstyrelsen.html#indikator-andel-nojda-invanare"),
    ]
    goals = index_entries(app, "tyreso-mal")
    assert [(label, status) for label, status, _ in goals["Nöjda invånare"]["periods"]] == [
        (f"2023 – {KS}", "Plan"),
        (f"2023-T1 – {KS}", "Gul"),
    ]


def test_index_pages_have_swedish_headings(app):
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
