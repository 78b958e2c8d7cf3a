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

from tyreso_ext.history.provenance import describe, given_source_date_epoch, source_date_epoch
from tyreso_ext.outputs.pdf.builder import PrintBuilder
from tyreso_ext.outputs.pdf.cache import Manifest, font_families, page_key, shared_key
from tyreso_ext.outputs.pdf.typeset import RenderJob, RenderResult, forget_font_config, render_pdf

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
    use_cache: bool = True,
) -> list[RenderResult]:
    """Build one PDF per report of the project in ``srcdir`` into ``outdir``; print the time per report.

    ``workers`` caps the WeasyPrint processes (default: one per processor); ``strict`` fails on any
    Sphinx warning, like the site's strict build. PDFs of reports that no longer exist are removed.
    ``only`` (docnames) prints just those reports, byte for byte as a build of all prints them, and
    removes nothing. A PDF whose print page, images, fonts and programs are those of the last build
    into ``outdir`` is kept as it is (see :mod:`.cache`); ``use_cache=False`` renders every one again.
    """
    srcdir, outdir = Path(srcdir).resolve(), Path(outdir).resolve()
    say: Callable[[str], None] = (lambda line: print(line, file=out, flush=True)) if out else (lambda line: None)
    started = time.perf_counter()
    provenance = describe(srcdir)
    # Each PDF's dates are its own report's commit time (the builder writes them into the print page, which
    # WeasyPrint takes them from); a SOURCE_DATE_EPOCH the caller gives wins for all. Sphinx itself reads the
    # variable too (for its own dates, which the print pages do not show): it gets the build commit's time.
    given = given_source_date_epoch()
    with _source_date_epoch(source_date_epoch(provenance)):
        jobs, written = _write_print_pages(
            srcdir,
            Path(confdir).resolve() if confdir else srcdir,
            outdir,
            strict,
            sphinx_status,
            sphinx_warning,
            only,
            fresh=not use_cache,
            given_epoch=given,
        )
    say(
        f"Utskriftssidor för {len(jobs)} {'rapport' if len(jobs) == 1 else 'rapporter'} klara på {seconds(time.perf_counter() - started)}"
        f" ({written} skrivna på nytt, de andra oförändrade). {provenance.text}; varje PDF anger den senaste"
        " commit som ändrade rapporten."
    )
    # The workers render outside the block: they see the caller's environment only, and read the dates from
    # the page (a PDF's bytes then follow from its page, whatever the build commit).
    manifest = Manifest.load(outdir)
    wanted = {Path(job.pdf).name for job in jobs}
    if only is None:
        manifest.forget_all_but(wanted)
    try:
        results = _render_changed(jobs, manifest, use_cache, workers, say)
    finally:
        manifest.save()
    for stale in outdir.glob("*.pdf") if only is None else ():
        if stale.name not in wanted:
            stale.unlink()
    say(f"{len(results)} PDF-filer i {outdir} på {seconds(time.perf_counter() - started)}.")
    return results


@contextlib.contextmanager
def _source_date_epoch(epoch: int | None) -> Iterator[None]:
    """SOURCE_DATE_EPOCH from the build commit while Sphinx builds (its own dates), then as before."""
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
    *,
    fresh: bool = False,
    given_epoch: int | None = None,
) -> tuple[list[RenderJob], int]:
    """The print job of every report (of ``only``), and how many pages were written again."""
    if not (confdir / "conf.py").is_file():
        raise PdfError(f"Hittar ingen conf.py i {confdir}. Ange rapportprojektets mapp.")
    if fresh:  # every page from nothing; otherwise the pages that are outdated (PrintBuilder.get_outdated_docs)
        shutil.rmtree(outdir / PRINT_FOLDER, ignore_errors=True)
    try:
        with patch_docutils(confdir), docutils_namespace():
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
                freshenv=fresh,
            )
            builder = app.builder
            assert isinstance(builder, PrintBuilder)
            builder.given_epoch = given_epoch  # not the build commit's time set above for Sphinx
            if only is not None:
                builder.only = set(only)
            # Only the sources changed since the last build into this folder are read again, and only the pages
            # that are outdated are written, as in `make html` (``fresh``: all, from an empty environment).
            app.build(force_all=fresh)
    except SphinxError as error:
        raise PdfError(f"Bygget av utskriftssidorna stoppades: {error}") from error
    if app.statuscode:
        raise PdfError("Bygget av utskriftssidorna gav varningar eller fel (se ovan); inga PDF-filer skrevs.")
    jobs = builder.print_jobs(outdir)
    for job in jobs:
        if not (Path(job.root) / job.page).is_file():
            raise PdfError(f"{job.label}: utskriftssidan {job.page} skrevs inte (se varningarna ovan); inga PDF-filer skrevs.")
    if only is None:  # the pages of reports that are gone
        pages = {job.page for job in jobs}
        for stale in (outdir / PRINT_FOLDER).rglob("*.html"):
            if stale.relative_to(outdir / PRINT_FOLDER).as_posix() not in pages:
                stale.unlink()
    return jobs, builder.pages_written


def _pdf_files(count: int) -> str:
    return f"{count} PDF-fil" if count == 1 else f"{count} PDF-filer"


def _render_changed(
    jobs: list[RenderJob], manifest: Manifest, use_cache: bool, workers: int | None, say: Callable[[str], None]
) -> list[RenderResult]:
    """Keep the PDFs whose key is the recorded one (and whose file is as written); render the others."""

    def page(job: RenderJob) -> str:
        return (Path(job.root) / job.page).read_text(encoding="utf-8")

    families: set[str] = set()
    sizes: dict[str, int] = {}
    for job in jobs:  # read twice rather than hold every page in memory
        html = page(job)
        families |= font_families([html])
        sizes[job.pdf] = len(html)
    shared = shared_key(families)
    keys = {job.pdf: page_key(job, page(job), shared) for job in jobs}
    reused: list[RenderResult] = []
    changed: list[RenderJob] = []
    for job in jobs:
        entry = manifest.reusable(Path(job.pdf).name, keys[job.pdf]) if use_cache else None
        if entry is None:
            changed.append(job)
        else:
            reused.append(RenderResult(job.label, job.pdf, entry.pages, 0.0))
    if use_cache:
        say(f"{_pdf_files(len(changed))} skapas, {_pdf_files(len(reused))} återanvänds oförändrade från förra bygget.")
    else:
        say(f"{_pdf_files(len(changed))} skapas på nytt (utan cache).")

    def done(result: RenderResult) -> None:
        manifest.record(Path(result.pdf).name, keys[result.pdf], result.pages)

    # The longest pages first: the last report to start is then a short one, and no process waits long.
    changed.sort(key=lambda job: sizes[job.pdf], reverse=True)
    rendered = _render_all(changed, workers, say, done) if changed else []
    return sorted(reused + rendered, key=lambda result: result.label)


def _render_all(
    jobs: list[RenderJob],
    workers: int | None,
    say: Callable[[str], None],
    done: Callable[[RenderResult], None] = lambda result: None,
) -> list[RenderResult]:
    """Render in parallel processes (fresh ones, so no state of the Sphinx build leaks into them)."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs) or 1))
    results: list[RenderResult] = []

    def report(result: RenderResult) -> None:
        results.append(result)
        done(result)
        say(f"{result.label}: {seconds(result.seconds)} ({result.pages} sidor)")

    if workers == 1:
        forget_font_config()  # one per run here; a worker process keeps its own for the run
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
