"""One PDF per report: Sphinx writes the print pages, WeasyPrint renders them in parallel processes."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import sys
import time
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import TextIO

from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import docutils_namespace, patch_docutils

from tyreso_ext.history.provenance import describe, source_date_epoch
from tyreso_ext.outputs.pdf.builder import PrintBuilder
from tyreso_ext.outputs.pdf.typeset import RenderJob, RenderResult, render_pdf

PRINT_FOLDER = ".utskrift"  # the print pages, beside the PDFs
DOCTREE_FOLDER = ".doctrees"


class PdfError(Exception):
    """The PDFs could not be made; the message says why in Swedish."""


def seconds(value: float) -> str:
    """'1,8 s': Swedish decimal comma."""
    return f"{value:.1f}".replace(".", ",") + " s"


def build_pdfs(
    srcdir: Path | str = ".",
    outdir: Path | str = "_build/pdf",
    *,
    confdir: Path | str | None = None,
    workers: int | None = None,
    strict: bool = False,
    out: TextIO | None = sys.stdout,
    sphinx_status: TextIO | None = None,
    sphinx_warning: TextIO | None = sys.stderr,
    only: Collection[str] | None = None,
) -> list[RenderResult]:
    """Build one PDF per report of the project in ``srcdir`` into ``outdir``; print the time per report.

    ``workers`` caps the WeasyPrint processes (default: one per processor); ``strict`` fails on any
    Sphinx warning, like the site's strict build. PDFs of reports that no longer exist are removed.
    ``only`` (docnames) prints just those reports, byte for byte as a build of all prints them, and
    removes nothing.
    """
    srcdir, outdir = Path(srcdir).resolve(), Path(outdir).resolve()
    say: Callable[[str], None] = (lambda line: print(line, file=out, flush=True)) if out else (lambda line: None)
    started = time.perf_counter()
    provenance = describe(srcdir)
    epoch = source_date_epoch(provenance)
    with _source_date_epoch(epoch):
        jobs = _write_print_pages(
            srcdir, Path(confdir).resolve() if confdir else srcdir, outdir, strict, sphinx_status, sphinx_warning, only
        )
        say(f"Utskriftssidor för {len(jobs)} rapporter skrivna på {seconds(time.perf_counter() - started)}. {provenance.text}.")
        results = _render_all(jobs, workers, say)
    wanted = {Path(job.pdf).name for job in jobs}
    for stale in outdir.glob("*.pdf") if only is None else ():
        if stale.name not in wanted:
            stale.unlink()
    say(f"{len(results)} PDF-filer i {outdir} på {seconds(time.perf_counter() - started)}.")
    return results


@contextlib.contextmanager
def _source_date_epoch(epoch: int | None) -> Iterator[None]:
    """SOURCE_DATE_EPOCH from the commit while building (Sphinx and the workers read it), then as before."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def _write_print_pages(
    srcdir: Path,
    confdir: Path,
    outdir: Path,
    strict: bool,
    status: TextIO | None,
    warning: TextIO | None,
    only: Collection[str] | None = None,
) -> list[RenderJob]:
    if not (confdir / "conf.py").is_file():
        raise PdfError(f"Hittar ingen conf.py i {confdir}. Ange rapportprojektets mapp.")
    # Print pages are always written anew: a page left from an earlier build must never be printed.
    shutil.rmtree(outdir / PRINT_FOLDER, ignore_errors=True)
    try:
        with patch_docutils(confdir), docutils_namespace():
            return _sphinx_build(srcdir, confdir, outdir, strict, status, warning, only)
    except SphinxError as error:
        raise PdfError(f"Bygget av utskriftssidorna stoppades: {error}") from error


def _sphinx_build(
    srcdir: Path,
    confdir: Path,
    outdir: Path,
    strict: bool,
    status: TextIO | None,
    warning: TextIO | None,
    only: Collection[str] | None = None,
) -> list[RenderJob]:
    app = Sphinx(
        srcdir,
        confdir,
        outdir / PRINT_FOLDER,
        outdir / DOCTREE_FOLDER,
        PrintBuilder.name,
        status=status,
        warning=warning,
        warningiserror=strict,
        parallel=os.cpu_count() or 1,
    )
    if only is not None:
        assert isinstance(app.builder, PrintBuilder)
        app.builder.only = set(only)
    app.build(force_all=True)
    if app.statuscode:
        raise PdfError("Bygget av utskriftssidorna gav varningar eller fel (se ovan); inga PDF-filer skrevs.")
    builder = app.builder
    assert isinstance(builder, PrintBuilder)
    jobs = builder.print_jobs(outdir)
    for job in jobs:
        if not (Path(job.root) / job.page).is_file():
            raise PdfError(f"{job.label}: utskriftssidan {job.page} skrevs inte (se varningarna ovan); inga PDF-filer skrevs.")
    return jobs


def _render_all(jobs: list[RenderJob], workers: int | None, say: Callable[[str], None]) -> list[RenderResult]:
    """Render in parallel processes (fresh ones, so no state of the Sphinx build leaks into them)."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs) or 1))
    results: list[RenderResult] = []

    def report(result: RenderResult) -> None:
        results.append(result)
        say(f"{result.label}: {seconds(result.seconds)} ({result.pages} sidor)")

    if workers == 1:
        for job in jobs:
            try:
                report(render_pdf(job))
            except Exception as error:
                raise _failure(job, error) from error
    else:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = {pool.submit(render_pdf, job): job for job in jobs}
            for future in as_completed(futures):
                try:
                    report(future.result())
                except Exception as error:  # one report's failure names that report
                    raise _failure(futures[future], error) from error
    return sorted(results, key=lambda result: result.label)


def _failure(job: RenderJob, error: Exception) -> PdfError:
    """What went wrong with one report, with the cure when WeasyPrint's system libraries are missing."""
    message = f"{job.label}: PDF-filen kunde inte skapas ({error})."
    if isinstance(error, OSError) and any(word in str(error).lower() for word in ("pango", "gobject", "cannot load library")):
        message += (
            " WeasyPrint hittar inte Pango: installera systempaketen libpango-1.0-0, libpangoft2-1.0-0 och"
            " libharfbuzz-subset0 (make pdf gör det när det körs som root)."
        )
    return PdfError(message)
