"""``tyreso ny``: the skeleton of the next period's report, made from the previous one.

Kept: the front matter (with the new period; the title's period moved on), every heading (its
period moved on), every aggregation and other directive (a period it names moved on, the data
files it names listed so they can be copied), and every object with its id and fixed fields.
Reset: statuses to 'ej bedömd' in a follow-up; none in a plan. Replaced by a marked placeholder
(TY019 until written): the period's text, in objects and in each section.
"""

from __future__ import annotations

import dataclasses
import re

from tyreso_ext.model.decision import CORRECTION_KEYS, DECISION_KEY
from tyreso_ext.model.frontmatter import split_front_matter
from tyreso_ext.model.kinds import BUILTIN_KINDS, Kinds, KindSpec
from tyreso_ext.model.objects import ReportKind
from tyreso_ext.model.period import Period, PeriodError, parse_period
from tyreso_ext.model.placeholders import placeholder
from tyreso_ext.model.status import Status
from tyreso_ext.model.text import fold
from tyreso_ext.source.markdown import parse_markdown  # the same MyST Markdown parser `tyreso check` uses

# Fields that belong to one period and are not carried over (with those each kind declares: KindSpec.period_fields).
PERIOD_FIELDS = {"status", "bedömning", "orsak", "åtgärder", "kommentar"}
# Front matter keys that belong to one period's report (the new one is not decided, nor corrected).
PERIOD_KEYS = {"diarienummer", "beslutsdatum", "datum", "måluppfyllelse", DECISION_KEY, *CORRECTION_KEYS}
_OPTION = re.compile(r"^\s*:([^:\s][^:]*):\s*(.*)$")
_PART_WORDS = {1: "T1", 2: "T2", 3: "helår"}


class NewPeriodError(ValueError):
    """The previous report cannot be used as a starting point."""


@dataclasses.dataclass(frozen=True)
class NewReport:
    text: str
    objects: int
    data_files: tuple[str, ...]  # files named by ':fil:' options, relative to the report


@dataclasses.dataclass(frozen=True)
class _Renaming:
    """How names of the old period (and kind) in headings and titles become the new ones."""

    old: Period | None
    new: Period
    old_kind: ReportKind | None
    new_kind: ReportKind | None

    def __call__(self, line: str) -> str:
        old, new = self.old, self.new
        if old is not None and old != new:
            line = line.replace(old.code, new.code)
            if old.part in _PART_WORDS and new.part in _PART_WORDS:
                line = line.replace(f"{_PART_WORDS[old.part]} {old.year}", f"{_PART_WORDS[new.part]} {new.year}")
            elif old.year != new.year:
                line = re.sub(rf"(?<!\d){old.year}(?!\d)", str(new.year), line)
        if self.old_kind and self.new_kind and self.old_kind != self.new_kind:
            line = line.replace(self.old_kind.label, self.new_kind.label).replace(self.old_kind.value, self.new_kind.value)
        return line


def next_report(source: str, period: Period, report_kind: ReportKind | None = None, kinds: Kinds = BUILTIN_KINDS) -> NewReport:
    """The new report's text, from the previous report's text (``kinds``: the site's, from its conf.py)."""
    text = source.lstrip("\ufeff").replace("\r\n", "\n")
    block = split_front_matter(text)
    if block is None:
        raise NewPeriodError("Rapporten saknar front matter; börja från en rapport som har rapporttyp, period och organ.")
    old_period, old_kind = _read(block.text)
    if old_kind is not None and report_kind is None and old_kind.is_plan != period.is_plan_year:
        wanted = "en plan (till exempel nämndplan)" if period.is_plan_year else "en uppföljning (till exempel delårsrapport)"
        raise NewPeriodError(f"Perioden {period} hör till {wanted}, men rapporten är en {old_kind.value}. Ange --rapporttyp.")
    kind = report_kind or old_kind
    plan = kind is not None and kind.is_plan
    rename = _Renaming(old_period, period, old_kind, report_kind)
    lines = text.splitlines()
    out = _front_matter(lines[: block.body_line - 1], period, report_kind, rename)
    offset = block.body_line - 1
    objects = 0
    data_files: list[str] = []
    text_placed = False  # one placeholder per section, where its first text stood
    for token in parse_markdown("\n".join(lines[offset:])):
        if token.map is None or token.level != 0 or token.type.endswith("_close"):
            continue
        start, end = offset + token.map[0], offset + token.map[1]
        if token.type == "heading_open":
            out += [*(rename(line) for line in lines[start:end]), ""]
            text_placed = False
        elif token.type in ("fence", "colon_fence") and token.info.startswith("{"):
            name, _, title = token.info[1:].partition("}")
            kind_of_object = kinds.get(name.removeprefix("tyreso:").strip())
            if kind_of_object is None:
                # Aggregations and other directives stay; a period they name moves on with the report.
                out += [*(rename(line) for line in lines[start:end]), ""]
                data_files += [
                    match.group(2).strip()
                    for line in token.content.splitlines()
                    if (match := _OPTION.match(line)) and fold(match.group(1)) == "fil"
                ]
            else:
                out += _object(kind_of_object, title.strip(), token.content, period, plan)
                objects += 1
        elif not text_placed:
            out += [placeholder(f"text för {period}"), ""]
            text_placed = True
    return NewReport("\n".join(out).rstrip("\n") + "\n", objects, tuple(dict.fromkeys(data_files)))


def _read(front_matter: str) -> tuple[Period | None, ReportKind | None]:
    period = kind = None
    for line in front_matter.splitlines():
        key, _, value = line.partition(":")
        value = value.strip().strip("'\"")
        if fold(key.strip()) == "period":
            try:
                period = parse_period(value)
            except PeriodError:
                period = None
        elif fold(key.strip()) == "rapporttyp":
            kind = next((kind for kind in ReportKind if fold(kind.value) == fold(value)), None)
    return period, kind


def _front_matter(lines: list[str], period: Period, report_kind: ReportKind | None, rename: _Renaming) -> list[str]:
    out: list[str] = []
    skipping = False
    for line in lines:
        key = line.split(":", 1)[0].strip() if ":" in line and not line[:1].isspace() else None
        if skipping and (line[:1].isspace() or not line.strip() or line.startswith("- ") or line.rstrip() == "-"):
            continue  # the key's value on the lines below it: indented, or a list written flush left
        skipping = False
        if key is not None and fold(key) in {fold(name) for name in PERIOD_KEYS}:
            skipping = True
            continue
        if key is not None and fold(key) == "period":
            out.append(f'period: "{period.code}"' if period.is_plan_year else f"period: {period.code}")
        elif key is not None and fold(key) == "rapporttyp" and report_kind is not None:
            out.append(f"rapporttyp: {report_kind.value}")
        elif key is not None and fold(key) == "titel":
            out.append(rename(line))
        else:
            out.append(line)
    return [*out, ""]


def _object(kind_spec: KindSpec, title: str, content: str, period: Period, plan: bool) -> list[str]:
    kind = kind_spec.kind
    options: list[str] = []
    had_status = False
    for line in content.splitlines():
        match = _OPTION.match(line)
        if match is None:
            break
        spec = kind_spec.find_field(match.group(1))
        name = spec.name if spec else match.group(1)
        if name in PERIOD_FIELDS or name in kind_spec.period_fields:
            had_status = had_status or name == kind_spec.status_field
            continue
        options.append(line.strip())
    if not plan and kind_spec.status_field and (kind_spec.status_in_follow_up or had_status):
        options.append(f":{kind_spec.status_field}: {Status.EJ_BEDOMD.value}")
    what = f"plan {period}" if plan else f"uppföljning {period}"
    return [f":::{{{kind.value}}} {title}".rstrip(), *options, "", placeholder(what), ":::", ""]
