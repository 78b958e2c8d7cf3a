"""Indicators from Kolada: `tyreso kolada` fetches for real from a server on 127.0.0.1 that answers in Kolada's v3
format (several pages, missing values, errors, 429, slow answers); the build and `tyreso check` read only the data
files it writes. No mock of the client: the command and its HTTP client run as staff run them."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import http.server
import json
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from helpers import line_of, table_headers, table_rows, text, tyreso_warnings
from sphinx.cmd.build import build_main
from sphinx.testing.util import SphinxTestApp

from tyreso_ext.cli import main
from tyreso_ext.model.kolada_data import (
    FORMAT,
    Area,
    KoladaContext,
    Loaded,
    apply_measure,
    measure_from_api,
    parse_kpi_id,
    unit_from,
)
from tyreso_ext.source.project import Project

PLAN = "reports/2023/plan/kommunstyrelsen.md"
SICK_LEAVE = "N00090"
SATISFIED = "U00401"
TITLE = "Sjukfrånvaro bland kommunens anställda, %"

# What the stub answers: (area, year) → the total's value, None for Kolada's "Missing".
SICK_LEAVE_VALUES: dict[tuple[str, int], float | None] = {
    ("0138", 2018): 7.9,
    ("0138", 2019): 7.6,
    ("0138", 2020): 8.8,
    ("0138", 2021): None,
    ("0138", 2022): 7.43829,
    ("0138", 2023): 7.1,
    ("0138", 2024): 6.8,
    ("0000", 2019): 6.4,
    ("0000", 2020): 7.5,
    ("0000", 2021): 7.0,
    ("0000", 2022): 6.9,
    ("0000", 2023): 6.7,
    ("0001", 2022): 6.5,
    ("0001", 2023): None,
}


@dataclasses.dataclass
class Fault:
    """Misbehaviour for requests whose path contains ``where``: a status, or a slow answer, ``times`` times."""

    where: str
    kind: str  # "429", "503", "500", "slow"
    times: int = 1
    delay: float = 1.5


class KoladaStub(http.server.ThreadingHTTPServer):
    """Kolada's API v3 under /v3, answering from the measures and values a test gives it; remembers every request."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.metadata: dict[str, dict] = {}
        self.values: dict[str, dict[tuple[str, int], float | None]] = {}
        self.page_size = 4
        self.faults: list[Fault] = []
        self.requests: list[str] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v3"

    def measure(self, kpi: str, title: str, values: dict[tuple[str, int], float | None], published: str) -> None:
        self.metadata[kpi] = {
            "id": kpi,
            "title": title,
            "description": f"Beskrivning av {kpi}. Källa: SCB.",
            "is_divided_by_gender": True,
            "municipality_type": "K",
            "auspice": "X",
            "operating_area": "Kommunen, övergripande",
            "perspective": "Resurser",
            "prel_publication_date": None,
            "publication_date": published,
            "publ_period": "2024",
            "has_ou_data": False,
        }
        self.values[kpi] = values

    def fault(self, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.where in path and fault.times > 0:
                    fault.times -= 1
                    return fault
        return None

    def data_requests(self) -> list[str]:
        return [path for path in self.requests if "/data/" in path]


class _Handler(http.server.BaseHTTPRequestHandler):
    server: KoladaStub

    def log_message(self, format, *args) -> None:
        pass

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.requests.append(self.path)
        fault = self.server.fault(self.path)
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.delay)
        elif fault is not None:
            self._send(int(fault.kind), {"error": "stub"}, {"Retry-After": "1" if fault.kind == "429" else "0"})
            return
        split = urlsplit(self.path)
        parts = split.path.strip("/").split("/")
        if parts[:2] == ["v3", "kpi"] and len(parts) == 3:
            found = [self.server.metadata[kpi] for kpi in parts[2].split(",") if kpi in self.server.metadata]
            self._send(200, {"count": len(found), "values": found, "next_url": None, "previous_url": None})
        elif parts[:3] == ["v3", "data", "kpi"] and len(parts) == 8 and parts[4] == "municipality" and parts[6] == "year":
            self._data(parts[3], parts[5].split(","), [int(year) for year in parts[7].split(",")], split.query)
        else:
            self._send(404, {"error": "okänd adress"})

    def _data(self, kpi: str, areas: list[str], years: list[int], query: str) -> None:
        values = self.server.values.get(kpi, {})
        rows = []
        for area in areas:
            for year in years:
                if (area, year) not in values:
                    continue
                value = values[(area, year)]
                if value is None:
                    entries = [{"gender": gender, "count": 0, "status": "Missing", "value": None} for gender in "TKM"]
                else:  # the genders' values differ from the total's: only "T" may be taken
                    entries = [
                        {"gender": "K", "count": 1, "status": "", "value": value + 1},
                        {"gender": "T", "count": 1, "status": "", "value": value},
                        {"gender": "M", "count": 1, "status": "", "value": value - 1},
                    ]
                rows.append({"kpi": kpi, "municipality": area, "period": year, "values": entries})
        page = int(parse_qs(query).get("page", ["1"])[0])
        size = self.server.page_size
        shown = rows[(page - 1) * size : page * size]
        base = f"http://127.0.0.1:{self.server.server_address[1]}{urlsplit(self.path).path}"
        self._send(
            200,
            {
                "count": len(shown),
                "values": shown,
                "next_url": f"{base}?page={page + 1}" if page * size < len(rows) else None,
                "previous_url": f"{base}?page={page - 1}" if page > 1 else None,
            },
        )

    def _send(self, status: int, body: dict, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up on a slow answer


@pytest.fixture
def kolada():
    stub = KoladaStub()
    future = (datetime.date.today() + datetime.timedelta(days=60)).isoformat()
    stub.measure(SICK_LEAVE, TITLE, dict(SICK_LEAVE_VALUES), future)
    stub.measure(SATISFIED, "Nöjd Medborgar-Index, helhet, betygsindex", {("0138", 2022): 55, ("0000", 2022): 54}, future)
    thread = threading.Thread(target=stub.serve_forever, daemon=True)
    thread.start()
    yield stub
    stub.shutdown()
    stub.server_close()


CONF = """\
project = "Testkommun"
extensions = ["myst_parser", "tyreso_ext"]
myst_enable_extensions = ["colon_fence"]
language = "sv"
root_doc = "index"
exclude_patterns = ["_build"]
tyreso_organs = ["Kommunstyrelsen"]
tyreso_kolada_kommun = "0138"
tyreso_kolada_jamforelser = {"0000": "Riket", "0001": "Region Stockholm"}
tyreso_kolada_forsta_ar = 2018
"""

INDEX = "# Testkommun\n\n```{toctree}\n:glob:\n\nreports/*/*/*\n```\n"

REPORT = """\
---
rapporttyp: kommunplan
period: "2023"
organ: Kommunstyrelsen
---

# Kommunplan 2023

:::{{indikator}} Sjukfrånvaro
:id: sjukfranvaro
:riktning: lägre
:målvärde: 2026: 6
:kolada: {kpi}
{extra}:::

:::{{indikator}} Nöjd medborgare
:id: nojd-medborgare
:kolada: {satisfied}
:::
"""


def write_report(root: Path, *, kpi: str = SICK_LEAVE, satisfied: str = SATISFIED, extra: str = "") -> Path:
    path = root / PLAN
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(REPORT.format(kpi=kpi, satisfied=satisfied, extra=extra), encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "projekt"
    root.mkdir()
    (root / "conf.py").write_text(CONF, encoding="utf-8")
    (root / "index.md").write_text(INDEX, encoding="utf-8")
    write_report(root)
    monkeypatch.chdir(root)
    return root


def data_file(root: Path, kpi: str = SICK_LEAVE) -> Path:
    return root / "data/kolada" / f"{kpi}.json"


def fetch(kolada: KoladaStub, *extra: str) -> int:
    return main(["kolada", "--api", kolada.url, *extra])


def build(root: Path, outdir: Path, *strict: str) -> int:
    return build_main(["-b", "html", *strict, "-q", "-d", str(outdir / ".doctrees"), str(root), str(outdir)])


def built_findings(root: Path, tmp_path: Path) -> set[tuple[str, int, str]]:
    app = SphinxTestApp("html", srcdir=root, builddir=tmp_path / "app", freshenv=True, status=None)
    try:
        app.build()
        return {(path, line, code) for path, line, code, _ in tyreso_warnings(app)}
    finally:
        app.cleanup()


def checked_findings(root: Path) -> set[tuple[str, int, str]]:
    return {(finding.path, finding.line, finding.code) for finding in Project.load(root).check()}


# --- fetching ------------------------------------------------------------------------------------------------


def test_fetch_writes_one_file_per_measure_with_the_time_the_metadata_and_the_attribution(project, kolada, capsys):
    before = datetime.datetime.now().astimezone().replace(microsecond=0)
    assert fetch(kolada) == 0
    out = capsys.readouterr().out
    assert f"{SICK_LEAVE} {TITLE}:" in out and "→ data/kolada/N00090.json (ny fil)" in out
    data = json.loads(data_file(project).read_text(encoding="utf-8"))
    assert data["format"] == FORMAT and data["nyckeltal"] == SICK_LEAVE
    assert before <= datetime.datetime.fromisoformat(data["hämtad"]) <= datetime.datetime.now().astimezone()
    assert data["metadata"] == kolada.metadata[SICK_LEAVE]  # the API's metadata, as Kolada wrote it
    assert (
        data["titel"] == TITLE
        and data["enhet"] == "%"
        and data["publiceringsdatum"] == kolada.metadata[SICK_LEAVE]["publication_date"]
    )
    assert data["källa"]["namn"] == "Kolada" and data["källa"]["licens"] == "CC BY 4.0" and data["källa"]["api"] == kolada.url
    assert data["källa"]["källhänvisning"] == "Källa: Kolada"
    assert data["områden"] == [
        {"id": "0138", "namn": "", "roll": "kommun"},
        {"id": "0000", "namn": "Riket", "roll": "jämförelse"},
        {"id": "0001", "namn": "Region Stockholm", "roll": "jämförelse"},
    ]
    # Gender T only, unrounded; "Missing" is absent (never 0) and listed as missing.
    assert data["värden"]["0138"] == {"2018": 7.9, "2019": 7.6, "2020": 8.8, "2022": 7.43829, "2023": 7.1, "2024": 6.8}
    assert data["värden"]["0001"] == {"2022": 6.5}
    assert data["saknas"] == {"0138": [2021], "0001": [2023]}
    assert data["år"] == {"från": 2018, "till": datetime.date.today().year}
    assert data_file(project, SATISFIED).is_file()
    # Every page was read through next_url: 14 rows (missing ones too) at 4 rows a page.
    pages = [path for path in kolada.data_requests() if f"/{SICK_LEAVE}/" in path]
    assert len(pages) == 4 and pages[1].endswith("?page=2") and pages[3].endswith("?page=4")
    assert all(len(path.split("/municipality/")[1].split("/")[0].split(",")) <= 25 for path in pages)
    assert f"/v3/kpi/{SICK_LEAVE}" in kolada.requests


def test_an_unchanged_measure_leaves_its_file_as_it_is(project, kolada, capsys):
    assert fetch(kolada) == 0
    first = data_file(project).read_bytes()
    time.sleep(1.1)  # a new retrieval time would differ
    capsys.readouterr()
    assert fetch(kolada) == 0
    assert data_file(project).read_bytes() == first
    assert "N00090 Sjukfrånvaro bland kommunens anställda, %: oförändrad sedan" in capsys.readouterr().out
    kolada.values[SICK_LEAVE][("0138", 2024)] = 6.5  # Kolada revises a value: the file changes
    assert fetch(kolada) == 0
    assert json.loads(data_file(project).read_text(encoding="utf-8"))["värden"]["0138"]["2024"] == 6.5
    assert "(uppdaterad)" in capsys.readouterr().out


def test_at_most_25_ids_in_one_request(project, kolada):
    many = {f"{number:04d}": f"Grupp {number}" for number in range(1, 31)}
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"tyreso_kolada_jamforelser = {many!r}\n")
    kolada.page_size = 1000
    assert fetch(kolada, SICK_LEAVE) == 0
    id_lists = [path.split("/municipality/")[1].split("/")[0].split(",") for path in kolada.data_requests()]
    assert len(id_lists) == 2 and all(len(ids) <= 25 for ids in id_lists)
    assert sorted(area for ids in id_lists for area in ids) == sorted(["0138", *many])
    assert json.loads(data_file(project).read_text(encoding="utf-8"))["värden"]["0001"] == {"2022": 6.5}


def test_429_is_waited_out_and_a_slow_answer_is_asked_again(project, kolada):
    kolada.faults = [Fault("/data/", "429"), Fault(f"/kpi/{SATISFIED}", "slow", delay=2.0)]
    started = time.monotonic()
    assert fetch(kolada, "--tidsgräns", "0.5") == 0
    assert time.monotonic() - started >= 1.0  # Kolada's Retry-After: 1 was honoured
    assert kolada.requests.count(f"/v3/kpi/{SATISFIED}") == 2  # timed out once, then asked again
    assert data_file(project).is_file() and data_file(project, SATISFIED).is_file()
    first_data = kolada.data_requests()[0]
    assert kolada.data_requests().count(first_data) == 2  # the 429, then the answer


def test_a_server_error_for_one_measure_is_reported_and_the_others_are_written(project, kolada, capsys):
    kolada.faults = [Fault(f"/kpi/{SATISFIED}", "503", times=100)]
    assert fetch(kolada) == 2
    captured = capsys.readouterr()
    assert f"tyreso kolada: {SATISFIED}: Kolada svarade med ett fel (503)" in captured.err
    assert "Traceback" not in captured.err
    assert data_file(project).is_file() and not data_file(project, SATISFIED).exists()
    assert kolada.requests.count(f"/v3/kpi/{SATISFIED}") == 5  # asked again four times before giving up


def test_a_measure_kolada_does_not_have(project, kolada, capsys):
    assert fetch(kolada, "N99999") == 2
    assert "N99999: nyckeltalet finns inte i Kolada" in capsys.readouterr().err
    assert not data_file(project, "N99999").exists()


def test_kolada_out_of_reach_gives_a_swedish_message_and_writes_nothing(project, capsys):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    assert main(["kolada", "--api", f"http://127.0.0.1:{port}/v3"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"tyreso kolada: Kolada kan inte nås på http://127.0.0.1:{port}/v3")
    assert "Kontrollera att datorn är ansluten till internet" in err and "Traceback" not in err
    assert not (project / "data").exists()


def test_an_answer_that_never_comes_gives_a_swedish_message(project, kolada, capsys):
    kolada.faults = [Fault("/kpi/", "slow", times=100, delay=1.0)]
    assert fetch(kolada, "--tidsgräns", "0.2") == 2
    err = capsys.readouterr().err
    assert "Kolada svarade inte inom 0.2 sekunder, inte heller efter 2 nya försök" in err
    assert "Inga filer ändrades." in err
    assert not data_file(project).exists()


# --- the build and the check read the files ------------------------------------------------------------------


def test_the_chart_and_its_table_show_the_kommun_against_its_comparisons_with_the_source(project, kolada, tmp_path):
    assert fetch(kolada) == 0
    retrieved = json.loads(data_file(project).read_text(encoding="utf-8"))["hämtad"][:10]
    assert build(project, tmp_path / "site", "-W", "--keep-going", "-n") == 0  # no finding, no warning
    page = BeautifulSoup((tmp_path / "site/reports/2023/plan/kommunstyrelsen.html").read_text(encoding="utf-8"), "html.parser")
    box = page.find(id="indikator-sjukfranvaro")
    table = box.select_one("table.tyreso-indicator-values")
    assert table_headers(table) == ["Period", "Utfall", "Riket", "Region Stockholm", "Målvärde"]
    # The five years up to the report's (2023); 2024 is not shown in a plan for 2023. Missing is "–", never 0.
    assert table_rows(table) == [
        ["2019", "7,6", "6,4", "–", "–"],
        ["2020", "8,8", "7,5", "–", "–"],
        ["2021", "–", "7", "–", "–"],
        ["2022", "7,4", "6,9", "6,5", "–"],  # 7,43829 in the file, shown with one decimal
        ["2023", "7,1", "6,7", "–", "–"],
        ["2026", "–", "–", "–", "6"],
    ]
    source = text(box.select_one(".tyreso-chart-source"))
    assert source.startswith("Källa: Kolada") and f"hämtad {retrieved}" in source and "CC BY 4.0" in source
    image = box.select_one("img.tyreso-chart-image")
    assert "Källa: Kolada" in image["alt"] and "Utfall 2019: 7,6" in image["alt"]
    assert (tmp_path / "site/reports/2023/plan" / image["src"]).resolve().is_file()
    facts = text(box)
    # The unit from Kolada's title, the source and the measure in the facts.
    assert "Enhet : %" in facts and "Källa : Kolada, nyckeltal N00090" in facts and "Kolada : N00090" in facts


def test_a_hand_written_number_that_disagrees_with_kolada_is_a_finding(project, kolada, tmp_path, capsys):
    # 7,4 is Kolada's 7,43829 as written (one decimal): it agrees. 7,3 for 2023 does not (Kolada: 7,1).
    write_report(project, extra=":utfall: 2022: 7,4; 2023: 7,3; 2023-T1: 7,9\n:jämförelse: riket 2022: 6,9; länet 2022: 6\n")
    assert fetch(kolada) == 0
    line = line_of(project / PLAN, ":utfall:")
    assert built_findings(project, tmp_path) == checked_findings(project) == {(PLAN, line, "TY034")}
    capsys.readouterr()
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "TY034 Indikator 'Sjukfrånvaro': utfallet skrivet för hand stämmer inte med Kolada (nyckeltal N00090" in out
    assert "2023: 7,3, Kolada 7,1" in out and "2022" not in out.split("TY034")[1].split("Ta bort")[0]
    # The hand's own numbers that Kolada has no value for stay: the tertial and the other comparison.
    assert build(project, tmp_path / "site") == 0
    page = BeautifulSoup((tmp_path / "site/reports/2023/plan/kommunstyrelsen.html").read_text(encoding="utf-8"), "html.parser")
    table = page.find(id="indikator-sjukfranvaro").select_one("table.tyreso-indicator-values")
    assert table_headers(table) == ["Period", "Utfall", "Riket", "Region Stockholm", "Länet", "Målvärde"]
    rows = {row[0]: row[1:] for row in table_rows(table)}
    assert rows["2023"][:2] == ["7,1", "6,7"] and rows["2023-T1"][0] == "7,9" and rows["2022"][3] == "6"


def test_a_comparison_written_by_hand_is_checked_too(project, kolada, tmp_path):
    write_report(project, extra=":jämförelse: Riket 2022: 7,2\n")
    assert fetch(kolada) == 0
    assert checked_findings(project) == {(PLAN, line_of(project / PLAN, ":jämförelse:"), "TY034")}


def test_missing_and_stale_files_are_reported_by_check_the_build_and_status(project, kolada, tmp_path, capsys):
    kolada_line = line_of(project / PLAN, f":kolada: {SICK_LEAVE}")
    satisfied_line = line_of(project / PLAN, f":kolada: {SATISFIED}")
    missing = {(PLAN, kolada_line, "TY035"), (PLAN, satisfied_line, "TY035")}
    assert checked_findings(project) == built_findings(project, tmp_path / "one") == missing
    assert main(["kolada", "--api", kolada.url, "--status"]) == 1
    out = capsys.readouterr().out
    assert (
        "N00090  saknas  data/kolada/N00090.json" in out
        and f"används i {PLAN}:{line_of(project / PLAN, ':::{indikator} Sjuk')}" in out
    )
    assert "2 av 2 nyckeltal behöver hämtas: kör 'tyreso kolada'." in out

    assert fetch(kolada) == 0
    assert checked_findings(project) == set()
    assert main(["kolada", "--api", kolada.url, "--status"]) == 0
    assert "Alla 2 nyckeltal är aktuella." in capsys.readouterr().out

    # Kolada publishes new values after the file was fetched: stale, by the file's own date and by Kolada's.
    data = json.loads(data_file(project).read_text(encoding="utf-8"))
    data["hämtad"] = "2024-01-15T09:00:00+01:00"
    data["publiceringsdatum"] = "2024-03-20"
    data_file(project).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    stale = {(PLAN, kolada_line, "TY036")}
    assert checked_findings(project) == built_findings(project, tmp_path / "two") == stale
    kolada.metadata[SICK_LEAVE]["publication_date"] = "2024-03-20"
    capsys.readouterr()
    assert main(["kolada", "--api", kolada.url, "--status"]) == 1
    assert "N00090  inaktuell: hämtad 2024-01-15, Kolada publicerade nya värden 2024-03-20" in capsys.readouterr().out
    assert main(["check"]) == 1
    assert "TY036 Datafilen data/kolada/N00090.json hämtades 2024-01-15, men Kolada publicerade nya värden" in (
        capsys.readouterr().out
    )
    # Without Kolada, --status says so and judges by the dates in the files.
    assert main(["kolada", "--api", "http://127.0.0.1:9/v3", "--status"]) == 1
    captured = capsys.readouterr()
    assert "Kolada kan inte nås" in captured.err and "publiceringsdatumen i datafilerna" in captured.err
    assert "N00090  inaktuell" in captured.out

    assert fetch(kolada) == 0  # fetched again: current
    assert checked_findings(project) == set()


def test_a_file_for_other_areas_or_a_broken_file_is_reported(project, kolada, tmp_path):
    assert fetch(kolada) == 0
    kolada_line = line_of(project / PLAN, f":kolada: {SICK_LEAVE}")
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('tyreso_kolada_jamforelser = {"0000": "Riket", "0180": "Stockholm"}\n')
    assert checked_findings(project) == {
        (PLAN, kolada_line, "TY036"),
        (PLAN, line_of(project / PLAN, f":kolada: {SATISFIED}"), "TY036"),
    }
    data_file(project).write_text("{ inte json", encoding="utf-8")
    findings = Project.load(project).check()
    assert [(finding.line, finding.code) for finding in findings if finding.line == kolada_line] == [(kolada_line, "TY035")]
    assert "kan inte läsas: den är ingen giltig JSON" in next(finding.message for finding in findings if finding.code == "TY035")


def test_a_kolada_id_that_is_not_one_is_an_invalid_value(project):
    write_report(project, kpi="sjukfranvaro")
    findings = Project.load(project).check()
    line = line_of(project / PLAN, ":kolada: sjukfranvaro")
    assert [(finding.line, finding.code) for finding in findings if finding.line == line] == [(line, "TY016")]
    assert "inget id för ett nyckeltal i Kolada" in next(finding.message for finding in findings if finding.line == line)


def test_the_build_reads_a_new_fetch_on_the_next_incremental_build(project, kolada, tmp_path):
    outdir = tmp_path / "site"
    assert build(project, outdir) == 0  # no files yet: TY035, built anyway
    assert fetch(kolada) == 0
    assert build(project, outdir, "-W") == 0  # the page depends on the data file: re-read, no finding left
    page = (outdir / "reports/2023/plan/kommunstyrelsen.html").read_text(encoding="utf-8")
    assert "Källa: Kolada" in page


def test_the_build_and_the_check_never_touch_the_network(project, kolada, tmp_path, monkeypatch):
    assert fetch(kolada) == 0
    asked = len(kolada.requests)

    def refuse(*args, **kwargs):
        raise AssertionError("the build went out on the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert build(project, tmp_path / "site", "-W") == 0
    assert checked_findings(project) == set()
    assert len(kolada.requests) == asked


def test_the_sample_site_builds_without_kolada_files(tmp_path):
    """A project that names no measure is unchanged: nothing is read and nothing is fetched."""
    root = tmp_path / "tom"
    shutil.copytree(Path(__file__).parent / "roots" / "test-domain", root)
    assert checked_findings(root) == set()


# --- the model's rules on Kolada's answers --------------------------------------------------------------------


def test_missing_is_absent_never_zero_and_only_the_total_is_taken():
    rows = [
        {
            "kpi": "N00090",
            "municipality": "0138",
            "period": 2021,
            "values": [{"gender": "T", "status": "Missing", "value": None}],
        },
        {"kpi": "N00090", "municipality": "0138", "period": 2022, "values": [{"gender": "T", "status": "Missing", "value": 0}]},
        {
            "kpi": "N00090",
            "municipality": "0138",
            "period": "2023",
            "values": [{"gender": "K", "value": 9}, {"gender": "T", "value": 7.10}],
        },
        {"kpi": "N00090", "municipality": "0180", "period": 2023, "values": [{"gender": "T", "value": 5}]},  # not asked for
        {"kpi": "N00091", "municipality": "0138", "period": 2023, "values": [{"gender": "T", "value": 5}]},  # another measure
    ]
    now = datetime.datetime(2024, 5, 2, 10, 0, tzinfo=datetime.UTC)
    measure = measure_from_api(
        "N00090", {"title": "Sjukfrånvaro, %"}, rows, (Area("0138", "", "kommun"),), (2020, 2024), now, "x"
    )
    assert measure.values == {"0138": {2023: decimal.Decimal("7.1")}}
    assert measure.missing == {"0138": (2021, 2022)}
    assert unit_from({"title": "Invånare totalt, antal"}) == "antal"
    assert unit_from({"title": "Nöjd Medborgar-Index, helhet"}) == ""
    assert unit_from({"title": "Nettokostnad äldreomsorg, kr/inv"}) == "kr/inv"
    assert unit_from({"title": "Utan enhet"}) == "" and unit_from({"title": "x, y", "unit": "kr"}) == "kr"
    assert parse_kpi_id(" n00090 ") == "N00090"
    with pytest.raises(ValueError, match="inget id"):
        parse_kpi_id("N0009")


def test_the_chart_shows_the_latest_years_kolada_has_up_to_the_reports_year():
    now = datetime.datetime(2026, 5, 2, 10, 0, tzinfo=datetime.UTC)
    rows = [
        {"kpi": "N00090", "municipality": "0138", "period": year, "values": [{"gender": "T", "value": year - 2000}]}
        for year in range(2012, 2025)
    ]
    areas = (Area("0138", "", "kommun"),)
    measure = measure_from_api("N00090", {"title": "Sjukfrånvaro, %"}, rows, areas, (2010, 2026), now, "x")
    context = KoladaContext("0138", (), 5, now.date(), lambda kpi: Loaded("data/kolada/N00090.json", measure))

    def shown(report_year: int | None) -> list[int]:
        series: dict = {}
        apply_measure(series, {}, report_year, "N00090", "Indikator 'S'", context, lambda *args: None)
        return [point.period.year for point in series["utfall"]]

    assert shown(2026) == [2020, 2021, 2022, 2023, 2024]  # Kolada has nothing for 2025–2026 yet
    assert shown(2018) == [2014, 2015, 2016, 2017, 2018]  # never a year after the report's
    assert shown(None) == [2020, 2021, 2022, 2023, 2024]
