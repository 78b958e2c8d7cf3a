"""The repository's own site: it builds strictly, and the facts of the sample reports survive."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import REPO, caption, register_entries, table_headers, table_rows, text
from sphinx.cmd.build import build_main

from tyreso_ext.model.objects import Kind
from tyreso_ext.source.project import Project

ASN = "Arbetsmarknads- och socialnämnden"
T1_PAGE = "reports/2023/T1/arbetsmarknads-och-socialnamnden"

# The kommunplan's uppdrag and their målområden (seed 004, section 5); "" = övergripande.
KOMMUNPLAN_UPPDRAG = {
    "att-arbeta-kommungemensamt": "",
    "strategisk-kompetensforsorjning": "Medarbetare",
    "likvardig-forskola-och-skola": "Leverans",
    "omsorg-for-aldre-och-funktionsnedsatta": "Leverans",
    "socialt-hallbart-tyreso-for-okad-trygghet": "Leverans",
    "en-meningsfull-vardag-och-fritid-for-alla": "Leverans",
    "framtidens-gymnasium-och-okad-sysselsattning": "Leverans",
    "sarskilt-utsatta-grupper-langt-fran-arbetsmarknaden": "Leverans",
    "bostader-och-hallbar-infrastruktur-i-hela-tyreso": "Leverans",
    "ordning-och-reda-i-ekonomin": "Ekonomi och hållbarhet",
    "minskade-klimatutslapp-starkt-park-och-naturmiljo": "Ekonomi och hållbarhet",
}

# (id, risknivå, bedömning) of the T1 risks (seed 004); none has sannolikhet or konsekvens.
T1_RISKS = [
    ("brister-i-den-fysiska-arbetsmiljon", 20, "Grön"),
    ("hog-arbetsbelastning", 16, "Grön"),
    ("forsenat-inforande-av-verksamhetssystem", 20, "Gul"),
    ("lag-digital-utveckling", 15, "Gul"),
    ("okad-kriminalitet-bland-barn-och-unga", 20, "Grön"),
    ("bristande-samverkan-med-arbetsformedlingen", 16, "Grön"),
    ("bristande-samverkan-med-regionen", 20, "Gul"),
]


class Site:
    def __init__(self, outdir: Path, status: int) -> None:
        self.outdir = outdir
        self.status = status

    def body(self, page: str) -> BeautifulSoup:
        soup = BeautifulSoup((self.outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
        return soup.select_one("div.body") or soup.select_one("article.bd-article")

    def page(self, page: str) -> BeautifulSoup:
        return BeautifulSoup((self.outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")

    def tables(self, page: str, css: str) -> dict[str, object]:
        return {caption(table): table for table in self.body(page).select(f"table.{css}")}


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    """The repository built once per test session, strictly, as CI builds it."""
    build = tmp_path_factory.mktemp("site")
    outdir = build / "html"
    status = build_main(["-b", "html", "-W", "--keep-going", "-n", "-q", "-d", str(build / "doctrees"), str(REPO), str(outdir)])
    return Site(outdir, status)


def test_the_site_builds_strictly_without_warnings(site):
    assert site.status == 0
    for page in (
        "index",
        "rapporter",
        "register",
        "historik",
        T1_PAGE,
        "tyreso-uppdrag",
        "tyreso-risker",
        "tyreso-indikatorer",
        "tyreso-mal",
    ):
        assert (site.outdir / f"{page}.html").is_file(), page


def test_landing_page_period_matrix_shows_att_arbeta_kommungemensamt_gron_in_t2(site):
    matrices = site.tables("index", "tyreso-period-matrix")
    matrix = next(table for name, table in matrices.items() if name.startswith("Status per period – uppdrag"))
    headers = table_headers(matrix)
    row = next(row for row in table_rows(matrix) if row[0] == "Att arbeta kommungemensamt")
    assert row[headers.index("2023-T2")] == "Grön"
    assert row[headers.index("2023-T1")] == "Ej bedömd"
    assert row[headers.index("Målområde")] == "Övergripande"
    link = next(r for r in matrix.select("tbody tr") if text(r.find(["th", "td"])) == "Att arbeta kommungemensamt")
    t2_cell = link.find_all(["th", "td"])[headers.index("2023-T2")]
    assert t2_cell.find("a")["href"] == "reports/2023/T2/kommunstyrelsen.html#uppdrag-att-arbeta-kommungemensamt"


def test_t1_risk_forsenat_inforande_has_level_20_and_bedomning_gul(site):
    box = site.body(T1_PAGE).find(id="risk-forsenat-inforande-av-verksamhetssystem")
    assert box is not None
    assert text(box.select_one(".tyreso-object-title strong")) == "Försenat införande av verksamhetssystem"
    badge = box.select_one(".tyreso-object-title .tyreso-badge")
    assert text(badge) == "Gul" and "tyreso-badge-gul" in badge["class"]
    facts_list = box.select_one("dl.tyreso-facts")
    facts = dict(
        zip(
            (text(dt).rstrip(":").strip() for dt in facts_list.find_all("dt")),
            (text(dd) for dd in facts_list.find_all("dd")),
            strict=True,
        )
    )
    assert facts["Risknivå"] == "20"
    assert facts["Typ"] == "Kvalitet"
    assert "Sannolikhet" not in facts and "Konsekvens" not in facts


def test_t1_risk_matrix_lists_level_only_risks_and_places_none_in_the_grid(site):
    matrices = site.tables(T1_PAGE, "tyreso-risk-matrix")
    assert list(matrices) == [f"Riskmatris – risker, 2023-T1, {ASN}"]
    grid = next(iter(matrices.values()))
    assert grid.select("td a") == [], "a risk was placed in the 5 × 5 grid without sannolikhet and konsekvens"
    level_only = site.tables(T1_PAGE, "tyreso-risk-levels")[
        f"Risker med angiven risknivå men utan sannolikhet och konsekvens – risker, 2023-T1, {ASN}"
    ]
    assert table_headers(level_only) == ["Risk", "Risknivå", "Nivåklass", "Bedömning"]
    rows = {
        row.find("a")["href"].removeprefix("#risk-"): [text(cell) for cell in row.find_all(["th", "td"])]
        for row in level_only.select("tbody tr")
    }
    assert rows["forsenat-inforande-av-verksamhetssystem"] == [
        "Försenat införande av verksamhetssystem",
        "20",
        "Mycket hög",
        "Gul",
    ]
    assert {risk_id: (int(cells[1]), cells[3]) for risk_id, cells in rows.items()} == {
        risk_id: (level, status) for risk_id, level, status in T1_RISKS
    }
    levels = [int(cells[1]) for cells in rows.values()]
    assert levels == sorted(levels, reverse=True)


def test_the_kommunplan_defines_exactly_the_expected_uppdrag():
    project = Project.find(REPO)
    plan = project.read(REPO / "reports/2023/plan/kommunfullmaktige.md")
    assert plan.report is not None and plan.report.is_plan
    uppdrag = {obj.id: obj.goal_area for obj in plan.objects if obj.kind is Kind.UPPDRAG}
    assert uppdrag == KOMMUNPLAN_UPPDRAG


def test_t1_status_table_lists_every_kommunplan_uppdrag_under_its_goal_area(site):
    tables = site.tables(T1_PAGE, "tyreso-status-table")
    del tables[f"Övergripande – aktiviteter, 2023-T1, {ASN}"]  # the tillgänglighetsplan's (see below)
    shown: dict[str, str] = {}
    statuses = set()
    for name, table in tables.items():
        area, _, description = name.partition(" – ")
        assert description == f"uppdrag, 2023-T1, {ASN}"
        for row in table.select("tbody tr"):
            href = row.find("a")["href"]
            assert href.startswith("#uppdrag-"), href
            shown[href.removeprefix("#uppdrag-")] = "" if area == "Övergripande" else area
            statuses.add(text(row.select_one(".tyreso-badge")))
    assert shown == KOMMUNPLAN_UPPDRAG
    assert [name.partition(" – ")[0] for name in tables] == ["Övergripande", "Medarbetare", "Leverans", "Ekonomi och hållbarhet"]
    assert statuses == {"Ej bedömd"}


def test_index_pages_list_the_sample_objects(site):
    uppdrag = register_entries(site.outdir, "tyreso-uppdrag")["Att arbeta kommungemensamt"]
    assert (uppdrag["status"], uppdrag["organ"], uppdrag["last"]) == ("Grön", "Kommunstyrelsen", "2023-T2")
    risk = register_entries(site.outdir, "tyreso-risker")["Försenat införande av verksamhetssystem"]
    assert (risk["status"], risk["organ"], risk["last"]) == ("Gul", ASN, "2023-T1")
    indicators = register_entries(site.outdir, "tyreso-indikatorer")
    assert ("2023", "Plan") in [(period, status) for period, status, _ in indicators["Kommunens delaktighetsindex"]["periods"]]
    assert indicators["Kommunens delaktighetsindex"]["organ"] == "Kommunfullmäktige"
    assert (indicators["Budgetavvikelse"]["status"], indicators["Budgetavvikelse"]["organ"]) == ("Grön", ASN)


HANDBOOK_PAGES = sorted(path.stem for path in (REPO / "docs").glob("*.md"))


@pytest.mark.parametrize("page", HANDBOOK_PAGES)
def test_every_handbook_example_is_rendered_live_without_problems(site, page):
    """An example shown as source in the handbook is also rendered on the page, and checks clean."""
    source = (REPO / "docs" / f"{page}.md").read_text(encoding="utf-8")
    shown_ids = set(re.findall(r"^:id: (exempel-[a-z0-9-]+)$", source, flags=re.MULTILINE))
    body = site.body(f"docs/{page}")
    rendered = [box.get("id", "") for box in body.select("div.tyreso-object")]
    for object_id in shown_ids:
        assert any(anchor.endswith(object_id) for anchor in rendered), f"{object_id} is shown but not rendered on {page}"
    assert body.select("div.tyreso-problems") == []
    assert body.select(".tyreso-ref-okand") == []


def test_the_handbook_passes_tyreso_check():
    project = Project.find(REPO)
    assert project.check(sorted((REPO / "docs").glob("*.md"))) == []


# --- numbers that add up: charts of the seed 001 baselines, the seed financial tables ------------------


def test_kommunplan_shows_the_seed_001_baselines_as_charts_with_their_tables(site):
    page = site.body("reports/2023/plan/kommunfullmaktige")
    expected = {
        "indikator-delaktighetsindex": ["2021", "58", "58"],
        "indikator-insyn-och-inflytande": ["2021", "27", "19"],
        "indikator-mojlighet-att-paverka": ["2021", "54", "39"],
    }
    for anchor, row in expected.items():
        block = page.find(id=anchor).select_one("div.tyreso-indicator-series")
        image = block.select_one("figure img.tyreso-chart-image")
        assert (site.outdir / "reports/2023/plan" / image["src"]).resolve().is_file(), anchor
        assert f"Startläge 2021: {row[1]}. Riket 2021: {row[2]}." in image["alt"]
        values = block.select_one("table.tyreso-indicator-values")
        assert table_headers(values) == ["Period", "Startläge", "Riket"]
        assert table_rows(values) == [row]


def test_the_seed_financial_tables_render_and_the_2014_resultat_is_noted(site):
    net = site.tables(T1_PAGE, "tyreso-finance-table")["Nettokostnad per verksamhet (tkr)"]
    assert table_rows(net)[-1] == ["Resultat ASN", "−92 415", "−100 204", "7 789", "−291 379", "−300 613", "9 234", "−17 735"]
    ar = "reports/2016/AR/konsult-och-servicekontoret"
    tables = site.tables(ar, "tyreso-finance-table")
    assert list(tables) == ["Resultaträkning (tkr)", "Driftredovisning per verksamhet 2016 (tkr)"]
    notes = [text(note) for note in site.body(ar).select(".tyreso-known-error-note")]
    assert len(notes) == 1 and notes[0].startswith("* Summan stämmer inte i originalet: Resultat, 2014 utfall anges till 7 000")


# --- the site for its readers: the year at a glance, navigation, PDFs, history by commit --------------------


def test_the_landing_page_shows_the_year_at_a_glance_for_every_kind(site):
    page = site.body("index")
    glances = page.select("div.tyreso-glance")
    assert len(glances) == 4  # uppdrag, mål, indikatorer, risker, each in its tab
    for glance in glances:
        tables = {caption(table): table for table in glance.select("table.tyreso-glance-table")}
        charts = glance.select("figure.tyreso-glance-chart svg[role=img]")
        assert len(charts) == len(tables) == 3, list(tables)  # per målområde, per organ, over the year
        for chart in charts:
            assert chart.find("title").get_text(strip=True).endswith("stapeldiagram med samma siffror som tabellen.")
        for table in tables.values():
            assert table_headers(table)[1:] == ["Grön", "Gul", "Röd", "Ej bedömd", "Totalt"]
    uppdrag = {caption(table): table for table in glances[0].select("table.tyreso-glance-table")}
    per_organ = uppdrag["Uppdrag per organ – 2023-T2"]
    assert table_rows(per_organ) == [["Kommunstyrelsen", "2", "0", "0", "0", "2"]]
    # A count leads to the register, filtered to what it counts.
    link = per_organ.select_one("tbody td a")
    assert link["href"] == "tyreso-uppdrag.html?period=2023-T2&organ=Kommunstyrelsen&status=Gr%C3%B6n"
    trend = uppdrag["Uppdrag över året 2023"]
    assert [row[0] for row in table_rows(trend)] == ["2023-T1", "2023-T2"]


def test_reports_are_not_in_the_tree_every_page_carries(site):
    """Each page lists the years and one year's reports, never every report (the build stays linear)."""
    handbook = site.page("docs/skriva-rapport")
    navigation = handbook.select('.bd-header a[href*="reports/"], .bd-sidebar-primary a[href*="reports/"]')
    assert navigation == [], "the navigation of a handbook page lists reports: the site tree holds them"
    report = site.page(T1_PAGE)
    nav = report.select_one("nav.tyreso-report-nav")
    assert [text(link) for link in nav.select(".tyreso-nav-years > li > a")] == ["2023", "2016"]
    assert text(nav.select_one('a[aria-current="page"]')) == ASN
    assert len(nav.select("a")) == 2 + 4  # the years, and 2023's four reports
    crumbs = [text(item) for item in report.select(".bd-breadcrumbs li")]
    assert crumbs[1:4] == ["Rapporter", "2023", "Tertial 1"]
    assert report.select_one(".bd-breadcrumbs a[href$='rapporter.html#rapporter-2023']") is not None


def test_historik_shows_each_commit_once_with_its_changes_beneath(site):
    table = site.body("historik").select_one("table.tyreso-status-changes")
    assert table_headers(table) == ["Objekt", "Period", "Organ", "Före", "Efter"]
    groups = table.select("tbody")
    headers = [group.select_one("tr.tyreso-group-header") for group in groups]
    assert groups and all(header is not None for header in headers)
    commits = [header.select_one(".tyreso-commit-sha").get_text() for header in headers]
    assert len(commits) == len(set(commits))  # one group per commit
    for group in groups:
        rows = [row for row in group.select("tr") if "tyreso-group-header" not in row.get("class", [])]
        assert rows
        for row in rows:  # date, author and message are said once, above the group, never per row
            assert len(row.find_all(["th", "td"])) == 5


def test_an_object_folds_its_id_secondary_facts_and_history(site):
    box = site.body(T1_PAGE).find(id="risk-forsenat-inforande-av-verksamhetssystem")
    folded = box.select_one("details.tyreso-folded")
    assert folded is not None and not folded.has_attr("open")
    assert text(folded.find("summary")) == "Id, fler uppgifter och ändringshistorik"
    facts = {text(dt).rstrip(":").strip(): text(dt.find_next("dd")) for dt in folded.select("dl.tyreso-facts-secondary dt")}
    assert facts["Id"] == "forsenat-inforande-av-verksamhetssystem"
    assert folded.select_one(".tyreso-history") is not None
    assert "Id" not in [text(dt).rstrip(":").strip() for dt in box.select_one("dl.tyreso-facts").find_all("dt")]


@pytest.fixture(scope="module")
def site_with_pdfs(tmp_path_factory) -> Path:
    """The site built after `make pdf`: the PDFs (here stand-ins of known size) in the folder conf.py names."""
    build = tmp_path_factory.mktemp("site-pdf")
    pdf_dir = build / "pdf"
    pdf_dir.mkdir()
    for name in ("2023-T1 Delårsrapport Arbetsmarknads- och socialnämnden", "2023 Kommunplan Kommunfullmäktige"):
        (pdf_dir / f"{name}.pdf").write_bytes(b"%PDF-1.7\n" + b"0" * 245_000)
    outdir = build / "html"
    arguments = ["-b", "html", "-q", "-D", f"tyreso_pdf_dir={pdf_dir}", "-d", str(build / "doctrees"), str(REPO), str(outdir)]
    assert build_main(arguments) == 0
    return outdir


def test_every_report_with_a_pdf_offers_it_and_the_site_publishes_it(site_with_pdfs):
    soup = BeautifulSoup((site_with_pdfs / f"{T1_PAGE}.html").read_text(encoding="utf-8"), "html.parser")
    link = soup.select_one(".tyreso-pdf-download a")
    assert text(link) == "Ladda ned PDF (245 kB)"
    target = (site_with_pdfs / T1_PAGE).parent / link["href"].replace("%20", " ").replace("%C3%A5", "å").replace("%C3%A4", "ä")
    assert target.resolve() == (site_with_pdfs / "pdf" / "2023-T1 Delårsrapport Arbetsmarknads- och socialnämnden.pdf")
    assert target.is_file() and target.stat().st_size == 245_009
    # A report whose PDF is not there offers none: the site links no file it does not publish.
    plan = BeautifulSoup(
        (site_with_pdfs / "reports/2023/plan/arbetsmarknads-och-socialnamnden.html").read_text("utf-8"), "html.parser"
    )
    assert plan.select(".tyreso-pdf-download a") == []
    # Every listing links the PDF.
    listing = BeautifulSoup((site_with_pdfs / "rapporter.html").read_text(encoding="utf-8"), "html.parser")
    table = listing.select_one("table#rapporter-2023")
    assert table_headers(table)[-1] == "PDF"
    pdfs = {row[1]: row[-1] for row in table_rows(table)}
    assert pdfs["Delårsrapport T1 2023"] == "PDF, 245 kB" and pdfs["Nämndplan 2023"] == "–"
    assert sorted(path.name for path in (site_with_pdfs / "pdf").iterdir()) == [
        "2023 Kommunplan Kommunfullmäktige.pdf",
        "2023-T1 Delårsrapport Arbetsmarknads- och socialnämnden.pdf",
    ]


def test_t1_tillganglighetsplan_activities_are_objects_in_the_page_its_table_the_register_and_the_export(site):
    """Seed 004, section 6: the three activities of the tillgänglighetsplan, each bedömd grön."""
    activities = [
        "Feriejobb för ungdomar med funktionsnedsättning",
        "Praktikplatser och arbetstillfällen med anställningsstöd",
        "Tillgänglighet i lokalbehovsanalyserna",
    ]
    boxes = [text(box.select_one(".tyreso-object-title")) for box in site.body(T1_PAGE).select(".tyreso-object")]
    assert [f"Aktivitet: {title} Grön" for title in activities] == [box for box in boxes if box.startswith("Aktivitet:")]
    table = site.tables(T1_PAGE, "tyreso-status-table")[f"Övergripande – aktiviteter, 2023-T1, {ASN}"]
    assert [(row[0], row[-1]) for row in table_rows(table)] == [(title, "Grön") for title in activities]
    register = register_entries(site.outdir, "tyreso-aktiviteter")
    assert {title: entry["status"] for title, entry in register.items()} == dict.fromkeys(activities, "Grön")
    data = json.loads((site.outdir / "data" / "tyreso-export.json").read_text(encoding="utf-8"))
    exported = [(item["titel"], item["status"], item["fält"]["plan"]) for item in data["objekt"] if item["typ"] == "aktivitet"]
    assert exported == [(title, "grön", "Tillgänglighetsplanen") for title in activities]
