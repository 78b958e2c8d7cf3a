"""One PDF per report (A4, Swedish layout, tagged PDF/UA-1) from the same sources as the site.

``provenance`` (in the parent package) asks Git which commit is built; ``builder`` writes each report's
Sphinx HTML as a print page; ``page`` lays out that page (cover, contents, body); ``typeset`` turns it
into a PDF with WeasyPrint; ``runner`` does both, in parallel processes, and times every report.
Run it as ``python -m tyreso_ext.outputs.pdf`` or call :func:`build_pdfs`.
"""

from __future__ import annotations

from tyreso_ext.outputs.pdf.runner import PdfError, build_pdfs

__all__ = ["PdfError", "build_pdfs"]
