"""A decided report's PDF, built again from the commit it was decided in, and the SHA-256 of its bytes.

``tyreso faststall`` records what this builds; ``tyreso verifiera`` builds it again and compares. Both build
in a separate checkout of the commit in a temporary folder (:meth:`GitRepository.copy_at`), never in the
working tree: what is not committed, a build folder or another branch can never reach the PDF, and the
repository itself is left as it was. The PDF is the one ``make pdf`` makes at that commit: it names, and is
dated by, the last commit at or before it that changed the report's sources (a SOURCE_DATE_EPOCH set outside
is ignored here), and the commit and its history are the same.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import shutil
import tempfile
from collections.abc import Collection, Iterator
from importlib import metadata
from pathlib import Path

from tyreso_ext.history.gitrepo import GitRepository, GitUnavailable
from tyreso_ext.model.fingerprint import file_sha256
from tyreso_ext.outputs.pdf.runner import PdfError, build_pdfs

# The programs whose versions decide a PDF's bytes, recorded with each decided version.
TOOLS = ("tyreso-ext", "weasyprint", "pydyf", "fonttools")


@dataclasses.dataclass(frozen=True)
class RebuiltPdf:
    """One PDF built from a commit: its file name (as ``make pdf`` names it), where it is, its SHA-256."""

    name: str
    path: Path
    sha256: str


def tool_versions() -> tuple[tuple[str, str], ...]:
    """(program, version) of what builds the PDFs here, Pango included when WeasyPrint has loaded it."""
    versions = []
    for name in TOOLS:
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append((name, metadata.version(name)))
    with contextlib.suppress(Exception):  # Pango is a system library, asked through WeasyPrint
        from weasyprint.text.ffi import pango

        number = int(pango.pango_version())
        versions.append(("pango", f"{number // 10000}.{number // 100 % 100}.{number % 100}"))
    return tuple(versions)


@contextlib.contextmanager
def _commit_time_only() -> Iterator[None]:
    """Without a SOURCE_DATE_EPOCH from outside: the PDF's dates are its sources' commit's, as when it was recorded."""
    before = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        yield
    finally:
        if before is not None:
            os.environ["SOURCE_DATE_EPOCH"] = before


def rebuild_at(
    repository: GitRepository, commit: str, project_prefix: str, docnames: Collection[str], keep: Path
) -> list[RebuiltPdf]:
    """The PDFs of ``docnames`` built from ``commit``, copied into ``keep`` (a folder of the caller's).

    ``project_prefix`` is the project's folder inside the repository ('' at its root, else ending in '/').
    Raises :class:`PdfError` when the PDFs cannot be built.
    """
    with tempfile.TemporaryDirectory(prefix="tyreso-bygg-") as temporary:
        folder = Path(temporary)
        try:
            copy = repository.copy_at(commit, folder / "kopia")
        except GitUnavailable as error:
            raise PdfError(f"incheckning {commit[:7]} kunde inte hämtas ur Git: {error}") from None
        source = copy / project_prefix if project_prefix else copy
        if not (source / "conf.py").is_file():
            raise PdfError(f"incheckning {commit[:7]} har ingen conf.py i {project_prefix or 'projektets mapp'}")
        warnings = io.StringIO()
        with _commit_time_only():
            try:
                results = build_pdfs(source, folder / "pdf", out=None, sphinx_status=None, sphinx_warning=warnings, only=docnames)
            except PdfError as error:
                raise PdfError(f"{error} {warnings.getvalue().strip()}".strip()) from None
        keep.mkdir(parents=True, exist_ok=True)
        rebuilt = []
        for result in results:
            built = Path(result.pdf)
            target = keep / built.name
            shutil.copyfile(built, target)
            rebuilt.append(RebuiltPdf(built.name, target, file_sha256(target)))
        return rebuilt
