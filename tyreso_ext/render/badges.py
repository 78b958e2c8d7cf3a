"""Status badges: the word and the colour together, never the colour alone."""

from __future__ import annotations

import dataclasses
import functools
import html

from docutils import nodes

from tyreso_ext.model.status import Status
from tyreso_ext.model.text import fold


@dataclasses.dataclass(frozen=True)
class Span:
    """Text with classes: a badge, a marker, a level; ``<span class="…">text</span>``."""

    text: str
    classes: tuple[str, ...] = ()

    def node(self) -> nodes.inline:
        return nodes.inline(self.text, self.text, classes=list(self.classes))

    def html(self) -> str:
        return _span_html(self.text, self.classes)


@functools.lru_cache(maxsize=4096)  # a table repeats its badges and markers thousands of times
def _span_html(text: str, classes: tuple[str, ...]) -> str:
    class_attribute = f' class="{html.escape(" ".join(classes))}"' if classes else ""
    return f"<span{class_attribute}>{html.escape(text, quote=False)}</span>"


@functools.cache
def badge(status: Status | None) -> Span:
    """``<span class="tyreso-badge tyreso-badge-gron">Grön</span>``; no status reads 'Ej bedömd'."""
    status = status or Status.EJ_BEDOMD
    return Span(status.label, ("tyreso-badge", "tyreso-badge-" + fold(status.value).replace(" ", "-")))


def status_badge(status: Status | None) -> nodes.inline:
    """The badge as a docutils node."""
    return badge(status).node()


def invalid_badge(written: str) -> nodes.inline:
    """What a status the model could not read looks like: the text as written, marked."""
    return nodes.inline(written, f"Ogiltig status: {written}", classes=["tyreso-badge", "tyreso-badge-ogiltig"])
