"""Links to objects and reports.

Aggregations are filled before references are resolved, so they leave ``pending_xref`` nodes
that name the exact occurrence (document and anchor); Sphinx resolves them with the builder,
like any other reference, and the fill step never needs the builder itself.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder

from ..model.objects import SteeringObject
from .badges import status_badge


def object_link(obj: SteeringObject, fromdocname: str, content: nodes.Node | str | None = None) -> pending_xref:
    """A link to one occurrence of an object; its text is the title unless content is given."""
    if content is None or isinstance(content, str):
        label = content or obj.title or obj.id
        content = nodes.inline(label, label)
    code = obj.period.code if obj.period else ""
    node = pending_xref(
        "",
        content,
        refdomain="tyreso",
        reftype=obj.kind.value,
        reftarget=f"{obj.id}@{code}" if code else obj.id,
        refdoc=fromdocname,
        refexplicit=True,
        refwarn=False,
        tyreso_docname=obj.docname,
        tyreso_anchor=obj.anchor,
    )
    return node


def document_link(docname: str, fromdocname: str, text: str) -> pending_xref:
    """A link to a whole document, resolved by Sphinx's own ``doc`` references."""
    return pending_xref(
        "", nodes.inline(text, text), refdomain="std", reftype="doc", reftarget="/" + docname, refdoc=fromdocname, refexplicit=True
    )


def occurrence_reference(builder: Builder, fromdocname: str, docname: str, anchor: str, content: nodes.Node) -> nodes.reference:
    """The resolved form of :func:`object_link`."""
    reference = nodes.reference("", "", internal=True, refuri=builder.get_relative_uri(fromdocname, docname) + "#" + anchor)
    reference += content
    return reference


def object_reference(builder: Builder, fromdocname: str, obj: SteeringObject, title: str = "") -> nodes.inline:
    """A cross-reference from text: the title linked, then the status badge of that period."""
    wrapper = nodes.inline(classes=["tyreso-ref"])
    label = title or obj.title or obj.id
    wrapper += occurrence_reference(builder, fromdocname, obj.docname, obj.anchor, nodes.Text(label))
    if obj.period is not None and obj.in_plan and obj.status is None:
        wrapper += nodes.inline("", f" (plan {obj.period})", classes=["tyreso-ref-period"])
    elif obj.period is not None:
        wrapper += nodes.Text(" ")
        wrapper += status_badge(obj.status)
        wrapper += nodes.inline("", f" ({obj.period})", classes=["tyreso-ref-period"])
    return wrapper


def unknown_reference(target: str) -> nodes.inline:
    """What a reference to an id that exists nowhere looks like."""
    return nodes.inline(target, f"{target} (okänt id)", classes=["tyreso-ref", "tyreso-ref-okand"])
