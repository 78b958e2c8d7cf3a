"""An object's fact list (id, målområde, ansvarig …): one node, written to HTML in one step.

As docutils nodes each fact costs a field, its name, its body and a paragraph; an object has up to a
dozen facts and a site thousands of objects. The values stay text children of the node, so the
search index finds them; other formats get docutils' own field list (:mod:`tyreso_ext.sphinx_ext.table_forms`).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from docutils import nodes


class fact_list(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """Facts as ``labels`` (an attribute) and one text child per value, in the same order."""


def fact_list_node(facts: Sequence[tuple[str, str]], classes: Sequence[str] = ()) -> fact_list:
    node = fact_list("", *(nodes.Text(value) for _, value in facts), labels=[label for label, _ in facts])
    node["classes"] = ["tyreso-facts", *classes]
    return node


def field_list_nodes(node: fact_list) -> nodes.field_list:
    """The docutils form, for builders of other formats."""
    field_list = nodes.field_list(classes=list(node["classes"]))
    for label, value in zip(node["labels"], node.children, strict=True):
        text = value.astext()
        field_list += nodes.field("", nodes.field_name(label, label), nodes.field_body("", nodes.paragraph(text, text)))
    return field_list


def visit_fact_list(translator: Any, node: fact_list) -> None:
    """The markup Sphinx's HTML writer gives a field list."""
    classes = html.escape(" ".join([*node["classes"], "field-list", "simple"]))
    parts = [f'<dl class="{classes}">\n']
    for index, (label, value) in enumerate(zip(node["labels"], node.children, strict=True)):
        parity = "field-odd" if index % 2 == 0 else "field-even"
        parts.append(
            f'<dt class="{parity}">{html.escape(label, quote=False)}<span class="colon">:</span></dt>\n'
            f'<dd class="{parity}"><p>{html.escape(value.astext(), quote=False)}</p>\n</dd>\n'
        )
    parts.append("</dl>\n")
    translator.body.append("".join(parts))
    raise nodes.SkipNode


def depart_fact_list(translator: Any, node: fact_list) -> None:
    """Never called: :func:`visit_fact_list` writes the whole list."""


# --- the folded part of an object: its id, secondary facts and history ------------------------------


class folded(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """What a reader opens when she wants it (``<details>``): ``summary`` is the line shown closed."""


def folded_node(summary: str, *children: nodes.Node, classes: Sequence[str] = ()) -> folded:
    node = folded("", *children, summary=summary)
    node["classes"] = ["tyreso-folded", *classes]
    return node


# Builders of paper: nothing can be opened there, so the part is shown open under its summary as a heading.
PRINT_BUILDERS = ("tyreso-print",)


def visit_folded(translator: Any, node: folded) -> None:
    classes = html.escape(" ".join(node["classes"]))
    summary = html.escape(node["summary"], quote=False)
    if translator.builder.name in PRINT_BUILDERS:
        translator.body.append(f'<div class="{classes}">\n<p class="tyreso-folded-summary">{summary}</p>\n')
    else:
        translator.body.append(f'<details class="{classes}">\n<summary>{summary}</summary>\n')


def depart_folded(translator: Any, node: folded) -> None:
    translator.body.append("</div>\n" if translator.builder.name in PRINT_BUILDERS else "</details>\n")


def folded_container(node: folded) -> nodes.container:
    """The docutils form, for builders of other formats: the summary as the first paragraph."""
    box = nodes.container(classes=list(node["classes"]))
    box += nodes.paragraph("", node["summary"], classes=["tyreso-folded-summary"])
    box.extend(child.deepcopy() for child in node.children)
    return box
