"""Aggregation directives: each leaves a placeholder that is filled at write time."""

from __future__ import annotations

from docutils import nodes

from .. import log
from ..model.aggregate import Selection
from ..model.findings import Finding
from ..model.objects import Kind
from ..model.period import Period, PeriodError, parse_period
from ..model.text import did_you_mean, fold, quoted_list
from ..model.vocabulary import VocabularyError
from ..nodes import aggregate_placeholder
from .base import TyresoDirective

KIND_WORDS = {fold(kind.value): kind for kind in Kind} | {"indikatorer": Kind.INDIKATOR, "risker": Kind.RISK}


class AggregateDirective(TyresoDirective):
    """Reads the shared filter options and leaves a placeholder."""

    has_content = False
    optional_arguments = 0
    aggregate = ""
    allowed_options: tuple[str, ...] = ("period", "typ", "organ", "målområde")
    default_kinds: tuple[Kind, ...] = (Kind.UPPDRAG,)

    def run(self) -> list[nodes.Node]:
        findings: list[Finding] = []
        lines = self.option_lines()
        path = self.source_path

        def problem(code: str, key: str, message: str) -> None:
            findings.append(Finding(path, lines.get(key, self.lineno), code, message))

        values: dict[str, str] = {}
        for key, raw in self.options.items():
            name = next((allowed for allowed in self.allowed_options if fold(allowed) == fold(key)), None)
            if name is None:
                problem(
                    "TY005",
                    key,
                    f"Okänt fält '{key}' för {self.name}.{did_you_mean(key, list(self.allowed_options))} "
                    f"Tillåtna fält är {quoted_list(list(self.allowed_options))}.",
                )
            elif (raw or "").strip():
                values[name] = raw.strip()

        period: Period | None = None
        if "period" in values:
            try:
                period = parse_period(values["period"])
            except PeriodError as error:
                problem("TY007", "period", str(error))
        kinds = self.default_kinds
        if "typ" in values:
            chosen = []
            for word in values["typ"].replace(",", " ").split():
                kind = KIND_WORDS.get(fold(word))
                if kind is None:
                    problem("TY016", "typ", f"'{word}' är ingen objekttyp.{did_you_mean(word, [kind.value for kind in Kind])} Tillåtna värden är {quoted_list([kind.value for kind in Kind])}.")
                else:
                    chosen.append(kind)
            kinds = tuple(chosen) or kinds
        organ = ""
        if "organ" in values:
            try:
                organ = self.vocabulary.organ(values["organ"])
            except VocabularyError as error:
                problem("TY016", "organ", str(error))
        goal_area = ""
        if "målområde" in values:
            try:
                goal_area = self.vocabulary.goal_area(values["målområde"])
            except VocabularyError as error:
                problem("TY016", "målområde", str(error))
        log.emit(findings, docname=self.env.docname)

        newest = period is None and "period" in self.allowed_options
        report = self.report
        if newest and report is not None and report.period is not None and "period" not in values:
            period, newest = report.period, False
        if report is not None and not organ and "organ" in self.allowed_options and "organ" not in values:
            organ = report.organ
        selection = Selection(kinds=kinds, period=period, organ=organ, goal_area=goal_area)
        self.env.domains["tyreso"].add_selection(self.env.docname, self.aggregate, selection)
        placeholder = aggregate_placeholder(aggregate=self.aggregate, selection=selection, newest_period=newest)
        placeholder.source, placeholder.line = self.get_source_info()
        return [placeholder]


class StatusTableDirective(AggregateDirective):
    """``statustabell``: objects of a period with their status, grouped by målområde."""

    aggregate = "statustabell"


class GoalAreaSummaryDirective(AggregateDirective):
    """``målområdesöversikt``: per målområde, the count of each status."""

    aggregate = "målområdesöversikt"
    default_kinds = (Kind.UPPDRAG, Kind.MAL)


class PeriodMatrixDirective(AggregateDirective):
    """``periodmatris``: objects × periods, each cell the status in that period."""

    aggregate = "periodmatris"
    allowed_options = ("typ", "organ", "målområde")


class RiskMatrixDirective(AggregateDirective):
    """``riskmatris``: 5 × 5 sannolikhet × konsekvens with each risk in its cell."""

    aggregate = "riskmatris"
    allowed_options = ("period", "organ")
    default_kinds = (Kind.RISK,)


class ReportListDirective(AggregateDirective):
    """``rapportlista``: every report by year, period and organ."""

    aggregate = "rapportlista"
    allowed_options = ("organ",)
    default_kinds = ()


AGGREGATE_DIRECTIVES = {
    directive.aggregate: directive
    for directive in (StatusTableDirective, GoalAreaSummaryDirective, PeriodMatrixDirective, RiskMatrixDirective, ReportListDirective)
}
