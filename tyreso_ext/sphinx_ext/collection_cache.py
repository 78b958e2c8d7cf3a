"""The findings of the rules across documents, kept beside the doctrees for the next build.

The rules (:func:`tyreso_ext.model.collection_rules.check_collection`) look at every object of the site; in a
large kommun that is the largest part of a build after one edit. What they see of each document is kept as a
digest with its records (:mod:`tyreso_ext.model.digests`): when no document's digest, no kind's declaration and
no line of the extension changed since the findings were kept (most often an edit of a status or of text
within its lines), the kept findings are the ones the rules would give, and are given again. The file is
only a shortcut: without it, or when it cannot be read, the rules run.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from tyreso_ext.model.collection_rules import check_collection
from tyreso_ext.model.findings import Finding
from tyreso_ext.model.fingerprint import code_sha256
from tyreso_ext.sphinx_ext.config import settings
from tyreso_ext.sphinx_ext.domain import TyresoDomain
from tyreso_ext.sphinx_ext.stored import load_kept, save_kept

CACHE_FILE = "tyreso-collection.pickle"
FORMAT = 1


def collection_findings(app: Sphinx, domain: TyresoDomain) -> list[Finding]:
    """The findings of the rules across documents: the kept ones when nothing they see changed."""
    kinds = settings(app.config).kinds
    digest = domain.collection_digest(FORMAT, kinds.specs, code_sha256())
    kept = load_kept(app.doctreedir, CACHE_FILE, digest)
    if isinstance(kept, list):
        return kept
    findings = check_collection(domain.reports.values(), domain.all_objects(), domain.all_references(), kinds)
    save_kept(app.doctreedir, CACHE_FILE, digest, findings)
    return findings
