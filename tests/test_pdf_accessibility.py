"""Accessible PDFs, also from hostile reports.

tests/test_pdf.py checks every sample PDF for PDF/UA-1 (tags, language, title, header cells tied to
their data cells, alternative texts). Here: every chart of a sample report is a tagged figure with its
text alternative (so that check is never vacuous), and reports from the bad-input corpus, full of HTML
and script, still give tagged PDFs in Swedish with a title, in which the hostile text is only text: no
JavaScript, no launch or form actions, no links other than web and mail addresses, no secret read.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
import pytest
from bad_input_cases import CASES
from badinput import CASE_FOLDER, SECRET, make_project
from helpers import REPO, ROOTS

from tyreso_ext.model.indicators import indicator_chart
from tyreso_ext.model.objects import Kind
from tyreso_ext.outputs.pdf import build_pdfs
from tyreso_ext.source.project import Project

HOSTILE = (
    "html-i-rubriker",
    "html-i-falt",
    "html-i-texten",
    "javascript-lankar",
    "citat-bryter-attribut",
    "fm-titel-html",
    "raw-direktiv",
    "fil-standarddirektiv",
    "fil-genvag",
)
# Actions a PDF reader would run, open or send: none may come from a report.
FORBIDDEN_ACTIONS = (
    "/JavaScript",
    "/JS",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/GoToR",
    "/GoToE",
    "/Rendition",
    "/Sound",
    "/Movie",
)


def _dictionaries(pdf: pikepdf.Pdf):
    """Every dictionary in the file, also inside arrays and streams' dictionaries."""
    seen: set[tuple[int, int]] = set()
    stack: list = [pdf.trailer]
    while stack:
        node = stack.pop()
        if isinstance(node, (pikepdf.Dictionary, pikepdf.Stream)):
            if node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            dictionary = node.stream_dict if isinstance(node, pikepdf.Stream) else node
            yield dictionary
            stack.extend(value for key, value in dictionary.items() if key != "/Parent")
        elif isinstance(node, pikepdf.Array):
            stack.extend(node)


def _structure(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return [node for node in _dictionaries(pdf) if "/S" in node and "/P" in node]


def _accessible(path: Path) -> list[str]:
    """The PDF is tagged, in Swedish, shows its title; every figure has a text alternative and every
    table header cells. Returns the figures' text alternatives."""
    pdf = pikepdf.open(path)
    assert pdf.Root.MarkInfo.Marked is True and "/StructTreeRoot" in pdf.Root, path.name
    assert str(pdf.Root.Lang) == "sv", path.name
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True and str(pdf.docinfo.Title).strip(), path.name
    elements = _structure(pdf)
    figures = [node for node in elements if str(node.S) == "/Figure"]
    assert all(str(node.get("/Alt", "")).strip() for node in figures), path.name
    for table in (node for node in elements if str(node.S) == "/Table"):
        cells = [node for node in elements if str(node.S) in ("/TH", "/TD") and _inside(node, table)]
        assert any(str(cell.S) == "/TH" for cell in cells), (path.name, "a table without header cells")
    return [str(node.Alt) for node in figures]


def _inside(node: pikepdf.Dictionary, ancestor: pikepdf.Dictionary) -> bool:
    parent = node.get("/P")
    for _ in range(64):
        if parent is None or not isinstance(parent, pikepdf.Dictionary):
            return False
        if parent.objgen == ancestor.objgen:
            return True
        parent = parent.get("/P")
    return False


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("pdf-exempel")
    build_pdfs(REPO, target, strict=True, out=io.StringIO(), sphinx_warning=io.StringIO())
    return target


def test_every_chart_of_a_sample_report_is_a_figure_with_its_text_alternative(samples):
    project = Project.find(REPO)
    charts_by_title: dict[str, int] = {}
    for path in project.report_files():
        document = project.read(path)
        report = document.report
        charts = sum(1 for obj in document.objects if obj.kind is Kind.INDIKATOR and indicator_chart(obj) is not None)
        charts_by_title[f"{report.period.code} {report.kind.label} {report.organ}"] = charts
    assert sum(charts_by_title.values()) >= 4
    for title, charts in charts_by_title.items():
        pdf = samples / f"{title}.pdf"
        alternatives = _accessible(pdf)
        assert len(alternatives) == charts, (pdf.name, len(alternatives), charts)
        assert all(alternative.startswith("Stapeldiagram: ") for alternative in alternatives), alternatives


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """PDFs of the corpus' hostile reports (findings and all: not strict)."""
    cases = {case.name: case for case in CASES}
    base = tmp_path_factory.mktemp("pdf-fientlig")
    first, *others = HOSTILE
    srcdir, outside = make_project(base, first, cases[first].data())
    for name in others:
        (srcdir / CASE_FOLDER / f"{name}.md").write_bytes(cases[name].data().replace(b"{UTANFOR}", str(outside).encode()))
    target = base / "pdf"
    build_pdfs(srcdir, target, strict=False, out=io.StringIO(), sphinx_warning=io.StringIO())
    return target


def test_hostile_reports_give_accessible_pdfs(hostile):
    pdfs = sorted(hostile.glob("*.pdf"))
    plans = list((ROOTS / "test-bad-inputs" / "reports").rglob("*.md"))  # the plans every case follows up
    assert plans and len(pdfs) == len(HOSTILE) + len(plans)
    for pdf in pdfs:
        _accessible(pdf)


def test_no_action_in_a_pdf_runs_opens_or_sends_anything(hostile):
    for path in sorted(hostile.glob("*.pdf")):
        pdf = pikepdf.open(path)
        assert "/OpenAction" not in pdf.Root and "/AA" not in pdf.Root and "/AcroForm" not in pdf.Root, path.name
        for dictionary in _dictionaries(pdf):
            kind = str(dictionary.get("/S", ""))
            assert kind not in FORBIDDEN_ACTIONS and "/JS" not in dictionary, (path.name, kind)
            if kind == "/URI":
                uri = bytes(dictionary.URI).decode("latin-1").strip().lower()
                assert uri.startswith(("http://", "https://", "mailto:")), (path.name, uri)
        assert SECRET.encode() not in path.read_bytes()


def test_hostile_text_is_text_in_the_pdf(hostile):
    text = " ".join(
        subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True).stdout
        for path in sorted(hostile.glob("*.pdf"))
    )
    squeezed = "".join(text.split())
    for shown in ("<script>alert('uppdrag')</script>", "<img src=x onerror=alert('orsak')>", "<script>alert('block')</script>"):
        assert "".join(shown.split()) in squeezed.replace("’", "'").replace("”", '"'), shown
    assert SECRET not in text
