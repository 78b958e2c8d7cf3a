"""The aggregations: status tables, goal-area summary, period matrix, risk matrix and report list."""

from __future__ import annotations

import pytest
from helpers import body, caption, table_headers, table_rows, text

T1_PAGE = "reports/2023/T1/kommunstyrelsen"
PLAN_HTML = "reports/2023/plan/kommunstyrelsen.html"
T1_HTML = "reports/2023/T1/kommunstyrelsen.html"
T2_HTML = "reports/2023/T2/kommunstyrelsen.html"


def tables(app, docname: str, css: str = "tyreso-table") -> dict[str, object]:
    """The tyreso tables of a page (of one kind, by CSS class) by caption."""
    found = {}
    for table in body(app, docname).select(f"table.{css}"):
        name = caption(table)
        assert name not in found, f"two tables captioned {name!r}"
        found[name] = table
    return found


def links(table) -> dict[str, str]:
    """Row header text → link target, for tables whose first cell links to an object."""
    result = {}
    for row in table.select("tbody tr"):
        link = row.find(["th", "td"]).find("a")
        if link is not None:
            result[text(link)] = link["href"]
    return result


pytestmark = pytest.mark.sphinx("html", testroot="domain", freshenv=True)


# --- statustabell ---------------------------------------------------------------------------------


def test_status_table_of_a_period_for_all_organs_is_grouped_by_goal_area(app):
    app.build()
    found = tables(app, "oversikt", "tyreso-status-table")
    grouped = {name: found[name] for name in found if name.endswith("– uppdrag, 2023-T1")}
    # The site's order of målområden, objects without one first; no table for an empty group.
    assert list(grouped) == ["Övergripande – uppdrag, 2023-T1", "Medarbetare – uppdrag, 2023-T1", "Leverans – uppdrag, 2023-T1"]
    for table in grouped.values():
        assert table_headers(table) == ["Objekt", "Organ", "Ansvarig", "Status"]
    assert table_rows(grouped["Övergripande – uppdrag, 2023-T1"]) == [["Att samarbeta", "Kommunstyrelsen", "–", "Grön"]]
    assert table_rows(grouped["Medarbetare – uppdrag, 2023-T1"]) == [["Kompetens för framtiden", "Kommunstyrelsen", "–", "Grön"]]
    assert table_rows(grouped["Leverans – uppdrag, 2023-T1"]) == [
        ["Fler familjehem", "Socialnämnden", "–", "Ej bedömd"],
        ["Lokaler i balans", "Kommunstyrelsen", "–", "Röd"],
        ["Trygg skolväg", "Kommunstyrelsen", "Kommunstyrelsen", "Gul"],
    ]


def test_status_table_badges_and_links(app):
    app.build()
    table = tables(app, "oversikt")["Leverans – uppdrag, 2023-T1"]
    assert links(table) == {
        "Fler familjehem": "reports/2023/T1/socialnamnden.html#uppdrag-fler-familjehem",
        "Lokaler i balans": f"{T1_HTML}#uppdrag-lokaler-i-balans",
        "Trygg skolväg": f"{T1_HTML}#uppdrag-trygg-skolvag",
    }
    badges = [(text(badge), [css for css in badge["class"] if css != "tyreso-badge"]) for badge in table.select(".tyreso-badge")]
    assert badges == [("Ej bedömd", ["tyreso-badge-ej-bedomd"]), ("Röd", ["tyreso-badge-rod"]), ("Gul", ["tyreso-badge-gul"])]


def test_status_table_filtered_by_organ_and_goal_area(app):
    app.build()
    found = tables(app, "oversikt")
    name = "Leverans – uppdrag, 2023-T1, Kommunstyrelsen, målområde Leverans"
    assert name in found
    assert table_headers(found[name]) == ["Objekt", "Ansvarig", "Status"]
    assert table_rows(found[name]) == [["Lokaler i balans", "–", "Röd"], ["Trygg skolväg", "Kommunstyrelsen", "Gul"]]
    assert not [other for other in found if other.endswith("målområde Leverans") and other != name]


def test_status_table_filtered_by_kind(app):
    app.build()
    found = tables(app, "oversikt")
    # Risks have a typ, not a målområde: they share the ungrouped table.
    assert table_rows(found["Övergripande – risker, 2023-T1"]) == [
        ["Brand i skollokaler", "Kommunstyrelsen", "–", "Gul"],
        ["Brist på familjehem", "Socialnämnden", "–", "Röd"],
        ["Ökade energipriser", "Kommunstyrelsen", "–", "Grön"],
    ]
    mixed = found["Kvalitet – mål, indikatorer, 2023-T1, Kommunstyrelsen"]
    assert table_headers(mixed) == ["Objekt", "Typ", "Ansvarig", "Status"]
    assert table_rows(mixed) == [["Andel nöjda invånare", "Indikator", "–", "Gul"], ["Nöjda invånare", "Mål", "–", "Gul"]]


def test_status_table_in_a_report_defaults_to_its_period_and_organ(app):
    app.build()
    found = tables(app, T1_PAGE, "tyreso-status-table")
    assert list(found) == [
        "Övergripande – uppdrag, 2023-T1, Kommunstyrelsen",
        "Medarbetare – uppdrag, 2023-T1, Kommunstyrelsen",
        "Leverans – uppdrag, 2023-T1, Kommunstyrelsen",
    ]
    assert table_rows(found["Leverans – uppdrag, 2023-T1, Kommunstyrelsen"]) == [
        ["Lokaler i balans", "–", "Röd"],
        ["Trygg skolväg", "Kommunstyrelsen", "Gul"],
    ]


def test_status_table_without_a_period_outside_reports_shows_the_newest_period(app):
    app.build()
    status_tables = tables(app, "index", "tyreso-status-table")
    assert list(status_tables) == [
        "Övergripande – uppdrag, 2023-T2",
        "Medarbetare – uppdrag, 2023-T2",
        "Leverans – uppdrag, 2023-T2",
    ]
    assert table_rows(status_tables["Leverans – uppdrag, 2023-T2"]) == [
        ["Lokaler i balans", "Kommunstyrelsen", "–", "Gul"],
        ["Trygg skolväg", "Kommunstyrelsen", "Kommunstyrelsen", "Grön"],
    ]
    assert links(status_tables["Leverans – uppdrag, 2023-T2"])["Trygg skolväg"] == f"{T2_HTML}#uppdrag-trygg-skolvag"


# --- målområdesöversikt -------------------------------------------------------------------------------


def test_goal_area_summary_counts_and_stated_assessment(app):
    app.build()
    table = tables(app, "oversikt")["Måluppfyllelse per målområde – uppdrag, mål, 2023-T1, Kommunstyrelsen"]
    assert table_headers(table) == ["Målområde", "Bedömning", "Grön", "Gul", "Röd", "Ej bedömd", "Totalt"]
    assert table_rows(table) == [
        ["Övergripande", "–", "1", "0", "0", "0", "1"],
        ["Medarbetare", "–", "1", "0", "0", "0", "1"],
        # Kvalitet: the goal Nöjda invånare is gul; the report states gul in its front matter.
        ["Kvalitet", "Gul", "0", "1", "0", "0", "1"],
        # Leverans: Trygg skolväg gul, Lokaler i balans röd.
        ["Leverans", "Gul", "0", "1", "1", "0", "2"],
    ]
    # The same summary in the report itself, with the report's period and organ.
    same = tables(app, T1_PAGE)["Måluppfyllelse per målområde – uppdrag, mål, 2023-T1, Kommunstyrelsen"]
    assert table_rows(same) == table_rows(table)


# --- periodmatris -----------------------------------------------------------------------------------


def test_period_matrix_shows_each_period_side_by_side_with_links(app):
    app.build()
    table = tables(app, "oversikt")["Status per period – uppdrag, Kommunstyrelsen"]
    assert table_headers(table) == ["Objekt", "Målområde", "2023", "2023-T1", "2023-T2"]
    assert table_rows(table) == [
        ["Att samarbeta", "Övergripande", "Plan", "Grön", "Gul"],
        ["Kompetens för framtiden", "Medarbetare", "Plan", "Grön", "Grön"],
        ["Lokaler i balans", "Leverans", "Plan", "Röd", "Gul"],
        ["Trygg skolväg", "Leverans", "Plan", "Gul", "Grön"],
    ]
    row = next(row for row in table.select("tbody tr") if text(row.find(["th", "td"])) == "Trygg skolväg")
    cells = row.find_all(["th", "td"])[2:]
    assert [cell.find("a")["href"] for cell in cells] == [
        f"{PLAN_HTML}#uppdrag-trygg-skolvag",
        f"{T1_HTML}#uppdrag-trygg-skolvag",
        f"{T2_HTML}#uppdrag-trygg-skolvag",
    ]
    assert "tyreso-badge-gul" in cells[1].select_one(".tyreso-badge")["class"]
    assert "tyreso-badge-gron" in cells[2].select_one(".tyreso-badge")["class"]
    # Filtered by organ: Socialnämnden's uppdrag is not a row.
    assert "Fler familjehem" not in text(table)


# --- riskmatris --------------------------------------------------------------------------------------


def test_risk_matrix_places_a_risk_in_its_cell_with_the_level_class(app):
    app.build()
    found = tables(app, T1_PAGE)
    matrix = found["Riskmatris – risker, 2023-T1, Kommunstyrelsen"]
    assert table_headers(matrix) == ["Sannolikhet / konsekvens", *(f"Konsekvens {number}" for number in range(1, 6))]
    rows = {text(row.find("th")): row.find_all("td") for row in matrix.select("tbody tr")}
    assert list(rows) == [f"Sannolikhet {number}" for number in (5, 4, 3, 2, 1)]
    cell = rows["Sannolikhet 4"][4]  # Konsekvens 5
    assert text(cell) == "Nivå 20 Brand i skollokaler"
    assert {"tyreso-risk-cell", "tyreso-level-mycket-hog"} <= set(cell["class"])
    assert cell.find("a")["href"] == "#risk-brand-i-skollokaler"
    placed = [
        (probability, index + 1) for probability, cells in rows.items() for index, other in enumerate(cells) if other.find("a")
    ]
    assert placed == [("Sannolikhet 4", 5)]
    # Every cell carries its band: level 3 (1 × 3) is låg, 6 medel, 12 hög.
    assert "tyreso-level-lag" in rows["Sannolikhet 1"][2]["class"]
    assert "tyreso-level-medel" in rows["Sannolikhet 2"][2]["class"]
    assert "tyreso-level-hog" in rows["Sannolikhet 3"][3]["class"]


def test_risk_matrix_lists_level_only_risks_in_the_second_table(app):
    app.build()
    found = tables(app, T1_PAGE)
    table = found["Risker med angiven risknivå men utan sannolikhet och konsekvens – risker, 2023-T1, Kommunstyrelsen"]
    assert table_headers(table) == ["Risk", "Risknivå", "Nivåklass", "Bedömning"]
    assert table_rows(table) == [["Ökade energipriser", "12", "Hög", "Grön"]]
    level_cell = table.select("tbody tr")[0].find_all(["th", "td"])[2]
    assert "tyreso-level-hog" in level_cell["class"]
    assert links(table) == {"Ökade energipriser": "#risk-okade-energipriser"}


# --- rapportlista ------------------------------------------------------------------------------------


def test_report_list_by_year_period_and_organ(app):
    app.build()
    table = tables(app, "index")["Rapporter 2023"]
    assert table_headers(table) == ["Period", "Rapport", "Organ", "Rapporttyp"]
    assert table_rows(table) == [
        ["2023", "Kommunplan 2023", "Kommunstyrelsen", "Kommunplan"],
        ["2023", "Nämndplan 2023 Socialnämnden", "Socialnämnden", "Nämndplan"],
        ["2023-T1", "Delårsrapport T1 2023", "Kommunstyrelsen", "Delårsrapport"],
        ["2023-T1", "Delårsrapport 2023-T1 Socialnämnden", "Socialnämnden", "Delårsrapport"],
        ["2023-T2", "Delårsrapport T2 2023", "Kommunstyrelsen", "Delårsrapport"],
    ]
    hrefs = [row.find_all(["th", "td"])[1].find("a")["href"] for row in table.select("tbody tr")]
    assert hrefs == [
        "reports/2023/plan/kommunstyrelsen.html",
        "reports/2023/plan/socialnamnden.html",
        "reports/2023/T1/kommunstyrelsen.html",
        "reports/2023/T1/socialnamnden.html",
        "reports/2023/T2/kommunstyrelsen.html",
    ]
