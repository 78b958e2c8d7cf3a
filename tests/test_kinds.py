"""Kinds as declarations: the built-in ones, aktivitet and kontroll, and a kind a kommun declares in conf.py.

The root test-kinds declares its own kind 'insats' (a required field, a status field 'läge', a number) and adds a
field to the built-in uppdrag; its T1 report writes insatser (one of each mistake), a risk with its kontroll and an
aktivitet. It is checked by ``tyreso check``, built with Sphinx and exported, and the three agree.
"""

from __future__ import annotations

import json
import pickle
import shutil

import jsonschema
import pytest
from helpers import REPO, ROOTS, body, caption, line_of, register_entries, table_headers, table_rows, text, tyreso_warnings

from tyreso_ext.history.changes import compare, index_objects
from tyreso_ext.model.kinds import BUILTIN_KINDS, KINDS_CONFIG, kinds_from_conf
from tyreso_ext.model.objects import Kind
from tyreso_ext.model.period import parse_period
from tyreso_ext.model.settings import Settings
from tyreso_ext.outputs.open_data.files import SCHEMA_PATH
from tyreso_ext.outputs.open_data.records import export_data, table_columns
from tyreso_ext.source.next_period import next_report
from tyreso_ext.source.project import Project

KINDS = ROOTS / "test-kinds"
T1 = "reports/2023/T1/kommunstyrelsen.md"
T1_PAGE = "reports/2023/T1/kommunstyrelsen"


def expected_findings() -> set[tuple[str, int, str]]:
    """One finding per mistake in the T1 report, at the line of the field it is about."""
    source = KINDS / T1
    return {
        (T1, line_of(source, ":kostnad: tolv tusen"), "TY016"),
        (T1, line_of(source, ":::{insats} Läxhjälp"), "TY004"),
        (T1, line_of(source, ":kostand: 5000"), "TY005"),
        (T1, line_of(source, ":läge: gul"), "TY008"),
    }


def test_the_kinds_are_named_values_with_one_instance_each():
    assert Kind("mål") is Kind.MAL
    assert pickle.loads(pickle.dumps(Kind.KONTROLL)) is Kind.KONTROLL
    assert Kind.AKTIVITET.plural == "Aktiviteter"
    assert BUILTIN_KINDS.names == ["uppdrag", "mål", "indikator", "risk", "aktivitet", "kontroll"]
    assert BUILTIN_KINDS.by_role("mal") is BUILTIN_KINDS.spec(Kind.MAL)
    kontroll = BUILTIN_KINDS.spec(Kind.KONTROLL)
    assert kontroll.field("risk") is not None and kontroll.field("risk").refers_to == "risk"
    assert "rapporteras till" in kontroll.field_names


def test_no_kind_of_conf_py_takes_a_directive_name_of_the_extension():
    from tyreso_ext.model.aggregate import AGGREGATES
    from tyreso_ext.model.finance import DIRECTIVE
    from tyreso_ext.model.kinds import RESERVED_NAMES

    assert {*AGGREGATES, DIRECTIVE} <= set(RESERVED_NAMES)
    _, problems = kinds_from_conf({"statustabell": {"etikett": "Tabell"}, "note": {}})
    assert [problem.key for problem in problems] == ["statustabell", "note"]


def test_check_finds_each_mistake_in_a_kind_of_conf_py_with_file_line_and_a_hint(tmp_path):
    root = tmp_path / "kinds"
    shutil.copytree(KINDS, root, ignore=shutil.ignore_patterns("_build"))
    findings = Project.load(root).check()
    assert {(finding.path, finding.line, finding.code) for finding in findings} == expected_findings()
    messages = {finding.code: finding.message for finding in findings}
    assert messages["TY005"].startswith("Okänt fält 'kostand' för insats. Menade du 'kostnad'?")
    assert "'tolv tusen' är inget heltal" in messages["TY016"]
    assert "Insats 'Läxhjälp' saknar fältet 'ansvarig'" in messages["TY004"]
    assert "har läge gul men saknar ':orsak:'" in messages["TY008"]


@pytest.mark.sphinx("html", testroot="kinds", freshenv=True)
def test_the_build_gives_the_findings_of_the_check_and_shows_the_kind(app):
    app.build()
    assert {(path, line, code) for path, line, code, _ in tyreso_warnings(app)} == expected_findings()
    page = body(app, T1_PAGE)
    boxes = {text(box.select_one(".tyreso-object-title")): box for box in page.select(".tyreso-object")}
    assert "Insats: Fler lärplattor Grön" in boxes
    assert "Kostnad : 12000" in text(boxes["Insats: Fler lärplattor Grön"])
    assert "Budget : 250000" in text(boxes["Uppdrag: Digital skola Grön"])
    # The status table of the kind counts its objects (a kind of conf.py's own in ':typ:').
    tables = {caption(table): table for table in page.select("table.tyreso-status-table")}
    insatser = tables["Övergripande – insatser, 2023-T1, Kommunstyrelsen"]
    assert table_headers(insatser) == ["Objekt", "Ansvarig", "Status"]
    assert [row[0] for row in table_rows(insatser)] == ["Fler lärplattor", "Läxhjälp", "Ny skolgård", "Studiebesök"]
    # The role of the kind links to it.
    assert any(text(link) == "Fler lärplattor" for link in page.select("p a.reference"))
    # Its register, and those of aktivitet and kontroll.
    assert (app.outdir / "tyreso-insatser.html").is_file()
    register = register_entries(app, "tyreso-insatser")
    assert set(register) >= {"Fler lärplattor", "Läxhjälp", "Ny skolgård", "Studiebesök"}
    assert "Tillgänglig webbplats" in register_entries(app, "tyreso-aktiviteter")
    assert "Behörighet vid nyanställning" in register_entries(app, "tyreso-kontroller")


@pytest.mark.sphinx("html", testroot="kinds", freshenv=True)
def test_goal_area_summary_and_period_matrix_take_the_new_kinds(app):
    app.build()
    page = body(app, T1_PAGE)
    summary = page.select_one("table.tyreso-goal-area-summary")
    assert caption(summary) == "Måluppfyllelse per målområde – aktiviteter, insatser, 2023-T1, Kommunstyrelsen"
    assert table_rows(summary) == [["Övergripande", "–", "4", "1", "0", "0", "5"]]  # 1 aktivitet, 4 insatser
    matrix = page.select_one("table.tyreso-period-matrix")
    assert caption(matrix) == "Status per period – kontroller, Kommunstyrelsen"
    assert table_rows(matrix) == [["Behörighet vid nyanställning", "Övergripande", "Plan", "Grön"]]


@pytest.mark.sphinx("html", testroot="kinds", freshenv=True)
def test_the_risk_matrix_shows_the_kontroller_of_its_risks(app):
    app.build()
    page = body(app, T1_PAGE)
    controls = page.select_one("table.tyreso-risk-controls")
    assert caption(controls) == "Kontroller för riskerna – risker, 2023-T1, Kommunstyrelsen"
    assert table_rows(controls) == [
        ["Brist på lärare", "Behörighet vid nyanställning", "Lärarlegitimation kontrolleras", "–", "–", "Grön"]
    ]


@pytest.mark.sphinx("html", testroot="kinds", freshenv=True)
def test_the_open_data_holds_the_kind_and_validates_against_the_schema(app):
    app.build()
    data = json.loads((app.outdir / "data" / "tyreso-export.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    insatser = {item["id"]: item for item in data["objekt"] if item["typ"] == "insats"}
    assert insatser["fler-larplattor"]["status"] == "grön"
    assert insatser["fler-larplattor"]["fält"] == {"ansvarig": "Skolchefen", "kostnad": "12000", "läge": "grön"}
    kontroll = next(item for item in data["objekt"] if item["typ"] == "kontroll" and not item["plan"])
    assert kontroll["fält"]["risk"] == "brist-pa-larare"
    header, *rows = (app.outdir / "data" / "tyreso-export.csv").read_text(encoding="utf-8-sig").splitlines()
    columns = header.split(";")
    assert {"kostnad", "budget", "handlingsplan", "kontrollmoment", "rapporteras till"} <= set(columns)
    assert columns.count("plan") == 1  # the aktivitet's 'plan' has a column of its own: 'handlingsplan'
    row = next(row.split(";") for row in rows if ";fler-larplattor;" in row)
    assert row[columns.index("kostnad")] == "12000"


def test_conf_py_declarations_are_checked_with_their_line(tmp_path):
    root = tmp_path / "kinds"
    shutil.copytree(KINDS, root, ignore=shutil.ignore_patterns("_build"))
    conf = root / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + "tyreso_kinds['åtgärd'] = {'etiket': 'Åtgärd', 'fält': {'klar': 'ja/nej'}}\n"
        + "tyreso_kinds['risk'] = {'roll': 'fara'}\n",
        encoding="utf-8",
    )
    findings = [finding for finding in Project.load(root).check() if finding.code == "TY043"]
    messages = sorted(finding.message for finding in findings)
    assert all(finding.path == "conf.py" and finding.line > 1 for finding in findings)
    assert any("okänd nyckel 'etiket'. Menade du 'etikett'?" in message for message in messages)
    assert any("fältet 'klar' har den okända typen 'ja/nej'" in message for message in messages)
    assert any("'roll' kan inte ändras för en inbyggd objekttyp" in message for message in messages)


def test_a_declaration_extends_a_built_in_kind_and_adds_its_own():
    kinds, problems = kinds_from_conf(
        {"uppdrag": {"fält": {"budget": "heltal"}}, "beslut": {"fält": {"datum": "text"}, "status": "läge"}}
    )
    assert problems == ()
    assert kinds.spec(Kind.UPPDRAG).field("budget") is not None
    assert kinds.spec(Kind("beslut")).status_field == "läge"
    assert "budget" in table_columns(kinds) and "budget" not in table_columns()
    settings = Settings.from_conf({KINDS_CONFIG: {"mål": {"roll": "x"}}})
    assert settings.kinds == BUILTIN_KINDS and len(settings.kind_problems) == 1


def test_tyreso_ny_resets_the_period_fields_of_the_new_kinds():
    source = (KINDS / T1).read_text(encoding="utf-8")
    kinds = Project.load(KINDS).settings.kinds
    new = next_report(source, parse_period("2023-T2"), kinds=kinds).text
    assert ":resultat:" not in new and ":kommentar:" not in new
    assert ":läge: ej bedömd" in new and ":bedömning: ej bedömd" in new
    assert ":kostnad: 12 000" in new and ":risk: brist-pa-larare" in new


# --- the sample site: the tillgänglighetsplan's activities of the T1 report (seed 004) -----------------------------

ASN_T1 = "reports/2023/T1/arbetsmarknads-och-socialnamnden.md"
T1_ACTIVITIES = {
    "feriejobb-for-ungdomar-med-funktionsnedsattning": "grön",
    "praktikplatser-och-arbetstillfallen-med-anstallningsstod": "grön",
    "tillganglighet-i-lokalbehovsanalyserna": "grön",
}


def test_the_t1_activities_are_aktivitet_objects_in_the_export():
    project = Project.load(REPO)
    document = project.read(REPO / ASN_T1)
    activities = [obj for obj in document.objects if obj.kind is Kind.AKTIVITET]
    assert {obj.id: obj.status.value for obj in activities if obj.status} == T1_ACTIVITIES
    assert {obj.fields["plan"] for obj in activities} == {"Tillgänglighetsplanen"}
    assert document.findings == []
    data = export_data([document.report] if document.report else [], document.objects)
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    exported = {item["id"]: item["status"] for item in data["objekt"] if item["typ"] == "aktivitet"}
    assert exported == T1_ACTIVITIES


def test_history_names_a_change_of_status_of_a_kind_of_conf_py_as_a_status_change(tmp_path):
    root = tmp_path / "kinds"
    shutil.copytree(KINDS, root, ignore=shutil.ignore_patterns("_build"))
    project = Project.load(root)
    before = index_objects(project.read(root / T1).objects)
    source = root / T1
    source.write_text(
        source.read_text(encoding="utf-8").replace(":kostnad: 12 000\n:läge: grön", ":kostnad: 12 000\n:läge: röd"), "utf-8"
    )
    after = index_objects(project.read(root / T1).objects)
    changes = [change.describe() for change in compare(before, after)]
    assert changes == ["insats fler-larplattor 2023-T1: grön → röd"]
