"""A semantic diff as text, Markdown (for a merge request) or JSON."""

from __future__ import annotations

import json

from tyreso_ext.history.changes import ADDED, FIELD, MOVED, ORDER, REMOVED, STATUS, TEXT, ObjectChange

HEADINGS = {
    STATUS: "Ändrad status",
    ADDED: "Tillagda objekt",
    REMOVED: "Borttagna objekt",
    FIELD: "Ändrade fält",
    TEXT: "Ändrad text",
    MOVED: "Flyttade objekt",
}


def as_text(changes: list[ObjectChange], before: str, after: str) -> str:
    if not changes:
        return f"Inga ändringar i rapporternas objekt mellan {before} och {after}.\n"
    objects = len({change.key for change in changes})
    count = "1 ändring" if len(changes) == 1 else f"{len(changes)} ändringar"
    lines = [f"Ändringar mellan {before} och {after}: {count} i {objects} objekt."]
    for kind in ORDER:
        group = [change for change in changes if change.change == kind]
        if group:
            lines += ["", f"{HEADINGS[kind]}:"]
            lines += [f"  {change.describe()}" for change in group]
    return "\n".join(lines) + "\n"


def as_markdown(changes: list[ObjectChange], before: str, after: str) -> str:
    lines = [f"### Ändringar i rapporterna ({before} → {after})", ""]
    if not changes:
        return "\n".join([*lines, "Inga objekt har ändrats."]) + "\n"
    for kind in ORDER:
        group = [change for change in changes if change.change == kind]
        if not group:
            continue
        lines += [f"#### {HEADINGS[kind]} ({len(group)})", ""]
        if kind == STATUS:
            lines += ["| Objekt | Period | Organ | Före | Efter |", "|---|---|---|---|---|"]
            lines += [
                f"| {_cell(change.kind.value)} {_cell(change.title)} (`{change.id}`) | {change.period} | {_cell(change.organ)} "
                f"| {change.before or '–'} | **{change.after or '–'}** |"
                for change in group
            ]
        else:
            lines += [f"- {_cell(change.describe())}" for change in group]
        lines.append("")
    return "\n".join(lines)


def as_json(changes: list[ObjectChange], before: str, after: str) -> str:
    payload = {"från": before, "till": after, "ändringar": [change.as_dict() for change in changes]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell or list item: no pipes, no raw HTML."""
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


FORMATTERS = {"text": as_text, "markdown": as_markdown, "json": as_json}
