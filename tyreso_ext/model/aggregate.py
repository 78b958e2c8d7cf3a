"""The aggregations the reports show, computed from records alone (no Sphinx)."""

from __future__ import annotations

import dataclasses
import enum
import functools
from collections import Counter
from collections.abc import Iterable

from tyreso_ext.model.findings import Finding
from tyreso_ext.model.kinds import BUILTIN_KINDS, Kinds
from tyreso_ext.model.objects import Kind, Report, SteeringObject
from tyreso_ext.model.period import Period, PeriodError, parse_period
from tyreso_ext.model.status import Status
from tyreso_ext.model.text import did_you_mean, fold, quoted_list
from tyreso_ext.model.vocabulary import Vocabulary, VocabularyError


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


def controls_by_risk(objects: Iterable[SteeringObject]) -> list[tuple[SteeringObject, list[SteeringObject]]]:
    """Each risk among ``objects`` with the kontroller among them that name it in their field 'risk' (same period
    and organ), risks in the matrix's order (highest level first); risks without kontroller are left out."""
    chosen = list(objects)
    controls: dict[tuple[str, Period | None, str], list[SteeringObject]] = {}
    for obj in chosen:
        if obj.kind is Kind.KONTROLL and obj.fields.get("risk"):
            controls.setdefault((obj.fields["risk"], obj.period, obj.organ), []).append(obj)
    risks = [obj for obj in chosen if obj.kind is Kind.RISK and (obj.id, obj.period, obj.organ) in controls]
    risks.sort(key=lambda risk: (-(risk.risk_level or 0), risk.title.casefold(), risk.id))
    return [
        (risk, sorted(controls[risk.id, risk.period, risk.organ], key=lambda obj: (obj.title.casefold(), obj.id)))
        for risk in risks
    ]


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


# --- the options of the aggregation directives, read the same way by the build and `tyreso check` ---


def kind_word(word: str, kinds: Kinds = BUILTIN_KINDS) -> Kind | None:
    """The kind a word in ``typ`` names: its name, role, label or plural ('indikatorer', 'aktiviteter')."""
    spec = kinds.by_word(word)
    return spec.kind if spec is not None else None


class Shows(enum.Enum):
    """What an aggregation's page shows of other documents, so what makes it stale when they change."""

    OBJECTS = "objects"  # the objects its selection matches
    REPORTS = "reports"  # the reports themselves (their kind, period, organ, title)
    HISTORY = "history"  # the version history (a new commit)


@dataclasses.dataclass(frozen=True)
class AggregateSpec:
    """One aggregation directive: the one place that declares it (see the handbook's architecture page).

    ``renderer`` names the function (``module:function``) that turns a selection into tables at write time;
    it is imported by the build only, so this layer knows no Sphinx and no docutils.
    """

    options: tuple[str, ...]  # the options it takes
    default_kinds: tuple[Kind, ...]  # the kinds it shows when ``typ`` is not given
    renderer: str
    shows: Shows = Shows.OBJECTS
    newest_period_by_default: bool = True  # without ``:period:`` outside a report: the newest period


AGGREGATES: dict[str, AggregateSpec] = {
    "statustabell": AggregateSpec(
        ("period", "typ", "organ", "målområde"), (Kind.UPPDRAG,), "tyreso_ext.render.status_table:render_status_table"
    ),
    "målområdesöversikt": AggregateSpec(
        ("period", "typ", "organ", "målområde"),
        (Kind.UPPDRAG, Kind.MAL),
        "tyreso_ext.render.goal_area_summary:render_goal_area_summary",
    ),
    "periodmatris": AggregateSpec(
        ("typ", "organ", "målområde"), (Kind.UPPDRAG,), "tyreso_ext.render.period_matrix:render_period_matrix"
    ),
    # The risks, and the kontroller of the internkontrollplan that name them (shown under the matrix).
    "riskmatris": AggregateSpec(
        ("period", "organ"), (Kind.RISK, Kind.KONTROLL), "tyreso_ext.render.risk_matrix:render_risk_matrix"
    ),
    "rapportlista": AggregateSpec(("organ",), (), "tyreso_ext.render.report_list:render_report_list", shows=Shows.REPORTS),
    "statusandringar": AggregateSpec(
        ("period", "organ"),
        (),
        "tyreso_ext.render.history_listing:render_history_listing",
        shows=Shows.HISTORY,
        newest_period_by_default=False,
    ),
}


def placed_selection(name: str, given: Iterable[str], selection: Selection, report: Report | None) -> tuple[Selection, bool]:
    """The selection an aggregation shows where it is placed, and whether it shows the site's newest period.

    Inside a report, a period or organ not given is the report's own; elsewhere a table without a period shows
    the newest period of the site (decided at write time, when every document is known).
    """
    spec = AGGREGATES[name]
    period, organ = selection.period, selection.organ
    newest = period is None and "period" in spec.options and spec.newest_period_by_default
    if newest and report is not None and report.period is not None and "period" not in given:
        period, newest = report.period, False
    if report is not None and not organ and "organ" in spec.options and "organ" not in given:
        organ = report.organ
    return Selection(kinds=selection.kinds, period=period, organ=organ, goal_area=selection.goal_area), newest


def read_aggregate_options(
    name: str, options: dict[str, str | None], option_lines: dict[str, int], path: str, line: int, vocabulary: Vocabulary
) -> tuple[set[str], Selection, list[Finding]]:
    """The options given (with a value), the selection they make, and the problems found in them."""
    spec = AGGREGATES[name]
    findings: list[Finding] = []

    def problem(code: str, key: str, message: str) -> None:
        findings.append(Finding(path, option_lines.get(key, line), code, message))

    values: dict[str, str] = {}
    for key, raw in options.items():
        option = next((allowed for allowed in spec.options if fold(allowed) == fold(key)), None)
        if option is None:
            problem(
                "TY005",
                key,
                f"Okänt fält '{key}' för {name}.{did_you_mean(key, list(spec.options))} "
                f"Tillåtna fält är {quoted_list(list(spec.options))}.",
            )
        elif (raw or "").strip():
            values[option] = (raw or "").strip()

    period: Period | None = None
    if "period" in values:
        try:
            period = parse_period(values["period"])
        except PeriodError as error:
            problem("TY007", "period", str(error))
    kinds = spec.default_kinds
    if "typ" in values:
        chosen = []
        for word in values["typ"].replace(",", " ").split():
            kind = kind_word(word, vocabulary.kinds)
            if kind is None:
                allowed = vocabulary.kinds.names
                problem(
                    "TY016",
                    "typ",
                    f"'{word}' är ingen objekttyp.{did_you_mean(word, allowed)} Tillåtna värden är {quoted_list(allowed)}.",
                )
            else:
                chosen.append(kind)
        kinds = tuple(chosen) or kinds
    organ = ""
    if "organ" in values:
        try:
            organ = vocabulary.organ(values["organ"])
        except VocabularyError as error:
            problem("TY016", "organ", str(error))
    goal_area = ""
    if "målområde" in values:
        try:
            goal_area = vocabulary.goal_area(values["målområde"])
        except VocabularyError as error:
            problem("TY016", "målområde", str(error))
    return set(values), Selection(kinds=kinds, period=period, organ=organ, goal_area=goal_area), findings


def recency(obj: SteeringObject) -> tuple[Period | None, bool, str]:
    """How new an occurrence is: its period, then a follow-up before the plan, then the document name."""
    return (obj.period, not obj.in_plan, obj.docname)


class Catalogue:
    """Every object of the site, indexed so that each aggregation looks only at its own bucket.

    Without it every table on every page would scan every object of every report: quadratic
    in the number of reports.
    """

    def __init__(self, objects: Iterable[SteeringObject]) -> None:
        self.objects = list(objects)
        self.by_key: dict[tuple[Kind, str], list[SteeringObject]] = {}
        self.by_period: dict[Period, list[SteeringObject]] = {}
        self.by_organ: dict[str, list[SteeringObject]] = {}
        self.by_period_organ: dict[tuple[Period, str], list[SteeringObject]] = {}
        self.by_kind: dict[Kind, list[SteeringObject]] = {}
        for obj in self.objects:
            self.by_key.setdefault(obj.key, []).append(obj)
            self.by_kind.setdefault(obj.kind, []).append(obj)
            if obj.period is not None:
                self.by_period.setdefault(obj.period, []).append(obj)
                self.by_period_organ.setdefault((obj.period, obj.organ), []).append(obj)
            self.by_organ.setdefault(obj.organ, []).append(obj)

    @functools.cached_property
    def newest(self) -> dict[tuple[Kind, str], SteeringObject]:
        """Per object, the occurrence of its newest period (a follow-up before the plan of the same
        period, then the document name); objects without a period are left out."""
        newest: dict[tuple[Kind, str], SteeringObject] = {}
        for key, occurrences in self.by_key.items():
            dated = [obj for obj in occurrences if obj.period is not None]
            if dated:
                newest[key] = max(dated, key=recency)
        return newest

    def candidates(self, selection: Selection) -> list[SteeringObject]:
        """A superset of what the selection matches, from the smallest bucket that holds it."""
        if selection.period is not None and selection.organ:
            return self.by_period_organ.get((selection.period, selection.organ), [])
        if selection.period is not None:
            return self.by_period.get(selection.period, [])
        if selection.organ:
            return self.by_organ.get(selection.organ, [])
        return self.objects

    def select(self, selection: Selection) -> list[SteeringObject]:
        return select(self.candidates(selection), selection)

    def newest_follow_up_period(self, selection: Selection) -> Period | None:
        """The newest follow-up period among the objects the selection would show in any period."""
        anyperiod = dataclasses.replace(selection, period=None)
        for period in sorted(self.by_period, reverse=True):
            bucket = self.by_period_organ.get((period, selection.organ), []) if selection.organ else self.by_period[period]
            if any(not obj.in_plan and anyperiod.matches(obj) for obj in bucket):
                return period
        return None
