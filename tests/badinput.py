"""Building one bad input for real: the Sphinx build and `tyreso check`, with what each printed and read.

A case is copied into a fresh copy of ``tests/roots/test-bad-inputs`` (conf.py, a landing page with
aggregations, a plan that defines the ids the cases follow up) as ``reports/2023/T1/<case>.md``.
Beside the source folder lies a folder ``utanfor/`` with canary files holding a secret: no output,
no message and no ``open()`` of the build or the check may ever touch them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import shutil
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from helpers import ROOTS, strip_colours
from sphinx.testing.util import SphinxTestApp

from tyreso_ext.cli import main as tyreso

SECRET = "KANARIEFÅGEL-7f3a9c-HEMLIGT"
LINK_OUT = b"<a link to utanfor/hemlig.md>"  # the bytes of a case that is a symbolic link out of the project
CASE_FOLDER = "reports/2023/T1"
_opened: list[str] | None = None


def _audit(event: str, arguments: tuple) -> None:
    if _opened is not None and event == "open" and arguments and isinstance(arguments[0], (str, bytes, Path)):
        _opened.append(str(arguments[0], "utf-8", "replace") if isinstance(arguments[0], bytes) else str(arguments[0]))


sys.addaudithook(_audit)


@contextlib.contextmanager
def recording_opens():
    """Every path opened in this process meanwhile (Python's audit event 'open')."""
    global _opened
    _opened = []
    try:
        yield _opened
    finally:
        _opened = None


@dataclasses.dataclass
class Result:
    """What one build and one check of a case gave."""

    srcdir: Path
    outdir: Path
    doctreedir: Path
    outside: Path
    case_path: str  # relative to the source folder
    build_error: str  # a traceback, if the build raised
    status: str
    warnings: str
    check_exit: object
    check_stdout: str
    check_stderr: str
    opened: list[str]

    @property
    def check_findings(self) -> list[dict]:
        return json.loads(self.check_stdout)["fynd"] if self.check_stdout.strip().startswith("{") else []

    @property
    def page(self) -> Path:
        return self.outdir / (self.case_path.removesuffix(".md") + ".html")


def make_project(base: Path, name: str, data: bytes) -> tuple[Path, Path]:
    """The source folder with the case in it, and the folder of canaries beside it."""
    srcdir = base / "src"
    shutil.copytree(ROOTS / "test-bad-inputs", srcdir)
    outside = base / "utanfor"
    outside.mkdir()
    (outside / "hemlig.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    (outside / "hemlig.md").write_text(
        f"---\nrapporttyp: delårsrapport\nperiod: 2023-T1\norgan: Kommunstyrelsen\ntitel: {SECRET}\n---\n\n# {SECRET}\n",
        encoding="utf-8",
    )
    (outside / "hemlig.csv").write_text(f"Verksamhet;Utfall\n{SECRET};1\n", encoding="utf-8")
    (outside / "hemlig.png").write_bytes(b"\x89PNG\r\n\x1a\n" + SECRET.encode())
    folder = srcdir / CASE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    # Links inside the source folder that lead out of it.
    (folder / "genvag.csv").symlink_to(Path("../../../../utanfor/hemlig.csv"))
    (folder / "genvag.png").symlink_to(outside / "hemlig.png")
    if data == LINK_OUT:  # the report itself: a link to the canary report outside
        (folder / f"{name}.md").symlink_to(Path("../../../../utanfor/hemlig.md"))
    else:
        (folder / f"{name}.md").write_bytes(data.replace(b"{UTANFOR}", str(outside).encode()))
    return srcdir, outside


def build(base: Path, name: str, data: bytes, prepare: Callable[[Path], None] | None = None) -> Result:
    """Build the site with the case (serially, in this process) and run `tyreso check` on it; ``prepare``
    may change the source folder first."""
    srcdir, outside = make_project(base, name, data)
    if prepare is not None:
        prepare(srcdir)
    status, warning = io.StringIO(), io.StringIO()
    error = ""
    with recording_opens() as opened:
        try:
            app = SphinxTestApp("html", srcdir=srcdir, builddir=base / "_build", status=status, warning=warning, freshenv=True)
            try:
                app.build()
                outdir, doctreedir = Path(app.outdir), Path(app.doctreedir)
            finally:
                app.cleanup()
        except Exception:
            error = traceback.format_exc()
            outdir, doctreedir = base / "_build" / "html", base / "_build" / "doctrees"
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                exit_code: object = tyreso(["check", "--format", "json", str(srcdir / "reports")])
            except BaseException:
                traceback.print_exc(file=stderr)
                exit_code = "kraschade"
    return Result(
        srcdir,
        outdir,
        doctreedir,
        outside,
        f"{CASE_FOLDER}/{name}.md",
        error,
        strip_colours(status.getvalue()),
        strip_colours(warning.getvalue()),
        exit_code,
        stdout.getvalue(),
        stderr.getvalue(),
        list(opened),
    )
