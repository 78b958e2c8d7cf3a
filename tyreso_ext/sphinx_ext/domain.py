"""The ``tyreso`` domain: per-document records of reports, objects and references."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from typing import Any, ClassVar

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment

from tyreso_ext.model.aggregate import Catalogue, Selection, recency
from tyreso_ext.model.digests import DocumentDigests, combined, document_digests
from tyreso_ext.model.finance import FinanceTable
from tyreso_ext.model.findings import Finding
from tyreso_ext.model.kinds import BUILTIN_KINDS
from tyreso_ext.model.objects import DocumentObjects, Kind, Report, SteeringObject
from tyreso_ext.model.references import Reference
from tyreso_ext.render.links import object_reference, occurrence_reference, unknown_reference
from tyreso_ext.source.reader import ReadDocument
from tyreso_ext.sphinx_ext.config import settings

RECORDS_VERSION = 9  # 9: digests per document; 8: objects and periods pickle as their values; 7: kinds declared


class TyresoDomain(Domain):
    """Stores picklable records keyed by document; safe for parallel and incremental builds."""

    name = "tyreso"
    label = "Tyresö kommun"
    object_types: ClassVar[dict[str, ObjType]] = {kind.value: ObjType(kind.label, kind.value) for kind in BUILTIN_KINDS}
    # The one version of the records kept in the saved environment (also the extension's env_version):
    # bump it whenever their shape changes, so that environments pickled before are read afresh.
    data_version = RECORDS_VERSION
    # Only per-document data, each store keyed by docname; clear_doc and merge_domaindata go over these keys.
    initial_data: ClassVar[dict[str, dict[str, Any]]] = {
        "reports": {},  # docname -> Report
        "objects": {},  # docname -> DocumentObjects (a tuple of SteeringObject)
        "references": {},  # docname -> list[Reference]
        "selections": {},  # docname -> list[(aggregate name, Selection)] shown in that document
        "findings": {},  # docname -> list[Finding]: the reader's, emitted again while the document is not re-read
        "finance": {},  # docname -> list[(line, FinanceTable)]: a report's financial tables, for the open data
        "export": {},  # docname -> ExportChunk: the document's objects and financial tables as open-data text
        "digests": {},  # docname -> DocumentDigests: what the registers and the rules across documents see of it
    }

    def __init__(self, env: BuildEnvironment) -> None:
        # Every kind the site declares (conf.py's own too), for the search and the inventory.
        config = getattr(env, "config", None)
        kinds = settings(config).kinds if config is not None else BUILTIN_KINDS
        self.object_types = {kind.value: ObjType(kind.label, kind.value) for kind in kinds}  # type: ignore[misc]
        super().__init__(env)
        # Transient, main process only: the records of documents about to be re-read or removed,
        # so that pages showing their old state are re-written too (see events.py).
        self.records_before_purge: dict[str, tuple[Report | None, list[SteeringObject]]] = {}
        self.docnames_read: set[str] = set()
        self._catalogue: Catalogue | None = None  # rebuilt after any change to the records

    # --- storage ---------------------------------------------------------------------------

    @property
    def reports(self) -> dict[str, Report]:
        return self.data["reports"]

    def store_document(self, docname: str, document: ReadDocument) -> None:
        """What the reader found in a document: its report, objects, references and findings."""
        if document.report is not None:
            self.reports[docname] = document.report
        for obj in document.objects:
            obj.body = ""  # the page shows the text from the document; the saved records need not carry it
        self.data["objects"][docname] = DocumentObjects(document.objects)
        self.data["references"][docname] = list(document.references)
        self.data["findings"][docname] = list(document.findings)
        self.data["finance"].pop(docname, None)
        if document.finance_tables:  # kept only for the documents that have any
            self.data["finance"][docname] = document.finance_tables
        self._catalogue = None

    def add_findings(self, docname: str, findings: Iterable[Finding]) -> None:
        self.data["findings"].setdefault(docname, []).extend(findings)

    def finance_in(self, docname: str) -> list[tuple[int, FinanceTable]]:
        return list(self.data["finance"].get(docname, ()))

    def findings_in(self, docname: str) -> list[Finding]:
        return list(self.data["findings"].get(docname, ()))

    def add_object(self, obj: SteeringObject) -> None:
        self.data["objects"][obj.docname] = DocumentObjects((*self.data["objects"].get(obj.docname, ()), obj))
        self._catalogue = None

    def catalogue(self) -> Catalogue:
        """Every object, indexed for the aggregations; built once per state of the records."""
        if self._catalogue is None:
            self._catalogue = Catalogue(self.all_objects())
        return self._catalogue

    def add_selection(self, docname: str, aggregate: str, selection: Selection) -> None:
        self.data["selections"].setdefault(docname, []).append((aggregate, selection))

    def objects_in(self, docname: str) -> list[SteeringObject]:
        return list(self.data["objects"].get(docname, ()))

    def all_objects(self) -> Iterator[SteeringObject]:
        for docname in sorted(self.data["objects"]):
            yield from self.data["objects"][docname]

    def all_references(self) -> Iterator[Reference]:
        for docname in sorted(self.data["references"]):
            yield from self.data["references"][docname]

    def selections_in(self, docname: str) -> list[tuple[str, Selection]]:
        return list(self.data["selections"].get(docname, ()))

    # --- digests ---------------------------------------------------------------------------

    def refresh_digests(self) -> None:
        """Take the digests of the documents read since the last look (a re-read document's were cleared with it)."""
        digests: dict[str, DocumentDigests] = self.data["digests"]
        present = set(self.data["objects"]) | set(self.reports) | set(self.data["references"])
        for docname in set(digests) - present:
            del digests[docname]
        for docname in sorted(present - set(digests)):
            references = self.data["references"].get(docname, ())
            digests[docname] = document_digests(self.reports.get(docname), self.objects_in(docname), references)

    def register_digest(self, kind: Kind, *settings: object) -> str | None:
        """What the register of ``kind`` lists, as one digest; None when it lists nothing."""
        parts = [
            (docname, digests.registers[kind.value])
            for docname, digests in self.data["digests"].items()
            if kind.value in digests.registers
        ]
        return combined(parts, *settings) if parts else None

    def collection_digest(self, *settings: object) -> str:
        """What the rules across documents see, as one digest."""
        return combined(((docname, digests.collection) for docname, digests in self.data["digests"].items()), *settings)

    def dependent_docnames(self) -> set[str]:
        """Documents whose output shows other documents' objects."""
        return set(self.data["selections"]) | set(self.data["references"])

    def clear_doc(self, docname: str) -> None:
        self._catalogue = None
        for key in self.initial_data:
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self._catalogue = None
        for key in self.initial_data:
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]

    # --- cross-references ------------------------------------------------------------------

    def find_object(self, kind: Kind, object_id: str, period_code: str = "") -> SteeringObject | None:
        """The occurrence of a period, or the newest one when no period is named."""
        if not period_code:
            return self.catalogue().newest.get((kind, object_id))
        candidates = [
            obj
            for obj in self.catalogue().by_key.get((kind, object_id), [])
            if obj.period is not None and obj.period.code == period_code
        ]
        return max(candidates, key=recency) if candidates else None

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> Element | None:
        if node.get("tyreso_docname"):
            # A link from a table: it names the exact occurrence (document and anchor).
            return occurrence_reference(builder, fromdocname, node["tyreso_docname"], target, contnode)
        kind = Kind(typ)
        object_id, _, period_code = target.partition("@")
        obj = self.find_object(kind, object_id.strip(), period_code.strip())
        if obj is None:
            # TY010 is reported by the consistency check; here the reader sees the gap.
            return unknown_reference(target)
        title = contnode.astext() if node.get("refexplicit") else ""
        return object_reference(builder, fromdocname, obj, title)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        return []

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """Each object once, at its newest occurrence, for the search and the inventory: a search for an
        id finds one object, not one hit per period (the registers list every period)."""
        for (kind, object_id), obj in self.catalogue().newest.items():
            if object_id:
                yield f"{kind.value}.{object_id}", obj.title, kind.value, obj.docname, obj.anchor, 1


def get_domain(env: BuildEnvironment) -> TyresoDomain:
    domain = env.get_domain("tyreso")
    assert isinstance(domain, TyresoDomain)
    return domain


def setup(app: Sphinx) -> None:
    app.add_domain(TyresoDomain)
