"""Financial tables: declared sums and differences checked with a tolerance, the seed tables, files kept inside the project."""

from __future__ import annotations

import decimal
import os
import shutil
from pathlib import Path

import pytest
from helpers import REPO, ROOTS, body, caption, finding_keys, line_of, table_headers, table_rows, text, tyreso_warnings
from hypothesis import given, settings
from hypothesis import strategies as st

from tyreso_ext.cli import main
from tyreso_ext.model.finance import FinanceSource, parse_terms, read_finance_table
from tyreso_ext.model.numbers import format_number, parse_number
from tyreso_ext.source.project import Project

FINANCE = ROOTS / "test-finance"
EKONOMI = "reports/2023/T1/ekonomi"
AR_2016 = "reports/2016/AR/konsult-och-servicekontoret.md"
T1_2023 = "reports/2023/T1/arbetsmarknads-och-socialnamnden.md"

SEED_004_COLUMNS = (
    "Utfall apr = utfall; Budget apr = budget; Avvikelse apr = Utfall apr - Budget apr; Prognos helår = prognos; "
    "Budget helår = budget; Avvikelse helår = Prognos helår - Budget helår; Avvikelse mot 2022 = avvikelse"
)
SEED_002_SUMS = "Summa intäkter = ovanför; Summa kostnader = ovanför; Resultat = Summa intäkter + Summa kostnader"
SEED_002_TABLE = """Belopp i tkr;2014 utfall;2015 utfall;2016 utfall
Intäkter;;;
Kommunledningskontoret;90 630;86 086;94 591
Fastighet och Facility;322 806;337 666;342 740
KSK;39 271;53 153;65 011
Summa intäkter;452 707;476 905;502 342
Kostnader;;;
Kommunledningskontoret;-80 680;-79 327;-90 937
Fastighet och Facility;-325 595;-343 941;-349 620
KSK;-39 060;-60 304;-71 119
Summa kostnader;-445 335;-483 572;-511 676
Resultat;7 000;-6 667;-9 334"""


def read(body_text: str = "", title: str = "Tabell", root: Path | None = None, report: Path | None = None, **options: str):
    """Read a table written inline (body on lines 11 …) or from a file; options named as in the directive."""
    options = {key.replace("_", "-"): value for key, value in options.items()}
    lines = {key: 3 + index for index, key in enumerate(options)}
    source = FinanceSource(title, options, lines, body_text, 11, "rapport.md", 2)
    return read_finance_table(source, root, report)


def codes(findings) -> list[str]:
    return [finding.code for finding in findings]


# --- numbers the Swedish way ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("0", "0"),
        ("-0", "0"),
        ("7", "7"),
        ("-85", "\u221285"),
        ("1000", "1\u00a0000"),
        ("-29390", "\u221229\u00a0390"),
        ("452707", "452\u00a0707"),
        ("-1234567,5", "\u22121\u00a0234\u00a0567,5"),
        ("7,4", "7,4"),
        ("0,05", "0,05"),
        ("12,50", "12,50"),
    ],
)
def test_numbers_are_shown_with_space_between_thousands_comma_and_a_real_minus(value, shown):
    assert format_number(parse_number(value)) == shown


def test_number_format_agrees_with_babel_for_swedish_except_the_real_minus():
    """Cross-check with the CLDR data Babel ships for sv (non-breaking space, comma). Babel writes a hyphen
    for minus; the reports use the real minus sign U+2212, as Swedish typography does."""
    babel = pytest.importorskip("babel.numbers")
    for value in ("0", "-85", "1000", "-29390", "452707", "-1234567.5", "7.4"):
        number = decimal.Decimal(value)
        expected = babel.format_decimal(number, locale="sv_SE", decimal_quantization=False)
        assert format_number(number) == expected.replace("-", "\u2212")


def test_numbers_as_written_in_seeds_and_spreadsheets_are_read():
    assert parse_number("-29 390") == -29390
    assert parse_number("\u221229\u00a0390") == -29390
    assert parse_number("1\u202f141") == 1141
    assert parse_number("13,25") == decimal.Decimal("13.25")


# --- declared terms --------------------------------------------------------------------------------


def test_terms_take_the_longest_column_name_even_with_spaces_and_hyphens():
    names = ["Budget", "Budget helår", "Prognos helår", "Arbetsmarknads- och socialnämnden"]
    assert [(term.sign, term.name) for term in parse_terms("Prognos helår - Budget helår", names)] == [
        (1, "Prognos helår"),
        (-1, "Budget helår"),
    ]
    assert [(term.sign, term.name) for term in parse_terms("Budget-Arbetsmarknads- och socialnämnden", names)] == [
        (1, "Budget"),
        (-1, "Arbetsmarknads- och socialnämnden"),
    ]
    assert [term.sign for term in parse_terms("−Budget + Budget helår", names)] == [-1, 1]


@pytest.mark.parametrize("written", ["Budget -", "Budgt - Budget helår", "Budget Budget helår", ""])
def test_terms_that_cannot_be_read_say_so(written):
    with pytest.raises(ValueError):
        parse_terms(written, ["Budget", "Budget helår"])


# --- sums and differences at, inside and beyond the tolerance -------------------------------------

SUM_TABLE = "Verksamhet;Utfall\nSkola;100\nOmsorg;200\nKultur;300\nTotalt;{total}\n"


@pytest.mark.parametrize(
    ("total", "flagged"),
    [
        ("600", False),  # exact
        ("602", False),  # inside: 3 terms × 1 tkr
        ("603", False),  # at the tolerance
        ("597", False),  # at the tolerance, below
        ("604", True),  # beyond
        ("596", True),  # beyond, below
    ],
)
def test_a_sum_may_differ_by_one_unit_per_term(total, flagged):
    finance, findings, _ = read(SUM_TABLE.format(total=total), summor="Totalt = ovanför")
    assert codes(findings) == (["TY021"] if flagged else [])
    assert len(finance.checks) == 1 and finance.checks[0].allowed == 3


DIFFERENCE_TABLE = "Verksamhet;Budget;Utfall;Avvikelse\nSkola;-100;-90;{deviation}\n"


@pytest.mark.parametrize(
    ("deviation", "flagged"), [("10", False), ("11", False), ("12", False), ("8", False), ("13", True), ("7", True)]
)
def test_a_difference_may_differ_by_one_unit_per_term(deviation, flagged):
    _, findings, _ = read(DIFFERENCE_TABLE.format(deviation=deviation), kolumner="Avvikelse = Utfall - Budget")
    assert codes(findings) == (["TY021"] if flagged else [])


def test_the_tolerance_is_configurable_per_table():
    table = SUM_TABLE.format(total="610")
    assert codes(read(table, summor="Totalt = ovanför")[1]) == ["TY021"]
    assert codes(read(table, summor="Totalt = ovanför", tolerans="4")[1]) == []
    assert codes(read(SUM_TABLE.format(total="601"), summor="Totalt = ovanför", tolerans="0")[1]) == ["TY021"]
    assert codes(read(table, summor="Totalt = ovanför", tolerans="mycket")[1]) == ["TY016", "TY021"]


def test_the_default_tolerance_follows_the_decimals_written():
    """In a table written with one decimal (mnkr), one unit of the last digit is 0,1."""
    table = "Post;Utfall\nA;1,2\nB;2,3\nSumma;{total}\n"
    assert codes(read(table.format(total="3,7"), summor="Summa = ovanför")[1]) == []
    assert codes(read(table.format(total="3,8"), summor="Summa = ovanför")[1]) == ["TY021"]


def test_the_mismatch_names_row_column_expected_and_stated_value_and_how_to_fix():
    _, findings, _ = read(SUM_TABLE.format(total="650"), title="Driftredovisning", summor="Totalt = ovanför")
    [finding] = findings
    assert (finding.path, finding.line, finding.code) == ("rapport.md", 15, "TY021")
    message = finding.message
    assert message.startswith("Tabellen 'Driftredovisning': i raden 'Totalt', kolumnen 'Utfall' står 650")
    assert "Skola + Omsorg + Kultur = 600" in message
    assert "skillnad 50 tkr, tillåtet ±3 tkr" in message
    assert "':känt-fel: Totalt / Utfall'" in message


def test_sums_of_named_rows_and_sections_above_headings():
    finance, findings, _ = read(SEED_002_TABLE, summor=SEED_002_SUMS)
    kinds = [row.kind for row in finance.rows]
    assert kinds == ["heading", "data", "data", "data", "sum", "heading", "data", "data", "data", "sum", "sum"]
    assert finance.rows[4].terms == ((1, 1), (1, 2), (1, 3))
    assert finance.rows[10].terms == ((1, 4), (1, 9))
    assert len(finance.checks) == 9
    assert codes(findings) == ["TY021"]


# --- the seed tables -------------------------------------------------------------------------------


def test_seed_002_income_statement_is_flagged_at_its_2014_resultat_and_nothing_else():
    _, findings, _ = read(SEED_002_TABLE, title="Resultaträkning", summor=SEED_002_SUMS)
    [finding] = findings
    assert finding.code == "TY021"
    assert finding.line == 11 + SEED_002_TABLE.splitlines().index("Resultat;7 000;-6 667;-9 334")
    assert "raden 'Resultat', kolumnen '2014 utfall' står 7\u00a0000" in finding.message
    assert "Summa intäkter + Summa kostnader = 7\u00a0372" in finding.message


def test_seed_002_acknowledged_error_is_silent_and_shown_as_a_note():
    finance, findings, _ = read(SEED_002_TABLE, title="Resultaträkning", summor=SEED_002_SUMS, känt_fel="Resultat / 2014 utfall")
    assert findings == []
    [check] = finance.acknowledged
    assert finance.note(check).startswith("Summan stämmer inte i originalet: Resultat, 2014 utfall anges till 7\u00a0000")
    assert "7\u00a0372" in finance.note(check)


def test_an_acknowledged_cell_that_adds_up_must_be_removed_from_the_option():
    _, findings, _ = read(SEED_002_TABLE, summor=SEED_002_SUMS, känt_fel="Resultat / 2014 utfall; Resultat / 2015 utfall")
    assert codes(findings) == ["TY016"]
    assert "Resultat', kolumnen '2015 utfall'" in findings[0].message and "stämmer" in findings[0].message


def test_seed_004_net_cost_table_passes_within_rounding():
    finance, findings, data_file = read(
        root=REPO,
        report=REPO / T1_2023,
        fil="nettokostnad-per-verksamhet.csv",
        kolumner=SEED_004_COLUMNS,
        summor="Resultat ASN = ovanför",
    )
    assert findings == []
    assert data_file == REPO / "reports/2023/T1/nettokostnad-per-verksamhet.csv"
    assert len(finance.checks) == 12 * 2 + 7
    assert all(check.holds for check in finance.checks)
    # The rows agree only to ±1 tkr (each figure is rounded): Barn- och ungdomsvård, helår.
    off = [check for check in finance.checks if check.difference != 0]
    assert {abs(check.difference) for check in off} == {1}
    assert len(off) >= 3
    assert [column.role for column in finance.columns] == [
        "text",
        "utfall",
        "budget",
        "avvikelse",
        "prognos",
        "budget",
        "avvikelse",
        "avvikelse",
    ]


def test_the_site_reports_use_the_seed_tables_exactly():
    project = Project.find(REPO)
    assert project.check() == []
    csv = (REPO / "reports/2016/AR/resultatrakning.csv").read_text(encoding="utf-8")
    assert "Resultat;7 000;-6 667;-9 334" in csv
    ar = (REPO / AR_2016).read_text(encoding="utf-8")
    assert ":känt-fel: Resultat / 2014 utfall" in ar


def test_tyreso_check_finds_the_seed_002_error_when_it_is_not_acknowledged(tmp_path, capsys):
    """The sample site acknowledges the error of the original; without that line the checker names it."""
    project = tmp_path / "projekt"
    shutil.copytree(REPO / "reports/2016", project / "reports/2016")
    shutil.copy(REPO / "conf.py", project / "conf.py")
    report = project / AR_2016
    report.write_text(report.read_text(encoding="utf-8").replace(":känt-fel: Resultat / 2014 utfall\n", ""), encoding="utf-8")
    status = main(["check", str(project)])
    output = capsys.readouterr().out
    assert status == 1
    lines = [line for line in output.splitlines() if " TY" in line]
    assert len(lines) == 1, output
    # Located at the report's ':fil:' line (what `tyreso check rapport.md` shows), naming the file's own line.
    file_line = line_of(report, ":fil: resultatrakning.csv")
    csv_line = line_of(project / "reports/2016/AR/resultatrakning.csv", "Resultat;")
    assert lines[0].startswith(
        f"{AR_2016}:{file_line}:1: TY021 Tabellen 'Resultaträkning' (filen 'resultatrakning.csv', rad {csv_line}): "
    )
    assert "'Resultat', kolumnen '2014 utfall' står 7\u00a0000" in lines[0] and "= 7\u00a0372" in lines[0]
    assert main(["check", str(report)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == lines[0]


# --- files: inside the project, readable -----------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "projekt"
    (root / "reports/2023/T1").mkdir(parents=True)
    (root / "reports/2023/T1/rapport.md").write_text("", encoding="utf-8")
    (root / "reports/2023/T1/drift.csv").write_text("Verksamhet;Utfall\nSkola;1\nTotalt;1\n", encoding="utf-8")
    (tmp_path / "hemlig.csv").write_text("Verksamhet;Utfall\nLön;99\n", encoding="utf-8")
    return root


def test_a_file_beside_the_report_is_read(project):
    finance, findings, data_file = read(
        root=project, report=project / "reports/2023/T1/rapport.md", fil="drift.csv", summor="Totalt = ovanför"
    )
    assert findings == [] and finance is not None
    assert data_file == (project / "reports/2023/T1/drift.csv").resolve()
    assert [row.label for row in finance.rows] == ["Skola", "Totalt"]


@pytest.mark.parametrize(
    "written", ["../../../../hemlig.csv", "/etc/passwd", "~/hemlig.csv", "../../../../../../../../etc/passwd"]
)
def test_a_file_outside_the_project_is_refused_and_never_read(project, written, monkeypatch):
    opened = []
    real_read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: opened.append(self) or real_read_bytes(self))
    finance, findings, data_file = read(root=project, report=project / "reports/2023/T1/rapport.md", fil=written)
    assert finance is None and data_file is None and opened == []
    [finding] = findings
    assert (finding.code, finding.line) == ("TY022", 3)


def test_a_symbolic_link_pointing_outside_is_refused(project):
    link = project / "reports/2023/T1/lank.csv"
    os.symlink(project.parent / "hemlig.csv", link)
    finance, findings, _ = read(root=project, report=project / "reports/2023/T1/rapport.md", fil="lank.csv")
    assert finance is None and codes(findings) == ["TY022"]
    assert "utanför rapportprojektets mapp" in findings[0].message


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("saknas.csv", None, "finns inte"),
        ("latin1.csv", "Verksamhet;Utfall\nFörskola;1\n".encode("latin-1"), "UTF-8"),
    ],
)
def test_a_missing_or_unreadable_file_is_named(project, name, content, words):
    if content is not None:
        (project / "reports/2023/T1" / name).write_bytes(content)
    _, findings, _ = read(root=project, report=project / "reports/2023/T1/rapport.md", fil=name)
    assert codes(findings) == ["TY022"] and words in findings[0].message


def test_findings_in_a_file_are_located_at_the_fil_line_and_name_the_files_line(project):
    (project / "reports/2023/T1/drift.csv").write_text("Verksamhet;Utfall\nSkola;1\nTotalt;5\n", encoding="utf-8")
    _, findings, _ = read(root=project, report=project / "reports/2023/T1/rapport.md", fil="drift.csv", summor="Totalt = ovanför")
    assert [(finding.path, finding.line, finding.code) for finding in findings] == [("rapport.md", 3, "TY021")]
    assert findings[0].message.startswith("Tabellen 'Tabell' (filen 'drift.csv', rad 3): i raden 'Totalt'")


# --- malformed tables ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "options", "line", "words"),
    [
        ("Verksamhet;Utfall\nSkola;12 tkr\n", {}, 12, "'12 tkr'"),
        ("Verksamhet;Utfall\nSkola;1;2\n", {}, 12, "har 3 celler men rubrikraden har 2"),
        ('Verksamhet;Utfall\n"Skola;1\n', {}, 12, "CSV"),
        ("Bara en kolumn\nSkola\n", {}, 11, "bara en kolumn"),
        ("Verksamhet;Utfall;Utfall\nSkola;1;2\n", {}, 11, "finns två gånger"),
        ("Verksamhet;Utfall\n", {}, 11, "bara en rubrikrad"),
        ("Verksamhet;Utfall\nSkola;1\n", {"kolumner": "Utfal = utfall"}, 3, "Menade du 'Utfall'?"),
        ("Verksamhet;Utfall\nSkola;1\n", {"kolumner": "Utfall = utfal"}, 3, "Tillåtna roller är 'utfall'"),
        ("Verksamhet;Budget;Utfall\nSkola;1;1\n", {"kolumner": "Utfall = Utfall - Budget"}, 3, "ur sig själv"),
        ("Verksamhet;Utfall\nA;1\nA;2\nSumma;3\n", {"summor": "Summa = A + A"}, 3, "finns 2 gånger"),
        ("Verksamhet;Utfall\nA;1\nSumma;1\n", {"summor": "Sum = ovanför"}, 3, "Menade du 'Summa'?"),
        ("Verksamhet;Utfall\nSumma;1\n", {"summor": "Summa = ovanför"}, 3, "inga rader"),
        ("Verksamhet;Utfall\nA;1\n", {"känt-fel": "A"}, 3, "'Rad / Kolumn'"),
        ("", {}, 2, "saknar data"),
    ],
)
def test_a_malformed_table_is_ty023_at_the_right_line(table, options, line, words):
    _, findings, _ = read(table, **{key.replace("-", "_"): value for key, value in options.items()})
    assert [(finding.code, finding.line) for finding in findings] == [("TY023", line)]
    assert words in findings[0].message


def test_file_and_body_together_or_an_unknown_option():
    assert codes(read("A;B\nx;1\n", fil="drift.csv")[1]) == ["TY023"]
    _, findings, _ = read("A;B\nx;1\n", summa="x = ovanför")
    assert codes(findings) == ["TY005"] and "Menade du 'summor'?" in findings[0].message


def test_a_bad_cell_does_not_cause_a_second_finding_in_the_sums():
    _, findings, _ = read("Verksamhet;Utfall\nSkola;x\nOmsorg;2\nTotalt;2\n", summor="Totalt = ovanför")
    assert codes(findings) == ["TY023"]


def test_comma_and_tab_separated_files_are_read_too():
    for table in ('Verksamhet,Utfall\nSkola,"1,5"\nTotalt,"1,5"\n', "Verksamhet\tUtfall\nSkola\t1,5\nTotalt\t1,5\n"):
        finance, findings, _ = read(table, summor="Totalt = ovanför")
        assert findings == [] and finance.rows[0].values[1] == decimal.Decimal("1.5")


@settings(max_examples=150, deadline=None)
@given(
    body_text=st.text(alphabet=st.sampled_from(list('ab12 ;,"\n-−–.=+/\t')), max_size=120),
    kolumner=st.text(alphabet=st.sampled_from(list("ab12 ;=-+")), max_size=30),
    summor=st.text(alphabet=st.sampled_from(list("ab12 ;=-+ovanför")), max_size=30),
)
def test_any_text_gives_findings_never_a_crash(body_text, kolumner, summor):
    finance, findings, _ = read(body_text, kolumner=kolumner, summor=summor, känt_fel="a / b")
    assert finance is not None or findings


# --- the build: rendering, warnings, check = build --------------------------------------------------


def finance_tables(app) -> dict[str, object]:
    return {caption(table): table for table in body(app, EKONOMI).select("table.tyreso-finance-table")}


@pytest.mark.sphinx("html", testroot="finance", freshenv=True)
def test_the_finance_root_builds_without_findings_and_check_agrees(app, capsys):
    app.build()
    assert tyreso_warnings(app) == []
    assert main(["check", str(FINANCE)]) == 0
    assert capsys.readouterr().out.strip() == "Inga fynd."


@pytest.mark.sphinx("html", testroot="finance", freshenv=True)
def test_a_financial_table_renders_swedish_numbers_right_aligned_with_the_unit_in_the_caption(app):
    app.build()
    tables = finance_tables(app)
    assert list(tables) == ["Nettokostnad per verksamhet (tkr)", "Resultaträkning (tkr)", "Belopp i mnkr"]
    net = tables["Nettokostnad per verksamhet (tkr)"]
    assert table_headers(net)[:4] == ["Nettokostnad per verksamhet", "Utfall apr", "Budget apr", "Avvikelse apr"]
    rows = table_rows(net)
    assert rows[0] == ["Gemensamt IFO", "−29 390", "−30 531", "1 141", "−91 258", "−91 593", "335", "−5 461"]
    assert rows[-1][0] == "Resultat ASN"
    raw = net.select("tbody tr")[0].find_all("td")[0].get_text()
    assert raw == "\u221229\u00a0390"  # a real minus and a non-breaking space
    numbers = net.select("tbody td")
    assert numbers and all("tyreso-number" in cell["class"] for cell in numbers)
    assert all(cell.name == "th" for cell in net.select("tbody tr > :first-child"))
    assert "tyreso-row-sum" in net.select("tbody tr")[-1].find("td")["class"]
    mnkr = table_rows(tables["Belopp i mnkr"])
    assert mnkr == [["Intäkter", "12,5", "13,25", "0,75"], ["Kostnader", "−1 234,5", "−1 230", "4,5"]]


@pytest.mark.sphinx("html", testroot="finance", freshenv=True)
def test_an_acknowledged_error_is_marked_in_the_cell_and_explained_under_the_table(app):
    app.build()
    table = finance_tables(app)["Resultaträkning (tkr)"]
    resultat = next(row for row in table.select("tbody tr") if text(row.find("th")) == "Resultat")
    cell = resultat.find_all("td")[0]
    assert "tyreso-known-error" in cell["class"] and text(cell) == "7 000 *"
    headings = [text(row.find("th")) for row in table.select("tbody tr") if "tyreso-row-heading" in row.find("th")["class"]]
    assert headings == ["Intäkter", "Kostnader"]
    note = body(app, EKONOMI).select_one(".tyreso-known-error-note")
    assert text(note).startswith("* Summan stämmer inte i originalet: Resultat, 2014 utfall anges till 7 000")


def _unacknowledged(app_params, tmp_path, make_app, change):
    args, kwargs = app_params
    srcdir = tmp_path / "finance"
    shutil.copytree(FINANCE, srcdir)
    report = srcdir / f"{EKONOMI}.md"
    report.write_text(change(report.read_text(encoding="utf-8")), encoding="utf-8")
    app = make_app(*args, **{**kwargs, "srcdir": srcdir, "builddir": tmp_path / "build"})
    app.build()
    return app, srcdir


@pytest.mark.sphinx("html", testroot="finance", freshenv=True)
def test_without_the_acknowledgement_the_build_and_check_flag_the_seed_002_resultat(app, app_params, make_app, tmp_path, capsys):
    flagged, srcdir = _unacknowledged(
        app_params, tmp_path, make_app, lambda text: text.replace(":känt-fel: Resultat / 2014 utfall\n", "")
    )
    [(path, line, code, message)] = tyreso_warnings(flagged)
    assert (path, line, code) == (f"{EKONOMI}.md", line_of(srcdir / f"{EKONOMI}.md", "Resultat;7 000;"), "TY021")
    assert "'Resultat', kolumnen '2014 utfall' står 7\u00a0000, men Summa intäkter + Summa kostnader = 7\u00a0372" in message
    assert main(["check", str(srcdir)]) == 1
    output = capsys.readouterr().out
    assert f"{EKONOMI}.md:{line}:1: TY021 " in output
    assert body(flagged, EKONOMI).select(".tyreso-problems")


@pytest.mark.sphinx("html", testroot="finance", freshenv=True)
def test_a_wrong_sum_in_a_csv_file_is_named_by_build_and_check(app, app_params, make_app, tmp_path, capsys):
    args, kwargs = app_params
    srcdir = tmp_path / "finance"
    shutil.copytree(FINANCE, srcdir)
    data = srcdir / "reports/2023/T1/nettokostnad.csv"
    data.write_text(data.read_text(encoding="utf-8").replace("Resultat ASN;-92 415;", "Resultat ASN;-92 515;"), encoding="utf-8")
    broken = make_app(*args, **{**kwargs, "srcdir": srcdir, "builddir": tmp_path / "build"})
    broken.build()
    line = line_of(srcdir / f"{EKONOMI}.md", ":fil: nettokostnad.csv")
    assert finding_keys(broken) == {(f"{EKONOMI}.md", line, "TY021")}
    csv_line = line_of(data, "Resultat ASN;")
    assert all(f"(filen 'nettokostnad.csv', rad {csv_line})" in message for *_, message in tyreso_warnings(broken))
    messages = [message for *_, message in tyreso_warnings(broken)]
    assert any("kolumnen 'Utfall apr' står −92\u00a0515, men summan av de 11 raderna ovanför" in message for message in messages)
    assert any(
        "kolumnen 'Avvikelse apr' står 7\u00a0789, men Utfall apr − Budget apr = 7\u00a0689" in message for message in messages
    )
    main(["check", str(srcdir)])
    output = capsys.readouterr().out
    assert output.count(f"{EKONOMI}.md:{line}:1: TY021 ") == 2


@pytest.mark.sphinx("html", testroot="finance", freshenv=False)
def test_editing_the_csv_file_rebuilds_the_report(app, app_params, make_app, tmp_path):
    args, kwargs = app_params
    srcdir = tmp_path / "finance"
    shutil.copytree(FINANCE, srcdir)
    first = make_app(*args, **{**kwargs, "srcdir": srcdir, "builddir": tmp_path / "build"})
    first.build()
    data = srcdir / "reports/2023/T1/nettokostnad.csv"
    data.write_text(data.read_text(encoding="utf-8").replace("Gemensamt IFO", "Gemensam IFO"), encoding="utf-8")
    os.utime(data, (data.stat().st_atime + 5, data.stat().st_mtime + 5))
    second = make_app(*args, **{**kwargs, "srcdir": srcdir, "builddir": tmp_path / "build"})
    second.build()
    rows = table_rows(next(iter(finance_tables(second).values())))
    assert rows[0][0] == "Gemensam IFO"
