"""One PDF per report: built for real (Sphinx, then WeasyPrint) and then opened and read.

A small project (tests/roots/test-pdf) is committed to a Git repository with a fixed date and built
from two clones in different folders, from a clone with uncommitted changes and from a plain folder;
the repository's own sample reports are built twice. Every check reads the PDF itself: its text, the
positions of its words, its pages as images, its structure tree, outline and metadata.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from helpers import REPO, ROOTS
from pdfcheck import (
    LEFT,
    MM,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RIGHT,
    body_lines,
    headings,
    ink_box,
    outline,
    page_images,
    page_lines,
    page_texts,
    structure_tree,
)
from sphinx.cmd.build import build_main

from tyreso_ext.history.provenance import describe, describe_sources, source_date_epoch
from tyreso_ext.outputs.pdf import build_pdfs

COMMIT_DATE = "2024-05-20T10:00:00+02:00"  # 08:00 UTC
COMMIT_PDF_DATE = "D:20240520080000Z"
T1 = "2024-T1 Delårsrapport Kommunstyrelsen.pdf"
PLAN = "2024 Kommunplan Kommunstyrelsen.pdf"
SAMPLE_T1 = "2023-T1 Delårsrapport Arbetsmarknads- och socialnämnden.pdf"
# '2024-T1 Delårsrapport Kommunstyrelsen: 1,8 s (5 sidor)'
TIMING = re.compile(r"^(?P<label>.+): (?P<seconds>\d+,\d) s \((?P<pages>\d+) sidor\)$", re.MULTILINE)


def git(folder: Path, *arguments: str) -> str:
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_AUTHOR_DATE": COMMIT_DATE,
        "GIT_COMMITTER_DATE": COMMIT_DATE,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    return subprocess.run(
        ["git", "-C", str(folder), *arguments], capture_output=True, text=True, check=True, env=environment
    ).stdout


class Build:
    """The PDFs of one build, with what the build printed."""

    def __init__(self, folder: Path, printed: str) -> None:
        self.folder = folder
        self.printed = printed

    def pdf(self, name: str) -> Path:
        return self.folder / name

    @property
    def names(self) -> set[str]:
        return {path.name for path in self.folder.glob("*.pdf")}


def build(source: Path, target: Path) -> Build:
    printed = io.StringIO()
    build_pdfs(source, target, strict=True, out=printed)
    return Build(target, printed.getvalue())


@pytest.fixture(scope="session")
def repository(tmp_path_factory) -> Path:
    """The small test project, committed once with a fixed date."""
    folder = tmp_path_factory.mktemp("git") / "rapporter"
    shutil.copytree(ROOTS / "test-pdf", folder)
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "Rapporterna för 2024")
    return folder


@pytest.fixture(scope="session")
def commit(repository) -> str:
    return git(repository, "rev-parse", "--short", "HEAD").strip()


@pytest.fixture(scope="session")
def clone_build(repository, tmp_path_factory) -> Build:
    base = tmp_path_factory.mktemp("klon-a")
    git(base, "clone", "-q", str(repository), "rapporter")
    return build(base / "rapporter", base / "pdf")


@pytest.fixture(scope="session")
def other_clone_build(repository, tmp_path_factory) -> Build:
    """The same commit, cloned into another folder with another name, built again."""
    base = tmp_path_factory.mktemp("klon-b-med-annat-namn")
    git(base, "clone", "-q", str(repository), "andra-klonen")
    # A PDF left from a report that no longer exists.
    (base / "utdata" / "pdf").mkdir(parents=True)
    (base / "utdata" / "pdf" / "2019 Kommunplan Kommunstyrelsen.pdf").write_bytes(b"%PDF-1.7 gammal")
    return build(base / "andra-klonen", base / "utdata" / "pdf")


@pytest.fixture(scope="session")
def dirty_clone(repository, tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("klon-c")
    git(base, "clone", "-q", str(repository), "rapporter")
    report = base / "rapporter" / "reports" / "2024" / "T1" / "kommunstyrelsen.md"
    report.write_text(report.read_text(encoding="utf-8").replace("stort sett planen", "allt väsentligt planen"), encoding="utf-8")
    return base / "rapporter"


@pytest.fixture(scope="session")
def dirty_build(dirty_clone, tmp_path_factory) -> Build:
    return build(dirty_clone, tmp_path_factory.mktemp("klon-c-pdf"))


@pytest.fixture(scope="session")
def plain_build(tmp_path_factory) -> Build:
    """The project as a plain folder, without Git."""
    base = tmp_path_factory.mktemp("utan-git")
    shutil.copytree(ROOTS / "test-pdf", base / "rapporter")
    environment = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        return build(base / "rapporter", base / "pdf")
    finally:
        if environment is not None:
            os.environ["SOURCE_DATE_EPOCH"] = environment


@pytest.fixture(scope="session")
def samples(tmp_path_factory) -> Build:
    """The repository's own reports, built strictly as `make pdf` builds them."""
    return build(REPO, tmp_path_factory.mktemp("exempel") / "pdf")


@pytest.fixture(scope="session")
def samples_again(samples, tmp_path_factory) -> Build:
    return build(REPO, tmp_path_factory.mktemp("exempel-igen") / "pdf")


def sample_reports() -> list[Path]:
    return sorted((REPO / "reports").rglob("*.md"))


# --- 1. One PDF per report, named after it ---------------------------------------------------------


def test_one_pdf_per_report_named_by_period_kind_and_organ(clone_build):
    assert clone_build.names == {T1, PLAN}


def test_every_sample_report_has_its_pdf(samples):
    assert len(samples.names) == len(sample_reports()) == 6
    assert SAMPLE_T1 in samples.names
    assert "2016-ÅR Verksamhetsberättelse Konsult- och servicekontoret.pdf" in samples.names


def test_time_per_report_is_printed(clone_build, samples):
    for built in (clone_build, samples):
        timings = {match["label"]: match for match in TIMING.finditer(built.printed)}
        assert set(timings) == {name.removesuffix(".pdf") for name in built.names}, built.printed
        for name in built.names:
            pages = len(pikepdf.open(built.pdf(name)).pages)
            assert int(timings[name.removesuffix(".pdf")]["pages"]) == pages
    assert re.search(r"^6 PDF-filer i .+ på \d+,\d s\.$", samples.printed, re.MULTILINE), samples.printed


def test_a_report_that_is_gone_loses_its_pdf(other_clone_build):
    assert other_clone_build.names == {T1, PLAN}


# --- 2. Layout: cover, contents, "Sida 4 (6)", chapters, tables ---------------------------------------


def test_cover_shows_the_front_matter(clone_build, commit):
    cover = page_texts(clone_build.pdf(T1))[0]
    for expected in (
        "Delårsrapport T1 2024 – Kommunstyrelsen",
        "Organ Kommunstyrelsen",
        "Rapporttyp Delårsrapport",
        "Period 2024-T1, januari–april 2024",
        "Datum 2024-05-15",
        "Diarienummer KS 2024/123",
        "Beslutsdatum 2024-05-29",
        f"Rapportens text från commit {commit} (2024-05-20)",
    ):
        assert expected in cover, (expected, cover)
    assert "ej incheckade ändringar" not in cover


def test_cover_says_what_the_front_matter_leaves_out(clone_build):
    cover = page_texts(clone_build.pdf(PLAN))[0]
    assert "Datum ej angivet" in cover and "Diarienummer ej angivet" in cover
    assert "Period 2024, planår" in cover


def test_every_page_says_sida_n_of_total(clone_build, samples):
    for pdf in (clone_build.pdf(T1), clone_build.pdf(PLAN), samples.pdf(SAMPLE_T1)):
        texts = page_texts(pdf)
        total = len(texts)
        assert total >= 3
        for number, text in enumerate(texts, start=1):
            assert f"Sida {number} ({total})" in text, (pdf.name, number, text[:200])


def test_page_number_and_chapter_stand_in_the_header(clone_build):
    lines = page_lines(clone_build.pdf(T1))
    for number, page in enumerate(lines, start=1):
        header = [line for line in page if line.y_max < 24 * MM]
        numbers = [line for line in header if line.text == f"Sida {number} ({len(lines)})"]
        assert numbers and numbers[0].x_max > PAGE_WIDTH / 2, (number, header)
    chapters = {
        number: " ".join(line.text for line in page if line.y_max < 24 * MM and line.x_max < PAGE_WIDTH / 2)
        for number, page in enumerate(lines, start=1)
    }
    assert chapters[1] == "Testkommun"
    assert chapters[2] == "Innehåll"
    # From the contents on, the header names the first chapter that starts on the page, or else the
    # chapter still running from an earlier page (the CSS 'string(kapitel)' rule, policy 'first').
    marks = sorted(
        (mark.page + 1, mark.top, mark.title) for mark in outline(pikepdf.open(clone_build.pdf(T1))) if mark.level <= 1
    )
    assert marks
    title = next(mark.title for mark in outline(pikepdf.open(clone_build.pdf(T1))) if mark.level == 0)
    assert chapters[3] == title  # the report's own heading opens the first page of text
    for number in range(4, len(lines) + 1):
        starting = [title for page, _, title in marks if page == number]
        running = [title for page, _, title in marks if page < number]
        expected = starting[0] if starting else running[-1]
        assert chapters[number] == expected, (number, chapters[number], expected)
    kontoplan = next(
        number for number, page in enumerate(lines, start=1) if any(line.text == "Kontoplan" for line in body_lines(page))
    )
    assert "Ekonomi" in {title for page, _, title in marks if page <= kontoplan}


def test_table_of_contents_has_the_right_page_numbers(clone_build, samples):
    for pdf_path in (clone_build.pdf(T1), samples.pdf(SAMPLE_T1)):
        pdf = pikepdf.open(pdf_path)
        # The contents list chapters (h2, outline level 1) and their sections (h3, level 2).
        bookmarks = {
            bookmark.title: bookmark.page + 1
            for bookmark in outline(pdf)
            if bookmark.level in (1, 2) and bookmark.title != "Innehåll"
        }
        toc_page = page_lines(pdf_path)[1]
        entries = {}
        for line in body_lines(toc_page):
            match = re.match(r"^(?P<title>.+?)(?: \.)+ (?P<page>\d+)$", line.text)
            if match:
                entries[match["title"].strip()] = int(match["page"])
        assert "Innehåll" in page_texts(pdf_path)[1]
        assert entries, toc_page
        for title, page in entries.items():
            assert bookmarks.get(title) == page, (pdf_path.name, title, page, bookmarks.get(title))
        assert len(entries) == len(bookmarks), (sorted(entries), sorted(bookmarks))


def test_status_words_and_table_numbers_are_in_the_text(clone_build, samples):
    text = " ".join(page_texts(clone_build.pdf(T1)))
    for word in ("Grön", "Gul", "Röd"):
        assert f"{word}" in text
    assert "Bygglov -9 195 -10 787 1 592 -29 871 -32 360 2 489 -541 7" in text
    assert "Konto 60 Löner och arvoden för verksamhetsområde 60 60 234 -42 017 18 217" in text
    sample = " ".join(page_texts(samples.pdf(SAMPLE_T1)))
    assert "Grön" in sample and "Gul" in sample
    assert re.search(r"Gemensamt IFO [−-]29 390 [−-]30 531 1 141", sample), sample


def test_numbers_are_right_aligned(clone_build):
    """In the long table the numbers of a column share their right edge, not their left one."""
    number = re.compile(r"^-?\d{1,3}(?: \d{3})*$")
    cells = []
    for page in page_lines(clone_build.pdf(T1)):
        rows = [line for line in page if line.text.startswith("Konto ")]
        if rows:
            top, bottom = rows[0].y_min - 1, rows[-1].y_max + 1
            cells += [line for line in page if number.match(line.text) and top <= line.y_min and line.y_max <= bottom]
    assert len(cells) == 3 * 60
    right_edges = {round(line.x_max * 2) / 2 for line in cells}
    left_edges = {round(line.x_min * 2) / 2 for line in cells}
    assert len(right_edges) == 3, right_edges  # Intäkter, Kostnader, Netto
    assert len(left_edges) > 3, left_edges  # '1 234' and '60 234' start at different places
    assert max(right_edges) <= RIGHT


def test_a_long_table_repeats_its_header_row_on_every_page(clone_build):
    pages = page_lines(clone_build.pdf(T1))
    spanned = [page for page in pages if any(line.text.startswith("Konto ") for line in page)]
    assert len(spanned) >= 2
    for page in spanned:
        body = body_lines(page)
        first_row = next(line for line in body if line.text.startswith("Konto "))
        header = [line for line in body if line.text.startswith("Kontobeskrivning")]
        assert header and header[0].y_max <= first_row.y_min, [line.text for line in body[:3]]


def test_no_heading_stands_alone_at_the_foot_of_a_page(clone_build, samples):
    for pdf_path in (clone_build.pdf(T1), *(samples.pdf(name) for name in sorted(samples.names))):
        pdf = pikepdf.open(pdf_path)
        lines = page_lines(pdf_path)
        for bookmark in outline(pdf):
            if bookmark.level == 0:
                continue  # the title, on the cover
            below = [line for line in body_lines(lines[bookmark.page]) if line.y_min >= bookmark.top - 1]
            text = ""
            heading_end = None
            for line in below:
                text = f"{text} {line.text}".strip().replace("‐ ", "")
                if text == bookmark.title:
                    heading_end = line.y_max
                    break
            assert heading_end is not None, (pdf_path.name, bookmark, [line.text for line in below[:3]])
            after = [line for line in below if line.y_min > heading_end]
            assert after, f"{pdf_path.name}: rubriken '{bookmark.title}' står ensam sist på sidan {bookmark.page + 1}"


def test_ink_stays_inside_the_page_and_tables_inside_the_margins(clone_build, samples, tmp_path):
    """Page images: nothing in the outer 3 mm, nothing right or left of the text column."""
    pdfs = [clone_build.pdf(T1), clone_build.pdf(PLAN), *(samples.pdf(name) for name in sorted(samples.names))]
    for index, pdf in enumerate(pdfs):
        images = page_images(pdf, tmp_path / str(index))
        assert len(images) == len(pikepdf.open(pdf).pages)
        for number, image in enumerate(images, start=1):
            assert abs(image.size[0] - PAGE_WIDTH) <= 1 and abs(image.size[1] - PAGE_HEIGHT) <= 1, image.size  # A4
            box = ink_box(image)
            assert box is not None, f"{pdf.name}, sida {number}: tom sida"
            left, top, right, bottom = box
            assert left >= LEFT - 1 * MM and right <= RIGHT + 1 * MM, f"{pdf.name}, sida {number}: bläck utanför spalten {box}"
            assert top >= 3 * MM and bottom <= PAGE_HEIGHT - 3 * MM, (
                f"{pdf.name}, sida {number}: bläck i sidans yttersta 3 mm {box}"
            )
        for number, page in enumerate(page_lines(pdf), start=1):
            for line in page:
                assert line.x_min >= LEFT - 1 and line.x_max <= RIGHT + 1, (pdf.name, number, line)


def test_cover_page_looks_like_a_cover(clone_build, tmp_path):
    """The title stands large in the upper half; the facts below it; nothing but the header above."""
    lines = page_lines(clone_build.pdf(T1))[0]
    title = next(line for line in lines if line.text.startswith("Delårsrapport T1 2024"))
    organ_fact = next(line for line in lines if line.text == "Organ")
    assert title.y_max - title.y_min > 20  # 24 pt type
    assert title.y_min < PAGE_HEIGHT / 2 < organ_fact.y_min + PAGE_HEIGHT / 3
    assert title.y_max < organ_fact.y_min


# --- 3. Accessible: tagged PDF/UA-1, language, title, headings, header cells -------------------------


def check_accessibility(pdf_path: Path) -> None:
    pdf = pikepdf.open(pdf_path)
    root = pdf.Root
    assert root.MarkInfo.Marked is True
    assert "/StructTreeRoot" in root and "/ParentTree" in root.StructTreeRoot
    assert str(root.Lang) == "sv"
    assert root.ViewerPreferences.DisplayDocTitle is True
    title = str(pdf.docinfo.Title)
    assert title and title in page_texts(pdf_path)[0], title  # the report's own title, as on the cover
    with pdf.open_metadata() as metadata:
        assert metadata.get("pdfuaid:part") == "1"
        assert metadata.get("dc:title") == title
    tree = structure_tree(pdf)
    tags = [element.tag for element in tree.walk()]
    assert tags[1] == "Document"
    levels = headings(tree)
    assert levels[0] == 1 and levels.count(1) == 1, levels
    assert all(after <= before + 1 for before, after in itertools.pairwise(levels)), levels
    tables = [element for element in tree.walk() if element.tag == "Table"]
    assert tables
    for table in tables:
        cells = [element for element in table.walk() if element.tag in ("TH", "TD")]
        assert any(cell.tag == "TH" for cell in cells), "a table without header cells"
        for cell in cells:
            assert cell.attributes is not None and str(cell.attributes.O) == "/Table"
            if cell.tag == "TD":
                assert len(cell.attributes.get("/Headers", [])) >= 1, "a data cell tied to no header cell"
    for figure in (element for element in tree.walk() if element.tag == "Figure"):
        assert figure.attributes is not None
    figures = [node for node in _struct_dicts(pdf) if str(node.get("/S")) == "/Figure"]
    assert all(str(node.get("/Alt", "")) for node in figures), "a figure without alternative text"
    assert "P" in tags and ("L" in tags)


def _struct_dicts(pdf: pikepdf.Pdf):
    seen = set()
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or (node.objgen in seen and node.objgen != (0, 0)):
            continue
        seen.add(node.objgen)
        yield node
        kids = node.get("/K")
        stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else [])


def test_the_test_reports_are_tagged_pdf_ua(clone_build):
    for name in clone_build.names:
        check_accessibility(clone_build.pdf(name))


def test_every_sample_report_is_tagged_pdf_ua(samples):
    for name in sorted(samples.names):
        check_accessibility(samples.pdf(name))


def test_title_and_metadata_name_the_report(clone_build, commit):
    pdf = pikepdf.open(clone_build.pdf(T1))
    info = pdf.docinfo
    assert str(info.Title) == "Delårsrapport T1 2024 – Kommunstyrelsen"
    assert str(info.Author) == "Testkommun, Kommunstyrelsen"
    assert "Dnr KS 2024/123" in str(info.Subject)
    assert str(info["/tyresocommit"]) == commit
    assert str(info.CreationDate) == COMMIT_PDF_DATE and str(info.ModDate) == COMMIT_PDF_DATE
    assert pdf.pdf_version == "1.7"


# --- 4. Provenance and reproducibility ------------------------------------------------------------------


def test_two_builds_of_one_commit_are_byte_identical(clone_build, other_clone_build):
    assert clone_build.names == other_clone_build.names
    for name in clone_build.names:
        assert clone_build.pdf(name).read_bytes() == other_clone_build.pdf(name).read_bytes(), name


def test_two_builds_of_the_sample_reports_are_byte_identical(samples, samples_again):
    assert samples.names == samples_again.names
    for name in samples.names:
        assert samples.pdf(name).read_bytes() == samples_again.pdf(name).read_bytes(), name


def test_every_page_footer_names_the_commit(clone_build, commit):
    texts = page_texts(clone_build.pdf(T1))
    for text in texts[1:]:
        assert f"Text från commit {commit}, 2024-05-20" in text


def test_uncommitted_changes_are_named(dirty_build, repository):
    commit = git(repository, "rev-parse", "--short", "HEAD").strip()
    texts = page_texts(dirty_build.pdf(T1))
    assert f"Rapportens text från commit {commit} (2024-05-20), med ej incheckade ändringar" in texts[0]
    assert f"Text från commit {commit}, 2024-05-20, ej incheckade ändringar" in texts[-1]
    assert "allt väsentligt planen" in " ".join(texts)
    # Only the edited report's PDF says so: the kommunplan's sources are as committed.
    assert "ej incheckade ändringar" not in " ".join(page_texts(dirty_build.pdf(PLAN)))


def test_a_plain_folder_builds_and_says_it_has_no_git(plain_build):
    assert plain_build.names == {T1, PLAN}
    texts = page_texts(plain_build.pdf(T1))
    assert "Byggd utan Git" in texts[0] and "Byggd utan Git" in texts[-1]
    pdf = pikepdf.open(plain_build.pdf(T1))
    assert "/CreationDate" not in pdf.docinfo  # no commit, no SOURCE_DATE_EPOCH: no time stamp at all
    assert "Byggd utan Git" in plain_build.printed


def test_html_pages_name_the_commit_and_the_uncommitted_changes(dirty_clone, tmp_path, repository):
    commit = git(repository, "rev-parse", "--short", "HEAD").strip()
    outdir = tmp_path / "html"
    status = build_main(["-b", "html", "-q", "-d", str(tmp_path / "doctrees"), str(dirty_clone), str(outdir)])
    assert status == 0
    pages = sorted(outdir.rglob("*.html"))
    assert len(pages) >= 5  # index, two reports, genindex, search
    for page in pages:
        assert f"Byggd från commit {commit} (2024-05-20), med ej incheckade ändringar" in page.read_text(encoding="utf-8"), page


def test_html_pages_of_a_plain_folder_say_so(tmp_path):
    source = tmp_path / "rapporter"
    shutil.copytree(ROOTS / "test-pdf", source)
    status = build_main(["-b", "html", "-q", str(source), str(tmp_path / "html")])
    assert status == 0
    index = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert '<p class="tyreso-provenance">Byggd utan Git: ingen commit att hänvisa till</p>' in index


def test_provenance_from_git(repository, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    clean = describe(repository)
    assert clean.commit == git(repository, "rev-parse", "--short", "HEAD").strip()
    assert clean.date == "2024-05-20" and clean.timestamp == 1716192000 and not clean.dirty
    assert source_date_epoch(clean) == 1716192000
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert source_date_epoch(clean) == 1700000000
    assert not describe(tmp_path).has_git and source_date_epoch(describe(tmp_path), {}) is None
    copy = tmp_path / "klon"
    git(tmp_path, "clone", "-q", str(repository), "klon")
    (copy / "ny-fil.md").write_text("# Ny\n", encoding="utf-8")
    assert describe(copy).dirty and "ej incheckade ändringar" in describe(copy).text


def test_provenance_per_report_from_git(tmp_path):
    """Per report: the last commit that changed its own files; uncommitted changes count only in its files;
    in a shallow clone a file last changed before the clone's depth names the oldest commit there is."""
    folder = tmp_path / "rapporter"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "rapport.md").write_text("# A\n", encoding="utf-8")
    (folder / "a" / "tabell.csv").write_text("År;Utfall\n2024;1\n", encoding="utf-8")
    (folder / "b.md").write_text("# B\n", encoding="utf-8")
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "Första")
    first = git(folder, "rev-parse", "HEAD").strip()[:7]
    (folder / "a" / "tabell.csv").write_text("År;Utfall\n2024;2\n", encoding="utf-8")
    environment = {"GIT_COMMITTER_DATE": "2024-06-03T09:30:00+02:00", "GIT_AUTHOR_DATE": "2024-06-03T09:30:00+02:00"}
    subprocess.run(
        [
            "git",
            "-C",
            str(folder),
            "-c",
            "user.name=Test",
            "-c",
            "user.email=t@example.invalid",
            "commit",
            "-q",
            "-am",
            "Ny tabell",
        ],
        check=True,
        env={**os.environ, **environment},
    )
    second = git(folder, "rev-parse", "HEAD").strip()[:7]
    sources = {"a": ["a/rapport.md", folder / "a" / "tabell.csv"], "b": ["b.md"], "ny": ["ny.md"]}
    (folder / "ny.md").write_text("# Ny\n", encoding="utf-8")  # not committed at all
    (folder / "ovrigt.txt").write_text("anteckning\n", encoding="utf-8")  # no report's file
    found = describe_sources(folder, sources)  # relative paths: to this folder
    assert (found["a"].commit, found["a"].date, found["a"].timestamp, found["a"].dirty) == (
        second,
        "2024-06-03",
        1717399800,
        False,
    )
    assert found["a"].text == f"Rapportens text från commit {second} (2024-06-03)"
    assert found["a"].short_text == f"Text från commit {second}, 2024-06-03"
    assert (found["b"].commit, found["b"].date, found["b"].dirty) == (first, "2024-05-20", False)
    assert found["ny"].dirty and found["ny"].commit == second  # a new report names HEAD, and its uncommitted state
    (folder / "b.md").write_text("# B, ändrad\n", encoding="utf-8")
    found = describe_sources(folder, sources)
    assert found["b"].text == f"Rapportens text från commit {first} (2024-05-20), med ej incheckade ändringar"
    assert not found["a"].dirty
    assert describe_sources(tmp_path, sources) == {name: describe(tmp_path) for name in sources}  # no Git: "Byggd utan Git"
    assert describe_sources(tmp_path, {"x": ["x.md"]})["x"].text == "Byggd utan Git: ingen commit att hänvisa till"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{folder}", "grund")
    shallow = describe_sources(tmp_path / "grund", {"a": ["a/rapport.md"], "b": ["b.md"]})
    assert shallow["a"].commit == shallow["b"].commit == second  # the only commit in the clone


def test_conf_py_can_state_the_provenance_itself(tmp_path):
    source = tmp_path / "rapporter"
    shutil.copytree(ROOTS / "test-pdf", source)
    arguments = ["-b", "html", "-q", "-D", "tyreso_provenance=Byggd från version 2024.1", str(source), str(tmp_path / "html")]
    assert build_main(arguments) == 0
    index = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert '<p class="tyreso-provenance">Byggd från version 2024.1</p>' in index
