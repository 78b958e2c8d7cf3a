"""Build events: reading each document through the reader, the findings of every build, pages to re-write."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from tyreso_ext.model.aggregate import AGGREGATES, Shows
from tyreso_ext.model.decision import decision_facts, report_diarienummer
from tyreso_ext.model.digests import shown_elsewhere
from tyreso_ext.model.frontmatter import neutralize_front_matter
from tyreso_ext.model.objects import SteeringObject
from tyreso_ext.source.link_rules import neutralize_eval_rst
from tyreso_ext.source.reader import read_document
from tyreso_ext.source.text_rules import decode_source, encoding_finding, normalized_text
from tyreso_ext.sphinx_ext import warn
from tyreso_ext.sphinx_ext.collection_cache import collection_findings
from tyreso_ext.sphinx_ext.config import settings
from tyreso_ext.sphinx_ext.directives.base import READ_KEY, DirectiveRecords
from tyreso_ext.sphinx_ext.domain import TyresoDomain, get_domain
from tyreso_ext.sphinx_ext.link_policy import REFUSED_KEY
from tyreso_ext.sphinx_ext.safety import LENIENT_ENCODING, refuse_linked_out_source

READ_SUFFIXES = (".md",)  # what the reader reads: MyST Markdown


def read_document_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: the reader (the one ``tyreso check`` uses) reads the document before MyST parses it.

    What it finds is stored in the domain and its findings are emitted; the directives then only render the
    records it made (see :mod:`tyreso_ext.sphinx_ext.directives.base`).
    """
    env = app.env
    if refuse_linked_out_source(app, docname, source):
        return
    source_file = env.doc2path(docname)
    if source_file.suffix not in READ_SUFFIXES:
        return  # not Markdown: the directives read themselves (directives.base)
    text = source[0] = normalized_text(source[0])  # MyST reads what the reader reads (no stray byte order mark)
    path = str(env.doc2path(docname, base=False))
    document = read_document(text, docname, path, settings(app.config), root=Path(env.srcdir))
    if document.report is not None and not text.isascii() and env.settings.get("input_encoding") == LENIENT_ENCODING:
        # Read leniently (sphinx_ext.safety), what is not UTF-8 as Windows-1252: was the file UTF-8?
        _, line, byte = decode_source(source_file.read_bytes())
        if line is not None and byte is not None:  # the cause of anything odd in the text, so named first
            document.findings.insert(0, encoding_finding(path, line, byte))
    warn.emit(document.findings, docname=docname)
    domain = get_domain(env)
    domain.store_document(docname, document)
    env.temp_data[READ_KEY] = DirectiveRecords(document.directives)
    env.temp_data[REFUSED_KEY] = document.refused  # what the reader reported, for link_policy
    if document.report is not None:  # {eval-rst} in a report is shown as text (TY028)
        source[0] = neutralize_eval_rst(neutralize_front_matter(text), document.eval_rst_lines)


def remember_before_purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """``env-purge-doc``: keep what a document showed before it is cleared."""
    domain = get_domain(env)
    domain.records_before_purge[docname] = (domain.reports.get(docname), domain.objects_in(docname))


def remember_docs_to_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: the documents of this build that will be (re-)read."""
    get_domain(env).docnames_read = set(docnames)


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """``env-get-updated``: pages whose aggregations or references show a changed object."""
    domain = get_domain(env)
    changed_docs = set(domain.records_before_purge) | domain.docnames_read
    old_records = domain.records_before_purge
    domain.records_before_purge, domain.docnames_read = {}, set()
    if not changed_docs:
        return []
    changed_objects: list[SteeringObject] = []
    for docname in changed_docs:
        old_objects = old_records[docname][1] if docname in old_records else []
        changed_objects += _changed(old_objects, domain.objects_in(docname))
    changed_keys = {obj.key for obj in changed_objects}
    reports_changed = any(old_report != domain.reports.get(docname) for docname, (old_report, _) in old_records.items()) or any(
        docname in domain.reports and docname not in old_records for docname in changed_docs
    )
    rewrite = set()
    for docname in domain.dependent_docnames() - changed_docs:
        if _shows_change(domain, docname, changed_objects, changed_keys, reports_changed):
            rewrite.add(docname)
    return sorted(rewrite)


def _changed(old: list[SteeringObject], new: list[SteeringObject]) -> list[SteeringObject]:
    """The records of a re-read document that differ from before, in either state: an edit of the text
    alone (kept in the document, not in the records) changes no other page."""

    old_shown = [shown_elsewhere(obj) for obj in old]  # no other page shows where in the file it stands
    new_shown = [shown_elsewhere(obj) for obj in new]
    return [obj for obj, same in zip(old, old_shown, strict=True) if same not in new_shown] + [
        obj for obj, same in zip(new, new_shown, strict=True) if same not in old_shown
    ]


def _shows_change(domain: TyresoDomain, docname: str, changed_objects: list, changed_keys: set, reports_changed: bool) -> bool:
    for aggregate, selection in domain.selections_in(docname):
        if AGGREGATES[aggregate].shows is Shows.REPORTS:
            if reports_changed:
                return True
        elif any(selection.matches(obj) for obj in changed_objects):
            return True
    references = domain.data["references"].get(docname, ())
    return any((reference.kind, reference.id) in changed_keys for reference in references)


def refresh_digests(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``, before the handlers that look at the records: the digests of the documents just read."""
    get_domain(env).refresh_digests()
    return []


def report_findings(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated`` (every build, also one that reads nothing): the findings of each document this build did
    not re-read, emitted again so that a finding lasts as long as its cause (Sphinx forgets them: sphinx-doc#725);
    then the rules that need every document."""
    domain = get_domain(env)
    for docname in sorted(set(domain.data["findings"]) - domain.docnames_read):
        warn.emit(domain.findings_in(docname), docname=docname)
    docname_for_path = {report.path: report.docname for report in domain.reports.values()}
    for reference in domain.all_references():
        docname_for_path.setdefault(reference.path, reference.docname)
    warn.emit(collection_findings(app, domain), docname_for_path)
    site = settings(app.config)
    if site.kind_problems:  # TY043: the kinds declared in conf.py, as tyreso check gives them
        conf = Path(app.confdir) / "conf.py"
        found = site.conf_findings(conf.read_text(encoding="utf-8", errors="replace") if conf.is_file() else "")
        warn.emit(dataclasses.replace(finding, path=str(conf)) for finding in found)
    return []


def insert_report_header(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: a report page shows its kind, period, organ and diarienummer under the title."""
    env = app.env
    report = get_domain(env).reports.get(env.docname)
    if report is None:
        return
    facts = [
        ("Rapporttyp", report.kind.label if report.kind else ""),
        ("Period", report.period.code if report.period else ""),
        ("Organ", report.organ),
        ("Diarienummer", report_diarienummer(report)),
        ("Datum", report.report_date.isoformat() if report.report_date else ""),
        *decision_facts(report),  # 'Beslut: Fastställd av … 2023-05-24, § 45' (or the beslutsdatum), corrections
    ]
    field_list = nodes.field_list(classes=["tyreso-report-facts"])
    for label, value in facts:
        if value:
            field_list += nodes.field("", nodes.field_name(label, label), nodes.field_body("", nodes.paragraph(value, value)))
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, field_list)
    else:
        doctree.insert(0, field_list)


def setup(app: Sphinx) -> None:
    app.connect("source-read", read_document_source)
    app.connect("env-purge-doc", remember_before_purge)
    app.connect("env-before-read-docs", remember_docs_to_read)
    app.connect("env-get-updated", pages_to_rewrite)
    app.connect("env-updated", refresh_digests, priority=100)
    app.connect("env-updated", report_findings)
    app.connect("doctree-read", insert_report_header)
