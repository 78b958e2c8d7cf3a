"""The URL policy (:mod:`tyreso_ext.model.urls`) enforced where the build makes links, in every document.

The reader gives the findings (TY027, TY028, TY029) from a report's text, as ``tyreso check`` does; here the
nodes themselves are changed, whatever directive, role or extension made them (sphinx-design's buttons,
badges and cards, pictures with ``:target:``, reStructuredText in the handbook …):

- :class:`RefuseUnsafeLinks`, a post-transform (after cross-references are resolved, for the HTML pages and
  the PDFs alike): a ``reference``, ``download_reference`` or ``target`` whose address the policy refuses
  becomes plain text, its link text kept; a picture with a refused address becomes its description; a linked
  picture stays, without the link.
- :func:`refuse_at_reading` (``doctree-read``, before Sphinx collects pictures and downloads to copy them): in
  a report, pictures and downloads of a type the policy refuses become text, so the file is never published,
  and the page head gets no ``<meta>`` from the report; in every document, refused addresses in page lists
  (``toctree``) and in links MyST would look up as pages are dropped before Sphinx warns about them.

A refused address the reader did not report (a file another document includes, the handbook) is reported
here, with the reader's finding, so nothing is refused silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from tyreso_ext.model.findings import Finding
from tyreso_ext.model.urls import file_problem, is_remote, refused_file_finding, refused_url_finding, url_key, url_problem
from tyreso_ext.sphinx_ext import warn
from tyreso_ext.sphinx_ext.domain import get_domain

REFUSED_KEY = "tyreso_refused"  # env.temp_data while a document is read, then the doctree's attribute
REFUSED_CLASS = "tyreso-link-refused"


def _where(env: BuildEnvironment, docname: str, node: nodes.Node) -> tuple[str, int]:
    """The file (relative to the source folder) and line a node was written on: the document's, or the file it
    includes; the line of the node, else of what it holds, else of what holds it."""
    path = str(env.doc2path(docname, base=False))
    source = next((candidate.source for candidate in _around(node) if candidate.source), None)
    if source:
        relative = Path(source).resolve()
        srcdir = Path(env.srcdir).resolve()
        if relative.is_relative_to(srcdir):
            path = relative.relative_to(srcdir).as_posix()
    line = next((int(candidate.line) for candidate in _around(node) if candidate.line), 1)
    return path, line


def _around(node: nodes.Node) -> Iterator[nodes.Node]:
    yield node
    if isinstance(node, nodes.Element):
        yield from node.findall(include_self=False)
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _as_text(node: nodes.Element) -> None:
    """A link without its link: the text (or picture) it held, in its place (its anchors kept, not its look)."""
    children = [child.deepcopy() for child in node.children] or [nodes.Text(node.get("refuri", ""))]
    node["classes"] = []  # replace_self hands them on: a button's classes would draw a button that leads nowhere
    if isinstance(node.parent, nodes.TextElement):
        node.replace_self(nodes.inline("", "", *children, classes=[REFUSED_CLASS]))
    elif all(isinstance(child, (nodes.Body, nodes.image)) for child in children):
        node.replace_self(children)
    else:
        node.replace_self(nodes.paragraph("", "", *children, classes=[REFUSED_CLASS]))


def _image_as_text(image: nodes.image) -> None:
    """A picture that is not shown: its description, in its place."""
    text = image.get("alt") or "[Bilden visas inte.]"
    image["classes"] = []
    if isinstance(image.parent, (nodes.TextElement, nodes.reference)):
        image.replace_self(nodes.inline(text, text, classes=[REFUSED_CLASS]))
    else:
        image.replace_self(nodes.paragraph(text, text, classes=[REFUSED_CLASS]))


class _Refusals:
    """What one document refuses, and the findings for what its reader had not reported."""

    def __init__(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        self.env, self.docname = env, docname
        self.reported = set(document.get(REFUSED_KEY, ()))
        self.findings: list[Finding] = []

    def url(self, node: nodes.Node, address: str) -> bool:
        """Whether ``address`` is refused (its finding noted if the reader had not given it)."""
        scheme = url_problem(address)
        if scheme is None:
            return False
        if url_key(address) not in self.reported:
            self.findings.append(refused_url_finding(*_where(self.env, self.docname, node), address, scheme))
        return True

    def file(self, node: nodes.Node, target: str, *, image: bool) -> bool:
        """Whether the file ``target`` (not an address on the web) is of a type a report may not publish."""
        if is_remote(target):
            return False
        kind = file_problem(target, image=image)
        if kind is None:
            return False
        if url_key(target) not in self.reported:
            self.findings.append(refused_file_finding(*_where(self.env, self.docname, node), target, kind, image=image))
        return True

    def emit(self) -> None:
        """Warn: at the document, or at the file it includes that holds the link."""
        own = str(self.env.doc2path(self.docname, base=False))
        findings = sorted(set(self.findings))
        warn.emit([finding for finding in findings if finding.path == own], docname=self.docname)
        warn.emit([finding for finding in findings if finding.path != own])


class RefuseUnsafeLinks(SphinxPostTransform):
    """Every link of every page and PDF obeys the URL policy: a refused one becomes text."""

    default_priority = 900  # after the cross-references (10) and the extensions' own link transforms

    def run(self, **kwargs: Any) -> None:
        refusals = _Refusals(self.env, self.env.docname, self.document)
        for image in list(self.document.findall(nodes.image)):
            if refusals.url(image, image.get("uri", "")):
                _image_as_text(image)
        for download in list(self.document.findall(addnodes.download_reference)):
            if refusals.url(download, download.get("refuri", "")) or refusals.url(download, download.get("reftarget", "")):
                _as_text(download)
        for reference in list(self.document.findall(nodes.reference)):
            if refusals.url(reference, reference.get("refuri", "")):
                _as_text(reference)
        for target in list(self.document.findall(nodes.target)):
            if refusals.url(target, target.get("refuri", "")):
                del target["refuri"]
        refusals.emit()


def refuse_at_reading(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: what is refused before Sphinx copies files or looks up pages (see the module)."""
    env = app.env
    doctree[REFUSED_KEY] = list(env.temp_data.pop(REFUSED_KEY, None) or [])
    refusals = _Refusals(env, env.docname, doctree)
    in_report = env.docname in get_domain(env).reports
    for toctree in doctree.findall(addnodes.toctree):
        toctree["entries"] = [(title, ref) for title, ref in toctree["entries"] if not refusals.url(toctree, ref)]
    for xref in list(doctree.findall(addnodes.pending_xref)):
        if xref.get("reftype") == "myst" and refusals.url(xref, xref.get("reftarget", "")):
            _as_text(xref)
    for image in list(doctree.findall(nodes.image)):
        uri = image.get("uri", "")
        if refusals.url(image, uri) or (in_report and refusals.file(image, uri, image=True)):
            _image_as_text(image)
    for download in list(doctree.findall(addnodes.download_reference)):
        target = download.get("reftarget", "")
        if refusals.url(download, target) or (in_report and refusals.file(download, target, image=False)):
            _as_text(download)
    if in_report:
        site_wide = {str(value) for value in (getattr(app.config, "myst_html_meta", None) or {}).values()}
        for meta in list(doctree.findall(nodes.meta)):
            if meta.get("content") not in site_wide:  # only conf.py's own <meta> reach a report's page head
                meta.parent.remove(meta)
    refusals.emit()


def allow_telephone_links(app: Sphinx, config: Config) -> None:
    """``config-inited``: MyST makes ``tel:`` links links (the policy allows them), not page look-ups."""
    schemes = getattr(config, "myst_url_schemes", None)
    if isinstance(schemes, dict):
        schemes.setdefault("tel", None)
    elif isinstance(schemes, (list, tuple)) and "tel" not in schemes:
        config.myst_url_schemes = [*schemes, "tel"]


def setup(app: Sphinx) -> None:
    app.add_post_transform(RefuseUnsafeLinks)
    app.connect("doctree-read", refuse_at_reading, priority=110)  # after safety.refuse_outside_references (100)
    app.connect("config-inited", allow_telephone_links)
