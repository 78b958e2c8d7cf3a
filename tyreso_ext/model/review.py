"""Marks for review that ``tyreso importera`` leaves in a draft, and the rule that reports them (TY037).

A mark is a MyST comment line, ``% granska: …``: it never shows on the site, it can stand anywhere in a
report (between paragraphs, inside an object's body), and it says in its own words what a person must look
at. Every mark is a finding, so a draft cannot pass a strict build until someone has read it against the
original and removed the marks. Lines inside code blocks are not marks (the handbook shows examples).
"""

from __future__ import annotations

import re

from tyreso_ext.model.findings import Finding
from tyreso_ext.model.text import lines_outside_code, shorten

REVIEW_CODE = "TY037"
REVIEW_WORD = "granska"
_MARK = re.compile(r"^ {0,3}%\s*granska\s*:\s*(?P<what>.*)$", re.IGNORECASE)


def review_mark(what: str) -> str:
    """The comment line a draft carries where a person must look: ``% granska: what``."""
    return f"% {REVIEW_WORD}: {' '.join(what.split())}"


def review_findings(text: str, path: str) -> list[Finding]:
    """One TY037 per mark for review in a report (code blocks excepted), at the mark's line."""
    findings = []
    for number, line in lines_outside_code(text):
        mark = _MARK.match(line)
        if mark is not None:
            what = shorten(mark["what"], 200) or "importerad text"
            findings.append(
                Finding(
                    path,
                    number,
                    REVIEW_CODE,
                    f"Att granska: {what}. Rätta mot originalet och ta bort raden '% granska: …'.",
                )
            )
    return findings
