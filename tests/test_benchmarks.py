"""The benchmark's corpus builds in all three forms, and the benchmark script runs at its smallest size.

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


def test_the_benchmark_script_runs_at_its_smallest_size(tmp_path):
    results = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--sizes", "4", "--no-pdf", "--results", str(results)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    text = results.read_text(encoding="utf-8")
    for row in (
        "helt bygge, seriellt",
        "helt bygge, -j 2",
        "bygge efter en ändrad rapport (median av 3)",
        "största minne",
        "`tyreso check` av alla rapporter",
    ):
        assert f"| 4 | {row} |" in text, row
    assert "| helt bygge ≤ hälften av sphinx-needs |" in text
