"""The Sphinx extension: everything ``tyreso_ext`` registers with Sphinx, in one place."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from tyreso_ext.sphinx_ext import accessibility
from tyreso_ext.sphinx_ext import assets
from tyreso_ext.sphinx_ext import events
from tyreso_ext.sphinx_ext import footer
from tyreso_ext.outputs.open_data import site as open_data
from tyreso_ext.sphinx_ext import registers
from tyreso_ext.sphinx_ext import safety
from tyreso_ext.render.chart_node import register_chart_node
from tyreso_ext.sphinx_ext.config import register_config
from tyreso_ext.sphinx_ext.directives.aggregates import AGGREGATE_DIRECTIVES
from tyreso_ext.sphinx_ext.directives.finance import FinanceTableDirective
from tyreso_ext.sphinx_ext.directives.objects import OBJECT_DIRECTIVES
from tyreso_ext.sphinx_ext.domain import TyresoDomain
from tyreso_ext.sphinx_ext.fill import FillAggregates
from tyreso_ext.sphinx_ext.history_pages import FillHistory, pages_to_rewrite_for_history
from tyreso_ext.sphinx_ext.indices import OBJECT_INDICES
from tyreso_ext.model.finance import DIRECTIVE as FINANCE_DIRECTIVE
from tyreso_ext.model.objects import Kind
from tyreso_ext.outputs.pdf.builder import PrintBuilder
from tyreso_ext.render.facts import depart_fact_list, fact_list, visit_fact_list
from tyreso_ext.render.history_box import depart_history_box, history_box, visit_history_box
from tyreso_ext.render.tables import compact_table, depart_compact_table, visit_compact_table
from tyreso_ext.sphinx_ext.roles import ObjectRole
from tyreso_ext.sphinx_ext.table_forms import ExpandFactLists, ExpandTables, ExpandTablesForPrint
from tyreso_ext import __version__


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the domain, directives, roles, transforms, events and the print builder."""
    register_config(app)
    app.add_domain(TyresoDomain)
    for kind, directive in OBJECT_DIRECTIVES.items():
        app.add_directive_to_domain("tyreso", kind.value, directive)
        app.add_role_to_domain("tyreso", kind.value, ObjectRole(kind))
        # Staff write {uppdrag} rather than {tyreso:uppdrag}.
        app.add_directive(kind.value, directive)
        app.add_role(kind.value, ObjectRole(kind))
    # MyST role names are ASCII only, so {mål}`id` is written {mal}`id` in Markdown.
    app.add_role_to_domain("tyreso", "mal", ObjectRole(Kind.MAL))
    app.add_role("mal", ObjectRole(Kind.MAL))
    for name, directive in AGGREGATE_DIRECTIVES.items():
        app.add_directive_to_domain("tyreso", name, directive)
        app.add_directive(name, directive)
    app.add_directive_to_domain("tyreso", FINANCE_DIRECTIVE, FinanceTableDirective)
    app.add_directive(FINANCE_DIRECTIVE, FinanceTableDirective)
    register_chart_node(app)
    app.add_node(compact_table, html=(visit_compact_table, depart_compact_table))
    app.add_node(fact_list, html=(visit_fact_list, depart_fact_list))
    app.add_node(history_box, html=(visit_history_box, depart_history_box))
    for index in OBJECT_INDICES:
        app.add_index_to_domain("tyreso", index)
    app.add_post_transform(FillAggregates)
    app.add_post_transform(FillHistory)
    app.add_post_transform(ExpandTables)
    app.add_post_transform(ExpandTablesForPrint)
    app.add_post_transform(ExpandFactLists)
    app.connect("source-read", events.read_front_matter)
    app.connect("env-purge-doc", events.remember_before_purge)
    app.connect("env-before-read-docs", events.remember_docs_to_read)
    app.connect("env-get-updated", events.pages_to_rewrite)
    app.connect("env-get-updated", pages_to_rewrite_for_history)
    app.connect("env-check-consistency", events.check_consistency)
    app.connect("doctree-read", events.insert_report_header)
    app.connect("doctree-read", events.find_goal_role_typos)
    app.connect("builder-inited", assets.add_stylesheet)
    app.connect("build-finished", assets.copy_stylesheet)
    app.connect("doctree-read", open_data.keep_export_chunk)
    app.connect("build-finished", open_data.write_open_data)
    footer.register(app)
    registers.register(app)
    accessibility.register(app)
    safety.register(app)
    app.add_builder(PrintBuilder)
    return {"version": __version__, "env_version": 3, "parallel_read_safe": True, "parallel_write_safe": True}
