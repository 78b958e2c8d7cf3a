"""The ``ekonomitabell`` directive: a financial table whose sums and differences the build checks."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from tyreso_ext.model.finance import DIRECTIVE as FINANCE_DIRECTIVE
from tyreso_ext.model.ids import slugify
from tyreso_ext.render.finance_table import render_finance_table
from tyreso_ext.sphinx_ext.directives.base import TyresoDirective
from tyreso_ext.sphinx_ext.directives.objects import problem_list


class FinanceTableDirective(TyresoDirective):
    """Title as argument; data as CSV in the body or in ``:fil:``; see :mod:`tyreso_ext.model.finance`."""

    def run(self) -> list[nodes.Node]:
        record = self.record()
        finance, findings = record.finance, record.findings
        if record.data_file is not None:
            self.env.note_dependency(str(record.data_file))
        result = render_finance_table(finance) if finance is not None else []
        if findings:
            result.append(problem_list(findings))
        container = nodes.container(classes=["tyreso-finance"])
        container.source, container.line = self.get_source_info()
        container.extend(result)
        for table in container.findall(nodes.table):
            anchor = f"ekonomitabell-{slugify(record.argument)}" if slugify(record.argument) else ""
            if anchor and anchor not in self.state.document.ids:
                table["ids"].append(anchor)  # a link that says what it points at; set_id registers it
            self.state.document.set_id(table)
        return [container]


def setup(app: Sphinx) -> None:
    app.add_directive_to_domain("tyreso", FINANCE_DIRECTIVE, FinanceTableDirective)
    app.add_directive(FINANCE_DIRECTIVE, FinanceTableDirective)
