"""The year at a glance (*lägesbild*): for the newest follow-up, the status counts of one kind of object per målområde
and per organ, as a bar chart (SVG made at build time) with the same numbers in a table beside it, and the counts
over the year's periods (T1 → T2 → ÅR). Each count links to the register, filtered to the objects it counts.
"""

from __future__ import annotations

import dataclasses
import html
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable

from docutils import nodes

from tyreso_ext.model.aggregate import STATUS_ORDER, Selection, count_statuses
from tyreso_ext.model.ids import slugify
from tyreso_ext.model.objects import Kind, SteeringObject
from tyreso_ext.model.period import Period
from tyreso_ext.model.status import Status
from tyreso_ext.render.badges import Span
from tyreso_ext.render.context import RenderContext
from tyreso_ext.render.register import register_area
from tyreso_ext.render.tables import Cell, FileLink, TableData, table_data

# The badges' colours (tyreso.css), with the text drawn on each: the chart repeats the table, it never replaces it.
BAR_COLOURS = {
    Status.GRON: ("#1e6b30", "#ffffff"),
    Status.GUL: ("#f5c400", "#1a1a1a"),
    Status.ROD: ("#a4161a", "#ffffff"),
    Status.EJ_BEDOMD: ("#e6e6e6", "#1a1a1a"),
}
PLURAL_STATUS = {Status.GRON: "gröna", Status.GUL: "gula", Status.ROD: "röda", Status.EJ_BEDOMD: "ej bedömda"}


@dataclasses.dataclass(frozen=True)
class Group:
    """One bar: a målområde, an organ or a period, and how many objects have each status."""

    label: str
    counts: Counter[Status]
    query: dict[str, str]  # what the register is filtered by when a count is followed

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _follow_ups(objects: Iterable[SteeringObject]) -> list[SteeringObject]:
    return [obj for obj in objects if not obj.in_plan]


def _groups(
    objects: list[SteeringObject], key: Callable[[SteeringObject], str], order: list[str], field: str, period: Period
) -> list[Group]:
    members: dict[str, list[SteeringObject]] = {}
    for obj in objects:
        members.setdefault(key(obj), []).append(obj)
    labels = [label for label in order if label in members] + sorted(label for label in members if label not in order)
    return [Group(label, count_statuses(members[label]), {"period": period.code, field: label}) for label in labels]


@dataclasses.dataclass(frozen=True)
class Panel:
    """A chart (inline SVG) and its table, shown side by side (the table under the chart on a narrow screen)."""

    svg: str
    table: TableData


def render_year_overview(kind: Kind, context: RenderContext, prefix: str) -> tuple[nodes.paragraph, list[Panel]]:
    """The glance for one kind: a sentence and its panels; ``prefix`` makes the ids of its pictures unique on the page."""
    period = context.newest_period(Selection(kinds=(kind,)))
    if period is None:
        return nodes.paragraph("", f"Inga uppföljda {kind.plural.lower()} ännu.", classes=["tyreso-empty"]), []
    objects = _follow_ups(context.catalogue.select(Selection(kinds=(kind,), period=period)))
    counts = count_statuses(objects)
    summary = ", ".join(f"{counts[status]} {PLURAL_STATUS[status]}" for status in STATUS_ORDER if counts[status])
    areas = _groups(
        objects,
        lambda obj: register_area(obj, context.goal_areas, context.ungrouped_label),
        [context.ungrouped_label, *context.goal_areas],
        "area",
        period,
    )
    organs = _groups(objects, lambda obj: obj.organ, [], "organ", period)
    year_periods = sorted(p for p in context.catalogue.by_period if p.year == period.year and not p.is_plan_year and p <= period)
    trend = [
        Group(
            p.code,
            count_statuses(_follow_ups(context.catalogue.select(Selection(kinds=(kind,), period=p)))),
            {"period": p.code},
        )
        for p in year_periods
    ]
    spec = context.kinds.get(kind)
    register = f"tyreso-{spec.register if spec is not None else kind.value}.html"
    lead = nodes.paragraph(
        "",
        f"{kind.plural} i {period.code} ({period.description}): {len(objects)} st, {summary}.",
        classes=["tyreso-glance-lead"],
    )
    panels = []
    for title, groups, first, slug in (
        ("per målområde", areas, "Målområde", "malomrade"),
        ("per organ", organs, "Organ", "organ"),
        (f"över året {period.year}", trend, "Period", "ar"),
    ):
        caption = f"{kind.plural} {title}" if slug == "ar" else f"{kind.plural} {title} – {period.code}"
        chart_id = f"{prefix}-{slug}"
        panels.append(
            Panel(chart_svg(groups, caption, chart_id), count_table(caption, first, groups, register, f"{chart_id}-tabell"))
        )
    return lead, panels


def count_table(caption: str, first: str, groups: list[Group], register: str, anchor: str) -> TableData:
    """The chart's numbers; each count leads to the register filtered to what it counts."""
    rows: list[list[Cell]] = []
    for group in groups:
        row: list[Cell] = [group.label]
        for status in STATUS_ORDER:
            count = group.counts[status]
            query = urllib.parse.urlencode({**group.query, "status": status.label})
            row.append(FileLink(Span(str(count)), register, query) if count else "0")
        row.append(FileLink(Span(str(group.total)), register, urllib.parse.urlencode(group.query)) if group.total else "0")
        rows.append(row)
    headers = [first, *(status.label for status in STATUS_ORDER), "Totalt"]
    return table_data(caption, headers, rows, classes=["tyreso-glance-table"], widths=[4, 1, 1, 1, 1, 1], anchor=anchor)


def chart_svg(groups: list[Group], caption: str, chart_id: str) -> str:
    """Horizontal bars, one per group under its label, each status a segment with its count written in it.

    The label stands above its bar, so that a long name (Ekonomi och hållbarhet, Arbetsmarknads- och
    socialnämnden) is never cut and the bar keeps the whole width on a phone.
    """
    width, bar_height, label_height, gap = 320, 24, 20, 10
    largest = max((group.total for group in groups), default=0) or 1
    row = label_height + bar_height + gap
    height = len(groups) * row + 30
    title_id = f"{chart_id}-titel"
    parts = [
        f'<figure class="tyreso-glance-chart"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"'
        f' role="img" aria-labelledby="{title_id}" focusable="false">'
        f'<title id="{title_id}">{html.escape(caption)}: stapeldiagram med samma siffror som tabellen.</title>'
    ]
    for index, group in enumerate(groups):
        y = index * row
        parts.append(f'<text x="0" y="{y + 15}" class="tyreso-chart-label">{html.escape(group.label)} ({group.total})</text>')
        x = 0.0
        for status in STATUS_ORDER:
            count = group.counts[status]
            if not count:
                continue
            segment = width * count / largest
            fill, ink = BAR_COLOURS[status]
            parts.append(
                f'<rect x="{x:.1f}" y="{y + label_height}" width="{segment:.1f}" height="{bar_height}" fill="{fill}"'
                ' stroke="#1a1a1a" stroke-width="0.6"/>'
            )
            if segment >= 18:
                parts.append(
                    f'<text x="{x + segment / 2:.1f}" y="{y + label_height + 17}" text-anchor="middle" fill="{ink}"'
                    f' class="tyreso-chart-count">{count}</text>'
                )
            x += segment
    legend_y = len(groups) * row + 16
    x = 0.0
    for status in STATUS_ORDER:
        fill, _ink = BAR_COLOURS[status]
        parts.append(
            f'<rect x="{x:.0f}" y="{legend_y - 11}" width="13" height="13" fill="{fill}" stroke="#1a1a1a" stroke-width="0.6"/>'
        )
        parts.append(f'<text x="{x + 18:.0f}" y="{legend_y}" class="tyreso-chart-legend">{html.escape(status.label)}</text>')
        x += 18 + 8.2 * len(status.label) + 14  # the legend's words never run past the picture
    parts.append(f"</svg><figcaption>{html.escape(caption)}. Siffrorna står i tabellen intill.</figcaption></figure>")
    return "".join(parts)


def chart_prefix(kind: Kind) -> str:
    return "lagesbild-" + slugify(kind.value)
