"""The reports' PDFs in the site: each report page offers its PDF, the lists link them, the site publishes them.

The PDFs are made by their own command (``make pdf``, into ``tyreso_pdf_dir``); the site links those it finds
there when it is built and copies them into its ``pdf/`` folder, so that ``make`` (the PDFs first, then the site)
leaves one folder that can be published as it is. A report whose PDF is not there is shown without a link: the
site never links a file it does not publish. A PDF that appears, changes size or goes away re-writes the pages
that link it, as a changed report would.
"""

from __future__ import annotations

import html
import os
import shutil
import weakref
from pathlib import Path
from typing import Any
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from tyreso_ext.model.aggregate import AGGREGATES, Shows
from tyreso_ext.render.facts import PRINT_BUILDERS
from tyreso_ext.render.pdf_files import SITE_FOLDER, PdfFile, pdf_labels
from tyreso_ext.render.tables import root_of
from tyreso_ext.sphinx_ext.domain import get_domain
from tyreso_ext.sphinx_ext.stored import replace_stored

FINGERPRINT_FILE = "tyreso-pdf.json"  # beside the doctrees: the PDFs the pages last linked
# Per environment, for the build under way: the PDFs found after the reading (see find_pdfs).
_found: weakref.WeakKeyDictionary[BuildEnvironment, dict[str, PdfFile]] = weakref.WeakKeyDictionary()


class pdf_download(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """Where a report page offers its PDF ('Ladda ned PDF (245 kB)'), filled when the page is written."""


def publishes_pdfs(app: Sphinx) -> bool:
    """The site's own HTML pages (not the PDFs' print pages, not other formats) link and publish the PDFs."""
    return app.builder.format == "html" and app.builder.name not in PRINT_BUILDERS and app.builder.name != "dirhtml"


def pdf_folder(app: Sphinx) -> Path:
    return Path(app.confdir, app.config.tyreso_pdf_dir)


def find_pdfs(app: Sphinx, env: BuildEnvironment) -> dict[str, PdfFile]:
    """docname → the report's PDF as the site publishes it; looked for once per build, after the reading."""
    if not publishes_pdfs(app):
        return {}
    found = _found.get(env)
    if found is None:
        sizes = _pdf_sizes(pdf_folder(app))
        found = {}
        for docname, label in pdf_labels(get_domain(env).reports).items():
            size = sizes.get(f"{label}.pdf")
            if size is not None:
                found[docname] = PdfFile(f"{SITE_FOLDER}/{label}.pdf", size)
        _found[env] = found
    return found


def _pdf_sizes(folder: Path) -> dict[str, int]:
    """The size of each file in the PDF folder (one look at the folder, not one per report)."""
    try:
        with os.scandir(folder) as entries:
            return {entry.name: entry.stat().st_size for entry in entries if entry.is_file()}
    except OSError:  # no PDFs made yet
        return {}


def site_pdfs(env: BuildEnvironment) -> dict[str, PdfFile]:
    """The PDFs this build links (none for the print pages and other formats)."""
    return _found.get(env, {})


def forget_pdfs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: the reports may have changed, so the PDFs are looked for again."""
    _found.pop(env, None)


def look_for_pdfs(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: every build (also one that reads nothing) looks at the PDF folder before it writes."""
    _found.pop(env, None)
    find_pdfs(app, env)


def pages_to_rewrite_for_pdfs(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the reports whose PDF appeared, changed or went away, and the lists of reports."""
    if not publishes_pdfs(app):
        return []
    current = {docname: [pdf.path, pdf.size] for docname, pdf in find_pdfs(app, env).items()}  # as env-updated found them
    differs, stored = replace_stored(env, FINGERPRINT_FILE, current)
    if not differs:
        return []
    if not isinstance(stored, dict):
        stored = {}
    domain = get_domain(env)
    changed = {docname for docname in set(current) | set(stored) if current.get(docname) != stored.get(docname)}
    lists = {
        docname
        for docname in domain.data["selections"]
        if any(AGGREGATES[name].shows is Shows.REPORTS for name, _ in domain.selections_in(docname))
    }
    return sorted((changed & set(domain.reports)) | lists)


def add_download(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: a report's page gets the place of its PDF link, under its facts."""
    if get_domain(app.env).reports.get(app.env.docname) is None:
        return
    node = pdf_download()
    for field_list in doctree.findall(nodes.field_list):
        if "tyreso-report-facts" in field_list["classes"]:
            field_list.parent.insert(field_list.parent.index(field_list) + 1, node)
            return
    section = next(iter(doctree.findall(nodes.section)), None)
    (section if section is not None else doctree).insert(1 if section is not None else 0, node)


def visit_download_html(translator: Any, node: pdf_download) -> None:
    builder = translator.builder
    pdf = site_pdfs(builder.env).get(builder.current_docname)
    if pdf is not None:
        href = html.escape(root_of(builder, builder.current_docname) + quote(pdf.path))
        translator.body.append(
            f'<p class="tyreso-pdf-download"><a class="reference external" href="{href}"'
            f' type="application/pdf">Ladda ned PDF <span class="tyreso-pdf-size">({pdf.size_text})</span></a></p>\n'
        )
    raise nodes.SkipNode


def skip(translator: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def publish_pdfs(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the linked PDFs into the site's ``pdf/`` folder (copied only when changed), no other."""
    if exception is not None or not publishes_pdfs(app):
        return
    target = Path(app.builder.outdir) / SITE_FOLDER
    wanted = {Path(pdf.path).name for pdf in site_pdfs(app.env).values()}
    if target.is_dir():
        for stale in target.glob("*.pdf"):
            if stale.name not in wanted:
                stale.unlink()
    if not wanted:
        return
    target.mkdir(parents=True, exist_ok=True)
    for name in sorted(wanted):
        source, copy = pdf_folder(app) / name, target / name
        if not _same_file(source, copy):
            shutil.copy2(source, copy)  # with its time, so that the next build sees the copy is current


def _same_file(source: Path, copy: Path) -> bool:
    if not copy.is_file():
        return False
    first, second = source.stat(), copy.stat()
    return (first.st_size, first.st_mtime_ns) == (second.st_size, second.st_mtime_ns)


def setup(app: Sphinx) -> None:
    # Where `make pdf` leaves the PDFs, from the folder of conf.py: an 'env' setting, as it decides what pages link.
    app.add_config_value("tyreso_pdf_dir", "_build/pdf", "env", types=(str,))
    skipped = (skip, None)
    app.add_node(pdf_download, html=(visit_download_html, None), latex=skipped, text=skipped, man=skipped, texinfo=skipped)
    app.connect("env-before-read-docs", forget_pdfs)
    app.connect("env-get-updated", pages_to_rewrite_for_pdfs)
    app.connect("env-updated", look_for_pdfs)
    app.connect("doctree-read", add_download, priority=600)
    app.connect("build-finished", publish_pdfs)
