"""Read report sources without Sphinx: the same parser (MyST's) and the same model rules.

This is what ``tyreso check`` runs. The Sphinx build reads the same fences through MyST's
directive machinery; both end in :func:`tyreso_ext.model.object_rules.read_object`.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path, PurePosixPath

from docutils.parsers.rst import Directive
from myst_parser.parsers.directives import MarkupError, parse_directive_text

from tyreso_ext.model.aggregate import AGGREGATES, read_aggregate_options
from tyreso_ext.model.collection_rules import Reference
from tyreso_ext.model.finance import DIRECTIVE as FINANCE_DIRECTIVE
from tyreso_ext.model.finance import FinanceSource, read_finance_table
from tyreso_ext.model.findings import Finding, goal_role_finding
from tyreso_ext.model.frontmatter import read_report, split_front_matter
from tyreso_ext.model.object_rules import MAX_NESTING, ObjectSource, read_object
from tyreso_ext.model.objects import Kind, Report, SteeringObject
from tyreso_ext.model.period import PeriodError, parse_period
from tyreso_ext.model.placeholders import placeholder_findings
from tyreso_ext.model.text import source_lines
from tyreso_ext.model.vocabulary import Vocabulary
from tyreso_ext.source.markdown import parse_markdown
from tyreso_ext.source.options import OpenOptionSpec, option_lines, read_option_block
from tyreso_ext.source.text_rules import text_findings

_KINDS = {kind.value: kind for kind in Kind}
_ROLE = re.compile(r"\{(?:tyreso:)?(uppdrag|mal|indikator|risk)\}`([^`]+)`")
_GOAL_ROLE_TYPO = re.compile(r"\{(?:tyreso:)?mål\}`([^`]+)`")
_CODE_SPAN = re.compile(r"``.+?``")
_FENCE = re.compile(r"^\s*(```+|~~~+|:::+)")


class _ScannedDirective(Directive):
    """Stands in for an object directive: same argument and option rules, no Sphinx."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = OpenOptionSpec()


@dataclasses.dataclass
class ScannedDocument:
    """Everything one source file holds for the rules."""

    report: Report | None
    objects: list[SteeringObject]
    references: list[Reference]
    findings: list[Finding]


def scan_document(
    text: str,
    docname: str,
    path: str,
    vocabulary: Vocabulary,
    *,
    is_report: bool,
    root: Path | None = None,
    objects_only: bool = False,
) -> ScannedDocument:
    """Read one document's front matter, objects and references; ``root`` (the source folder) lets data files be read.

    ``objects_only`` (the history, which reads every version of every report) leaves out the rules on the
    text as a whole and the references: their findings belong to the version being checked, not to history.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    findings: list[Finding] = []
    report = None
    block = split_front_matter(text)
    if is_report or (block is not None and "rapporttyp" in block.text):
        report, findings = read_report(text, docname, path, vocabulary)
        if not objects_only:
            findings += placeholder_findings(text, path)
            findings += text_findings(text, path, None if root is None else root / path, root)  # TY025, TY024, TY022 with a root
    objects: list[SteeringObject] = []
    _scan_block(text, 0, docname, path, report, vocabulary, objects, findings, depth=0, root=root)
    references = [] if objects_only else _references(text, docname, path, findings)
    if report is None:
        objects = []  # objects outside reports are examples: checked, not collected
    return ScannedDocument(report, objects, references, findings)


def _scan_block(
    text: str,
    line_offset: int,
    docname: str,
    path: str,
    report: Report | None,
    vocabulary: Vocabulary,
    objects: list[SteeringObject],
    findings: list[Finding],
    depth: int,
    root: Path | None = None,
) -> None:
    for token in parse_markdown(text):
        if token.type not in ("fence", "colon_fence") or not token.info.startswith("{") or token.map is None:
            continue
        name, _, first_line = token.info[1:].partition("}")
        name = name.removeprefix("tyreso:").strip()
        kind = _KINDS.get(name)
        if kind is None and name not in AGGREGATES and name != FINANCE_DIRECTIVE:
            continue
        line = line_offset + token.map[0] + 1
        try:
            parsed = parse_directive_text(_ScannedDirective, first_line.strip(), token.content, line=line)
        except MarkupError:
            continue
        lines = option_lines(source_lines(token.content), line)
        if not parsed.options:  # MyST could not read the options block: take them as written, as the build does
            problem = read_option_block(source_lines(token.content), line)
            if problem is not None:
                parsed.options.update(problem.options)
                findings.append(Finding(path, problem.line, "TY016", problem.message(f"'{name}'")))
        if name == FINANCE_DIRECTIVE:  # a financial table: the same checks as the build (TY021–TY023)
            findings.extend(
                _finance_findings(
                    parsed.arguments,
                    dict(parsed.options),
                    lines,
                    "\n".join(parsed.body),
                    line + parsed.body_offset + 1,
                    path,
                    line,
                    root,
                )
            )
            continue
        if kind is None:  # an aggregation: only its options can be wrong
            findings.extend(read_aggregate_options(name, dict(parsed.options), lines, path, line, vocabulary)[2])
            continue
        source = ObjectSource(
            kind,
            parsed.arguments[0] if parsed.arguments else "",
            dict(parsed.options),
            lines,
            "\n".join(parsed.body),
            docname,
            path,
            line,
        )
        obj, object_findings = read_object(source, report, vocabulary)
        if depth:
            object_findings.append(
                Finding(
                    path,
                    line,
                    "TY018",
                    f"{kind.label} '{obj.title}' står inuti ett annat objekt. "
                    "Avsluta det yttre objektet med ':::' innan nästa börjar.",
                )
            )
        findings.extend(object_findings)
        objects.append(obj)
        if depth >= MAX_NESTING:  # the build shows a body this deep as text (MAX_NESTING)
            continue
        body = "\n".join(parsed.body)
        if not _may_hold_a_directive(body):
            continue  # no fence marker at all: nothing nested to read, and no parse needed
        body_offset = line + parsed.body_offset  # body_offset counts the lines between the opening line and the body
        _scan_block(body, body_offset, docname, path, report, vocabulary, objects, findings, depth + 1, root)


def _may_hold_a_directive(text: str) -> bool:
    """Whether a text has a fence marker anywhere: a directive can only open on one."""
    return "```" in text or "~~~" in text or ":::" in text


def _finance_findings(
    arguments: list[str], options: dict, lines: dict[str, int], body: str, body_line: int, path: str, line: int, root: Path | None
) -> list[Finding]:
    source = FinanceSource(arguments[0] if arguments else "", options, lines, body, body_line, path, line)
    return read_finance_table(source, root, root / path if root is not None else None)[1]


def _references(text: str, docname: str, path: str, findings: list[Finding]) -> list[Reference]:
    references = []
    in_code = False
    for number, line in enumerate(source_lines(text), start=1):
        fence = _FENCE.match(line)
        if fence and fence.group(1).startswith("`"):
            in_code = not in_code
            continue
        if in_code:
            continue
        line = _CODE_SPAN.sub("", line)
        findings.extend(goal_role_finding(path, number, match.group(1)) for match in _GOAL_ROLE_TYPO.finditer(line))
        for match in _ROLE.finditer(line):
            target = match.group(2)
            if "<" in target and target.endswith(">"):
                target = target[target.rindex("<") + 1 : -1]
            object_id, _, period_text = target.strip().partition("@")
            period = None
            if period_text:
                try:
                    period = parse_period(period_text)
                except PeriodError as error:
                    findings.append(Finding(path, number, "TY007", f"I hänvisningen '{target}': {error}"))
            references.append(
                Reference(
                    _KINDS["mål" if match.group(1) == "mal" else match.group(1)], object_id.strip(), period, docname, path, number
                )
            )
    return references


def docname_of(path: Path, root: Path) -> str:
    """Sphinx's name for a source file: its path below the root without the suffix."""
    return path.relative_to(root).with_suffix("").as_posix()


def docname_of_relative(path: str) -> str:
    """Sphinx's name for a source path given relative to the project root."""
    return PurePosixPath(path).with_suffix("").as_posix()
