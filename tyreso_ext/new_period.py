"""``tyreso ny``: the skeleton of the next period's report, made from the previous one.

Kept: the front matter (with the new period), every heading, every aggregation, and every
object with its id and fixed fields. Reset: statuses to 'ej bedömd'. Replaced by a marked
placeholder (TY019 until written): the period's text, in objects and between headings.
"""

from __future__ import annotations

import dataclasses
import re

from .model.fields import STATUS_FIELD, find_field
from .model.frontmatter import split_front_matter
from .model.objects import Kind, ReportKind
from .model.period import Period, PeriodError, parse_period
from .model.placeholders import placeholder
from .model.status import Status
from .model.text import fold
from .scan import _PARSER  # the same MyST Markdown parser `tyreso check` uses

_KINDS = {kind.value: kind for kind in Kind}
# Fields that belong to one period and are not carried over.
PERIOD_FIELDS = {"status", "bedömning", "orsak", "åtgärder", "kommentar"}
# Front matter keys that belong to one period's report.
PERIOD_KEYS = {"titel", "diarienummer", "beslutsdatum", "datum", "måluppfyllelse"}


class NewPeriodError(ValueError):
    """The previous report cannot be used as a starting point."""


@dataclasses.dataclass(frozen=True)
class NewReport:
    text: str
    objects: int


def next_report(source: str, period: Period, report_kind: ReportKind | None = None) -> NewReport:
    """The new report's text, from the previous report's text."""
    text = source.lstrip("\ufeff").replace("\r\n", "\n")
    block = split_front_matter(text)
    if block is None:
        raise NewPeriodError("Rapporten saknar front matter; börja från en rapport som har rapporttyp, period och organ.")
    old_period = _old_period(block.text)
    lines = text.splitlines()
    out = _front_matter(lines[: block.body_line - 1], period, report_kind)
    body = "\n".join(lines[block.body_line - 1 :])
    body_offset = block.body_line - 1
    objects = 0
    pending_text = False
    tokens = _PARSER.parse(body)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.map is None or token.level != 0:
            index += 1
            continue
        start, end = token.map
        if token.type == "heading_open":
            if pending_text:
                out += [placeholder(f"text för {period}"), ""]
                pending_text = False
            out += [*(_renamed(line, old_period, period) for line in lines[body_offset + start : body_offset + end]), ""]
        elif token.type in ("fence", "colon_fence") and token.info.startswith("{"):
            name, _, title = token.info[1:].partition("}")
            kind = _KINDS.get(name.removeprefix("tyreso:").strip())
            if kind is None:
                # Aggregations and other directives stay; a period they name moves on with the report.
                out += [*(_renamed(line, old_period, period) for line in lines[body_offset + start : body_offset + end]), ""]
            else:
                if pending_text:
                    out += [placeholder(f"text för {period}"), ""]
                    pending_text = False
                out += _object(kind, title.strip(), token.content, period)
                objects += 1
        else:
            pending_text = True
        index += 1
    if pending_text:
        out += [placeholder(f"text för {period}"), ""]
    return NewReport("\n".join(out).rstrip("\n") + "\n", objects)


def _old_period(front_matter: str) -> Period | None:
    for line in front_matter.splitlines():
        key, _, value = line.partition(":")
        if fold(key.strip()) == "period":
            try:
                return parse_period(value.strip().strip("'\""))
            except PeriodError:
                return None
    return None


_PART_WORDS = {1: "T1", 2: "T2", 3: "helår"}


def _renamed(line: str, old: Period | None, new: Period) -> str:
    """A heading or aggregation line with the old period's name changed to the new one's."""
    if old is None or old == new:
        return line
    line = line.replace(old.code, new.code)
    if old.part in _PART_WORDS and new.part in _PART_WORDS:
        line = line.replace(f"{_PART_WORDS[old.part]} {old.year}", f"{_PART_WORDS[new.part]} {new.year}")
    return line


def _front_matter(lines: list[str], period: Period, report_kind: ReportKind | None) -> list[str]:
    out: list[str] = []
    skipping = False
    for line in lines:
        key = line.split(":", 1)[0].strip() if ":" in line and not line[:1].isspace() else None
        if skipping and (line[:1].isspace() or not line.strip()):
            continue
        skipping = False
        if key is not None and fold(key) in {fold(name) for name in PERIOD_KEYS}:
            skipping = True
            continue
        if key is not None and fold(key) == "period":
            out.append(f"period: {period.code!s}" if not period.is_plan_year else f'period: "{period.code}"')
        elif key is not None and fold(key) == "rapporttyp" and report_kind is not None:
            out.append(f"rapporttyp: {report_kind.value}")
        else:
            out.append(line)
    return [*out, ""]


_OPTION = re.compile(r"^\s*:([^:\s][^:]*):\s*(.*)$")


def _object(kind: Kind, title: str, content: str, period: Period) -> list[str]:
    options: list[str] = []
    had_status = False
    for line in content.splitlines():
        match = _OPTION.match(line)
        if match is None:
            break
        spec = find_field(kind, match.group(1))
        name = spec.name if spec else match.group(1)
        if name in PERIOD_FIELDS:
            had_status = had_status or name == STATUS_FIELD[kind]
            continue
        options.append(line.strip())
    if kind is not Kind.INDIKATOR or had_status:
        options.append(f":{STATUS_FIELD[kind]}: {Status.EJ_BEDOMD.value}")
    return [f":::{{{kind.value}}} {title}".rstrip(), *options, "", placeholder(f"uppföljning {period}"), ":::", ""]
