"""What each report's PDF is called, shared by the PDF step (which writes them) and the site (which links them).

The site and the PDFs are built by separate commands; the site finds the PDFs by these names in the PDF folder
(``tyreso_pdf_dir``), publishes them in its own ``pdf/`` folder and links each from its report.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from tyreso_ext.model.objects import Report

SITE_FOLDER = "pdf"  # the PDFs' folder in the published site


@dataclasses.dataclass(frozen=True)
class PdfFile:
    """A report's PDF as the site publishes it: its path from the site's root and its size in bytes."""

    path: str
    size: int

    @property
    def size_text(self) -> str:
        """'245 kB', '1,2 MB': the size as a reader reads it, with a Swedish decimal comma."""
        if self.size < 1_000_000:
            return f"{max(1, round(self.size / 1000))} kB"
        return f"{self.size / 1_000_000:.1f}".replace(".", ",") + " MB"


def pdf_stem(report: Report) -> str:
    """'2023-T1 Delårsrapport Arbetsmarknads- och socialnämnden': period, kind and organ."""
    parts = [str(report.period or ""), report.kind.label if report.kind else "", report.organ]
    stem = " ".join(part for part in parts if part) or report.docname.replace("/", "-")
    return "".join("-" if char in '/\\:*?"<>|' or ord(char) < 32 else char for char in stem).strip(" .")


def pdf_labels(reports: Mapping[str, Report]) -> dict[str, str]:
    """Each report's PDF name without '.pdf', by document name; two reports of one stem get their document name too."""
    stems: dict[str, list[str]] = {}
    for docname in sorted(reports):
        stems.setdefault(pdf_stem(reports[docname]), []).append(docname)
    labels = {}
    for stem, docnames in sorted(stems.items()):
        for docname in docnames:
            labels[docname] = stem if len(docnames) == 1 else f"{stem} ({docname.replace('/', '-')})"
    return labels
