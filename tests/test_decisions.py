"""Decided reports stay decided: the decision on the page and the cover, corrections with their diffs, the
manifest of decided versions and its verification against the history and the PDFs' bytes.

Every test works on a real Git repository made in a temporary folder, with set authors and dates: the small
PDF project (tests/roots/test-pdf) whose T1 report is decided by Kommunstyrelsen 2024-05-29, § 45, recorded
with `tyreso faststall` and its manifest committed. Each test that changes the history works in its own clone.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup
from helpers import REPO, ROOTS, finding_keys, text
from pdfcheck import page_texts
from sphinx.cmd.build import build_main
from sphinx.testing.util import SphinxTestApp

from tyreso_ext.cli import main
from tyreso_ext.model.decision import MANIFEST_PATH, read_manifest
from tyreso_ext.model.fingerprint import file_sha256
from tyreso_ext.model.frontmatter import read_report
from tyreso_ext.model.period import parse_period
from tyreso_ext.model.vocabulary import Vocabulary
from tyreso_ext.outputs.pdf import build_pdfs
from tyreso_ext.source.next_period import next_report
from tyreso_ext.source.project import Project

T1 = "reports/2024/T1/kommunstyrelsen.md"
PDF = "2024-T1 Delårsrapport Kommunstyrelsen.pdf"
ARCHIVED = "2024-T1 Delårsrapport Kommunstyrelsen, fastställd 2024-05-29 § 45.pdf"
DECISION = "Fastställd av Kommunstyrelsen 2024-05-29, § 45"
BESLUT = "beslut:\n  datum: 2024-05-29\n  paragraf: 45\n  diarienummer: KS 2024/123\n"
RATTELSE = (
    "rättelse:\n  datum: 2024-06-10\n  vad: Uppdraget Trygg skolväg har status gul, inte grön.\n"
    "  varför: Entreprenörens försening var känd före beslutet men kom inte med i rapporten.\n"
)
DIFF_URL = "https://gitlab.example.se/kommun/rapporter/-/compare/{fran}...{till}"
ANNA = ("Anna Andersson", "2024-05-20T10:00:00+02:00")
BERTIL = ("Bertil Berg", "2024-05-30T09:00:00+02:00")
CECILIA = ("Cecilia Carlsson", "2024-06-10T14:00:00+02:00")


def git(repo: Path, *arguments: str, author: tuple[str, str] = ANNA) -> str:
    name, date = author
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": "namnd@example.se",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": "namnd@example.se",
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(["git", *arguments], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout.strip()


def replace(path: Path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert old in content, old
    path.write_text(content.replace(old, new, 1), encoding="utf-8")


def tyreso(root: Path, *arguments: str) -> tuple[int, str, str]:
    """Run the command in the project's folder: (exit status, what it printed, its errors)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(arguments))
    return status, out.getvalue(), err.getvalue()


def clone(decided: dict, folder: Path) -> Path:
    target = folder / "klon"
    subprocess.run(["git", "clone", "-q", str(decided["root"]), str(target)], check=True, capture_output=True)
    return target


def line_in(path: Path, needle: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if needle in line)


def build(root: Path, outdir: Path, **overrides: str) -> tuple[set[tuple[str, int, str]], Path, str]:
    """Build the site (not strictly): its tyreso findings as (file, line, code), the output folder, the warnings."""
    app = SphinxTestApp("html", srcdir=root, builddir=outdir, freshenv=True, status=None, confoverrides=overrides)
    try:
        app.build()
        return finding_keys(app), Path(app.outdir), app.warning.getvalue()
    finally:
        app.cleanup()


def checked(root: Path) -> tuple[int, set[tuple[str, int, str]], str]:
    """`tyreso check`: its exit status, its findings as (file, line, code), and what it printed."""
    status, out, _ = tyreso(root, "check", "--format", "json")
    findings = {(finding["fil"], finding["rad"], finding["kod"]) for finding in json.loads(out)["fynd"]}
    return status, findings, tyreso(root, "check")[1]


@pytest.fixture(scope="module")
def decided(tmp_path_factory) -> dict:
    """Two reports for 2024; the T1 report decided and recorded with `tyreso faststall`, the manifest committed."""
    root = tmp_path_factory.mktemp("beslut") / "rapporter"
    shutil.copytree(ROOTS / "test-pdf", root)
    (root / ".gitignore").write_text("_build/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Rapporterna för 2024")
    replace(root / T1, "beslutsdatum: 2024-05-29\n", "")
    replace(root / T1, "diarienummer: KS 2024/123\n", BESLUT)
    git(root, "commit", "-q", "-am", "KS T1 2024 fastställd 2024-05-29 § 45", author=BERTIL)
    decision = git(root, "rev-parse", "HEAD")
    status, out, err = tyreso(root, "faststall", T1)
    assert status == 0, out + err
    git(root, "add", MANIFEST_PATH)
    git(root, "commit", "-q", "-m", "Manifest: KS T1 2024 fastställd", author=BERTIL)
    return {"root": root, "decision": decision, "faststall": out, "archived": root / "_build" / "beslutade" / ARCHIVED}


@pytest.fixture(scope="module")
def corrected(decided, tmp_path_factory) -> dict:
    """A clone where the decided report is changed and the change committed: first without, then with a rättelse."""
    root = clone(decided, tmp_path_factory.mktemp("rattelse"))
    replace(root / T1, ":status: grön\n", ":status: gul\n:orsak: Entreprenören är försenad.\n:åtgärder: Vite är utkrävt.\n")
    git(root, "commit", "-q", "-am", "Trygg skolväg gul", author=CECILIA)
    unjustified = git(root, "rev-parse", "HEAD")
    status, findings, printed = checked(root)
    build_keys, _, _ = build(root, tmp_path_factory.mktemp("html-utan"))
    diff = tyreso(root, "diff", decided["decision"], "HEAD")[1]
    without = {"status": status, "findings": findings, "printed": printed, "build": build_keys, "diff": diff}
    replace(root / T1, BESLUT, BESLUT + RATTELSE)
    git(root, "commit", "-q", "-am", "Rättelse: Trygg skolväg gul", author=CECILIA)
    return {"root": root, "without": without, "unjustified": unjustified, "fixed": git(root, "rev-parse", "HEAD")}


# --- 1. The decision in the front matter, on the page and on the cover -----------------------------------


def test_beslut_is_read_with_the_reports_organ_unless_given():
    source = f"---\nrapporttyp: delårsrapport\nperiod: 2024-T1\norgan: Kommunstyrelsen\n{BESLUT}---\n"
    report, findings = read_report(source, "r", "r.md", Vocabulary(organs=("Kommunstyrelsen", "Kommunfullmäktige")))
    assert findings == []
    assert report.decision is not None and report.decision.text == DECISION
    assert report.decision.diarienummer == "KS 2024/123" and str(report.decision_date) == "2024-05-29"
    given = source.replace("  paragraf: 45\n", "  paragraf: § 45\n  organ: kommunfullmaktige\n")
    report, findings = read_report(given, "r", "r.md", Vocabulary(organs=("Kommunstyrelsen", "Kommunfullmäktige")))
    assert findings == [] and report.decision.text == "Fastställd av Kommunfullmäktige 2024-05-29, § 45"


MALFORMED = [  # written after 'datum:' on line 6 of the report, so the first line below is line 7
    ("beslut: 2024-05-29\n", 7, "ska ha en rad per uppgift"),
    ("beslut:\n  datum: 2024-02-30\n  paragraf: 45\n  diarienummer: KS 2024/1\n", 8, "'2024-02-30' är inget giltigt datum"),
    ("beslut:\n  datum: 2024-05-29\n  diarienummer: KS 2024/1\n", 7, "saknar 'paragraf'"),
    ("beslut:\n  datum: 2024-05-29\n  paragraf: fyrtiofem\n  diarienummer: KS 2024/1\n", 9, "inget paragrafnummer"),
    ("beslut:\n  datum: 2024-05-29\n  paragraf: 45\n", 7, "saknar 'diarienummer'"),
    (
        "beslut:\n  datum: 2024-05-29\n  paragraf: 45\n  diarienummer: KS 2024/1\n  protokoll: 3\n",
        11,
        "Okänt fält 'protokoll' i 'beslut'",
    ),
    (
        "beslut:\n  datum: 2024-05-29\n  paragraf: 45\n  diarienummer: KS 2024/1\n  organ: Kommunstyrelsn\n",
        11,
        "Menade du 'Kommunstyrelsen'?",
    ),
    ("beslutsdatum: 2024-05-28\nbeslut:\n  datum: 2024-05-29\n  paragraf: 45\n  diarienummer: KS 2024/1\n", 7, "säger olika"),
    (f"{BESLUT}rättelse:\n  datum: 2024-06-10\n  vad: Statusen.\n", 11, "saknar 'varför'"),
    (f"{BESLUT}rättelser:\n  - datum: 2024-05-01\n    vad: Statusen.\n    varför: Fel.\n", 12, "daterad före beslutet"),
    ("rättelse:\n  datum: 2024-06-10\n  vad: Statusen.\n  varför: Fel.\n", 7, "rapporten har inget 'beslut'"),
]


@pytest.mark.parametrize(("front", "line", "message"), MALFORMED)
def test_a_malformed_beslut_is_a_finding_in_check_and_in_the_build(tmp_path, front, line, message):
    root = tmp_path / "rapporter"
    shutil.copytree(ROOTS / "test-pdf", root)
    report = root / T1
    content = report.read_text(encoding="utf-8").replace("beslutsdatum: 2024-05-29\ndiarienummer: KS 2024/123\n", "")
    report.write_text(content.replace("datum: 2024-05-15\n", "datum: 2024-05-15\n" + front, 1), encoding="utf-8")
    findings = [finding for finding in Project.load(root).check() if finding.code == "TY040"]
    assert [(finding.path, finding.line) for finding in findings] == [(T1, line)], findings
    assert message in findings[0].message
    build_keys, _, _ = build(root, tmp_path / "html")
    assert {key for key in build_keys if key[2] == "TY040"} == {(T1, line, "TY040")}


def test_the_page_shows_the_decision_under_the_title(decided, tmp_path):
    keys, outdir, _ = build(decided["root"], tmp_path / "html")
    assert keys == set()
    soup = BeautifulSoup((outdir / "reports/2024/T1/kommunstyrelsen.html").read_text(encoding="utf-8"), "html.parser")
    facts = soup.select_one("dl.tyreso-report-facts")
    pairs = dict(
        zip((text(dt).rstrip(" :") for dt in facts.find_all("dt")), (text(dd) for dd in facts.find_all("dd")), strict=True)
    )
    assert pairs["Beslut"] == DECISION
    assert pairs["Diarienummer"] == "KS 2024/123"
    assert soup.select_one(".tyreso-corrections") is None  # no corrections yet


def test_the_pdf_cover_shows_the_decision(decided):
    cover = page_texts(decided["archived"])[0]
    assert f"Beslut {DECISION}" in cover, cover
    assert "Diarienummer KS 2024/123" in cover and "Rättelser" not in cover


# --- 3. The manifest: `tyreso faststall` and `tyreso verifiera` -------------------------------------------


def test_faststall_records_the_commit_and_the_pdfs_sha256(decided):
    entries, problems = read_manifest((decided["root"] / MANIFEST_PATH).read_text(encoding="utf-8"))
    assert problems == [] and len(entries) == 1
    entry = entries[0]
    assert (entry.report, entry.commit, entry.pdf, entry.corrections) == (T1, decided["decision"], PDF, 0)
    assert entry.decision.text == DECISION and entry.commit_date == "2024-05-30"
    assert entry.sha256 == file_sha256(decided["archived"])  # the PDF it saved is the one it recorded
    assert dict(entry.tools)["tyreso-ext"] and dict(entry.tools)["weasyprint"]
    assert f"incheckning {decided['decision']} (2024-05-30)" in decided["faststall"]
    assert f"git add {MANIFEST_PATH}" in decided["faststall"]


def test_faststall_refuses_what_it_cannot_record(decided, tmp_path):
    root = decided["root"]
    # The same decision again, from a later commit: already recorded; a new version needs a rättelse.
    status, _, err = tyreso(root, "faststall", T1)
    assert status == 2 and "redan registrerad som fastställd" in err and "först när en rättelse är inskriven" in err
    status, out, _ = tyreso(root, "faststall", T1, "--version", decided["decision"][:7])
    assert status == 0 and f"redan registrerad från incheckning {decided['decision'][:7]}" in out
    status, _, err = tyreso(root, "faststall", "reports/2024/plan/kommunstyrelsen.md")
    assert status == 2 and "inget giltigt 'beslut'" in err
    copy = clone(decided, tmp_path)
    (copy / T1).write_text((copy / T1).read_text(encoding="utf-8") + "\nEn rad till.\n", encoding="utf-8")
    status, _, err = tyreso(copy, "faststall", T1)
    assert status == 2 and "har ändringar som inte är incheckade" in err
    assert git(root, "status", "--porcelain") == ""  # nothing was written


def test_verifiera_rebuilds_each_decided_version_and_confirms_the_bytes(decided, tmp_path):
    status, out, err = tyreso(decided["root"], "verifiera", "--ut", str(tmp_path / "arkiv"))
    assert status == 0, out + err
    assert f"{T1} ({DECISION})" in out
    assert (
        f"Stämmer: incheckningen finns i historiken och PDF:en byggd från den har SHA-256 {file_sha256(decided['archived'])}"
        in out
    )
    assert out.rstrip().endswith("1 av 1 fastställda versioner stämmer. Allt stämmer.")
    rebuilt = tmp_path / "arkiv" / ARCHIVED
    assert rebuilt.read_bytes() == decided["archived"].read_bytes()


# --- 2. Changes after the decision ----------------------------------------------------------------------


def test_a_decided_report_edited_without_a_rattelse_is_a_finding_in_check_and_the_build(decided, corrected):
    without = corrected["without"]
    line = line_in(decided["root"] / T1, ":::{uppdrag} Trygg skolväg")
    assert without["status"] == 1
    assert without["findings"] == {(T1, line, "TY041")}
    assert without["build"] == without["findings"]  # the build reports exactly what `tyreso check` reports
    printed = without["printed"]
    assert (
        f"{T1}:{line}:1: TY041 Uppdrag 'Trygg skolväg' har ändrats sedan beslutet (incheckning {decided['decision'][:7]})"
        in printed
    )
    assert "status grön → gul" in printed and f"rapporten är fastställd ({DECISION})" in printed
    assert "Skriv in en rättelse under 'rättelser:' med datum, vad och varför" in printed
    assert printed.rstrip().endswith("1 fynd i 1 fil.")


def test_tyreso_diff_marks_changes_to_decided_reports(decided, corrected):
    diff = corrected["without"]["diff"]
    assert "uppdrag trygg-skolvag 2024-T1: grön → gul [fastställd]" in diff
    assert f"{T1} ({DECISION}): 3 ändringar utan ny rättelse, fynd TY041 i tyreso check" in diff
    root = corrected["root"]
    status, out, _ = tyreso(root, "diff", corrected["unjustified"], "HEAD", "--format", "json")
    assert status == 0
    payload = json.loads(out)
    assert payload["ändringar"] == []  # the rättelse itself changes no object
    status, out, _ = tyreso(root, "diff", decided["decision"], "HEAD", "--format", "json")
    payload = json.loads(out)
    assert all(change["fastställd"] for change in payload["ändringar"])
    assert payload["fastställda"][0]["nya_rättelser"][0]["datum"] == "2024-06-10"
    status, out, _ = tyreso(root, "diff", decided["decision"], "HEAD", "--format", "markdown")
    assert "> **Ändringar i fastställda rapporter.**" in out and "(`trygg-skolvag`) **(fastställd)**" in out
    assert "med ny rättelse (2024-06-10: Uppdraget Trygg skolväg har status gul, inte grön.)" in out


def test_a_rattelse_justifies_the_change_and_the_page_links_to_its_diff(decided, corrected, tmp_path):
    root = corrected["root"]
    status, findings, printed = checked(root)
    assert (status, findings, printed.strip()) == (0, set(), "Inga fynd.")
    keys, outdir, _ = build(root, tmp_path / "html", tyreso_diff_url=DIFF_URL)
    assert keys == set()
    soup = BeautifulSoup((outdir / "reports/2024/T1/kommunstyrelsen.html").read_text(encoding="utf-8"), "html.parser")
    box = soup.select_one(".tyreso-corrections")
    assert text(box.select_one(".tyreso-corrections-title")) == "Rättelser efter beslutet"
    items = box.select("li")
    assert len(items) == 1
    assert text(items[0]).startswith("2024-06-10 : Uppdraget Trygg skolväg har status gul, inte grön. Skäl: Entreprenörens")
    link = items[0].select_one("a.tyreso-correction-diff")
    # From the decided version (the manifest's commit) to the commit that wrote the rättelse in.
    assert link["href"] == DIFF_URL.format(fran=decided["decision"], till=corrected["fixed"])
    assert text(link) == f"{decided['decision'][:7]}…{corrected['fixed'][:7]}"
    facts = text(soup.select_one("dl.tyreso-report-facts"))
    assert DECISION in facts and "1 rättelse efter beslutet, den senaste 2024-06-10" in facts
    # Without an address in conf.py, the two commits are named for `tyreso diff`.
    _, plain, _ = build(root, tmp_path / "utan-adress")
    soup = BeautifulSoup((plain / "reports/2024/T1/kommunstyrelsen.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one(".tyreso-corrections a") is None
    assert text(soup.select_one("code.tyreso-correction-diff")) == f"{decided['decision'][:7]}…{corrected['fixed'][:7]}"
    outdir = tmp_path / "strikt"
    arguments = ["-b", "html", "-W", "--keep-going", "-n", "-q", "-d", str(tmp_path / "dt"), str(root), str(outdir)]
    assert build_main(arguments) == 0


def test_the_pdf_lists_the_corrections(corrected, decided, tmp_path):
    build_pdfs(corrected["root"], tmp_path / "pdf", strict=True, out=None)
    pages = page_texts(tmp_path / "pdf" / PDF)
    assert f"Beslut {DECISION}" in pages[0]
    assert "Rättelser 1 rättelse efter beslutet, den senaste 2024-06-10" in pages[0]
    body = " ".join(pages[1:])
    assert "Rättelser efter beslutet" in body
    assert "2024-06-10: Uppdraget Trygg skolväg har status gul, inte grön." in body
    assert f"Ändringarna: {decided['decision'][:7]}…{corrected['fixed'][:7]}" in body


def test_a_change_after_the_rattelse_needs_a_rattelse_of_its_own(corrected, tmp_path):
    root = clone({"root": corrected["root"]}, tmp_path)
    replace(root / T1, "Införandet har påbörjats.", "Införandet är klart.")
    status, findings, printed = checked(root)
    line = line_in(root / T1, ":::{uppdrag} Digital bygglovshandläggning")
    assert status == 1 and findings == {(T1, line, "TY041")}
    assert f"sedan den senaste rättelsen (incheckning {corrected['fixed'][:7]})" in printed
    assert "texten ändrad (+1 −1 rader)" in printed
    # A change to the running text outside the objects counts too.
    git(root, "checkout", "-q", "--", T1)
    replace(root / T1, "Delårsrapporten omfattar januari–april 2024.", "Delårsrapporten omfattar januari–maj 2024.")
    status, findings, printed = checked(root)
    line = line_in(root / T1, "januari–maj")
    assert findings == {(T1, line, "TY041")} and "Texten har ändrats sedan den senaste rättelsen" in printed
    # A second rättelse, not committed yet, justifies it; the page says it is not committed.
    content = (root / T1).read_text(encoding="utf-8")
    second = "  - datum: 2024-06-20\n    vad: Perioden är januari–maj.\n    varför: Skrivfel.\n"
    first = "  - " + RATTELSE.removeprefix("rättelse:\n  ").replace("\n  ", "\n    ")
    (root / T1).write_text(content.replace(RATTELSE, "rättelser:\n" + first + second), encoding="utf-8")
    status, findings, _ = checked(root)
    assert (status, findings) == (0, set())
    _, outdir, _ = build(root, tmp_path / "html")
    soup = BeautifulSoup((outdir / "reports/2024/T1/kommunstyrelsen.html").read_text(encoding="utf-8"), "html.parser")
    items = [text(item) for item in soup.select(".tyreso-corrections li")]
    assert len(items) == 2 and "Ändringarna:" in items[0] and items[1].endswith("(inte incheckad ännu)")


def test_a_rattelse_once_written_cannot_be_removed(corrected, tmp_path):
    root = clone({"root": corrected["root"]}, tmp_path)
    replace(root / T1, RATTELSE, "")
    status, findings, printed = checked(root)
    assert status == 1
    assert {code for _, _, code in findings} == {"TY041"}
    assert "En rättelse som redan var inskriven (2024-06-10: Uppdraget Trygg skolväg" in printed
    assert "Uppdrag 'Trygg skolväg' har ändrats sedan beslutet" not in printed  # the last approved version is the corrected one


# --- 3. The manifest against the history: rewritten history, tampering ---------------------------------------


def test_a_rewritten_history_is_reported_by_check_and_verifiera(decided, tmp_path):
    root = clone(decided, tmp_path)
    # Every commit rewritten (as a rebase with another date does): the recorded commit is no longer in the history.
    git(root, "rebase", "-q", "--force-rebase", "--root", author=("Dana Dahl", "2024-07-01T08:00:00+02:00"))
    assert subprocess.run(["git", "merge-base", "--is-ancestor", decided["decision"], "HEAD"], cwd=root).returncode != 0
    status, findings, printed = checked(root)
    assert status == 1 and findings == {(T1, line_in(root / T1, "beslut:"), "TY042")}
    assert f"registrerades från incheckning {decided['decision'][:7]}, men den ingår inte längre i historiken" in printed
    assert "historiken har skrivits om, till exempel med rebase, amend eller force push" in printed
    status, out, _ = tyreso(root, "verifiera")
    assert status == 1
    assert "STÄMMER INTE: Den fastställda versionen av reports/2024/T1/kommunstyrelsen.md" in out
    assert out.rstrip().endswith("0 av 1 fastställda versioner stämmer; 1 stämmer inte. Något stämmer inte.")
    build_keys, _, _ = build(root, tmp_path / "html")
    assert build_keys == findings


def test_an_amended_commit_that_was_recorded_is_reported(decided, tmp_path):
    """The decision recorded from HEAD, then the commit amended before anything else was committed."""
    root = clone(decided, tmp_path)
    replace(root / T1, "Skolvägarna vid tre skolor är ombyggda.", "Skolvägarna vid fyra skolor är ombyggda.")
    replace(root / T1, BESLUT, BESLUT.replace("paragraf: 45", "paragraf: 46"))
    git(root, "commit", "-q", "-am", "Ny version")
    manifest = json.loads((root / MANIFEST_PATH).read_text(encoding="utf-8"))
    recorded = dict(manifest["fastställda"][0], incheckning=git(root, "rev-parse", "HEAD"), rättelser=0)
    recorded["beslut"] = dict(recorded["beslut"], paragraf="46")
    manifest["fastställda"].append(recorded)
    (root / MANIFEST_PATH).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    git(root, "commit", "-q", "--amend", "-m", "Ny version, omskriven", author=("Dana Dahl", "2024-07-02T08:00:00+02:00"))
    status, findings, printed = checked(root)
    assert status == 1 and (T1, line_in(root / T1, "beslut:"), "TY042") in findings
    assert f"registrerades från incheckning {recorded['incheckning'][:7]}" in printed
    assert "Incheckningen finns kvar i den här kopian men ingår inte i historiken för HEAD." in printed


def test_a_tampered_pdf_is_not_a_decided_version(decided, tmp_path):
    tampered = tmp_path / "från-diariet.pdf"
    with pikepdf.open(decided["archived"]) as pdf:
        pdf.docinfo["/Title"] = "Delårsrapport T1 2024 (ändrad)"
        pdf.save(tampered)
    genuine = tmp_path / "fastställd.pdf"
    shutil.copyfile(decided["archived"], genuine)
    status, out, _ = tyreso(decided["root"], "verifiera", str(genuine), str(tampered))
    assert status == 1
    assert f"{genuine}: stämmer. Den är den fastställda versionen {T1} ({DECISION})" in out
    assert f"{tampered}: stämmer inte. Dess SHA-256 {file_sha256(tampered)} är inte någon fastställd version i manifestet." in out
    assert "1 av 2 PDF-filer är fastställda versioner" in out


def test_a_tampered_manifest_is_reported(decided, tmp_path):
    root = clone(decided, tmp_path)
    manifest = root / MANIFEST_PATH
    recorded = file_sha256(decided["archived"])
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(recorded, "0" * 64), encoding="utf-8")
    status, out, _ = tyreso(root, "verifiera", "--format", "json")
    payload = json.loads(out)
    assert status == 1 and payload["stämmer"] is False
    version = payload["versioner"][0]
    assert version["resultat"] == "stämmer inte" and version["byggd_sha256"] == recorded
    assert any("manifestet säger " + "0" * 64 in message for message in version["meddelanden"])
    assert any("har sedan ändrats eller tagits bort" in message for message in payload["manifestet"])
    status, findings, printed = checked(root)
    assert status == 1 and findings == {(MANIFEST_PATH, 1, "TY042")}
    assert "Manifestet får bara fyllas på: återställ posten som den var." in printed


def test_a_recorded_report_that_is_removed_or_no_longer_decided_is_reported(decided, tmp_path):
    root = clone(decided, tmp_path)
    replace(root / T1, BESLUT, "diarienummer: KS 2024/123\n")
    status, findings, printed = checked(root)
    assert status == 1 and findings == {(T1, 1, "TY042")} and "har inte längre något 'beslut'" in printed
    (root / T1).unlink()
    status, findings, printed = checked(root)
    assert (MANIFEST_PATH, 5, "TY042") in findings and "men finns inte längre" in printed


def test_verifiera_lists_decided_reports_that_are_not_recorded(tmp_path):
    root = tmp_path / "rapporter"
    shutil.copytree(ROOTS / "test-pdf", root)
    replace(root / T1, "beslutsdatum: 2024-05-29\n", "")
    replace(root / T1, "diarienummer: KS 2024/123\n", BESLUT)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Fastställd utan manifest")
    status, out, _ = tyreso(root, "verifiera")
    assert status == 0
    assert f"{T1} ({DECISION}): registrera med 'tyreso faststall {T1}'." in out
    assert checked(root)[:2] == (0, set())


def test_tyreso_ny_does_not_carry_the_decision_into_the_next_period(corrected):
    source = (corrected["root"] / T1).read_text(encoding="utf-8")
    new = next_report(source, parse_period("2024-T2")).text
    front = new.split("---")[1]
    assert "beslut" not in front and "rättelse" not in front and "varför" not in front
    assert "organ: Kommunstyrelsen" in front


# --- the pipelines ------------------------------------------------------------------------------------------


def test_the_pipelines_verify_the_decided_reports():
    gitlab = (REPO / ".gitlab-ci.yml").read_text(encoding="utf-8")
    github = (REPO / ".github/workflows/rapporter.yml").read_text(encoding="utf-8")
    assert ".venv/bin/tyreso verifiera --ut _build/beslutade" in gitlab
    assert 'needs: ["bygg", "verifiera"]' in gitlab and "public/beslutade" in gitlab
    assert ".venv/bin/tyreso verifiera --ut _build/html/beslutade" in github
    assert github.index("tyreso verifiera") < github.index("upload-pages-artifact")  # published with the site


# --- 4. Status changes made in a merge commit; one comment in a GitLab merge request ---------------------


def test_a_status_change_made_in_a_merge_commit_is_listed_under_the_merge(tmp_path):
    root = tmp_path / "rapporter"
    shutil.copytree(ROOTS / "test-pdf", root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Rapporterna för 2024")
    git(root, "switch", "-q", "-c", "gren")
    replace(root / T1, ":status: grön\n", ":status: gul\n:orsak: Grenens orsak.\n:åtgärder: Grenens åtgärd.\n")
    git(root, "commit", "-q", "-am", "Trygg skolväg gul", author=BERTIL)
    git(root, "switch", "-q", "main")
    replace(root / T1, ":status: grön\n", ":status: röd\n:orsak: Huvudgrenens orsak.\n:åtgärder: Huvudgrenens åtgärd.\n")
    replace(root / T1, "Införandet har påbörjats.", "Införandet har påbörjats i maj.")
    git(root, "commit", "-q", "-am", "Trygg skolväg röd", author=BERTIL)
    merged = subprocess.run(["git", "merge", "-q", "gren"], cwd=root, capture_output=True, text=True)
    assert merged.returncode != 0  # a conflict, resolved by hand to a status neither side had
    content = (root / T1).read_text(encoding="utf-8")
    start, end = content.index("<<<<<<<"), content.index(">>>>>>> gren\n") + len(">>>>>>> gren\n")
    (root / T1).write_text(content[:start] + ":status: grön\n" + content[end:], encoding="utf-8")
    git(root, "commit", "-q", "-am", "Sammanslagning: Trygg skolväg grön enligt ledningsgruppen", author=CECILIA)
    merge = git(root, "rev-parse", "HEAD")
    # A second branch, merged without conflict: the merge itself changes nothing.
    git(root, "switch", "-q", "-c", "annan")
    replace(root / T1, "Leverantören är försenad.", "Leverantören är försenad en månad.")
    git(root, "commit", "-q", "-am", "Orsaken preciserad", author=BERTIL)
    git(root, "switch", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "-m", "Sammanslagning utan konflikt", "annan", author=CECILIA)
    clean = git(root, "rev-parse", "HEAD")

    from tyreso_ext.history.gitrepo import GitRepository
    from tyreso_ext.history.snapshot import History
    from tyreso_ext.history.timeline import read_history

    history = read_history(History(Project.load(root), GitRepository(root)))
    in_merge = [entry.change.describe() for entry in history.entries if entry.commit.sha == merge]
    assert in_merge == [
        "uppdrag trygg-skolvag 2024-T1: röd → grön",
        "uppdrag trygg-skolvag 2024-T1: fältet orsak ändrat från 'Huvudgrenens orsak.' till '–'",
        "uppdrag trygg-skolvag 2024-T1: fältet åtgärder ändrat från 'Huvudgrenens åtgärd.' till '–'",
    ]
    assert not any(entry.commit.sha == clean for entry in history.entries)
    statuses = [(entry.commit.message, entry.change.before, entry.change.after) for entry in history.status_changes()]
    assert ("Sammanslagning: Trygg skolväg grön enligt ledningsgruppen", "röd", "grön") in statuses
    assert ("Trygg skolväg gul", "grön", "gul") in statuses and ("Trygg skolväg röd", "grön", "röd") in statuses
    # The text change made on main before the merge is listed once, under its own commit.
    texts = [entry for entry in history.entries if entry.change.change == "text"]
    assert [entry.commit.message for entry in texts] == ["Trygg skolväg röd"]


class _Notes:
    """A GitLab notes API for one merge request, in memory."""

    def __init__(self) -> None:
        self.notes: list[dict] = [{"id": 7, "body": "En kollegas kommentar."}]
        self.calls: list[str] = []


def test_the_gitlab_pipeline_keeps_one_comment_and_updates_it(tmp_path):
    import http.server
    import threading

    from tyreso_ext.outputs.gitlab_note import MARKER, post_or_update

    state = _Notes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def _reply(self, payload: object, status: int = 200) -> None:
            data = json.dumps(payload).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> dict:
            return json.loads(self.rfile.read(int(self.headers["Content-Length"])))

        def do_GET(self) -> None:
            state.calls.append(f"GET {self.path.split('?')[0]}")
            assert self.headers["PRIVATE-TOKEN"] == "hemligt"
            self._reply(state.notes)

        def do_POST(self) -> None:
            state.calls.append(f"POST {self.path}")
            note = {"id": 8, "body": self._body()["body"]}
            state.notes.append(note)
            self._reply(note, 201)

        def do_PUT(self) -> None:
            state.calls.append(f"PUT {self.path}")
            note = next(note for note in state.notes if self.path.endswith(f"/{note['id']}"))
            note["body"] = self._body()["body"]
            self._reply(note)

        def log_message(self, *arguments: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        environ = {
            "CI_API_V4_URL": f"http://127.0.0.1:{server.server_port}/api/v4",
            "CI_PROJECT_ID": "12",
            "CI_MERGE_REQUEST_IID": "34",
            "TYRESO_BOT_TOKEN": "hemligt",
        }
        assert post_or_update("### Första uppskickningen\n", environ) == "skapad"
        assert post_or_update("### Andra uppskickningen\n", environ) == "uppdaterad"
    finally:
        server.shutdown()
        server.server_close()
    notes = "/api/v4/projects/12/merge_requests/34/notes"
    assert state.calls == [f"GET {notes}", f"POST {notes}", f"GET {notes}", f"PUT {notes}/8"]
    assert [note["body"] for note in state.notes] == ["En kollegas kommentar.", f"{MARKER}\n### Andra uppskickningen\n"]
    gitlab = (REPO / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert "python -m tyreso_ext.outputs.gitlab_note andringar.md" in gitlab and "--request POST" not in gitlab
