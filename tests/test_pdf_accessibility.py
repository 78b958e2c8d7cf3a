"""Accessible PDFs, also from hostile reports.

tests/test_pdf.py checks every sample PDF for PDF/UA-1 (tags, language, title, header cells tied to
their data cells, alternative texts). Here: a real checker (page-validation, its PDF/UA-1 profile) finds
nothing wrong with any PDF of the sample reports, of the PDF test project or of the hostile reports; the
running header and footer are pagination artifacts, outside the structure tree; every chart of a sample
report is a tagged figure with its text alternative (so that check is never vacuous); the cover links the
report's page on the site when conf.py gives the site's address; and reports from the bad-input corpus,
full of HTML and script, still give tagged PDFs in Swedish with a title, in which the hostile text is only
text: no JavaScript, no launch or form actions, no links other than web and mail addresses, no secret read.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from bad_input_cases import CASES
from badinput import CASE_FOLDER, SECRET, make_project
from helpers import REPO, ROOTS
from pdfcheck import BOTTOM, TOP, artifacts, link_addresses, marked_text, pdf_ua_failures, tagged_content

from tyreso_ext.model.indicators import indicator_chart
from tyreso_ext.model.objects import Kind
from tyreso_ext.outputs.pdf import build_pdfs
from tyreso_ext.outputs.pdf.page import web_address
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


SITE = "https://planer.testkommun.se/"  # the test project's html_baseurl
T1_PAGE = "https://planer.testkommun.se/reports/2024/T1/kommunstyrelsen.html"


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("pdf-exempel")
    build_pdfs(REPO, target, strict=True, out=io.StringIO(), sphinx_warning=io.StringIO())
    return target


@pytest.fixture(scope="module")
def linked(tmp_path_factory) -> Path:
    """The PDF test project, with the published site's address in conf.py."""
    base = tmp_path_factory.mktemp("pdf-webbadress")
    shutil.copytree(ROOTS / "test-pdf", base / "rapporter")
    conf = base / "rapporter" / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + f'html_baseurl = "{SITE}"\n', encoding="utf-8")
    target = base / "pdf"
    build_pdfs(base / "rapporter", target, strict=True, out=io.StringIO(), sphinx_warning=io.StringIO())
    return target


def _pdfs(folder: Path) -> list[Path]:
    pdfs = sorted(folder.glob("*.pdf"))
    assert pdfs, folder
    return pdfs


# --- The checker -----------------------------------------------------------------------------------


def test_the_sample_pdfs_pass_the_machine_checkable_rules_of_pdf_ua_1(samples):
    assert len(_pdfs(samples)) == len(list((REPO / "reports").rglob("*.md")))
    assert {path.name: pdf_ua_failures(path) for path in _pdfs(samples)} == {path.name: [] for path in _pdfs(samples)}


def test_the_test_project_pdfs_pass_the_machine_checkable_rules_of_pdf_ua_1(linked):
    assert {path.name: pdf_ua_failures(path) for path in _pdfs(linked)} == {path.name: [] for path in _pdfs(linked)}


def test_the_hostile_reports_pdfs_pass_the_machine_checkable_rules_of_pdf_ua_1(hostile):
    assert {path.name: pdf_ua_failures(path) for path in _pdfs(hostile)} == {path.name: [] for path in _pdfs(hostile)}


# --- Running header and footer ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["2023-T1 Delårsrapport Arbetsmarknads- och socialnämnden.pdf", "2023 Kommunplan Kommunfullmäktige.pdf"]
)
def test_running_header_and_footer_are_pagination_artifacts_outside_the_structure_tree(samples, name):
    path = samples / name
    runs = marked_text(path)
    pages = max(run.page for run in runs) + 1
    in_margins = [run for run in runs if run.bottom <= TOP or run.top >= BOTTOM]
    # What a reader sees in the margins: "Sida n (N)" on every page, the report and commit from page 2 on.
    margin_text = ["".join(run.text for run in in_margins if run.page == number) for number in range(pages)]
    assert all(f"Sida {number + 1} ({pages})" in text for number, text in enumerate(margin_text)), margin_text
    assert all("Text från commit " in text for text in margin_text[1:]), margin_text
    # All of it in artifact marked content, none of it with a marked-content identifier.
    assert {(run.tag, run.mcid) for run in in_margins} == {("Artifact", None)}, [
        run for run in in_margins if run.tag != "Artifact"
    ]
    pdf = pikepdf.open(path)
    tagged = tagged_content(pdf)
    body = [run for run in runs if run.mcid is not None]
    assert body and all((run.page, run.mcid) in tagged for run in body)  # the body is all in the tree …
    tree_text = "".join(run.text for run in body)
    assert "Sida " not in tree_text and "Commit " not in tree_text  # … and the header and footer are not
    # The content streams mark them as running header and footer (pagination artifacts).
    for number, properties in enumerate(artifacts(pdf)):
        kinds = {(str(item.get("/Type")), str(item.get("/Subtype"))) for item in properties if "/Type" in item}
        expected = {("/Pagination", "/Header")} | ({("/Pagination", "/Footer")} if number else set())
        assert kinds == expected, (number, kinds)


# --- A link back to the site -------------------------------------------------------------------------------


def test_the_cover_links_the_reports_page_on_the_site(linked):
    path = linked / "2024-T1 Delårsrapport Kommunstyrelsen.pdf"
    pdf = pikepdf.open(path)
    addresses = link_addresses(pdf)
    assert addresses[0] == [T1_PAGE]
    assert all(T1_PAGE not in page for page in addresses[1:])
    cover = " ".join(run.text for run in marked_text(path) if run.page == 0)
    assert f"Webbversion: {T1_PAGE}" in " ".join(cover.split())
    plan = link_addresses(pikepdf.open(linked / "2024 Kommunplan Kommunstyrelsen.pdf"))
    assert plan[0] == ["https://planer.testkommun.se/reports/2024/plan/kommunstyrelsen.html"]


def test_only_a_web_address_gives_the_link_back():
    assert (
        web_address("https://planer.testkommun.se", "reports/2024/T1/ks.html")
        == "https://planer.testkommun.se/reports/2024/T1/ks.html"
    )
    assert (
        web_address("https://planer.testkommun.se/", "reports/%C3%A5r.html")
        == "https://planer.testkommun.se/reports/%C3%A5r.html"
    )
    for meaningless in ("", "/", "planer/", "javascript:alert(1)//", "file:///etc/"):
        assert web_address(meaningless, "reports/2024/T1/ks.html") == "", meaningless


def test_each_sample_pdf_links_back_to_its_report_page_on_the_published_site(samples):
    """The repository's conf.py names the site's address: every report's cover links to that report's page."""
    base = "https://tyreso-kommun.gitlab.io/rapporter/"
    assert f'html_baseurl = "{base}"' in (REPO / "conf.py").read_text(encoding="utf-8")
    pages = {f"{base}{path.relative_to(REPO).with_suffix('.html').as_posix()}" for path in Project.find(REPO).report_files()}
    linked = set()
    for path in _pdfs(samples):
        addresses = link_addresses(pikepdf.open(path))[0]
        assert len(addresses) == 1 and addresses[0] in pages, (path.name, addresses)
        cover = "".join("".join(run.text for run in marked_text(path) if run.page == 0).split())
        assert f"Webbversion:{addresses[0]}" in cover, path.name  # the address as printed, however it wraps
        linked.add(addresses[0])
    assert linked == pages  # one report, one page: no two PDFs link the same page


def test_without_the_sites_address_the_cover_names_no_web_page(hostile):
    for path in _pdfs(hostile):
        assert link_addresses(pikepdf.open(path))[0] == [], path.name
        assert "Webbversion" not in "".join(run.text for run in marked_text(path) if run.page == 0), path.name


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
