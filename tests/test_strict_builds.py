"""`make html` and `make pdf` are strict: a finding fails the build, which lists the findings (file, line,
code and message) and ends with an exit code, never with a traceback. Run as the Makefile runs them, in
a separate process, with bad and hostile reports from the corpus in the project."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from bad_input_cases import CASES
from badinput import CASE_FOLDER, SECRET, make_project
from helpers import REPO, strip_colours

STRICT_CASES = ("html-i-texten", "inte-utf8", "fil-standarddirektiv", "citattecken-i-falt", "fm-yaml-bomb", "ostangt-objekt")


def makefile_sphinx_options() -> list[str]:
    """SPHINXOPTS as the Makefile sets them (strict: -W --keep-going -n, in parallel)."""
    match = re.search(r"^SPHINXOPTS \?= (.+)$", (REPO / "Makefile").read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert match, "the Makefile sets SPHINXOPTS"
    return shlex.split(match.group(1))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The corpus' test project with several bad reports at once."""
    cases = {case.name: case for case in CASES}
    first, *others = STRICT_CASES
    srcdir, _ = make_project(tmp_path_factory.mktemp("strikt"), first, cases[first].data())
    for name in others:
        (srcdir / CASE_FOLDER / f"{name}.md").write_bytes(
            cases[name].data().replace(b"{UTANFOR}", str(srcdir.parent / "utanfor").encode())
        )
    return srcdir


def expected_lines(srcdir: Path) -> set[str]:
    cases = {case.name: case for case in CASES}
    return {
        f"{srcdir / CASE_FOLDER / name}.md:{line}: WARNING: {code} "
        for name in STRICT_CASES
        for line, code in cases[name].expected()
    }


def run(*arguments: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "CI": "true"}
    return subprocess.run(
        [sys.executable, *arguments],
        capture_output=True,
        text=True,
        env=environment,
        stdin=subprocess.DEVNULL,
        timeout=600,
        check=False,
    )


def test_make_html_fails_on_findings_with_their_list_and_no_traceback(project, tmp_path):
    done = run("-m", "sphinx", "-b", "html", *makefile_sphinx_options(), str(project), str(tmp_path / "html"))
    output = strip_colours(done.stdout + done.stderr)
    assert done.returncode == 1
    assert "Traceback" not in output and "Exception occurred" not in output
    for expected in expected_lines(project):
        assert any(line.startswith(expected) for line in output.splitlines()), expected
    assert "build finished with problems" in output
    assert SECRET not in output


def test_make_pdf_fails_on_findings_with_their_list_and_no_traceback(project, tmp_path):
    target = tmp_path / "pdf"
    done = run("-m", "tyreso_ext.outputs.pdf", str(project), str(target), "--strikt")
    output = strip_colours(done.stdout + done.stderr)
    assert done.returncode == 1
    assert "Traceback" not in output and "Exception occurred" not in output
    for expected in expected_lines(project):
        assert any(line.startswith(expected) for line in output.splitlines()), expected
    assert "inga PDF-filer skrevs" in output
    assert not list(target.glob("*.pdf")) if target.exists() else True
    assert SECRET not in output


def test_a_strict_build_fails_again_while_a_finding_remains_and_passes_once_it_is_fixed(tmp_path):
    """Sphinx forgets the warnings of a document it does not re-read (sphinx-doc/sphinx#725); the findings are kept
    per document and emitted on every build: build, build again unchanged, fix, build."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["myst_parser", "tyreso_ext"]\nmyst_enable_extensions = ["colon_fence"]\nlanguage = "sv"\n'
        'tyreso_organs = ["Kommunstyrelsen"]\n',
        encoding="utf-8",
    )
    (srcdir / "index.md").write_text("# Start\n\n```{toctree}\n:glob:\nreports/**\n```\n", encoding="utf-8")
    report = srcdir / "reports/2023/plan/kommunstyrelsen.md"
    report.parent.mkdir(parents=True)
    text = (
        "---\nrapporttyp: kommunplan\nperiod: 2023\norgan: Kommunstyrelsen\n---\n\n# Plan\n\n"
        ":::{uppdrag} Trygg skolväg\n:id: trygg-skolvag\n:målområde: Leverans\n:ansvarig: KS\n:status: grönn\n:::\n"
    )
    report.write_text(text, encoding="utf-8")
    outdir, line = tmp_path / "html", text.splitlines().index(":status: grönn") + 1
    expected = f"{report}:{line}: WARNING: TY006 "

    def build() -> tuple[int, str]:
        done = run("-m", "sphinx", "-b", "html", *makefile_sphinx_options(), str(srcdir), str(outdir))
        return done.returncode, strip_colours(done.stdout + done.stderr)

    for attempt in ("first", "unchanged"):
        status, output = build()
        assert status == 1, attempt
        assert [line for line in output.splitlines() if line.startswith(expected)], (attempt, output)
    unchanged = build()[1]
    assert "0 source files that are out of date" in unchanged or "no targets are out of date" in unchanged
    report.write_text(text.replace(":status: grönn", ":status: grön"), encoding="utf-8")
    status, output = build()
    assert status == 0, output
    assert "TY006" not in output
    status, output = build()  # and it stays green
    assert status == 0 and "WARNING" not in output
