"""The chart node: an indicator's chart, drawn as an SVG file when an HTML page is written.

The doctree keeps only the numbers (a small picklable record). The HTML writer draws the SVG,
writes it into the build's image folder under a name derived from its bytes, and emits a plain
``<img>`` with the text alternative, so the page, the PDF made from it and a screen reader all
get the same picture or words. Other builders skip the picture; the table of values beside it
carries the same numbers.
"""

from __future__ import annotations

import os
import posixpath
import tempfile
from html import escape
from pathlib import Path

from docutils import nodes

from tyreso_ext.render.chart_svg import SIZE_INCHES, chart_file_name, render_svg

PIXELS_PER_INCH = 96


class indicator_chart(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """Attributes: ``chart`` (a model IndicatorChart) and ``alt`` (its text alternative)."""


def visit_chart_html(self, node: indicator_chart) -> None:
    svg = render_svg(node["chart"])
    name = chart_file_name(svg)
    folder = Path(self.builder.outdir) / self.builder.imagedir
    _write_once(folder / name, svg)
    source = posixpath.join(self.builder.imgpath, name)
    width, height = (round(size * PIXELS_PER_INCH) for size in SIZE_INCHES)
    self.body.append(
        f'<img src="{escape(source)}" alt="{escape(node["alt"])}" class="tyreso-chart-image" width="{width}" height="{height}" />'
    )
    raise nodes.SkipNode


def skip_chart(self, node: indicator_chart) -> None:
    raise nodes.SkipNode


def _write_once(target: Path, data: bytes) -> None:
    """Write atomically; parallel writers of the same picture write the same bytes."""
    if target.is_file() and target.stat().st_size == len(data):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tyreso-", suffix=".svg")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.replace(temporary, target)
