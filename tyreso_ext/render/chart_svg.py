"""Indicator charts as SVG, drawn with matplotlib: the same numbers always give the same bytes.

Bars per period for the baseline, the outcomes and each comparison (riket, länet), the target as
a dashed line. Colour is never the only cue: the series differ by fill pattern too, every bar
carries its value, and the legend names each series. matplotlib is imported only when a chart
is drawn, so reading reports and ``tyreso check`` never load it.
"""

from __future__ import annotations

import decimal
import hashlib
import io
from typing import TYPE_CHECKING, Any

from tyreso_ext.model.indicators import TARGET, IndicatorChart, text_alternative
from tyreso_ext.model.numbers import format_number

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

# A fixed salt makes matplotlib's SVG ids the same in every build; no date is written.
HASH_SALT = "tyreso-indikator"
SIZE_INCHES = (6.4, 3.4)
OUTCOME_COLOUR = "#1b5e8c"
BASELINE_COLOUR = "#9cc3df"
TARGET_COLOUR = "#a3271b"
# (fill, hatch) of each comparison in turn: greys, told apart by pattern as well.
COMPARISON_STYLES = (("#767676", ""), ("#c4c4c4", "\\\\\\"), ("#4a4a4a", "++"))
_RC: dict[RcKeyType, Any] = {
    "svg.hashsalt": HASH_SALT,
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "hatch.linewidth": 0.8,
}


def chart_file_name(svg: bytes, stem: str = "indikator") -> str:
    """A name that changes exactly when the picture does."""
    return f"{stem}-{hashlib.sha256(svg).hexdigest()[:16]}.svg"


def render_svg(chart: IndicatorChart) -> bytes:
    """The chart as a standalone SVG document with a <title> that describes it."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=SIZE_INCHES, layout="constrained")
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        _draw(axes, chart)
        axes.yaxis.set_major_formatter(FuncFormatter(_tick))
        if chart.source:  # the attribution travels with the picture (Kolada's data are CC BY 4.0)
            figure.supxlabel(chart.source, x=0.01, ha="left", fontsize=7, color="#444444")
        buffer = io.BytesIO()
        # matplotlib writes the title as the SVG's <title>: the text alternative names the picture
        # when the file is opened on its own as well.
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Title": text_alternative(chart)})
    return _with_role(buffer.getvalue())


def _draw(axes, chart: IndicatorChart) -> None:
    periods = list(chart.periods)
    present = {period: [one for one in chart.series if period in dict(one.points)] for period in periods}
    most = max((len(members) for members in present.values()), default=1)
    width = min(0.8 / max(most, 1), 0.32)
    positions: dict[tuple[str, str], float] = {}
    for index, period in enumerate(periods):
        members = present[period]
        for slot, one in enumerate(members):
            positions[(one.label, period)] = index + (slot - (len(members) - 1) / 2) * width
    values: list[float] = []
    comparison = 0
    for one in chart.series:
        if one.kind == "utfall":
            fill, hatch, edge = OUTCOME_COLOUR, "", OUTCOME_COLOUR
        elif one.kind == "startläge":
            fill, hatch, edge = BASELINE_COLOUR, "////", OUTCOME_COLOUR
        else:
            fill, hatch = COMPARISON_STYLES[comparison % len(COMPARISON_STYLES)]
            edge = "#333333"
            comparison += 1
        xs = [positions[(one.label, period)] for period, _ in one.points]
        heights = [float(value) for _, value in one.points]
        values += heights
        bars = axes.bar(
            xs, heights, width * 0.92, label=one.label, color=fill, hatch=hatch, edgecolor=edge, linewidth=0.8, zorder=2
        )
        axes.bar_label(bars, labels=[format_number(value) for _, value in one.points], padding=2, fontsize=8, zorder=3)
    if chart.target is not None:
        period, value = chart.target
        axes.axhline(
            float(value),
            color=TARGET_COLOUR,
            linestyle=(0, (6, 3)),
            linewidth=1.6,
            label=f"{TARGET} {period}: {format_number(value)}",
            zorder=4,
        )
        values.append(float(value))
    low, high = min([0.0, *values]), max([0.0, *values])
    span = (high - low) or 1.0
    axes.set_ylim(low - (0.08 * span if low < 0 else 0), high + 0.18 * span)
    extra = max(0, 3 - len(periods)) * 0.4  # a single period should not give one wall-wide bar
    axes.set_xlim(-0.6 - extra, len(periods) - 0.4 + extra)
    axes.set_xticks(range(len(periods)), periods)
    axes.tick_params(axis="x", length=0)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6, zorder=0)
    axes.set_axisbelow(True)
    if low < 0:
        axes.axhline(0, color="#333333", linewidth=0.8, zorder=1)
    if chart.unit:
        axes.set_ylabel(chart.unit)
    if chart.direction_text:
        axes.set_title(chart.direction_text, loc="left", fontsize=8, color="#444444")
    handles, labels = axes.get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda index: labels[index].startswith(TARGET))  # bars first, then the target
    handles, labels = [handles[index] for index in order], [labels[index] for index in order]
    axes.legend(
        handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=min(len(labels), 4), frameon=False, fontsize=8
    )


def _tick(value: float, _position: object) -> str:
    """Swedish tick labels: '1 000', '7,5', '−20'."""
    number = decimal.Decimal(str(round(float(value), 6)))
    whole = number == number.to_integral_value()
    return format_number(number.quantize(decimal.Decimal(1)) if whole else number.normalize())


def _with_role(svg: bytes) -> bytes:
    """Mark the root element as one picture, so its <title> is read as the picture's name."""
    return svg.replace(b"<svg ", b'<svg role="img" ', 1)
