"""Placeholder text that ``tyreso ny`` writes and that must be replaced before publishing (TY019)."""

from __future__ import annotations

import re

from tyreso_ext.model.findings import Finding
from tyreso_ext.model.text import source_lines

PLACEHOLDER_MARKER = "[Att skriva"
_CODE_FENCE = re.compile(r"^\s*(```+|~~~+)")


def placeholder(what: str) -> str:
    """The marked text ``tyreso ny`` leaves where the new period's text belongs."""
    return f"{PLACEHOLDER_MARKER}: {what}]"


def placeholder_findings(text: str, path: str) -> list[Finding]:
    """One TY019 per line of a report that still holds a placeholder (code blocks excepted)."""
    findings = []
    fence = ""
    for number, line in enumerate(source_lines(text), start=1):
        match = _CODE_FENCE.match(line)
        if match and (not fence or match.group(1).startswith(fence)):
            fence = "" if fence else match.group(1)
            continue
        if not fence and PLACEHOLDER_MARKER in line:
            findings.append(
                Finding(path, number, "TY019", "Platshållartexten '[Att skriva …]' står kvar. Ersätt den med periodens text.")
            )
    return findings
