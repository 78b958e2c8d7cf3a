"""Read a report's YAML front matter into a :class:`Report`."""

from __future__ import annotations

import dataclasses
import datetime
import re
from typing import Any

import yaml

from tyreso_ext.model.decision import CORRECTION_KEYS, DECISION_KEY, read_decision
from tyreso_ext.model.findings import Finding
from tyreso_ext.model.objects import Report, ReportKind
from tyreso_ext.model.period import PeriodError, parse_period
from tyreso_ext.model.status import StatusError, parse_status
from tyreso_ext.model.text import (
    code_point,
    describe_char,
    did_you_mean,
    fold,
    is_invisible,
    quoted_list,
    shorten,
    shown,
    source_lines,
    source_lines_with_ends,
    without_invisible,
)
from tyreso_ext.model.vocabulary import Vocabulary, VocabularyError
from tyreso_ext.model.yaml_problems import describe_yaml_error, duplicate_keys, first_wrong_line

REQUIRED_KEYS = ("rapporttyp", "period", "organ")
OPTIONAL_KEYS = ("titel", "diarienummer", "beslutsdatum", "datum", "måluppfyllelse", DECISION_KEY, *CORRECTION_KEYS)
# Keys that belong to Sphinx or MyST and are passed on untouched.
FOREIGN_KEYS = ("orphan", "nocomments", "nosearch", "tocdepth")
# Keys that would change how MyST reads the page (extensions, substitutions: templates MyST renders with
# Jinja) or write <meta> tags (a refresh to any address) into it: not in a report. The build hides them from
# MyST (neutralize_front_matter), as it hides every key but FOREIGN_KEYS.
REFUSED_KEYS = ("myst", "html_meta", "substitutions", "mystnb")
REPORT_KINDS = [kind.value for kind in ReportKind]


class _Loader(yaml.SafeLoader):
    """Safe YAML without implicit dates, so that '2023-13-45' reaches our own date check."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# The same loader on libyaml's parser, when PyYAML has it: five times faster on a front matter. It reads only
# what parses; an error is read again by _Loader, so that messages and lines stay those of the Python parser.
_FastLoader: type[yaml.CSafeLoader] | None = None
if yaml.__with_libyaml__:

    class _CLoader(yaml.CSafeLoader):
        """_Loader on libyaml's parser."""

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _FastLoader = _CLoader


# What libyaml may read otherwise than the Python parser (tags, anchors and directives, a byte order mark, line
# separators, control characters): a text with any of them goes to the Python parser.
_NOT_FOR_LIBYAML = re.compile("[!&*%]|[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


def load_yaml(text: str) -> Any:
    """YAML as _Loader reads it (no implicit dates); its errors are _Loader's."""
    if _FastLoader is not None and not _NOT_FOR_LIBYAML.search(text):
        try:
            return yaml.load(text, Loader=_FastLoader)
        except (yaml.YAMLError, ValueError, RecursionError):  # the Python parser decides, and raises its own error
            pass
    return yaml.load(text, Loader=_Loader)


@dataclasses.dataclass(frozen=True)
class FrontMatter:
    """The YAML text between the opening and closing ``---``, with its position."""

    text: str
    first_line: int  # line of the opening '---' (1-based)
    body_line: int  # first line after the closing '---'


def split_front_matter(source: str) -> FrontMatter | None:
    """Find the front matter block at the very start of a document, if there is one."""
    lines = source_lines(source.lstrip("\ufeff"))
    if not lines or lines[0].rstrip() != "---":
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return FrontMatter("\n".join(lines[1:index]), 1, index + 2)
    return None


def neutralize_front_matter(source: str) -> str:
    """The source as MyST gets it: in the front matter only Sphinx's own keys (``orphan``, ``tocdepth`` …)
    with plain values; every other line is turned into a YAML comment, so line numbers stay the same.

    The report's own keys are read by :func:`read_report` from the original text, so MyST needs none of
    them, and it must not see what it cannot handle: ``myst`` and ``html_meta`` (REFUSED_KEYS) change how
    the page is read or write ``<meta>`` tags into it, YAML it cannot parse gives a second warning, and an
    integer too long for ``str()`` (``0xfff…``) stops MyST with a traceback.
    """
    block = split_front_matter(source)
    if block is None:
        return source
    lines = source_lines_with_ends(source)
    inner = range(block.first_line, block.body_line - 2)  # 0-based indices of the lines between the '---'

    def commented(line: str) -> str:
        return "#" + line[len(line.rstrip("\r\n")) :]

    keep = False
    for index in inner:
        line = lines[index]
        if line.strip() and not line[0].isspace() and not line.startswith("#"):
            key = line.split(":", 1)[0].strip().strip("'\"")
            keep = ":" in line and key in FOREIGN_KEYS
        if not keep and not lines[index].startswith("#"):
            lines[index] = commented(line)
    text = "".join(lines)
    remaining = split_front_matter(text)
    try:
        data = load_yaml(remaining.text) if remaining is not None else None
    except (yaml.YAMLError, ValueError, RecursionError):
        data = False
    if data is not None and not (
        isinstance(data, dict) and all(key in FOREIGN_KEYS and _plain(value) for key, value in data.items())
    ):
        for index in inner:
            if not lines[index].startswith("#"):
                lines[index] = commented(lines[index])
    if inner and all(lines[index].startswith("#") for index in inner):
        first = lines[inner[0]]
        lines[inner[0]] = "{}" + first[len(first.rstrip("\r\n")) :]  # an empty mapping: MyST warns about none at all
    text = "".join(lines)
    return text if text != source else source


def _plain(value: object, depth: int = 0) -> bool:
    """A small value MyST can render: a short text, a number of reasonable size, or a small mapping of those."""
    if isinstance(value, dict):
        return depth == 0 and len(value) <= 100 and all(isinstance(key, str) and _plain(item, 1) for key, item in value.items())
    if isinstance(value, str):
        return len(value) <= 10_000
    if isinstance(value, int):
        return abs(value) < 10**15
    return value is None or isinstance(value, float)


def key_lines(front_matter: FrontMatter) -> dict[str, int]:
    """The source line of every top-level key, for precise messages (a key is found as YAML reads it: only a
    space or a tab is white space, so '\\u00a0\\u00a0Kvalitet' is a key of its own)."""
    result: dict[str, int] = {}
    for offset, line in enumerate(source_lines(front_matter.text)):
        if line and line[0] not in " \t" and ":" in line:
            result.setdefault(line.split(":", 1)[0].strip(" \t").strip("'\""), front_matter.first_line + 1 + offset)
    return result


# Keys whose value is a mapping, written on the lines below them, indented.
MAPPING_KEYS = ("måluppfyllelse", DECISION_KEY)


def _key_without_value_above(lines: list[str], index: int, known: dict[str, str], data: dict[object, object]) -> str | None:
    """The key holding a mapping ('måluppfyllelse:') above the unknown key on line ``index``, past blank lines,
    its own indented lines and other unknown keys: the line was meant to be indented under it."""
    for above in range(index - 1, -1, -1):
        line = lines[above]
        if not line.strip() or line[0] in " \t" or line.startswith("#"):
            continue
        written, colon, rest = line.partition(":")
        written = written.strip(" \t").strip("'\"")
        name = known.get(fold(" ".join(without_invisible(written).split())))
        if name is None and colon:
            continue  # another unknown key of the same run
        if name in MAPPING_KEYS and not rest.strip() and isinstance(data.get(written), (dict, type(None))):
            return name
        return None
    return None


def _not_indented_message(key: str, value: object, above: str, empty: bool) -> str:
    """TY003 for the first of the lines under ``above:`` that are not indented with spaces (each one a field)."""
    odd = next((char for char in key if char.isspace() and char not in " \t"), None)
    how = (
        f" Raden är indragen med ett tecken som ser ut som ett mellanslag men inte är det ({code_point(odd)})."
        if odd is not None
        else ""
    )
    written = " ".join(key.split())
    example = f"  {shorten(written)}: {shown(value)}" if value is not None else f"  {shorten(written)}:"
    result = f", så '{above}' blir tomt" if empty else ""
    return (
        f"'{shorten(written)}' är inget fält i front matter: raden hör till '{above}:' ovanför men är inte indragen"
        f"{result}.{how} Dra in raderna under '{above}:' med två vanliga mellanslag: '{example}'."
    )


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
        data = load_yaml(block.text)
    except (yaml.YAMLError, ValueError, RecursionError) as error:  # in Swedish, at the line written wrong
        problem = describe_yaml_error(block.text, error, block.first_line + 1, (*REQUIRED_KEYS, *OPTIONAL_KEYS))
        add("TY002", block.first_line + 1 + problem.index if problem.index >= 0 else block.first_line, problem.message)
        return report, findings
    if data is None:
        data = {}
    if not isinstance(data, dict):
        shape = first_wrong_line(source_lines(block.text), block.first_line + 1, (*REQUIRED_KEYS, *OPTIONAL_KEYS))
        if shape is not None:
            add("TY002", block.first_line + 1 + shape.index, shape.message)
        else:
            add("TY002", block.first_line, "Front matter ska bestå av rader 'nyckel: värde', till exempel 'period: 2023-T1'.")
        return report, findings
    for index, key, first in duplicate_keys(block.text):
        add(
            "TY002",
            block.first_line + 1 + index,
            f"Fältet '{shorten(key)}' står två gånger i front matter (rad {block.first_line + 1 + first} och rad "
            f"{block.first_line + 1 + index}), och bara den sista raden gäller. Ta bort den rad som är fel.",
        )
    lines = key_lines(block)
    block_lines = source_lines(block.text)
    opened: set[str] = set()  # keys without a value whose unindented lines below have been named (TY003)

    def line_of(key: str) -> int:
        return lines.get(key, block.first_line)

    known = {fold(name): name for name in (*REQUIRED_KEYS, *OPTIONAL_KEYS)}
    values: dict[str, object] = {}
    for raw_key, value in data.items():
        key = raw_key if isinstance(raw_key, str) else shown(raw_key)  # as written: its line is found by it
        if key in FOREIGN_KEYS:
            continue
        if fold(key) in REFUSED_KEYS:
            add(
                "TY003",
                line_of(key),
                f"Fältet '{key}' är inte tillåtet i en rapport: det ändrar hur sidan läses eller skriver in "
                "HTML-taggar, och det används inte. Ta bort raden (och raderna som hör till den).",
            )
            continue
        name = known.get(fold(key))
        clean = " ".join(without_invisible(key).split())
        if name is None and known.get(fold(clean)) is not None and clean.strip(" \t") != key.strip(" \t"):
            name = known[fold(clean)]  # '\ufeffperiod': read as 'period', and named once
            odd = next(char for char in key if is_invisible(char) or (char.isspace() and char not in " \t"))
            add(
                "TY003",
                line_of(key),
                f"Fältet '{shorten(key)}' har ett tecken i namnet som inte syns eller inte är ett vanligt mellanslag: "
                f"{describe_char(odd)}. Ta bort det (skriv om raden om du inte hittar det); till dess läses raden som "
                f"'{name}'.",
            )
        elif name is None:
            above = _key_without_value_above(block_lines, line_of(key) - block.first_line - 1, known, data)
            if above is None:
                add(
                    "TY003",
                    line_of(key),
                    f"Okänt fält '{shorten(key)}' i front matter.{did_you_mean(key, list(known.values()))} "
                    f"Tillåtna fält är {quoted_list(list(known.values()))}.",
                )
            elif above not in opened:
                opened.add(above)
                add("TY003", line_of(key), _not_indented_message(key, value, above, data.get(above) is None))
            continue
        values[name] = value

    for name in REQUIRED_KEYS:
        if values.get(name) in (None, ""):
            add("TY004", block.first_line, f"Front matter saknar '{name}'. Lägg till en rad '{name}: …' mellan raderna '---'.")

    kind_text = values.get("rapporttyp")
    if kind_text not in (None, ""):
        kind_shown = kind_text if isinstance(kind_text, str) else shown(kind_text)
        kind = next((kind for kind in ReportKind if fold(kind.value) == fold(kind_shown)), None)
        if kind is None:
            add(
                "TY016",
                line_of("rapporttyp"),
                f"'{kind_shown}' är ingen känd rapporttyp.{did_you_mean(kind_shown, REPORT_KINDS)} "
                f"Tillåtna värden är {quoted_list(REPORT_KINDS)}.",
            )
        report.kind = kind

    period_text = values.get("period")
    if period_text not in (None, ""):
        try:
            report.period = parse_period(period_text)
        except (PeriodError, TypeError) as error:
            add("TY007", line_of("period"), str(error))
    if report.kind is not None and report.period is not None:
        if report.kind.is_plan and not report.period.is_plan_year:
            add(
                "TY007",
                line_of("period"),
                f"En {report.kind.value} gäller ett helt år. Skriv bara året, till exempel '{report.period.year}'.",
            )
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
        text = value if isinstance(value, str) else shown(value, 200)
        setattr(report, "title" if name == "titel" else name, " ".join(text.split()))

    for name, attribute in (("beslutsdatum", "decision_date"), ("datum", "report_date")):
        value = values.get(name)
        if value in (None, ""):
            continue
        try:
            setattr(report, attribute, _date(value))
        except ValueError:
            add(
                "TY016",
                line_of(name),
                f"'{shown(value)}' är inget giltigt datum i fältet '{name}'. Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2023-05-24.",
            )

    goal_areas = values.get("måluppfyllelse")
    if goal_areas not in (None, ""):
        if not isinstance(goal_areas, dict):
            add(
                "TY016",
                line_of("måluppfyllelse"),
                "Fältet 'måluppfyllelse' ska lista målområden med status, en per rad: '  Kvalitet: grön'.",
            )
        else:
            for area_text, status_text in goal_areas.items():
                try:
                    area = vocabulary.goal_area(area_text if isinstance(area_text, str) else shown(area_text, 200))
                    status_written = status_text if isinstance(status_text, str) else shown(status_text, 200)
                    report.goal_area_status[area] = parse_status(status_written if status_text is not None else "")
                except VocabularyError as error:
                    add("TY016", line_of("måluppfyllelse"), f"I 'måluppfyllelse': {error}")
                except StatusError as error:
                    add("TY006", line_of("måluppfyllelse"), f"I 'måluppfyllelse' för {shown(area_text)}: {error}")

    # 'beslut' and 'rättelse'/'rättelser': the decision that made the report a public record (model.decision).
    decided = read_decision(
        values, block.text, block.first_line, line_of, report.organ, report.diarienummer, report.decision_date, vocabulary
    )
    report.decision, report.corrections = decided.decision, decided.corrections
    if report.decision is not None and report.decision_date is None:
        report.decision_date = report.decision.date
    for line, message in decided.problems:
        add("TY040", line, message)
    return report, findings


def _date(value: object) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, (str, int, float)):
        raise ValueError("not a date")
    return datetime.date.fromisoformat(shown(value, 40).strip())
