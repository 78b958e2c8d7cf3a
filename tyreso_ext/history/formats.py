"""A semantic diff as text, Markdown (for a merge request) or JSON.

Changes in a report that was already decided (fastställd) in the earlier version are marked, and listed once
more at the end with whether a rättelse was written in between (history.decided): without one, they are
findings (TY041) in ``tyreso check``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from tyreso_ext.history.changes import ADDED, FIELD, MOVED, ORDER, REMOVED, STATUS, TEXT, ObjectChange
from tyreso_ext.history.decided import DecidedChanges

HEADINGS = {
    STATUS: "Ändrad status",
    ADDED: "Tillagda objekt",
    REMOVED: "Borttagna objekt",
    FIELD: "Ändrade fält",
    TEXT: "Ändrad text",
    MOVED: "Flyttade objekt",
}
DECIDED_MARK = "fastställd"
DECIDED_HEADING = "Ändringar i fastställda rapporter"


def _decided_paths(decided: Sequence[DecidedChanges]) -> set[str]:
    return {report.path for report in decided}


def in_decided(change: ObjectChange, paths: set[str]) -> bool:
    """Whether a change is in a report that was decided in the earlier version."""
    return change.path in paths or (change.change == MOVED and change.before in paths)


def _decided_summary(report: DecidedChanges, changes: list[ObjectChange]) -> str:
    count = sum(1 for change in changes if in_decided(change, {report.path}))
    counted = "1 ändring" if count == 1 else f"{count} ändringar"
    if report.new_corrections:
        written = "; ".join(f"{correction.date.isoformat()}: {correction.what}" for correction in report.new_corrections)
        return f"{report.path} ({report.decision.text}): {counted}, med ny rättelse ({written})"
    return f"{report.path} ({report.decision.text}): {counted} utan ny rättelse, fynd TY041 i tyreso check"


def as_text(changes: list[ObjectChange], before: str, after: str, decided: Sequence[DecidedChanges] = ()) -> str:
    if not changes:
        return f"Inga ändringar i rapporternas objekt mellan {before} och {after}.\n"
    paths = _decided_paths(decided)
    objects = len({change.key for change in changes})
    count = "1 ändring" if len(changes) == 1 else f"{len(changes)} ändringar"
    lines = [f"Ändringar mellan {before} och {after}: {count} i {objects} objekt."]
    for kind in ORDER:
        group = [change for change in changes if change.change == kind]
        if group:
            lines += ["", f"{HEADINGS[kind]}:"]
            lines += [f"  {change.describe()}" + (f" [{DECIDED_MARK}]" if in_decided(change, paths) else "") for change in group]
    if decided:
        lines += ["", f"{DECIDED_HEADING}:"]
        lines += [f"  {_decided_summary(report, changes)}" for report in decided]
    return "\n".join(lines) + "\n"


def as_markdown(changes: list[ObjectChange], before: str, after: str, decided: Sequence[DecidedChanges] = ()) -> str:
    lines = [f"### Ändringar i rapporterna ({before} → {after})", ""]
    if not changes:
        return "\n".join([*lines, "Inga objekt har ändrats."]) + "\n"
    paths = _decided_paths(decided)
    if decided:
        lines += [f"> **{DECIDED_HEADING}.** En fastställd rapport ändras bara med en rättelse.", ">"]
        lines += [f"> - {_cell(_decided_summary(report, changes))}" for report in decided]
        lines.append("")
    for kind in ORDER:
        group = [change for change in changes if change.change == kind]
        if not group:
            continue
        lines += [f"#### {HEADINGS[kind]} ({len(group)})", ""]
        if kind == STATUS:
            lines += ["| Objekt | Period | Organ | Före | Efter |", "|---|---|---|---|---|"]
            lines += [
                f"| {_cell(change.kind.value)} {_cell(change.title)} (`{change.id}`){_mark(change, paths)} | {change.period} "
                f"| {_cell(change.organ)} | {change.before or '–'} | **{change.after or '–'}** |"
                for change in group
            ]
        else:
            lines += [f"- {_cell(change.describe())}{_mark(change, paths)}" for change in group]
        lines.append("")
    return "\n".join(lines)


def _mark(change: ObjectChange, paths: set[str]) -> str:
    return f" **({DECIDED_MARK})**" if in_decided(change, paths) else ""


def as_json(changes: list[ObjectChange], before: str, after: str, decided: Sequence[DecidedChanges] = ()) -> str:
    paths = _decided_paths(decided)
    payload = {
        "från": before,
        "till": after,
        "ändringar": [{**change.as_dict(), DECIDED_MARK: in_decided(change, paths)} for change in changes],
        "fastställda": [
            {
                "fil": report.path,
                "beslut": report.decision.as_dict(),
                "nya_rättelser": [
                    {"datum": correction.date.isoformat(), "vad": correction.what, "varför": correction.why}
                    for correction in report.new_corrections
                ],
            }
            for report in decided
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell or list item: no pipes, no raw HTML."""
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


FORMATTERS = {"text": as_text, "markdown": as_markdown, "json": as_json}
