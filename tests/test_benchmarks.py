"""The benchmark's corpus builds in all three forms, and the benchmark script runs at two small sizes.

No timing is asserted here: the figures are the script's job (benchmarks/RESULTS.md).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import REPO
from sphinx.cmd.build import build_main

sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import FORMS, CorpusSize, edit_one_report, write_corpus

from tyreso_ext.source.project import Project


@pytest.mark.parametrize("form", FORMS)
def test_the_generated_corpus_builds_strictly(form, tmp_path):
    root = tmp_path / form
    reports = write_corpus(root, CorpusSize(12), form)
    assert len(reports) == 12 and sum(report.is_plan for report in reports) == 3
    assert (
        build_main(["-b", "html", "-W", "--keep-going", "-q", "-d", str(tmp_path / "d"), str(root), str(tmp_path / "html")]) == 0
    )
    if form == "tyreso":
        assert Project.load(root).check() == []
        follow_up = next(report for report in reports if not report.is_plan)
        page = (tmp_path / "html" / f"{follow_up.docname}.html").read_text(encoding="utf-8")
        assert "tyreso-status-table" in page and "tyreso-risk-matrix" in page
        assert edit_one_report(root, reports) == reports[-1].docname


def test_the_benchmark_script_runs_at_two_small_sizes_with_needs_and_pdfs_at_one(tmp_path):
    results = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "run.py"),
            "--sizes",
            "4,8",
            "--needs-sizes",
            "4",
            "--pdf-sizes",
            "4",
            "--results",
            str(results),
        ],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    text = results.read_text(encoding="utf-8")
    for size in (4, 8):
        for row in (
            "helt bygge, seriellt",
            "helt bygge, -j 2",
            "bygge efter en ändrad rapport (median av 3)",
            "största minne",
            "helt bygge, seriellt, mot vanlig Sphinx med Alabaster",
            "`tyreso check` av alla rapporter",
        ):
            assert f"| {size} | {row} |" in text, (size, row)
    rows = {line.split(" | ")[1]: line for line in text.splitlines() if line.startswith("| 4 | ")}
    assert rows["helt bygge, seriellt"].count(" s |") == 3  # plain, tyreso_ext, sphinx-needs at 4 reports
    eight = next(line for line in text.splitlines() if line.startswith("| 8 | helt bygge, seriellt |"))
    assert "| – |" in eight  # sphinx-needs is measured at --needs-sizes only
    # The PDFs at 4 reports: all from nothing, then nothing changed (every one kept), then one report edited.
    assert "| 4 | PDF: alla på 2 kärnor, från början / en rapport (median) |" in text
    assert "| 4 | PDF: inget ändrat (0 skapade, 4 återanvända) |" in text
    edited = next(line for line in text.splitlines() if line.startswith("| 4 | PDF: efter en ändrad rapport ("))
    assert "skapade, " in edited and not edited.startswith("| 4 | PDF: efter en ändrad rapport (0 skapade")
    assert "| 8 | PDF:" not in text
    assert "| tyreso_ext | 4 → 8 | 2× |" in text and "| vanlig Sphinx, Alabaster | 4 → 8 | 2× |" in text
    for target in (
        "| helt bygge ≤ 1,1 × vanlig Sphinx |",
        "| helt bygge ≤ hälften av sphinx-needs |",
        "| efter en ändring ≤ 1,5 × vanlig Sphinx |",
        "| `tyreso check` ≤ 1/20 av helt bygge |",
        "| största minne ≤ 1,3 × vanlig Sphinx |",
        "| linjär tillväxt 4 → 8 (≤ 2,2× för 2× fler) |",
        "| PDF efter en ändrad rapport ≤ 5 % av alla PDF |",
    ):
        assert target in text, target


def test_the_benchmark_refuses_sizes_it_cannot_measure(tmp_path):
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--sizes", "4,x", "--results", str(tmp_path / "R.md")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "antal rapporter, kommaseparerat" in done.stderr
    assert not (tmp_path / "R.md").exists()
