"""Findings in the forms CI systems show on the changed lines of a merge request."""

from __future__ import annotations

import hashlib
import json

from tyreso_ext.model.findings import Finding


def github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands: ``::error file=…,line=…,title=TY004::message``."""
    lines = []
    for finding in findings:
        message = _escape(finding.message)
        path = _escape(finding.path).replace(":", "%3A").replace(",", "%2C")
        lines.append(f"::error file={path},line={finding.line},col={finding.column},title={finding.code}::{message}")
    return "".join(line + "\n" for line in lines)


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def codequality(findings: list[Finding]) -> str:
    """A GitLab Code Quality report: shown on the merge request's changed lines."""
    report = [
        {
            "description": f"{finding.code} {finding.message}",
            "check_name": finding.code,
            # Without the line: a finding that only moves is the same finding.
            "fingerprint": hashlib.sha256(f"{finding.path}:{finding.code}:{finding.message}".encode()).hexdigest(),
            "severity": "major",
            "location": {"path": finding.path, "lines": {"begin": finding.line}},
        }
        for finding in findings
    ]
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


ANNOTATION_FORMATS = {"github": github, "codequality": codequality}
