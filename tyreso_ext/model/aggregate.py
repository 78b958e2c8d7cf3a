"""The aggregations the reports show, computed from records alone (no Sphinx)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable

from .objects import Kind, Report, SteeringObject
from .period import Period
from .status import Status


@dataclasses.dataclass(frozen=True)
class Selection:
    """Which objects an aggregation shows; empty fields do not filter."""

    kinds: tuple[Kind, ...] = ()
    period: Period | None = None
    organ: str = ""
    goal_area: str = ""

    def matches(self, obj: SteeringObject) -> bool:
        if obj.period is None:
            return False
        if self.kinds and obj.kind not in self.kinds:
            return False
        if self.period is not None and obj.period != self.period:
            return False
        if self.organ and obj.organ != self.organ:
            return False
        return not self.goal_area or obj.goal_area == self.goal_area


def select(objects: Iterable[SteeringObject], selection: Selection) -> list[SteeringObject]:
    """The matching objects in a stable order: by title, then id, then period."""
    chosen = [obj for obj in objects if selection.matches(obj)]
    return sorted(chosen, key=lambda obj: (obj.title.casefold(), obj.id, obj.period or Period(0), obj.path))


def group_by_goal_area(
    objects: list[SteeringObject], goal_areas: Iterable[str], ungrouped_label: str
) -> list[tuple[str, list[SteeringObject]]]:
    """Groups in the site's order of målområden; objects without one come first."""
    order = [ungrouped_label, *goal_areas]
    groups: dict[str, list[SteeringObject]] = {}
    for obj in objects:
        groups.setdefault(obj.goal_area or ungrouped_label, []).append(obj)
    return [(area, groups[area]) for area in order if area in groups] + [
        (area, members) for area, members in groups.items() if area not in order
    ]


STATUS_ORDER = (Status.GRON, Status.GUL, Status.ROD, Status.EJ_BEDOMD)


def count_statuses(objects: Iterable[SteeringObject]) -> Counter[Status]:
    """How many objects have each status; objects without a status count as 'ej bedömd'."""
    return Counter(obj.status or Status.EJ_BEDOMD for obj in objects)


@dataclasses.dataclass(frozen=True)
class MatrixRow:
    """One object across periods: the newest title, and its occurrence per period."""

    kind: Kind
    id: str
    title: str
    goal_area: str
    cells: dict[Period, SteeringObject]


def period_matrix(objects: Iterable[SteeringObject], selection: Selection) -> tuple[list[Period], list[MatrixRow]]:
    """Objects × periods. The selection's period is ignored: every period is a column."""
    unfiltered = dataclasses.replace(selection, period=None)
    chosen = [obj for obj in objects if unfiltered.matches(obj)]
    periods = sorted({obj.period for obj in chosen if obj.period is not None})
    rows: dict[tuple[Kind, str], dict[Period, SteeringObject]] = {}
    for obj in sorted(chosen, key=lambda obj: (obj.period, obj.path, obj.line)):
        if obj.id and obj.period is not None:
            rows.setdefault(obj.key, {}).setdefault(obj.period, obj)
    result = []
    for (kind, object_id), cells in rows.items():
        newest = cells[max(cells)]
        result.append(MatrixRow(kind, object_id, newest.title, newest.goal_area, cells))
    result.sort(key=lambda row: (row.title.casefold(), row.id))
    return periods, result


def level_band(level: int) -> str:
    """The shading band of a risk level: låg (1–4), medel (5–9), hög (10–15), mycket hög (16–25)."""
    if level <= 4:
        return "lag"
    if level <= 9:
        return "medel"
    if level <= 15:
        return "hog"
    return "mycket-hog"


BAND_LABELS = {"lag": "Låg", "medel": "Medel", "hog": "Hög", "mycket-hog": "Mycket hög"}


def risk_grid(risks: Iterable[SteeringObject]) -> tuple[dict[tuple[int, int], list[SteeringObject]], list[SteeringObject]]:
    """Risks placed by (sannolikhet, konsekvens); those with only a level are returned apart."""
    grid: dict[tuple[int, int], list[SteeringObject]] = {}
    level_only = []
    for risk in risks:
        probability = risk.numbers.get("sannolikhet")
        consequence = risk.numbers.get("konsekvens")
        if probability and consequence:
            grid.setdefault((probability, consequence), []).append(risk)
        elif risk.risk_level is not None:
            level_only.append(risk)
    level_only.sort(key=lambda risk: (-(risk.risk_level or 0), risk.title.casefold()))
    return grid, level_only


def reports_by_year(reports: Iterable[Report]) -> list[tuple[int, list[Report]]]:
    """Reports grouped by year (newest first), each year in period order, then organ."""
    years: dict[int, list[Report]] = {}
    for report in reports:
        if report.period is not None:
            years.setdefault(report.period.year, []).append(report)
    return [
        (year, sorted(members, key=lambda report: (report.period, report.organ.casefold())))
        for year, members in sorted(years.items(), reverse=True)
    ]
