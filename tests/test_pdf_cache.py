"""A PDF is rendered again only when what it is made of changed; a kept PDF is the one a clean build makes.

The small test project (tests/roots/test-pdf) is copied into a temporary folder and built for real
(Sphinx, then WeasyPrint) into the same PDF folder again and again: unchanged, with one report edited,
with a value every page shows changed, with an image changed, with a PDF deleted or altered. What is
checked is what the build says (how many PDFs are made and kept, and which) and the PDFs' bytes,
against a clean build of the same sources into a fresh folder.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
import yaml
from helpers import REPO, ROOTS
from pdfcheck import page_texts
from PIL import Image

from tyreso_ext.cli import main as cli_main
from tyreso_ext.outputs.pdf import build_pdfs
from tyreso_ext.outputs.pdf.cache import MANIFEST

T1 = "2024-T1 Delårsrapport Kommunstyrelsen"
PLAN = "2024 Kommunplan Kommunstyrelsen"
T1_SOURCE = Path("reports") / "2024" / "T1" / "kommunstyrelsen.md"
PLAN_SOURCE = Path("reports") / "2024" / "plan" / "kommunstyrelsen.md"
# '2024-T1 Delårsrapport Kommunstyrelsen: 1,8 s (5 sidor)': a PDF rendered in this build
RENDERED = re.compile(r"^(?P<label>.+): \d+,\d s \(\d+ sidor\)$", re.MULTILINE)
# 'Utskriftssidor för 2 rapporter klara på 3,1 s (1 skrivna på nytt, …': how many print pages were written
PAGES = re.compile(
    r"^Utskriftssidor för (?P<all>\d+) rapport(?:er)? klara på \d+,\d s \((?P<written>\d+) skrivna på nytt", re.MULTILINE
)
COUNTS = re.compile(r"^(?P<made>\d+) PDF-fil(?:er)? skapas, (?P<kept>\d+) PDF-fil(?:er)? återanvänds oförändrade", re.MULTILINE)


class Build:
    def __init__(self, folder: Path, printed: str) -> None:
        self.folder = folder
        self.printed = printed

    @property
    def rendered(self) -> set[str]:
        return {match["label"] for match in RENDERED.finditer(self.printed)}

    @property
    def counts(self) -> tuple[int, int]:
        match = COUNTS.search(self.printed)
        assert match, self.printed
        return int(match["made"]), int(match["kept"])

    @property
    def pages_written(self) -> int:
        match = PAGES.search(self.printed)
        assert match, self.printed
        return int(match["written"])

    def pdfs(self) -> dict[str, bytes]:
        return {path.name: path.read_bytes() for path in sorted(self.folder.glob("*.pdf"))}


def build(source: Path, target: Path, **options) -> Build:
    printed = io.StringIO()
    build_pdfs(source, target, strict=True, out=printed, **options)
    return Build(target, printed.getvalue())


@pytest.fixture
def project(tmp_path) -> Path:
    source = tmp_path / "rapporter"
    shutil.copytree(ROOTS / "test-pdf", source)
    return source


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_second_build_renders_nothing_and_keeps_every_pdf(project, tmp_path):
    first = build(project, tmp_path / "pdf")
    assert first.counts == (2, 0) and first.rendered == {T1, PLAN}
    assert (tmp_path / "pdf" / MANIFEST).is_file()
    before = first.pdfs()
    second = build(project, tmp_path / "pdf")
    assert first.pages_written == 2 and second.pages_written == 0, second.printed
    assert second.counts == (0, 2), second.printed
    assert second.rendered == set()
    assert second.pdfs() == before
    assert re.search(r"^2 PDF-filer i .+ på \d+,\d s\.$", second.printed, re.MULTILINE)


def test_an_edited_report_alone_is_rendered_again_and_matches_a_clean_build(project, tmp_path):
    build(project, tmp_path / "pdf")
    edit(project / T1_SOURCE, "stort sett planen", "allt väsentligt planen")
    cached = build(project, tmp_path / "pdf")
    assert cached.pages_written == 1, cached.printed  # the edited report's print page alone
    assert cached.counts == (1, 1), cached.printed
    assert cached.rendered == {T1}
    clean = build(project, tmp_path / "ny-mapp")
    assert clean.counts == (2, 0)
    assert cached.pdfs() == clean.pdfs()  # byte for byte, the kept one and the rendered one


def test_a_page_that_shows_another_reports_objects_is_written_when_they_change(project, tmp_path):
    """The plan shows the T1 statuses in a period matrix: a changed status in T1 rewrites both print pages, and
    both PDFs are those of a clean build."""
    with (project / PLAN_SOURCE).open("a", encoding="utf-8") as stream:
        stream.write("\n## Uppföljning\n\n:::{periodmatris}\n:::\n")
    before = build(project, tmp_path / "pdf").pdfs()
    edit(project / T1_SOURCE, ":status: röd", ":status: gul")
    changed = build(project, tmp_path / "pdf")
    assert changed.pages_written == 2, changed.printed
    assert changed.rendered == {T1, PLAN}, changed.printed
    assert changed.pdfs()[f"{PLAN}.pdf"] != before[f"{PLAN}.pdf"]
    assert changed.pdfs() == build(project, tmp_path / "ny-mapp").pdfs()
    plan_text = " ".join(page_texts(tmp_path / "pdf" / f"{PLAN}.pdf"))
    assert "Gul" in plan_text


def test_the_print_page_of_a_report_that_is_gone_is_removed(project, tmp_path):
    build(project, tmp_path / "pdf")
    pages = tmp_path / "pdf" / ".utskrift"
    assert (pages / T1_SOURCE.with_suffix(".html")).is_file()
    (project / T1_SOURCE).unlink()
    build(project, tmp_path / "pdf")
    assert not (pages / T1_SOURCE.with_suffix(".html")).exists()
    assert (pages / PLAN_SOURCE.with_suffix(".html")).is_file()


def git(folder: Path, *arguments: str, date: str = "2024-05-20T10:00:00+02:00") -> str:
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    return subprocess.run(
        ["git", "-C", str(folder), *arguments], capture_output=True, text=True, check=True, env=environment
    ).stdout


def pdf_info(path: Path) -> dict[str, str]:
    """The PDF's document information: '/CreationDate' → 'D:20240520080000Z', …"""
    with pikepdf.open(path) as pdf:
        return {str(key): str(value) for key, value in pdf.docinfo.items()}


def short_head(folder: Path) -> str:
    return git(folder, "rev-parse", "HEAD").strip()[:7]


def test_a_commit_to_one_report_changes_that_pdf_alone(project, tmp_path, monkeypatch):
    """Each PDF names the last commit of its own report (file, images): a commit to one report leaves the other's
    PDF as it was, byte for byte, and an uncommitted edit marks only the PDF of the report it is in."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    Image.new("RGB", (40, 20), (0, 90, 160)).save(project / T1_SOURCE.parent / "diagram.png")
    with (project / T1_SOURCE).open("a", encoding="utf-8") as stream:
        stream.write("\n![Diagram över utfallet](diagram.png)\n")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Rapporterna för 2024")
    first_commit = short_head(project)
    first = build(project, tmp_path / "pdf")
    assert first.counts == (2, 0), first.printed
    before = first.pdfs()
    for name in (T1, PLAN):
        assert f"Rapportens text från commit {first_commit} (2024-05-20)." in page_texts(tmp_path / "pdf" / f"{name}.pdf")[0]

    # A commit that changes the delårsrapport only.
    edit(project / T1_SOURCE, "stort sett planen", "allt väsentligt planen")
    git(project, "commit", "-q", "-a", "-m", "Ny text i delårsrapporten", date="2024-06-03T09:30:00+02:00")
    second_commit = short_head(project)
    second = build(project, tmp_path / "pdf")
    assert second.counts == (1, 1), second.printed
    assert second.rendered == {T1}
    assert second.pages_written == 1, second.printed  # a print page shows no object's commits: the plan's stays
    after = second.pdfs()
    assert after[f"{PLAN}.pdf"] == before[f"{PLAN}.pdf"]  # still the first commit, and its dates
    t1 = page_texts(tmp_path / "pdf" / f"{T1}.pdf")
    assert f"Rapportens text från commit {second_commit} (2024-06-03)." in t1[0]
    assert all(f"Text från commit {second_commit}, 2024-06-03" in text for text in t1[1:]), t1
    assert "ej incheckade ändringar" not in " ".join(t1)
    info = pdf_info(tmp_path / "pdf" / f"{T1}.pdf")
    assert info["/CreationDate"] == info["/ModDate"] == "D:20240603073000Z"  # the commit's time, in UTC
    assert info["/tyresocommit"] == second_commit
    assert pdf_info(tmp_path / "pdf" / f"{PLAN}.pdf")["/CreationDate"] == "D:20240520080000Z"

    # A commit that changes only an image the delårsrapport shows: its file is the report's too.
    Image.new("RGB", (40, 20), (200, 40, 0)).save(project / T1_SOURCE.parent / "diagram.png")
    git(project, "commit", "-q", "-a", "-m", "Nytt diagram", date="2024-06-10T12:00:00+02:00")
    third_commit = short_head(project)
    third = build(project, tmp_path / "pdf")
    assert third.rendered == {T1}, third.printed
    assert third.pages_written == 1, third.printed
    assert f"Rapportens text från commit {third_commit} (2024-06-10)." in page_texts(tmp_path / "pdf" / f"{T1}.pdf")[0]
    assert third.pdfs()[f"{PLAN}.pdf"] == before[f"{PLAN}.pdf"]
    committed_t1 = third.pdfs()[f"{T1}.pdf"]

    # Uncommitted: an edit of the kommunplan, and a new file beside the reports that no report uses.
    edit(project / PLAN_SOURCE, "Kommunplanen anger uppdragen", "Kommunplanen anger alla uppdragen")
    (project / "anteckningar.txt").write_text("Att göra\n", encoding="utf-8")
    dirty = build(project, tmp_path / "pdf")
    assert dirty.counts == (1, 1), dirty.printed
    assert dirty.pages_written == 1, dirty.printed
    assert dirty.rendered == {PLAN}
    plan = page_texts(tmp_path / "pdf" / f"{PLAN}.pdf")
    assert f"Rapportens text från commit {first_commit} (2024-05-20), med ej incheckade ändringar." in plan[0]
    assert f"Text från commit {first_commit}, 2024-05-20, ej incheckade ändringar" in plan[-1]
    assert dirty.pdfs()[f"{T1}.pdf"] == committed_t1
    assert "ej incheckade ändringar" not in " ".join(page_texts(tmp_path / "pdf" / f"{T1}.pdf"))

    # And each one is the PDF a clean build of the same sources makes.
    assert dirty.pdfs() == build(project, tmp_path / "ny-mapp", use_cache=False).pdfs()


def test_a_source_date_epoch_from_the_caller_dates_every_pdf(project, tmp_path, monkeypatch):
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Rapporterna för 2024")
    edit(project / T1_SOURCE, "stort sett planen", "allt väsentligt planen")
    git(project, "commit", "-q", "-a", "-m", "Ny text", date="2024-06-03T09:30:00+02:00")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    build(project, tmp_path / "pdf")
    for name in (T1, PLAN):
        info = pdf_info(tmp_path / "pdf" / f"{name}.pdf")
        assert info["/CreationDate"] == info["/ModDate"] == "D:20231114221320Z", name


def test_a_value_every_page_shows_renders_every_pdf_again(project, tmp_path):
    build(project, tmp_path / "pdf")
    edit(project / "conf.py", 'author = "Testkommun"', 'author = "Testkommun (ny)"')  # the cover of each report
    changed = build(project, tmp_path / "pdf")
    assert changed.pages_written == 2, changed.printed  # a changed configuration writes every page
    assert changed.counts == (2, 0), changed.printed
    assert changed.rendered == {T1, PLAN}
    assert changed.pdfs() == build(project, tmp_path / "ny-mapp").pdfs()


def test_a_deleted_or_altered_pdf_is_rendered_again(project, tmp_path):
    first = build(project, tmp_path / "pdf").pdfs()
    (tmp_path / "pdf" / f"{T1}.pdf").unlink()
    altered = tmp_path / "pdf" / f"{PLAN}.pdf"
    altered.write_bytes(altered.read_bytes() + b"\n% ett tillagg i efterhand\n")
    again = build(project, tmp_path / "pdf")
    assert again.counts == (2, 0), again.printed
    assert again.pdfs() == first


def test_a_changed_image_renders_the_report_that_shows_it(project, tmp_path):
    picture = project / T1_SOURCE.parent / "diagram.png"
    Image.new("RGB", (40, 20), (0, 90, 160)).save(picture)
    with (project / T1_SOURCE).open("a", encoding="utf-8") as stream:
        stream.write("\n![Diagram över utfallet](diagram.png)\n")
    build(project, tmp_path / "pdf")
    Image.new("RGB", (40, 20), (200, 40, 0)).save(picture)  # same name, same size on the page, other pixels
    changed = build(project, tmp_path / "pdf")
    assert changed.counts == (1, 1), changed.printed
    assert changed.rendered == {T1}
    assert changed.pdfs() == build(project, tmp_path / "ny-mapp").pdfs()


def test_without_the_cache_every_pdf_is_rendered(project, tmp_path):
    build(project, tmp_path / "pdf")
    done = subprocess.run(
        [sys.executable, "-m", "tyreso_ext.outputs.pdf", str(project), str(tmp_path / "pdf"), "--utan-cache", "--processer", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "2 PDF-filer skapas på nytt (utan cache)." in done.stdout
    assert {match["label"] for match in RENDERED.finditer(done.stdout)} == {T1, PLAN}
    assert build(project, tmp_path / "pdf").counts == (0, 2)  # and the next build may keep them again


def test_a_report_that_is_gone_leaves_the_manifest(project, tmp_path):
    build(project, tmp_path / "pdf")
    (project / T1_SOURCE).unlink()
    after = build(project, tmp_path / "pdf")
    assert after.counts == (0, 1), after.printed
    assert set(after.pdfs()) == {f"{PLAN}.pdf"}
    assert T1 not in (tmp_path / "pdf" / MANIFEST).read_text(encoding="utf-8")


# --- the pipelines keep the PDFs and the manifest from one build to the next ---------------------------


def test_the_pipelines_restore_and_save_the_pdfs_with_their_manifest():
    gitlab = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    caches = gitlab["bygg"]["cache"]
    pdf = next(cache for cache in caches if f"_build/pdf/{MANIFEST}" in cache["paths"])
    assert "_build/pdf/*.pdf" in pdf["paths"]
    assert pdf["key"] == "pdf-$CI_COMMIT_REF_SLUG" and pdf["fallback_keys"] == ["pdf-$CI_DEFAULT_BRANCH"]
    assert any(cache["paths"] == [".cache/pip"] for cache in caches)  # the job's own list replaces the global one

    github = yaml.safe_load((REPO / ".github/workflows/rapporter.yml").read_text(encoding="utf-8"))
    steps = github["jobs"]["bygg"]["steps"]
    cache_step = next(index for index, step in enumerate(steps) if step.get("uses", "").startswith("actions/cache@"))
    make_step = next(index for index, step in enumerate(steps) if step.get("run", "").startswith("make"))
    assert cache_step < make_step
    options = steps[cache_step]["with"]
    assert set(options["path"].split()) == {"_build/pdf/*.pdf", f"_build/pdf/{MANIFEST}"}
    assert "${{ github.sha }}" in options["key"]  # saved after every build; restored from the branch, else main
    assert "pdf-${{ github.event.repository.default_branch }}-" in options["restore-keys"].splitlines()


def test_tyreso_init_writes_pipelines_that_keep_the_pdfs(tmp_path):
    target = tmp_path / "ny-kommun"
    assert cli_main(["init", str(target), "--kommun", "Värmdö kommun", "--organ", "Kommunstyrelsen"]) == 0
    for name in (".gitlab-ci.yml", ".github/workflows/rapporter.yml"):
        text = (target / name).read_text(encoding="utf-8")
        assert f"_build/pdf/{MANIFEST}" in text and "_build/pdf/*.pdf" in text, name
    assert "uses: actions/cache@v4" in (target / ".github/workflows/rapporter.yml").read_text(encoding="utf-8")
