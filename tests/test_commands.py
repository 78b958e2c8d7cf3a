"""`tyreso ny`, `export`, `init` and `serve`: each run for real on copies of the test roots."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from bs4 import BeautifulSoup
from helpers import ROOTS
from sphinx.cmd.build import build_main

from tyreso_ext.cli import main
from tyreso_ext.outputs.open_data.files import SCHEMA_PATH
from tyreso_ext.source.markdown import parse_markdown
from tyreso_ext.source.project import Project

CLEAN = ROOTS / "test-domain"
T1 = "reports/2023/T1/kommunstyrelsen.md"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A writable copy of the clean test root, as the current folder."""
    root = tmp_path / "projekt"
    shutil.copytree(CLEAN, root)
    monkeypatch.chdir(root)
    return root


def build(root: Path, outdir: Path) -> int:
    return build_main(["-b", "html", "-W", "--keep-going", "-n", "-q", "-d", str(outdir / ".doctrees"), str(root), str(outdir)])


def directive_count(path: Path) -> int:
    kinds = {"uppdrag", "mål", "indikator", "risk"}
    tokens = parse_markdown(path.read_text(encoding="utf-8"))
    return sum(1 for token in tokens if token.type in ("fence", "colon_fence") and token.info[1:].split("}")[0] in kinds)


# --- tyreso ny ------------------------------------------------------------------------------------


def test_ny_writes_the_next_period_with_every_object_and_check_flags_it_until_written(project, capsys):
    assert main(["ny", T1, "2024-T1"]) == 0
    new = project / "reports/2024/T1/kommunstyrelsen.md"
    assert new.is_file()
    text = new.read_text(encoding="utf-8")
    assert "period: 2024-T1" in text
    assert directive_count(new) == directive_count(project / T1)
    old_ids = re.findall(r"^:id: (\S+)$", (project / T1).read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert re.findall(r"^:id: (\S+)$", text, flags=re.MULTILINE) == old_ids
    assert ":status: grön" not in text and ":status: gul" not in text and ":status: röd" not in text
    assert ":orsak:" not in text

    # Until the period's text is written, check names every placeholder line (TY019) and nothing else.
    capsys.readouterr()
    assert main(["check", str(new)]) == 1
    lines = capsys.readouterr().out.splitlines()[:-1]
    placeholder_lines = [number for number, line in enumerate(text.splitlines(), start=1) if "[Att skriva" in line]
    assert placeholder_lines
    assert [line.split(":")[1] for line in lines] == [str(number) for number in placeholder_lines]
    assert all(" TY019 " in line for line in lines)

    # The skeleton builds; once the text is written it checks clean and builds strictly.
    assert build_main(["-b", "html", "-q", "-d", str(project / "_d"), str(project), str(project / "_b1")]) == 0
    new.write_text(re.sub(r"\[Att skriva: [^\]]*\]", "Periodens text.", text), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(new)]) == 0
    assert build(project, project / "_b2") == 0
    page = BeautifulSoup((project / "_b2/reports/2024/T1/kommunstyrelsen.html").read_text(encoding="utf-8"), "html.parser")
    assert {badge.get_text() for badge in page.select(".tyreso-object .tyreso-badge")} == {"Ej bedömd"}


def test_ny_refuses_to_overwrite(project, capsys):
    assert main(["ny", T1, "2023-T2"]) == 2  # reports/2023/T2/kommunstyrelsen.md exists in the root
    assert "finns redan" in capsys.readouterr().err
    assert main(["ny", T1, "2023-T9"]) == 2
    assert "ingen giltig period" in capsys.readouterr().err


# --- tyreso export ---------------------------------------------------------------------------------


def test_export_json_validates_against_its_schema_and_holds_every_object(project, capsys):
    assert main(["export", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    sources = sorted((project / "reports").rglob("*.md"))
    assert len(data["objekt"]) == sum(directive_count(path) for path in sources)
    assert len(data["rapporter"]) == len(sources)
    by_file: dict[str, int] = {}
    for item in data["objekt"]:
        by_file[item["plats"]["fil"]] = by_file.get(item["plats"]["fil"], 0) + 1
        assert (
            (project / item["plats"]["fil"]).read_text(encoding="utf-8").splitlines()[item["plats"]["rad"] - 1].startswith(":::{")
        )
    assert by_file == {path.relative_to(project).as_posix(): directive_count(path) for path in sources if directive_count(path)}


def test_export_csv_and_xlsx_have_the_same_rows(project, capsys):
    assert main(["export", "--format", "csv", "--ut", "objekt.csv"]) == 0
    assert main(["export", "--format", "xlsx", "--ut", "objekt.xlsx"]) == 0
    rows = list(csv.reader(io.StringIO((project / "objekt.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    sheet = openpyxl.load_workbook(project / "objekt.xlsx").active
    cells = [["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:5] == ["typ", "id", "titel", "status", "period"]
    assert cells == rows
    assert main(["export", "--format", "xlsx"]) == 2


def test_the_site_build_publishes_the_export(tmp_path):
    outdir = tmp_path / "html"
    assert build(CLEAN, outdir) == 0
    data = json.loads((outdir / "data/tyreso-export.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads((outdir / "data/tyreso-export.schema.json").read_text(encoding="utf-8")))
    project = Project.load(CLEAN)
    documents = [project.read(path) for path in project.report_files()]
    assert len(data["objekt"]) == sum(len(document.objects) for document in documents)
    assert (outdir / "data/tyreso-export.csv").is_file()
    assert not (outdir / "data/tyreso-export.xlsx").exists()  # Excel is made on request: tyreso export --format xlsx


def test_the_published_export_is_the_same_as_tyreso_export_also_after_an_edit(tmp_path, monkeypatch):
    """The build joins each report's export text, kept from when it was read; `tyreso export` scans every
    file. Both give the same bytes, after a full build and after a build that re-read one report."""
    root = tmp_path / "kalla"
    shutil.copytree(CLEAN, root)
    outdir = tmp_path / "html"

    def same_as_the_command() -> None:
        monkeypatch.chdir(root)
        for output_format in ("json", "csv"):
            assert main(["export", "--format", output_format, "--ut", str(tmp_path / f"kommando.{output_format}")]) == 0
            published = (outdir / f"data/tyreso-export.{output_format}").read_bytes()
            assert published == (tmp_path / f"kommando.{output_format}").read_bytes(), output_format

    assert build(root, outdir) == 0
    same_as_the_command()
    report = root / "reports/2023/T1/kommunstyrelsen.md"
    text = report.read_text(encoding="utf-8")
    assert ":status: gul" in text
    report.write_text(text.replace(":status: gul", ":status: grön", 1), encoding="utf-8")
    stamp = report.stat().st_mtime + 2
    os.utime(report, (stamp, stamp))
    assert build(root, outdir) == 0
    same_as_the_command()
    assert '"status": "grön"' in (outdir / "data/tyreso-export.json").read_text(encoding="utf-8")


# --- tyreso init -----------------------------------------------------------------------------------


def test_init_gives_a_project_that_builds_and_checks_clean(tmp_path, monkeypatch, capsys):
    target = tmp_path / "haninge"
    assert (
        main(["init", str(target), "--kommun", "Haninge kommun", "--organ", "Kommunstyrelsen", "--organ", "Socialnämnden"]) == 0
    )
    for name in ("conf.py", "index.md", "Makefile", "README.md", "requirements.txt", ".pre-commit-config.yaml"):
        assert (target / name).is_file(), name
    assert '"Socialnämnden"' in (target / "conf.py").read_text(encoding="utf-8")
    monkeypatch.chdir(target)
    assert main(["check"]) == 0
    assert build(target, tmp_path / "html") == 0
    index = (tmp_path / "html/index.html").read_text(encoding="utf-8")
    assert "Haninge kommun" in index and "Ta fram en plan för kompetensförsörjning" in index
    # The same theme as the kommun's own site, with a way to the registers and to every report (and its PDF).
    assert 'html_theme = "pydata_sphinx_theme"' in (target / "conf.py").read_text(encoding="utf-8")
    assert all(f'href="tyreso-{name}.html"' in index for name in ("uppdrag", "mal", "indikatorer", "risker"))
    assert 'id="rapporter-2024"' in index and "tyreso-glance" in index
    assert main(["init", str(target)]) == 2
    assert "inte tom" in capsys.readouterr().err


def test_init_readme_commands_work_at_once(tmp_path):
    """The generated Makefile makes its own environment and builds, as its README says."""
    target = tmp_path / "nacka"
    assert main(["init", str(target), "--kommun", "Nacka kommun", "--organ", "Kommunstyrelsen"]) == 0
    result = subprocess.run(["make", "html", "check"], cwd=target, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert (target / "_build/html/index.html").is_file()
    assert "Inga fynd." in result.stdout


# --- tyreso serve ----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, predicate, limit: float = 120) -> str | None:
    """Poll a loopback page until it satisfies the predicate (bounded: at most `limit` seconds)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        page = _fetch(url)
        if page is not None and predicate(page):
            return page
        time.sleep(0.5)
    return None


def test_serve_serves_on_loopback_and_rebuilds_after_a_change(project):
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "tyreso_ext.cli", "serve", "--port", str(port)],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/reports/2023/T1/kommunstyrelsen.html"
        first = _wait_for(url, lambda page: "tyreso-object" in page)
        assert first is not None, "the preview never served the report"
        report = project / T1
        report.write_text(report.read_text(encoding="utf-8").replace("# ", "# Ändrad: ", 1), encoding="utf-8")
        changed = _wait_for(url, lambda page: "Ändrad: " in page)
        assert changed is not None, "the preview did not rebuild after the file changed"
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the whole session: the preview server and anything it started
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=20)


def test_ny_from_a_plan_to_the_next_plan_sets_no_status_and_moves_the_year_on(project, capsys):
    plan = "reports/2023/plan/kommunstyrelsen.md"
    assert main(["ny", plan, "2024"]) == 0
    text = (project / "reports/2024/plan/kommunstyrelsen.md").read_text(encoding="utf-8")
    assert 'period: "2024"' in text and ":status:" not in text and ":bedömning:" not in text
    assert "[Att skriva: plan 2024]" in text
    headings = [line for line in text.splitlines() if line.startswith("# ")]
    assert headings and "2023" not in headings[0]


def test_ny_across_plan_and_follow_up_asks_for_the_report_kind(project, capsys):
    assert main(["ny", "reports/2023/plan/kommunstyrelsen.md", "2023-T1", "--ut", "ny.md"]) == 2
    assert "--rapporttyp" in capsys.readouterr().err
    assert main(["ny", "reports/2023/plan/kommunstyrelsen.md", "2023-T1", "--ut", "ny.md", "--rapporttyp", "delårsrapport"]) == 0
    text = (project / "ny.md").read_text(encoding="utf-8")
    assert "rapporttyp: delårsrapport" in text and ":status: ej bedömd" in text


def test_ny_copies_the_data_files_its_directives_name(project, capsys):
    report = project / T1
    (report.parent / "siffror.csv").write_text("Rad;Utfall\nA;1\n", encoding="utf-8")
    report.write_text(report.read_text(encoding="utf-8") + "\n:::{bilaga}\n:fil: siffror.csv\n:::\n", encoding="utf-8")
    assert main(["ny", T1, "2024-T1"]) == 0
    assert (project / "reports/2024/T1/siffror.csv").read_text(encoding="utf-8") == "Rad;Utfall\nA;1\n"
    assert "siffror.csv" in capsys.readouterr().out


def test_serve_refuses_a_busy_port(project, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        assert main(["serve", "--port", str(busy.getsockname()[1])]) == 2
    assert "används redan" in capsys.readouterr().err


def test_command_errors_are_in_swedish(capsys):
    with pytest.raises(SystemExit) as raised:
        main(["ny"])
    assert raised.value.code == 2
    assert "dessa argument saknas: RAPPORT, PERIOD" in capsys.readouterr().err
