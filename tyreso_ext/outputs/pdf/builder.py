"""The ``tyreso-print`` builder: each report's Sphinx HTML as a print page (cover, contents, body)."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterator, Set
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import BuildInfo, StandaloneHTMLBuilder
from sphinx.config import Config
from sphinx.writers.html5 import HTML5Translator

from tyreso_ext.history.provenance import Provenance, describe, describe_sources, given_source_date_epoch
from tyreso_ext.model.fingerprint import code_sha256
from tyreso_ext.model.objects import Report
from tyreso_ext.outputs.pdf.page import PrintPage, TocEntry, render_page, web_address
from tyreso_ext.outputs.pdf.typeset import RenderJob
from tyreso_ext.render.pdf_files import pdf_labels
from tyreso_ext.sphinx_ext.domain import get_domain
from tyreso_ext.sphinx_ext.stored import load_stored, save_stored

NUMERIC_CLASS = "tyreso-num"
# '1 141', '-29 390', '−85', '12,5', '58 %', '2 000 tkr'; '–' and '-' stand for "no value".
_NUMBER = re.compile(r"^[+\-−–]?\s?\d{1,3}(?:[\s\u00a0\u202f]?\d{3})*(?:[.,]\d+)?\s?(?:%|‰|tkr|mnkr|kr|st)?$")
_NO_VALUE = {"", "–", "-", "—", "..", "…"}
PAGE_INPUTS = "tyreso-print-pages.json"  # beside the print doctrees: what each page was last written from


class PrintTranslator(HTML5Translator):
    """Sphinx's HTML, with the scope of every header cell said (column or row)."""

    def visit_entry(self, node: nodes.Element) -> None:
        super().visit_entry(node)
        start = self.body[-1]
        if start.startswith("<th"):
            scope = "col" if isinstance(node.parent.parent, nodes.thead) else "row"
            self.body[-1] = start.replace("<th", f'<th scope="{scope}"', 1)


class PrintBuilder(StandaloneHTMLBuilder):
    """Writes ``<docname>.html`` print pages of the reports only; ``tyreso_ext.outputs.pdf`` makes PDFs of them."""

    name = "tyreso-print"
    epilog = "Utskriftssidorna finns i %(outdir)s."
    default_translator_class = PrintTranslator
    search = False
    add_permalinks = False
    allow_parallel = True

    def create_build_info(self) -> BuildInfo:
        """The site's build info less the site's commit (``tyreso_provenance``, an 'html' setting): each print page
        names its own report's commit instead (:meth:`page_inputs`), so a new commit writes only the pages of the
        reports it changed."""
        site_commit = self.config.tyreso_provenance
        self.config.tyreso_provenance = None
        try:
            return super().create_build_info()
        finally:
            self.config.tyreso_provenance = site_commit

    def init(self) -> None:
        super().init()
        # The build's commit; each PDF names its own report's (self.provenances, filled before writing).
        self.provenance: Provenance = describe(self.srcdir)
        stated = self.config.tyreso_provenance  # Git's own text unless conf.py states another (footer.py)
        self.stated = stated if stated and stated != self.provenance.text else ""
        if self.stated:
            self.provenance = dataclasses.replace(self.provenance, stated=self.stated)
        self.provenances: dict[str, Provenance] = {}
        self.looked_up: dict[str, tuple[Any, ...]] = {}  # per report, the sources its provenance was found from
        # A SOURCE_DATE_EPOCH of the caller's dates every PDF; else each PDF has its report's commit time.
        # (The runner sets one for Sphinx itself and passes the caller's own here.)
        self.given_epoch: int | None = given_source_date_epoch()
        # The reports to print (docnames); None: all. Every document is still read, since a report shows
        # other reports' objects, and images are named at reading: one report prints as in a full build.
        self.only: set[str] | None = None
        self.written_from: dict[str, str] = {}  # per report, page_inputs when its page was last written
        self.pages_written = 0

    def get_outdated_docs(self) -> Iterator[str]:
        """The print pages to write again: those the site's own rules find outdated (a changed source,
        configuration or template, a missing page; a page that shows a changed object follows once the sources
        are read, as on the site), and every report whose page states something from outside its sources that
        changed: its commit and dates, the configuration, the extension's code. The PDF cache then renders
        only the pages whose content changed."""
        outdated = set(super().get_outdated_docs())
        self.provenances = self.report_provenances(set(self.env.found_docs))
        stored = load_stored(self.doctreedir, PAGE_INPUTS)
        self.written_from = stored if isinstance(stored, dict) else {}
        outdated |= {docname for docname in self.provenances if self.written_from.get(docname) != self.page_inputs(docname)}
        yield from sorted(outdated)

    def page_inputs(self, docname: str) -> str:
        """What a report's page is written from besides the documents Sphinx tracks, as one fingerprint."""
        provenance = self.provenances.get(docname) or self.report_provenances({docname}).get(docname, Provenance())
        parts = [
            code_sha256(),
            getattr(self.build_info, "config_hash", ""),
            getattr(self.build_info, "tags_hash", ""),
            repr(provenance),
            repr(self.epoch_of(provenance)),
        ]
        return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()

    def copy_assets(self) -> None:
        """The print pages need no theme, scripts or static files."""

    def finish(self) -> None:
        self.finish_tasks.add_task(self.copy_image_files)
        self.finish_tasks.add_task(self.write_buildinfo)  # what the next build compares its configuration with

    # --- which documents, and where ----------------------------------------------------------

    @property
    def reports(self) -> dict[str, Report]:
        return get_domain(self.env).reports

    def print_jobs(self, pdf_dir: Path) -> list[RenderJob]:
        """One job per report, PDF named by period, kind and organ (the document name breaks a tie)."""
        labels = pdf_labels(self.reports)  # the names the site links them by, too
        return [
            RenderJob(label, str(self.outdir), f"{docname}.html", str(pdf_dir / f"{label}.pdf"))
            for docname, label in sorted(labels.items(), key=lambda item: (item[1], item[0]))
            if self.only is None or docname in self.only
        ]

    def write_documents(self, docnames: Set[str]) -> None:
        wanted = docnames if self.only is None else docnames & self.only
        # Before the writing processes are forked, and after reading: again for a report that is new or now
        # depends on other files than when its commit was looked up.
        again = {docname for docname in wanted if self.sources_of(docname) != self.looked_up.get(docname)}
        self.provenances |= self.report_provenances(again)
        if wanted:
            super().write_documents(wanted)
        written = sorted(docname for docname in wanted if docname in self.reports)
        self.written_from |= {docname: self.page_inputs(docname) for docname in written}
        self.pages_written = len(written)
        save_stored(self.doctreedir, PAGE_INPUTS, self.written_from)

    def report_provenances(self, docnames: Set[str]) -> dict[str, Provenance]:
        """Per report: the last commit of its own sources (its file and what Sphinx records it depends on:
        included files, data files, images), so that a PDF changes only when its report does."""
        sources = {docname: list(self.sources_of(docname)) for docname in sorted(docnames) if docname in self.reports}
        if not sources:
            return {}
        self.looked_up |= {docname: tuple(files) for docname, files in sources.items()}
        found = describe_sources(self.srcdir, sources)
        if self.stated:
            found = {docname: dataclasses.replace(provenance, stated=self.stated) for docname, provenance in found.items()}
        return found

    def sources_of(self, docname: str) -> tuple[Any, ...]:
        """A report's own sources: its file and what Sphinx records it depends on."""
        return (self.env.doc2path(docname), *sorted(self.env.dependencies.get(docname, ())))

    def epoch_of(self, provenance: Provenance) -> int | None:
        return self.given_epoch if self.given_epoch is not None else provenance.timestamp

    # --- writing -------------------------------------------------------------------------------

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        if docname not in self.reports:
            return
        _drop_title_and_facts(doctree)
        _unlink_other_documents(doctree)
        _mark_numbers(doctree)
        super().write_doc(docname, doctree)

    def handle_page(
        self,
        pagename: str,
        addctx: dict[str, Any],
        templatename: str = "page.html",
        outfilename: Path | None = None,
        event_arg: Any = None,
    ) -> None:
        report = self.reports.get(pagename)
        if report is None:  # the general index, the search page, domain indices: not printed
            return
        title_node = self.env.titles.get(pagename)
        provenance = self.provenances.get(pagename) or self.report_provenances({pagename})[pagename]
        page = PrintPage(
            report=report,
            title=title_node.astext() if title_node else report.display_title,
            body=addctx.get("body", ""),
            kommun=_kommun(self.config),
            toc=tuple(_toc_entries(self.env.tocs.get(pagename))),
            provenance=provenance,
            epoch=self.epoch_of(provenance),
            language=self.config.language or "sv",
            web_url=web_address(self.config.html_baseurl, self.get_target_uri(pagename)),
        )
        target = Path(outfilename or self.get_outfilename(pagename))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render_page(page), encoding="utf-8")


def _kommun(config: Config) -> str:
    """The municipality is the site's author ('Tyresö kommun'), unless conf.py leaves it unset."""
    default = Config.config_values["author"].default
    return "" if config.author in ("", default) else config.author


def _drop_title_and_facts(doctree: nodes.document) -> None:
    """The title and the facts go on the cover; the body keeps the chapters."""
    for field_list in list(doctree.findall(nodes.field_list)):
        if "tyreso-report-facts" in field_list["classes"]:
            field_list.parent.remove(field_list)
    section = next((child for child in doctree.children if isinstance(child, nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.remove(section[0])


def _unlink_other_documents(doctree: nodes.document) -> None:
    """A link to another page of the site leads nowhere in a PDF: keep its text, drop the link."""
    for reference in list(doctree.findall(nodes.reference)):
        uri = reference.get("refuri", "")
        if not uri or uri.startswith(("#", "mailto:")) or "://" in uri:
            continue
        if not isinstance(reference.parent, nodes.TextElement):
            reference.replace_self(reference.children)
            continue
        text = nodes.inline("", "", *reference.children, classes=["tyreso-print-ref"])
        reference.replace_self(text)


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(" ".join(text.split())))


def _mark_numbers(doctree: nodes.document) -> None:
    """Cells with numbers get ``tyreso-num`` (right-aligned); so do the headers of all-number columns.

    Row headers (stub columns, such as a column of years) stay as labels, left-aligned.
    """
    for group in doctree.findall(nodes.tgroup):
        colspecs = [child for child in group.children if isinstance(child, nodes.colspec)]
        stubs = {index for index, colspec in enumerate(colspecs) if colspec.get("stub")}
        columns: dict[int, list[bool]] = {}
        heads: list[tuple[int, nodes.entry]] = []
        for part in group.children:
            if not isinstance(part, (nodes.thead, nodes.tbody)):
                continue
            for row in part.children:
                column = 0
                for entry in row.children:
                    text = entry.astext().strip()
                    if column in stubs:
                        pass  # a row header
                    elif isinstance(part, nodes.thead):
                        heads.append((column, entry))
                    elif text not in _NO_VALUE:
                        columns.setdefault(column, []).append(_is_number(text))
                        if _is_number(text):
                            entry["classes"].append(NUMERIC_CLASS)
                    column += 1 + entry.get("morecols", 0)
        numeric = {column for column, flags in columns.items() if flags and all(flags)}
        for column, entry in heads:
            if column in numeric and not entry.get("morecols"):
                entry["classes"].append(NUMERIC_CLASS)
        for part in group.children:
            if isinstance(part, nodes.tbody):
                for row in part.children:
                    column = 0
                    for entry in row.children:
                        if column in numeric and entry.astext().strip() in _NO_VALUE:
                            entry["classes"].append(NUMERIC_CLASS)
                        column += 1 + entry.get("morecols", 0)


def _toc_entries(toc: nodes.Node | None, level: int = 0) -> Iterator[TocEntry]:
    """Chapters (h2) and sections (h3) from Sphinx's table of contents of the document."""
    if toc is None:
        return
    for item in toc.children:
        if not isinstance(item, nodes.list_item):
            continue
        for child in item.children:
            if isinstance(child, nodes.bullet_list):
                if level < 2:
                    yield from _toc_entries(child, level + 1)
            elif level >= 1:
                reference = next(child.findall(nodes.reference), None)
                anchor = reference.get("anchorname", "") if reference is not None else ""
                if reference is not None and anchor.startswith("#") and len(anchor) > 1:
                    yield TocEntry(level, anchor[1:], reference.astext())


def setup(app: Sphinx) -> None:
    app.add_builder(PrintBuilder)
