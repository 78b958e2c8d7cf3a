"""Placeholder text that ``tyreso ny`` writes and that must be replaced before publishing (TY019)."""

from __future__ import annotations

from tyreso_ext.model.findings import Finding
from tyreso_ext.model.text import lines_outside_code

PLACEHOLDER_MARKER = "[Att skriva"


def placeholder(what: str) -> str:
    """The marked text ``tyreso ny`` leaves where the new period's text belongs."""
    return f"{PLACEHOLDER_MARKER}: {what}]"


def placeholder_findings(text: str, path: str) -> list[Finding]:
    """One TY019 per line of a report that still holds a placeholder (code blocks excepted)."""
    findings = []
    for number, line in lines_outside_code(text):
        if PLACEHOLDER_MARKER in line:
            findings.append(
                Finding(path, number, "TY019", "Platshållartexten '[Att skriva …]' står kvar. Ersätt den med periodens text.")
            )
    return findings
