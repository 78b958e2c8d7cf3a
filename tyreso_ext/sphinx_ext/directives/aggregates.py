"""Aggregation directives: each leaves a placeholder that is filled at write time."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from tyreso_ext.model.aggregate import AGGREGATES, Selection
from tyreso_ext.sphinx_ext.directives.base import TyresoDirective
from tyreso_ext.sphinx_ext.domain import get_domain
from tyreso_ext.sphinx_ext.nodes import aggregate_placeholder


class AggregateDirective(TyresoDirective):
    """Reads the shared filter options and leaves a placeholder."""

    has_content = False
    optional_arguments = 0
    aggregate = ""  # its options and default kinds are in model.aggregate.AGGREGATES
    newest_period_by_default = True  # without :period:, show the newest period (outside a report)

    def run(self) -> list[nodes.Node]:
        record = self.record()
        given, selection = record.given_options, record.selection
        assert selection is not None
        period, organ, allowed = selection.period, selection.organ, AGGREGATES[self.aggregate].options
        newest = period is None and "period" in allowed and self.newest_period_by_default
        report = self.report
        if newest and report is not None and report.period is not None and "period" not in given:
            period, newest = report.period, False
        if report is not None and not organ and "organ" in allowed and "organ" not in given:
            organ = report.organ
        selection = Selection(kinds=selection.kinds, period=period, organ=organ, goal_area=selection.goal_area)
        get_domain(self.env).add_selection(self.env.docname, self.aggregate, selection)
        placeholder = aggregate_placeholder(aggregate=self.aggregate, selection=selection, newest_period=newest)
        placeholder.source, placeholder.line = self.get_source_info()
        return [placeholder]


class StatusTableDirective(AggregateDirective):
    """``statustabell``: objects of a period with their status, grouped by målområde."""

    aggregate = "statustabell"


class GoalAreaSummaryDirective(AggregateDirective):
    """``målområdesöversikt``: per målområde, the count of each status."""

    aggregate = "målområdesöversikt"


class PeriodMatrixDirective(AggregateDirective):
    """``periodmatris``: objects × periods, each cell the status in that period."""

    aggregate = "periodmatris"


class RiskMatrixDirective(AggregateDirective):
    """``riskmatris``: 5 × 5 sannolikhet × konsekvens with each risk in its cell."""

    aggregate = "riskmatris"


class ReportListDirective(AggregateDirective):
    """``rapportlista``: every report by year, period and organ."""

    aggregate = "rapportlista"


class StatusChangesDirective(AggregateDirective):
    """``statusandringar``: every status change in the version history, newest first."""

    aggregate = "statusandringar"
    newest_period_by_default = False


AGGREGATE_DIRECTIVES = {
    directive.aggregate: directive
    for directive in (
        StatusTableDirective,
        GoalAreaSummaryDirective,
        PeriodMatrixDirective,
        RiskMatrixDirective,
        ReportListDirective,
        StatusChangesDirective,
    )
}


def setup(app: Sphinx) -> None:
    for name, directive in AGGREGATE_DIRECTIVES.items():
        app.add_directive_to_domain("tyreso", name, directive)
        app.add_directive(name, directive)
