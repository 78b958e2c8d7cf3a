"""The open-data export as a spreadsheet program reads it: no formulas from hostile text, numbers as numbers,
financial tables included; the CSV files read with the csv module, the Excel file with openpyxl."""

from __future__ import annotations

import csv
import decimal
import json
import os
import re
import zipfile
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from sphinx.cmd.build import build_main

from tyreso_ext.cli import main
from tyreso_ext.outputs.open_data.cells import FORMULA_STARTS, cell, csv_text, safe_text
from tyreso_ext.outputs.open_data.files import SCHEMA_PATH, SHEETS, write_export
from tyreso_ext.outputs.open_data.records import export_data, finance_columns, table_columns, value_columns
from tyreso_ext.source.project import Project

LINK = '=HYPERLINK("http://x","klick")'
HOSTILE = [LINK, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
CSV_NUMBER = re.compile(r"^-?\d+(,\d+)?$")  # how the CSV files write a number: decimal comma, no spaces

CONF = """\
project = "Testkommun"
extensions = ["myst_parser", "tyreso_ext"]
myst_enable_extensions = ["colon_fence"]
language = "sv"
root_doc = "index"
exclude_patterns = ["_build"]
tyreso_organs = ["Kommunstyrelsen", "Socialnämnden"]
"""

INDEX = """\
# Testkommun

Ett exempel på en ekonomitabell, utanför rapporterna: det exporteras inte.

:::{ekonomitabell} Exempel
Post;Belopp
Intäkter;1
:::

```{toctree}
:glob:

reports/*/*/*
```
"""

PLAN = """\
---
rapporttyp: kommunplan
period: "2023"
organ: Kommunstyrelsen
---

# Kommunplan 2023

:::{uppdrag} =HYPERLINK("http://x","klick")
:id: lank
:::

:::{indikator} +1+1
:id: plus
:enhet: =1+1
:::

:::{risk} @SUM(A1)
:id: summa
:typ: -2+3
:sannolikhet: 3
:konsekvens: 3
:risknivå: 9
:::
"""

T1 = """\
---
rapporttyp: delårsrapport
period: 2023-T1
organ: Kommunstyrelsen
titel: =HYPERLINK("http://x","klick")
---

# Delårsrapport T1 2023

:::{uppdrag} =HYPERLINK("http://x","klick")
:id: lank
:ansvarig: @SUM(A1)
:status: gul
:orsak: -2+3
:åtgärder: +1+1
:::

:::{indikator} +1+1
:id: plus
:enhet: =1+1
:startläge: 2021: -1 234
:utfall: 2022: -2,5; 2023-T1: 48
:jämförelse: @riket 2021: 7
:källa: =HYPERLINK("http://x","klick")
:status: grön
:::

:::{risk} @SUM(A1)
:id: summa
:typ: -2+3
:sannolikhet: 4
:konsekvens: 5
:risknivå: 20
:åtgärd: =1+1
:bedömning: gul
:kommentar: +1
:::

:::{ekonomitabell} =HYPERLINK("http://x","klick")
:enhet: tkr
:kolumner: Kommentar = text

Post;-2+3;Budget;Kommentar
+1+1;-1 234;−5 678,5;=1+1
@SUM(A1);12,25;;@SUM(A1)
=HYPERLINK("http://x","klick");0;-0,5;-2+3
:::
"""

# A report with a financial table and no objects at all.
T2_FINANCE_ONLY = """\
---
rapporttyp: delårsrapport
period: 2023-T2
organ: Socialnämnden
---

# Delårsrapport T2 2023

:::{ekonomitabell}
:enhet: mnkr
:summor: Summa = ovanför

Post;Utfall
Intäkter;
Avgifter;3
Bidrag;4
Summa;7
:::
"""


@pytest.fixture
def hostile(tmp_path, monkeypatch) -> Path:
    """A small project whose titles, fields and table cells begin like formulas, as the current folder."""
    root = tmp_path / "projekt"
    files = {
        "conf.py": CONF,
        "index.md": INDEX,
        "reports/2023/plan/kommunstyrelsen.md": PLAN,
        "reports/2023/T1/kommunstyrelsen.md": T1,
        "reports/2023/T2/socialnamnden.md": T2_FINANCE_ONLY,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def read_csv(path: Path) -> list[list[str]]:
    """The rows as a spreadsheet program reads them (newline='': a carriage return in a quoted cell stays)."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file, delimiter=";"))


def column(rows: list[list[str]], name: str) -> list[str]:
    index = rows[0].index(name)
    return [row[index] for row in rows[1:]]


def sheet_column(sheet, name: str) -> list[object]:
    header = [value for value in next(sheet.iter_rows(max_row=1, values_only=True))]
    index = header.index(name)
    return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]


def assert_no_formula_text(value: str) -> None:
    """A text no spreadsheet program takes for a formula: it does not begin like one, or it is a plain number."""
    assert not value.startswith(FORMULA_STARTS) or CSV_NUMBER.match(value), repr(value)


# --- the one sanitiser -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_a_text_that_begins_like_a_formula_gets_a_quote(text):
    expected = "'" + text.replace("\r", "\n")  # a carriage return becomes a line feed (see cells.py)
    assert safe_text(text) == cell(text) == expected


def test_other_texts_and_numbers_pass_unchanged():
    for text in ("Trygg skolväg", "a=1", "2021: -1 234", "'=1", "#N/A", "", "–5"):
        assert cell(text) == text
    assert cell("x\x00y\x1f") == "xy"  # control characters an XLSX file cannot hold
    assert cell("\x01=1") == "'=1"  # removed first: what remains is still protected
    assert cell("\n=1") == "'\n=1" and cell("a\r\nb\rc") == "a\nb\nc"
    assert cell(-1234) == -1234 and isinstance(cell(-1234), int)
    assert cell(decimal.Decimal("-1234")) == -1234 and isinstance(cell(decimal.Decimal("-1234")), int)
    assert cell(decimal.Decimal("-5678.5")) == -5678.5
    assert cell(48.0) == 48 and isinstance(cell(48.0), int)
    assert cell(None) == "" and cell(True) == "ja"
    assert [csv_text(value) for value in (-1234, -5678.5, 0.00001, 12.25)] == ["-1234", "-5678,5", "0,00001", "12,25"]


# --- CSV --------------------------------------------------------------------------------------------


def test_csv_files_hold_no_formula_and_write_numbers_as_numbers(hostile, capsys):
    assert main(["export", "--format", "csv", "--ut", "ut/objekt.csv"]) == 0
    message = capsys.readouterr().err
    assert "6 objekt och 2 ekonomitabeller från 3 rapporter" in message
    assert "ut/objekt-indikatorvarden.csv" in message and "ut/objekt-ekonomi.csv" in message
    objects = read_csv(hostile / "ut/objekt.csv")
    values = read_csv(hostile / "ut/objekt-indikatorvarden.csv")
    finance = read_csv(hostile / "ut/objekt-ekonomi.csv")
    assert [objects[0], values[0], finance[0]] == [table_columns(), value_columns(), finance_columns()]
    for rows in (objects, values, finance):
        for row in rows:
            for value in row:
                assert_no_formula_text(value)

    # Each hostile text is there, neutralised, never dropped.
    assert column(objects, "titel") == ["'" + LINK, "'+1+1", "'@SUM(A1)"] * 2
    t1 = {name: column(objects, name)[3:] for name in objects[0]}
    assert t1["ansvarig"][0] == "'@SUM(A1)" and t1["orsak"][0] == "'-2+3" and t1["åtgärder"][0] == "'+1+1"
    assert t1["källa"][1] == "'" + LINK and t1["enhet"][1] == "'=1+1" and t1["jämförelse"][1] == "'@riket 2021: 7"
    assert t1["risktyp"][2] == "'-2+3" and t1["åtgärd"][2] == "'=1+1" and t1["kommentar"][2] == "'+1"
    assert (t1["sannolikhet"][2], t1["risknivå"][2]) == ("4", "20")

    # The indicator's values: one row each, the value a number (a negative one without a quote).
    assert [(row[2], row[4], row[5]) for row in values[1:]] == [
        ("startläge", "2021", "-1234"),
        ("utfall", "2022", "-2,5"),
        ("utfall", "2023-T1", "48"),
        ("jämförelse", "2021", "7"),
    ]
    assert column(values, "enhet") == ["'=1+1"] * 4 and column(values, "namn")[3] == "'@riket"

    # The financial figures: numbers; the text column and the empty cell are left out.
    figures = [(row[6], row[8], row[10]) for row in finance[1:]]
    assert figures[:5] == [
        ("'+1+1", "'-2+3", "-1234"),
        ("'+1+1", "Budget", "-5678,5"),
        ("'@SUM(A1)", "'-2+3", "12,25"),
        ("'" + LINK, "'-2+3", "0"),
        ("'" + LINK, "Budget", "-0,5"),
    ]
    assert column(finance, "tabell")[:5] == ["'" + LINK] * 5
    assert "Kommentar" not in column(finance, "kolumn")
    assert all(CSV_NUMBER.match(value) for value in column(finance, "värde"))

    # The report without objects, with a heading row ('Intäkter') and a sum.
    second = [row for row in finance[1:] if row[0] == "reports/2023/T2/socialnamnden"]
    assert [(row[3], row[5], row[6], row[7], row[10]) for row in second] == [
        ("Belopp i mnkr", "Intäkter", "Avgifter", "rad", "3"),
        ("Belopp i mnkr", "Intäkter", "Bidrag", "rad", "4"),
        ("Belopp i mnkr", "Intäkter", "Summa", "summa", "7"),
    ]


def test_tab_and_carriage_return_are_neutralised_in_csv_and_xlsx(hostile, tmp_path):
    """The reader folds leading whitespace away; the writers protect such a text all the same."""
    data = _data(hostile)
    data["objekt"][0]["titel"], data["objekt"][1]["titel"] = "\t=1", "\r=1"
    data["ekonomi"][0]["rader"][0]["rubrik"] = "\t=1"
    write_export(data, tmp_path / "ut/objekt.csv", "csv")
    write_export(data, tmp_path / "ut/objekt.xlsx", "xlsx")
    rows = read_csv(tmp_path / "ut/objekt.csv")
    assert len(rows) == 1 + len(data["objekt"])  # the carriage return ends no row
    assert column(rows, "titel")[:2] == ["'\t=1", "'\n=1"]
    assert column(read_csv(tmp_path / "ut/objekt-ekonomi.csv"), "radrubrik")[0] == "'\t=1"
    workbook = openpyxl.load_workbook(tmp_path / "ut/objekt.xlsx")
    assert sheet_column(workbook["Objekt"], "titel")[:2] == ["'\t=1", "'\n=1"]
    assert sheet_column(workbook["Ekonomi"], "radrubrik")[0] == "'\t=1"


# --- XLSX -------------------------------------------------------------------------------------------


def test_xlsx_has_no_formula_numbers_as_numbers_and_a_bold_frozen_filtered_header(hostile, capsys):
    assert main(["export", "--format", "xlsx", "--ut", "objekt.xlsx"]) == 0
    path = hostile / "objekt.xlsx"
    with zipfile.ZipFile(path) as archive:  # no formula element anywhere in the file
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(name) or b"<f " in archive.read(name) for name in sheets)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [sheet.name for sheet in SHEETS] == ["Objekt", "Indikatorvärden", "Ekonomi"]
    for sheet in workbook:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == sheet.dimensions  # the header's filters cover every row and column
        header = next(sheet.iter_rows(max_row=1))
        assert all(item.font.bold and item.data_type == "s" for item in header)
        for number, letter in enumerate("ABC"):
            assert sheet.column_dimensions[letter].width >= len(str(header[number].value))
        for row in sheet.iter_rows():
            for item in row:
                assert item.data_type != "f", (sheet.title, item.coordinate, item.value)
                if isinstance(item.value, str):
                    assert item.data_type == "s"
                    assert_no_formula_text(item.value)
                else:
                    assert item.value is None or isinstance(item.value, int | float)

    objects = workbook["Objekt"]
    assert sheet_column(objects, "titel") == ["'" + LINK, "'+1+1", "'@SUM(A1)"] * 2
    assert all(isinstance(line, int) for line in sheet_column(objects, "rad"))
    assert sheet_column(objects, "sannolikhet")[-1] == 4 and sheet_column(objects, "risknivå")[-1] == 20

    values = workbook["Indikatorvärden"]
    assert sheet_column(values, "värde") == [-1234, -2.5, 48, 7]
    assert sheet_column(values, "period") == ["2021", "2022", "2023-T1", "2021"]
    assert sheet_column(values, "enhet") == ["'=1+1"] * 4

    finance = workbook["Ekonomi"]
    figures = sheet_column(finance, "värde")
    assert figures == [-1234, -5678.5, 12.25, 0, -0.5, 3, 4, 7]
    assert all(isinstance(value, int | float) and not isinstance(value, bool) for value in figures)
    assert sheet_column(finance, "radrubrik")[:3] == ["'+1+1", "'+1+1", "'@SUM(A1)"]


def test_the_csv_files_and_the_xlsx_sheets_hold_the_same_tables(hostile, capsys):
    assert main(["export", "--format", "csv", "--ut", "objekt.csv"]) == 0
    assert main(["export", "--format", "xlsx", "--ut", "objekt.xlsx"]) == 0
    workbook = openpyxl.load_workbook(hostile / "objekt.xlsx")
    for sheet, suffix in zip(SHEETS, ("", "-indikatorvarden", "-ekonomi"), strict=True):
        rows = read_csv(hostile / f"objekt{suffix}.csv")
        cells = [
            ["" if value is None else csv_text(value) for value in row]
            for row in workbook[sheet.name].iter_rows(values_only=True)
        ]
        assert cells == rows, sheet.name


# --- JSON -------------------------------------------------------------------------------------------


def test_json_holds_the_financial_tables_with_numbers_and_validates(hostile, capsys):
    assert main(["export", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert data["version"] == 2
    assert [table["rapport"] for table in data["ekonomi"]] == ["reports/2023/T1/kommunstyrelsen", "reports/2023/T2/socialnamnden"]
    first, second = data["ekonomi"]
    assert first["titel"] == LINK  # JSON is data, not a spreadsheet: the text as written
    assert (first["enhet"], first["period"], first["organ"]) == ("tkr", "2023-T1", "Kommunstyrelsen")
    assert first["kolumner"] == [
        {"namn": "Post", "roll": "text"},
        {"namn": "-2+3", "roll": "belopp"},
        {"namn": "Budget", "roll": "belopp"},
        {"namn": "Kommentar", "roll": "text"},
    ]
    assert first["rader"][0] == {
        "rubrik": "+1+1",
        "typ": "rad",
        "värden": {"-2+3": -1234, "Budget": -5678.5, "Kommentar": "=1+1"},
        "plats": {"fil": "reports/2023/T1/kommunstyrelsen.md", "rad": 44},
    }
    assert first["rader"][1]["värden"] == {"-2+3": 12.25, "Budget": None, "Kommentar": "@SUM(A1)"}
    assert first["plats"] == {"fil": "reports/2023/T1/kommunstyrelsen.md", "rad": 39}
    assert [(row["rubrik"], row["typ"]) for row in second["rader"]] == [
        ("Intäkter", "rubrik"),
        ("Avgifter", "rad"),
        ("Bidrag", "rad"),
        ("Summa", "summa"),
    ]


# --- the build's copy -------------------------------------------------------------------------------


def test_the_build_publishes_every_csv_file_and_the_json_as_tyreso_export_writes_them(hostile, tmp_path):
    """Byte for byte, after a full build and after one that re-read only the edited report's table."""
    outdir = tmp_path / "html"
    names = ["tyreso-export.json", "tyreso-export.csv", "tyreso-export-indikatorvarden.csv", "tyreso-export-ekonomi.csv"]

    def same_as_the_command() -> None:
        command = tmp_path / "kommando"
        assert main(["export", "--format", "json", "--ut", str(command / "tyreso-export.json")]) == 0
        assert main(["export", "--format", "csv", "--ut", str(command / "tyreso-export.csv")]) == 0
        for name in names:
            assert (outdir / "data" / name).read_bytes() == (command / name).read_bytes(), name

    arguments = ["-b", "html", "-W", "--keep-going", "-n", "-q", "-d", str(tmp_path / "doctrees"), str(hostile), str(outdir)]
    assert build_main(arguments) == 0
    same_as_the_command()
    published = json.loads((outdir / "data/tyreso-export.json").read_text(encoding="utf-8"))
    assert len(published["ekonomi"]) == 2  # the example on the start page is no report's table

    report = hostile / "reports/2023/T2/socialnamnden.md"
    report.write_text(report.read_text(encoding="utf-8").replace("Bidrag;4\nSumma;7", "Bidrag;-14\nSumma;-11"), encoding="utf-8")
    stamp = report.stat().st_mtime + 2
    os.utime(report, (stamp, stamp))
    assert build_main(arguments) == 0
    same_as_the_command()
    assert column(read_csv(outdir / "data/tyreso-export-ekonomi.csv"), "värde")[-2:] == ["-14", "-11"]


def _data(root: Path) -> dict:
    project = Project.load(root)
    documents = [project.read(path) for path in project.report_files()]
    return export_data(
        [document.report for document in documents if document.report is not None],
        [obj for document in documents for obj in document.objects],
        {},
        [
            (document.report, line, table)
            for document in documents
            if document.report is not None
            for line, table in document.finance_tables
        ],
    )
