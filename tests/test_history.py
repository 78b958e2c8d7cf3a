"""Git history made readable: `tyreso diff`, each object's commits, the status-change page.

Every test works on a real Git repository made in a temporary folder, with set authors and dates.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import REPO, ROOTS
from sphinx.cmd.build import build_main

from tyreso_ext.cli import main

CLEAN = ROOTS / "test-domain"
T1 = "reports/2023/T1/kommunstyrelsen.md"
T2 = "reports/2023/T2/kommunstyrelsen.md"


def git(repo: Path, *arguments: str, author: tuple[str, str] = ("Anna Andersson", "2023-05-02T10:00:00+02:00")) -> str:
    name, date = author
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": "anna@example.se",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": "anna@example.se",
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(["git", *arguments], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout.strip()


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> dict[str, object]:
    """Three commits: the reports; a risk gul → grön; an added, a removed and a moved object."""
    root = tmp_path_factory.mktemp("historik") / "rapporter"
    shutil.copytree(CLEAN, root)
    (root / "historik.md").write_text("---\norphan: true\n---\n# Historik\n\n:::{statusandringar}\n:::\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Rapporterna för 2023")
    first = git(root, "rev-parse", "HEAD")

    replace(root / T1, ":bedömning: gul", ":bedömning: grön")
    git(root, "commit", "-q", "-am", "Brandrisken åtgärdad", author=("Bertil Berg", "2023-06-01T09:30:00+02:00"))
    second = git(root, "rev-parse", "HEAD")

    text = (root / T1).read_text(encoding="utf-8")
    start = text.index(":::{risk} Ökade energipriser")
    end = text.index(":::\n", start + 10) + 4
    (root / T1).write_text(text[:start] + text[end:], encoding="utf-8")
    with (root / T2).open("a", encoding="utf-8") as handle:
        handle.write("\n:::{uppdrag} Nytt samarbete\n:id: nytt-samarbete\n:status: grön\n\nStartat under hösten.\n:::\n")
    git(root, "add", "-A")
    git(root, "mv", "reports/2023/T2/kommunstyrelsen.md", "reports/2023/T2/ks-uppfoljning.md")
    git(root, "commit", "-q", "-m", "Hösten 2023", author=("Cecilia Carlsson", "2023-09-15T14:00:00+02:00"))
    third = git(root, "rev-parse", "HEAD")
    return {"root": root, "first": first, "second": second, "third": third}


def run_diff(capsys, monkeypatch, root: Path, *arguments: str) -> tuple[int, str]:
    monkeypatch.chdir(root)
    capsys.readouterr()
    status = main(["diff", *arguments])
    return status, capsys.readouterr().out


def test_diff_shows_exactly_the_status_change(repo, capsys, monkeypatch):
    status, out = run_diff(capsys, monkeypatch, repo["root"], repo["first"], repo["second"], "--format", "json")
    assert status == 0
    changes = json.loads(out)["ändringar"]
    assert [
        (change["ändring"], change["typ"], change["id"], change["period"], change["före"], change["efter"]) for change in changes
    ] == [("status", "risk", "brand-i-skollokaler", "2023-T1", "gul", "grön")]
    status, text = run_diff(capsys, monkeypatch, repo["root"], repo["first"], repo["second"])
    assert "risk brand-i-skollokaler 2023-T1: gul → grön" in text


def test_diff_shows_added_removed_and_moved_objects(repo, capsys, monkeypatch):
    status, out = run_diff(capsys, monkeypatch, repo["root"], repo["second"], repo["third"], "--format", "json")
    assert status == 0
    kinds = {(change["ändring"], change["id"]) for change in json.loads(out)["ändringar"]}
    assert ("tillagd", "nytt-samarbete") in kinds
    assert ("borttagen", "okade-energipriser") in kinds
    moved = {
        change["id"]: (change["före"], change["efter"])
        for change in json.loads(out)["ändringar"]
        if change["ändring"] == "flyttad"
    }
    assert moved["trygg-skolvag"] == ("reports/2023/T2/kommunstyrelsen.md", "reports/2023/T2/ks-uppfoljning.md")
    assert not any(change["ändring"] == "status" for change in json.loads(out)["ändringar"])
    status, markdown = run_diff(capsys, monkeypatch, repo["root"], repo["second"], repo["third"], "--format", "markdown")
    assert (
        "#### Tillagda objekt (1)" in markdown and "#### Borttagna objekt (1)" in markdown and "#### Flyttade objekt" in markdown
    )


def test_diff_against_the_working_tree_and_bad_revisions(repo, capsys, monkeypatch):
    status, out = run_diff(capsys, monkeypatch, repo["root"], repo["third"])
    assert status == 0 and "Inga ändringar" in out
    assert run_diff(capsys, monkeypatch, repo["root"], "finns-inte")[0] == 2


def test_diff_with_three_dots_and_no_branch_says_what_to_write(repo, capsys, monkeypatch):
    monkeypatch.chdir(repo["root"])
    status = main(["diff", "...HEAD"])
    error = capsys.readouterr().err
    assert status == 2 and "Skriv grenen före '...'" in error and "Traceback" not in error


def build(root: Path, outdir: Path) -> BeautifulSoup:
    assert build_main(["-b", "html", "-q", "-d", str(outdir / ".doctrees"), str(root), str(outdir)]) == 0
    return outdir


def history_of(outdir: Path, page: str, anchor: str) -> str:
    soup = BeautifulSoup((outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    box = soup.find(id=anchor)
    assert box is not None, anchor
    return box.select_one(".tyreso-history").get_text(" ", strip=True)


def test_each_object_shows_the_commits_that_changed_it(repo, tmp_path):
    outdir = build(repo["root"], tmp_path / "html")
    text = history_of(outdir, "reports/2023/T1/kommunstyrelsen", "risk-brand-i-skollokaler")
    assert f"2023-06-01 · Bertil Berg · ”Brandrisken åtgärdad” ({repo['second'][:7]}): status gul → grön" in text
    assert "2023-05-02 · Anna Andersson" in text  # added in the first commit
    moved = history_of(outdir, "reports/2023/T2/ks-uppfoljning", "uppdrag-trygg-skolvag")
    assert "Cecilia Carlsson" in moved and "flyttad från reports/2023/T2/kommunstyrelsen.md" in moved


def status_rows(outdir: Path) -> list[list[str]]:
    """Every status change as [date, commit, author, message, object, period, organ, before, after]: the page says the
    commit's date, author and message once, above the changes it made."""
    soup = BeautifulSoup((outdir / "historik.html").read_text(encoding="utf-8"), "html.parser")
    table = soup.select_one("table.tyreso-status-changes")
    assert table is not None and table.get("id")  # every table has an id (a strict build requires it)
    assert [th.get_text() for th in table.select("thead th")] == ["Objekt", "Period", "Organ", "Före", "Efter"]
    rows = []
    for group in table.select("tbody"):
        header = group.select_one("tr.tyreso-group-header")
        commit = [
            header.select_one(f".tyreso-commit-{part}").get_text(strip=True) for part in ("date", "sha", "author", "message")
        ]
        commit[1] = commit[1].removeprefix("(incheckning ").removesuffix(")")
        commit[3] = commit[3].strip("”")
        for row in group.select("tr"):
            if row is not header:
                rows.append(commit + [cell.get_text(" ", strip=True) for cell in row.find_all(["td", "th"])])
    return rows


def test_the_status_change_page_lists_every_status_change_newest_first(repo, tmp_path):
    rows = status_rows(build(repo["root"], tmp_path / "html"))
    changed = [
        "2023-06-01",
        repo["second"][:7],
        "Bertil Berg",
        "Brandrisken åtgärdad",
        "Risk: Brand i skollokaler",
        "2023-T1",
        "Kommunstyrelsen",
        "Gul",
        "Grön",
    ]
    assert changed in rows
    # Statuses set when the reports were first written count too (nothing → status), and come later: newest first.
    first = [row for row in rows if row[2] == "Anna Andersson"]
    assert first and all(row[7] == "–" for row in first)
    assert rows.index(changed) < rows.index(first[0])
    added = [row for row in rows if row[4] == "Uppdrag: Nytt samarbete"]
    assert added == [
        [
            "2023-09-15",
            repo["third"][:7],
            "Cecilia Carlsson",
            "Hösten 2023",
            "Uppdrag: Nytt samarbete",
            "2023-T2",
            "Kommunstyrelsen",
            "–",
            "Grön",
        ]
    ]
    assert [row[0] for row in rows] == sorted((row[0] for row in rows), reverse=True)


def test_the_status_change_page_filters_by_organ_and_period(repo, tmp_path):
    root = tmp_path / "kopia"
    shutil.copytree(repo["root"], root)
    (root / "historik.md").write_text(
        "---\norphan: true\n---\n# Historik\n\n:::{statusandringar}\n:period: 2023-T2\n:organ: Kommunstyrelsen\n:::\n",
        encoding="utf-8",
    )
    rows = status_rows(build(root, tmp_path / "html"))
    assert rows and all(row[5] == "2023-T2" and row[6] == "Kommunstyrelsen" for row in rows)
    assert not any(row[2] == "Bertil Berg" for row in rows)


def test_a_strict_build_passes_with_a_status_change_in_the_history(repo, tmp_path):
    clone = tmp_path / "klon"
    subprocess.run(["git", "clone", "-q", repo["root"].as_uri(), str(clone)], check=True, capture_output=True)
    subprocess.run(["git", "checkout", "-q", repo["second"]], cwd=clone, check=True, capture_output=True)
    outdir = tmp_path / "strikt"
    assert (
        build_main(["-b", "html", "-W", "--keep-going", "-n", "-q", "-d", str(outdir / ".doctrees"), str(clone), str(outdir)])
        == 0
    )
    assert [
        "2023-06-01",
        repo["second"][:7],
        "Bertil Berg",
        "Brandrisken åtgärdad",
        "Risk: Brand i skollokaler",
        "2023-T1",
        "Kommunstyrelsen",
        "Gul",
        "Grön",
    ] in status_rows(outdir)


def test_a_build_outside_git_works_and_says_history_is_missing_once_per_page(tmp_path):
    root = tmp_path / "utan-git"
    shutil.copytree(CLEAN, root)
    outdir = build(root, tmp_path / "html")
    page = "reports/2023/T1/kommunstyrelsen"
    soup = BeautifulSoup((outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    notices = soup.select(".tyreso-history-notice")
    assert len(notices) == 1 and "byggd utanför Git" in notices[0].get_text()
    # Under the title and the report's facts, before the first object.
    title, first_object = soup.find("h1"), soup.select_one(".tyreso-object")
    assert title.find_all_next(class_="tyreso-history-notice")[0] is notices[0]
    assert notices[0] in first_object.find_all_previous(class_="tyreso-history-notice")
    box = soup.find(id="risk-brand-i-skollokaler")
    assert box is not None and box.select_one(".tyreso-history") is None  # no empty history box per object


def test_a_build_in_a_shallow_clone_works_and_says_what_is_missing(repo, tmp_path):
    shallow = tmp_path / "grund"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo["root"].as_uri(), str(shallow)], check=True, capture_output=True)
    outdir = build(shallow, tmp_path / "html")
    # A clone of depth 1 has no commit whose changes can be known: the page says so once.
    soup = BeautifulSoup((outdir / "reports/2023/T1/kommunstyrelsen.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find(id="risk-brand-i-skollokaler").select_one(".tyreso-history") is None
    text = " ".join(notice.get_text(" ", strip=True) for notice in soup.select(".tyreso-history-notice"))
    assert "grund kopia" in text and "till och med 2023-09-15 saknas" in text
    assert "Cecilia Carlsson" not in text  # the boundary commit is not blamed for what came before it


# --- the pipelines users run ---------------------------------------------------------------------

PIPELINES = [
    (REPO / ".gitlab-ci.yml", "vendor.gitlab-ci"),
    (REPO / ".github/workflows/rapporter.yml", "vendor.github-workflows"),
]


@pytest.mark.parametrize(("path", "schema"), PIPELINES, ids=["gitlab", "github"])
def test_pipeline_files_pass_their_published_schemas(path, schema):
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_init_writes_the_same_pipelines(tmp_path):
    target = tmp_path / "ny-kommun"
    assert main(["init", str(target), "--kommun", "Värmdö kommun", "--organ", "Kommunstyrelsen"]) == 0
    for path, _ in PIPELINES:
        written = target / path.relative_to(REPO)
        assert written.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_pipeline_steps_run_locally(repo, capsys, monkeypatch):
    """The review steps the pipelines run: annotations from check, the Markdown summary from diff."""
    monkeypatch.chdir(repo["root"])
    capsys.readouterr()
    main(["check", "--format", "github"])
    annotations = capsys.readouterr().out.splitlines()
    assert annotations and all(line.startswith("::error file=reports/") and ",title=TY" in line for line in annotations)
    main(["check", "--format", "codequality"])
    report = json.loads(capsys.readouterr().out)
    assert report and {"description", "check_name", "fingerprint", "severity", "location"} <= set(report[0])
    assert main(["diff", repo["first"], "HEAD", "--format", "markdown"]) == 0
    assert (
        "| risk Brand i skollokaler (`brand-i-skollokaler`) | 2023-T1 | Kommunstyrelsen | gul | **grön** |"
        in capsys.readouterr().out
    )


def test_diff_with_three_dots_compares_from_where_the_branch_started(repo, tmp_path, capsys, monkeypatch):
    clone = tmp_path / "gren"
    subprocess.run(["git", "clone", "-q", repo["root"].as_uri(), str(clone)], check=True, capture_output=True)
    git(clone, "checkout", "-q", "-b", "andring", repo["second"])
    replace(clone / T1, ":status: gul", ":status: grön")
    git(clone, "commit", "-q", "-am", "Skolvägen klar", author=("Dana Dahl", "2023-10-01T08:00:00+02:00"))
    git(clone, "branch", "-q", "-f", "huvud", repo["third"])  # main has moved on since the branch started
    status, out = run_diff(capsys, monkeypatch, clone, "huvud...andring", "--format", "json")
    assert status == 0
    changes = json.loads(out)["ändringar"]
    assert [(change["ändring"], change["id"], change["före"], change["efter"]) for change in changes] == [
        ("status", "trygg-skolvag", "gul", "grön")
    ]
    # Two dots' worth (tip against tip) would also show main's own later changes, reversed:
    status, out = run_diff(capsys, monkeypatch, clone, "huvud", "andring", "--format", "json")
    assert len(json.loads(out)["ändringar"]) > 1


def test_a_later_build_reads_only_new_commits_and_shows_the_same_history(repo, tmp_path):
    """What each commit changed is kept beside the doctrees; a build after a new commit reads only that one."""
    clone = tmp_path / "klon"
    subprocess.run(["git", "clone", "-q", repo["root"].as_uri(), str(clone)], check=True, capture_output=True)
    outdir = tmp_path / "html"
    build(clone, outdir)
    cache = outdir / ".doctrees" / "tyreso-history.pickle"
    assert cache.is_file()
    first_pages = history_of(outdir, "reports/2023/T1/kommunstyrelsen", "risk-brand-i-skollokaler").removeprefix(
        "Ändringshistorik "
    )

    replace(clone / "reports/2023/T1/kommunstyrelsen.md", ":bedömning: grön", ":bedömning: röd")
    git(clone, "commit", "-q", "-am", "Brandrisken igen", author=("Doris Dahl", "2023-10-01T08:00:00+02:00"))
    build(clone, outdir)
    again = history_of(outdir, "reports/2023/T1/kommunstyrelsen", "risk-brand-i-skollokaler")
    assert "2023-10-01 · Doris Dahl · ”Brandrisken igen”" in again and "status grön → röd" in again
    assert first_pages in again  # the older commits, read from the kept results, are listed as before

    # Without the kept results the history is read from Git alone, and reads the same.
    fresh = tmp_path / "utan-sparat"
    build(clone, fresh)
    assert history_of(fresh, "reports/2023/T1/kommunstyrelsen", "risk-brand-i-skollokaler") == again
    assert status_rows(fresh) == status_rows(outdir)


def test_the_search_finds_objects_by_their_text_not_by_who_changed_them(repo, tmp_path):
    outdir = build(repo["root"], tmp_path / "html")
    script = (outdir / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(script[script.index("(") + 1 : script.rindex(")")])["terms"]
    assert "bertil" not in terms and "cecilia" not in terms  # authors appear only in the history boxes
    assert any(term.startswith("entrepren") for term in terms)  # 'Entreprenören är försenad.', a fact of an object
