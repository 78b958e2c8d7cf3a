"""Status badges: the word and the colour together, never the colour alone."""

from __future__ import annotations

from docutils import nodes

from ..model.status import Status
from ..model.text import fold


def status_badge(status: Status | None) -> nodes.inline:
    """``<span class="tyreso-badge tyreso-badge-gron">Grön</span>``; no status reads 'Ej bedömd'."""
    status = status or Status.EJ_BEDOMD
    css = "tyreso-badge-" + fold(status.value).replace(" ", "-")
    return nodes.inline(status.label, status.label, classes=["tyreso-badge", css])


def invalid_badge(written: str) -> nodes.inline:
    """What a status the model could not read looks like: the text as written, marked."""
    return nodes.inline(written, f"Ogiltig status: {written}", classes=["tyreso-badge", "tyreso-badge-ogiltig"])
