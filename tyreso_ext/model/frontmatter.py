"""Read a report's YAML front matter into a :class:`Report`."""

from __future__ import annotations

import dataclasses
import datetime

import yaml

from .findings import Finding
from .objects import Report, ReportKind
from .period import PeriodError, parse_period
from .status import StatusError, parse_status
from .text import did_you_mean, fold, quoted_list
from .vocabulary import Vocabulary, VocabularyError

REQUIRED_KEYS = ("rapporttyp", "period", "organ")
OPTIONAL_KEYS = ("titel", "diarienummer", "beslutsdatum", "datum", "måluppfyllelse")
# Keys that belong to Sphinx or MyST and are passed on untouched.
FOREIGN_KEYS = ("myst", "html_meta", "orphan", "nocomments", "nosearch", "tocdepth", "substitutions")
REPORT_KINDS = [kind.value for kind in ReportKind]


class _Loader(yaml.SafeLoader):
    """Safe YAML without implicit dates, so that '2023-13-45' reaches our own date check."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclasses.dataclass(frozen=True)
class FrontMatter:
    """The YAML text between the opening and closing ``---``, with its position."""

    text: str
    first_line: int  # line of the opening '---' (1-based)
    body_line: int  # first line after the closing '---'


def split_front_matter(source: str) -> FrontMatter | None:
    """Find the front matter block at the very start of a document, if there is one."""
    lines = source.lstrip("\ufeff").splitlines()
    if not lines or lines[0].rstrip() != "---":
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return FrontMatter("\n".join(lines[1:index]), 1, index + 2)
    return None


def key_lines(front_matter: FrontMatter) -> dict[str, int]:
    """The source line of every top-level key, for precise messages."""
    result: dict[str, int] = {}
    for offset, line in enumerate(front_matter.text.splitlines()):
        if line and not line[0].isspace() and ":" in line:
            result.setdefault(line.split(":", 1)[0].strip().strip("'\""), front_matter.first_line + 1 + offset)
    return result


def read_report(source: str, docname: str, path: str, vocabulary: Vocabulary) -> tuple[Report, list[Finding]]:
    """Read the report's front matter; always return a Report so its objects are never lost."""
    report = Report(docname=docname, path=path, kind=None, period=None, organ="")
    findings: list[Finding] = []

    def add(code: str, line: int, message: str) -> None:
        findings.append(Finding(path, line, code, message))

    block = split_front_matter(source)
    if block is None:
        add(
            "TY001",
            1,
            "Rapporten saknar front matter. Börja filen med '---', raderna 'rapporttyp:', 'period:' och "
            "'organ:', och avsluta med '---'.",
        )
        return report, findings
    try:
        data = yaml.load(block.text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        mark = getattr(error, "problem_mark", None)
        line = block.first_line + 1 + mark.line if mark is not None else block.first_line
        problem = getattr(error, "problem", None) or "okänt fel"
        add("TY002", line, f"Front matter är inte giltig YAML ({problem}). Skriv varje rad som 'nyckel: värde'.")
        return report, findings
    if data is None:
        data = {}
    if not isinstance(data, dict):
        add("TY002", block.first_line, "Front matter ska bestå av rader 'nyckel: värde', till exempel 'period: 2023-T1'.")
        return report, findings
    lines = key_lines(block)

    def line_of(key: str) -> int:
        return lines.get(key, block.first_line)

    known = {fold(name): name for name in (*REQUIRED_KEYS, *OPTIONAL_KEYS)}
    values: dict[str, object] = {}
    for raw_key, value in data.items():
        key = str(raw_key)
        if key in FOREIGN_KEYS:
            continue
        name = known.get(fold(key))
        if name is None:
            add(
                "TY003",
                line_of(key),
                f"Okänt fält '{key}' i front matter.{did_you_mean(key, list(known.values()))} "
                f"Tillåtna fält är {quoted_list(list(known.values()))}.",
            )
            continue
        values[name] = value

    for name in REQUIRED_KEYS:
        if values.get(name) in (None, ""):
            add("TY004", block.first_line, f"Front matter saknar '{name}'. Lägg till en rad '{name}: …' mellan raderna '---'.")

    kind_text = values.get("rapporttyp")
    if kind_text not in (None, ""):
        kind = next((kind for kind in ReportKind if fold(kind.value) == fold(str(kind_text))), None)
        if kind is None:
            add(
                "TY016",
                line_of("rapporttyp"),
                f"'{kind_text}' är ingen känd rapporttyp.{did_you_mean(str(kind_text), REPORT_KINDS)} "
                f"Tillåtna värden är {quoted_list(REPORT_KINDS)}.",
            )
        report.kind = kind

    period_text = values.get("period")
    if period_text not in (None, ""):
        try:
            report.period = parse_period(period_text)  # type: ignore[arg-type]
        except (PeriodError, TypeError) as error:
            add("TY007", line_of("period"), str(error))
    if report.kind is not None and report.period is not None:
        if report.kind.is_plan and not report.period.is_plan_year:
            add("TY007", line_of("period"), f"En {report.kind.value} gäller ett helt år. Skriv bara året, till exempel '{report.period.year}'.")
        elif not report.kind.is_plan and report.period.is_plan_year:
            add(
                "TY007",
                line_of("period"),
                f"En {report.kind.value} följer upp en period. Skriv till exempel '{report.period.year}-T1', "
                f"'{report.period.year}-T2' eller '{report.period.year}-ÅR'.",
            )

    organ = values.get("organ")
    if organ not in (None, ""):
        if not isinstance(organ, str):
            add("TY016", line_of("organ"), "Fältet 'organ' ska vara ett namn, till exempel 'Kommunstyrelsen'.")
        else:
            try:
                report.organ = vocabulary.organ(organ)
            except VocabularyError as error:
                add("TY016", line_of("organ"), str(error))
                report.organ = " ".join(organ.split())

    for name in ("titel", "diarienummer"):
        value = values.get(name)
        if value in (None, ""):
            continue
        if isinstance(value, (dict, list)):
            add("TY016", line_of(name), f"Fältet '{name}' ska vara en text på en rad.")
            continue
        setattr(report, "title" if name == "titel" else name, " ".join(str(value).split()))

    for name, attribute in (("beslutsdatum", "decision_date"), ("datum", "report_date")):
        value = values.get(name)
        if value in (None, ""):
            continue
        try:
            setattr(report, attribute, _date(value))
        except ValueError:
            add("TY016", line_of(name), f"'{value}' är inget giltigt datum i fältet '{name}'. Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2023-05-24.")

    goal_areas = values.get("måluppfyllelse")
    if goal_areas not in (None, ""):
        if not isinstance(goal_areas, dict):
            add("TY016", line_of("måluppfyllelse"), "Fältet 'måluppfyllelse' ska lista målområden med status, en per rad: '  Kvalitet: grön'.")
        else:
            for area_text, status_text in goal_areas.items():
                try:
                    area = vocabulary.goal_area(str(area_text))
                    report.goal_area_status[area] = parse_status(str(status_text) if status_text is not None else "")
                except VocabularyError as error:
                    add("TY016", line_of("måluppfyllelse"), f"I 'måluppfyllelse': {error}")
                except StatusError as error:
                    add("TY006", line_of("måluppfyllelse"), f"I 'måluppfyllelse' för {area_text}: {error}")
    return report, findings


def _date(value: object) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value).strip())
