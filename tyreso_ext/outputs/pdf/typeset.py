"""WeasyPrint: one print page to one tagged PDF/UA-1 file. No Sphinx here; runs in worker processes."""

from __future__ import annotations

import dataclasses
import mimetypes
import os
import time
from pathlib import Path

from tyreso_ext.model.paths import is_inside
from tyreso_ext.outputs.pdf.tagging import finish_tags

# Pages are fetched under this made-up origin instead of their place on disk, so that nothing in a
# PDF (WeasyPrint names images after their URL) depends on the folder the repository is cloned into.
VIRTUAL_ROOT = "https://tyreso.invalid/"


@dataclasses.dataclass(frozen=True)
class RenderJob:
    """One report: its print page (inside ``root``) and the PDF to write."""

    label: str  # '2023-T1 Delårsrapport Arbetsmarknads- och socialnämnden'
    root: str  # the folder of print pages and their images
    page: str  # the print page, relative to root, with '/'
    pdf: str  # the PDF file to write


@dataclasses.dataclass(frozen=True)
class RenderResult:
    label: str
    pdf: str
    pages: int
    seconds: float


def _fetcher(root: Path):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        """Serves files below ``root`` for the virtual origin and data: URLs; fetches nothing else."""

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if not url.startswith(VIRTUAL_ROOT):
                raise ValueError(f"Utskriften hämtar inga filer utifrån: {url}")
            relative = url[len(VIRTUAL_ROOT) :].split("#", 1)[0].split("?", 1)[0]
            path = (root / relative).resolve()
            if not is_inside(path, root) or not path.is_file():
                raise ValueError(f"Filen finns inte bland utskriftssidorna: {relative}")
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})

    return LocalFetcher()


_FONT_CONFIG = None  # one per process: WeasyPrint's font set-up is costly, and the bytes are the same with it


def _font_config():
    """This process's WeasyPrint ``FontConfiguration``, made at its first report."""
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        from weasyprint.text.fonts import FontConfiguration

        _FONT_CONFIG = FontConfiguration()
    return _FONT_CONFIG


def forget_font_config() -> None:
    """A new ``FontConfiguration`` at the next report: for a run in the calling process itself, which may live
    on after fonts are installed or removed (a worker process lives for one run only)."""
    global _FONT_CONFIG
    _FONT_CONFIG = None


def render_pdf(job: RenderJob) -> RenderResult:
    """Lay out the print page and write a tagged PDF/UA-1 file with a stable identifier.

    The PDF's dates are in the page (dcterms.created and .modified: its report's commit time); nothing is
    read from the environment here.
    """
    from weasyprint import HTML

    start = time.perf_counter()
    root = Path(job.root).resolve()
    html = HTML(
        string=(root / job.page).read_text(encoding="utf-8"),
        base_url=VIRTUAL_ROOT + job.page,
        url_fetcher=_fetcher(root),
    )
    font_config = _font_config()
    document = html.render(font_config=font_config)
    target = Path(job.pdf)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    document.write_pdf(
        partial,
        finisher=finish_tags,  # before the file is written: the identifier is a hash of the finished content
        pdf_variant="pdf/ua-1",  # tagged, with PDF/UA-1 in the XMP metadata
        pdf_identifier=True,  # the identifier is a hash of the content: same content, same bytes
        custom_metadata=True,  # the tyreso-* meta elements (commit, diarienummer) in the document info
    )  # no font_config here: Document.write_pdf takes none (WeasyPrint logs it as unknown); the document keeps render's
    partial.replace(target)
    return RenderResult(job.label, str(target), len(document.pages), time.perf_counter() - start)
