"""The corrections of a decided report (*Rättelser efter beslutet*), each with a link to its diff.

Shown under the report's title on the page and at the start of the body in the PDF. A correction's diff runs
from the version approved before it (the decision, or the previous correction) to the commit that wrote it
in. With ``tyreso_diff_url`` set in conf.py the diff is a link to the Git service; without it, the two commit
ids are shown, for ``tyreso diff`` or ``git diff``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from docutils import nodes

from tyreso_ext.model.decision import CORRECTIONS_TITLE, Correction

NOT_COMMITTED = "inte incheckad ännu"
BEFORE_DECISION = "inskriven redan i den beslutade versionen"
UNTRACEABLE = "ändringarna kan inte visas: historiken saknas"


@dataclasses.dataclass(frozen=True)
class CorrectionLine:
    """One correction as the list shows it."""

    correction: Correction
    before: str = ""  # commit of the approved version before it ('' when unknown)
    after: str = ""  # commit that wrote it in ('' when unknown)
    url: str = ""  # the diff in the Git service ('' when conf.py names none)
    note: str = ""  # why there is no diff to show

    @property
    def diff_text(self) -> str:
        """'1a2b3c4…5d6e7f8': the two versions compared, as short commit ids."""
        return f"{self.before[:7]}…{self.after[:7]}" if self.before and self.after else ""


def corrections_node(lines: Sequence[CorrectionLine]) -> nodes.container:
    box = nodes.container(classes=["tyreso-corrections"])
    box += nodes.rubric(CORRECTIONS_TITLE, CORRECTIONS_TITLE, classes=["tyreso-corrections-title"])
    items = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
    for line in lines:
        correction = line.correction
        paragraph = nodes.paragraph()
        paragraph += nodes.strong(correction.date.isoformat(), correction.date.isoformat())
        paragraph += nodes.Text(f": {_sentence(correction.what)} Skäl: {_sentence(correction.why)} ")
        if line.diff_text:
            paragraph += nodes.Text("Ändringarna: ")
            if line.url:
                paragraph += nodes.reference(line.diff_text, line.diff_text, refuri=line.url, classes=["tyreso-correction-diff"])
            else:
                paragraph += nodes.literal(line.diff_text, line.diff_text, classes=["tyreso-correction-diff"])
            paragraph += nodes.Text(".")
        elif line.note:
            paragraph += nodes.emphasis(f"({line.note})", f"({line.note})")
        items += nodes.list_item("", paragraph)
    box += items
    return box


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", "…")) else text + "."
