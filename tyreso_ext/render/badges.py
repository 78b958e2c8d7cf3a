"""Status badges: the word and the colour together, never the colour alone."""

from __future__ import annotations

import dataclasses
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
        classes = f' class="{html.escape(" ".join(self.classes))}"' if self.classes else ""
        return f"<span{classes}>{html.escape(self.text, quote=False)}</span>"


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
