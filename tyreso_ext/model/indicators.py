"""An indicator's numbers as series over periods: what its chart and its table of values show."""

from __future__ import annotations

import dataclasses
import decimal

from tyreso_ext.model.numbers import Point, format_number
from tyreso_ext.model.objects import Kind, SteeringObject
from tyreso_ext.model.period import Period, parse_period
from tyreso_ext.model.text import upper_first

OUTCOME = "Utfall"
BASELINE = "Startläge"
TARGET = "Målvärde"


@dataclasses.dataclass(frozen=True)
class Series:
    """One line of numbers: the outcomes, the baseline, or a comparison such as riket."""

    label: str
    kind: str  # "utfall", "startläge" or "jämförelse"
    points: tuple[tuple[str, decimal.Decimal], ...]  # (period code, value), in time order


@dataclasses.dataclass(frozen=True)
class IndicatorChart:
    """Everything a chart and its table need; small and picklable, so it can live in a doctree."""

    title: str
    unit: str
    direction: str  # "högre", "lägre" or ""
    periods: tuple[str, ...]  # every period with a value other than the target, in time order
    series: tuple[Series, ...]
    target: tuple[str, decimal.Decimal] | None = None
    source: str = ""  # the attribution of numbers from Kolada: "Källa: Kolada …, hämtad 2024-05-02. …"

    @property
    def direction_text(self) -> str:
        return {"högre": "Högre värden är bättre.", "lägre": "Lägre värden är bättre."}.get(self.direction, "")

    @property
    def unit_text(self) -> str:
        return f" ({self.unit})" if self.unit else ""


def indicator_chart(obj: SteeringObject) -> IndicatorChart | None:
    """The chart of an indicator, or None when it has fewer than two numbers to show."""
    if obj.kind is not Kind.INDIKATOR:
        return None
    series: list[Series] = []
    used: list[Period] = []
    baseline = obj.series.get("startläge", ())
    outcomes = obj.series.get("utfall", ())
    for label, kind, points in ((BASELINE, "startläge", baseline), (OUTCOME, "utfall", outcomes)):
        if points:
            series.append(_series(label, kind, points))
            used += [point.period for point in points]
    comparisons: dict[str, list[Point]] = {}
    for point in obj.series.get("jämförelse", ()):
        comparisons.setdefault(upper_first(point.label), []).append(point)
    for label, compared in comparisons.items():
        series.append(_series(label, "jämförelse", tuple(compared)))
        used += [point.period for point in compared]
    targets = obj.series.get("målvärde", ())
    target = (targets[0].period.code, targets[0].value) if targets else None
    count = sum(len(one.points) for one in series) + (1 if target else 0)
    if count < 2 or not series:
        return None
    periods = tuple(period.code for period in sorted(set(used)))
    return IndicatorChart(
        title=obj.title or obj.id,
        unit=obj.fields.get("enhet", ""),
        direction=obj.fields.get("riktning", ""),
        periods=periods,
        series=tuple(series),
        target=target,
        source=obj.kolada.note if obj.kolada is not None else "",
    )


def _series(label: str, kind: str, points: tuple[Point, ...]) -> Series:
    ordered = sorted(points, key=lambda point: point.period)
    return Series(label, kind, tuple((point.period.code, point.value) for point in ordered))


def text_alternative(chart: IndicatorChart) -> str:
    """The chart in words, for screen readers and for anyone who cannot see it."""
    parts = [f"Stapeldiagram: {chart.title}{chart.unit_text}."]
    for one in chart.series:
        values = ", ".join(f"{period}: {format_number(value)}" for period, value in one.points)
        parts.append(f"{one.label} {values}.")
    if chart.target is not None:
        parts.append(f"{TARGET} {chart.target[0]}: {format_number(chart.target[1])}, streckad linje.")
    if chart.direction_text:
        parts.append(chart.direction_text)
    if chart.source:
        parts.append(chart.source)
    parts.append("Samma siffror finns i tabellen.")
    return " ".join(parts)


def value_table(chart: IndicatorChart) -> tuple[list[str], list[list[str]]]:
    """The same numbers as the chart: one row per period, one column per series (and the target)."""
    periods = sorted({*chart.periods, *([chart.target[0]] if chart.target else [])}, key=parse_period)
    headers = ["Period", *(one.label for one in chart.series)] + ([TARGET] if chart.target is not None else [])
    rows = []
    for period in periods:
        row = [period]
        for one in chart.series:
            value = dict(one.points).get(period)
            row.append(format_number(value) if value is not None else "–")
        if chart.target is not None:
            row.append(format_number(chart.target[1]) if chart.target[0] == period else "–")
        rows.append(row)
    return headers, rows
