"""Links to objects from running text and from aggregations."""

from __future__ import annotations

from docutils import nodes
from sphinx.builders import Builder

from ..model.objects import SteeringObject
from .badges import status_badge


def object_uri(builder: Builder, fromdocname: str, obj: SteeringObject) -> str:
    """The relative URI of an object's occurrence, anchor included."""
    return builder.get_relative_uri(fromdocname, obj.docname) + "#" + obj.anchor


def object_link(builder: Builder, fromdocname: str, obj: SteeringObject, text: str | None = None) -> nodes.reference:
    """A link whose text is the object's title (or the text given)."""
    label = text or obj.title or obj.id
    return nodes.reference(label, label, internal=True, refuri=object_uri(builder, fromdocname, obj))


def object_reference(builder: Builder, fromdocname: str, obj: SteeringObject, title: str = "") -> nodes.inline:
    """A cross-reference: the title linked, then the status badge of that period."""
    wrapper = nodes.inline(classes=["tyreso-ref"])
    wrapper += object_link(builder, fromdocname, obj, title)
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
