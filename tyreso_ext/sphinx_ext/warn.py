"""Findings of the model emitted as Sphinx warnings: type 'tyreso', the code as subtype."""

from __future__ import annotations

from collections.abc import Iterable

from sphinx.util import logging

from tyreso_ext.model.findings import Finding

logger = logging.getLogger("tyreso_ext")


def emit(findings: Iterable[Finding], docname_for_path: dict[str, str] | None = None, docname: str | None = None) -> None:
    """Warn once per finding, located at its document and line."""
    for finding in findings:
        target = docname or (docname_for_path or {}).get(finding.path)
        location = (target, finding.line) if target else f"{finding.path}:{finding.line}"
        logger.warning(f"{finding.code} {finding.message}", type="tyreso", subtype=finding.code, location=location)
