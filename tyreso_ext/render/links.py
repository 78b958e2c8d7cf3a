"""Links to objects and reports.

Tables name the exact occurrence of an object (its document and anchor) as a
:class:`~tyreso_ext.render.tables.Link`; references written in the text are resolved by the domain.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder

from tyreso_ext.model.objects import SteeringObject
from tyreso_ext.render.badges import Span, status_badge
from tyreso_ext.render.tables import Link


def object_piece(obj: SteeringObject, content: Span | str | None = None) -> Link:
    """A table's link to one occurrence of an object; its text is the title unless content is given."""
    if content is None or isinstance(content, str):
        content = Span(content or obj.title or obj.id)
    return Link(content, obj.docname, obj.anchor)


def document_piece(docname: str, text: str) -> Link:
    """A table's link to a whole document, marked up as Sphinx marks up its own ``doc`` references."""
    return Link(Span(text, ("doc",)), docname)


def pending_link(link: Link, fromdocname: str) -> pending_xref:
    """The docutils form of a table's link, resolved by Sphinx with the builder: a document by Sphinx's
    own ``doc`` references, an occurrence of an object by the tyreso domain."""
    if not link.anchor:
        return pending_xref(
            "",
            link.content.node(),
            refdomain="std",
            reftype="doc",
            reftarget="/" + link.docname,
            refdoc=fromdocname,
            refexplicit=True,
        )
    return pending_xref(
        "",
        link.content.node(),
        refdomain="tyreso",
        reftype="occurrence",
        reftarget=link.anchor,
        refdoc=fromdocname,
        refexplicit=True,
        refwarn=False,
        tyreso_docname=link.docname,
    )


def occurrence_reference(builder: Builder, fromdocname: str, docname: str, anchor: str, content: nodes.Node) -> nodes.reference:
    """A link to one occurrence of an object (its document and anchor)."""
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
