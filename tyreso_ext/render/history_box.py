"""An object's change history (*Ändringshistorik*): one node, written to HTML in one step.

Every object of a site in Git gets the box, so a large site has thousands; as docutils nodes each
costs a container, a title, a list and a paragraph per commit. The lines are attributes, not text
children: the search finds an object by what it says, not by who changed it when.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from docutils import nodes

TITLE = "Ändringshistorik"
NO_CHANGES = "Inga incheckade ändringar av objektet ännu."
# The line of an object's folded part (its id, secondary facts and history), with the history and without.
FOLDED_WITH_HISTORY = "Id, fler uppgifter och ändringshistorik"
FOLDED_WITHOUT_HISTORY = "Id och fler uppgifter"


class history_box(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """``lines`` (one per commit, newest first) and ``notice`` (what is missing from the history)."""


def history_box_node(lines: Sequence[str], notice: str) -> history_box:
    return history_box("", lines=list(lines), notice=notice)


def _paragraphs(node: history_box) -> tuple[list[str], list[tuple[str, str]]]:
    """The list's lines, and the paragraphs after it as (text, class)."""
    after = [(node["notice"], "tyreso-history-notice")] if node["notice"] else []
    if not node["lines"] and not node["notice"]:
        after.append((NO_CHANGES, ""))
    return node["lines"], after


def container_nodes(node: history_box) -> nodes.container:
    """The docutils form, for builders of other formats."""
    box = nodes.container(classes=["tyreso-history"])
    box += nodes.paragraph("", TITLE, classes=["tyreso-history-title"])
    lines, after = _paragraphs(node)
    if lines:
        box += nodes.bullet_list("", *(nodes.list_item("", nodes.paragraph("", line)) for line in lines))
    for text, css in after:
        box += nodes.paragraph("", text, classes=[css] if css else [])
    return box


def visit_history_box(translator: Any, node: history_box) -> None:
    """The markup Sphinx's HTML writer gives :func:`container_nodes`."""
    lines, after = _paragraphs(node)
    parts = [f'<div class="tyreso-history docutils container">\n<p class="tyreso-history-title">{TITLE}</p>\n']
    if lines:
        parts.append('<ul class="simple">\n')
        parts += [f"<li><p>{html.escape(line, quote=False)}</p></li>\n" for line in lines]
        parts.append("</ul>\n")
    for text, css in after:
        class_attribute = f' class="{css}"' if css else ""
        parts.append(f"<p{class_attribute}>{html.escape(text, quote=False)}</p>\n")
    parts.append("</div>\n")
    translator.body.append("".join(parts))
    raise nodes.SkipNode


def depart_history_box(translator: Any, node: history_box) -> None:
    """Never called: :func:`visit_history_box` writes the whole box."""
