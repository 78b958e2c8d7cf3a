"""How directive options are taken: by the reader, and by a directive the reader could not see."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from textwrap import dedent

from docutils.parsers.rst import directives
from myst_parser.parsers.directives import DirectiveParsingResult, is_option_line, parse_directive_arguments, parse_directive_text
from myst_parser.parsers.options import TokenizeError, options_to_tokens

from tyreso_ext.model.findings import Finding

_OPTION_KEY = (re.compile(r"^\s*:([^:\s][^:]*):"), re.compile(r"^\s*([^:\s][^:]*):"))
_UNCHANGED: Callable[[str | None], str] = directives.unchanged  # docutils has no types: its signature, stated


class OpenOptionSpec(dict[str, Callable[[str | None], str]]):
    """Accepts every option key as text.

    MyST and docutils drop unknown options (or options whose converter fails) before the
    directive runs. We take every key as written and let the model decide, so an unknown
    field gets our message with a suggestion, and nothing the user wrote is lost silently.
    One named key keeps the spec truthy: MyST looks for options only when the spec is non-empty.
    """

    def __init__(self) -> None:
        super().__init__(id=_UNCHANGED)

    def __missing__(self, key: str) -> Callable[[str | None], str]:
        return _UNCHANGED


class AnyDirective:
    """Stands in for any directive: an optional argument, open options and a body, as MyST reads them."""

    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = OpenOptionSpec()


# One ':key: value' line as MyST's option tokenizer reads it without a special case: a key of words without
# ':', quotes or '#'; a value that is plain text (no quote, block mark or comment), or none.
_PLAIN_OPTION = re.compile(r"[^\s:'\"#][^\s:]*(?: +[^\s:#][^\s:]*)*:(?:$| +$| +[^\s'\"#|>](?:(?! #).)*$)")
# Characters that MyST's tokenizer or str.splitlines() read as a line break, a tab, an end or a byte order mark.
_SPECIAL_CHARACTER = re.compile("[\t\r\x00\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\ufeff]")


def parse_directive(first_line: str, content: str, line: int) -> DirectiveParsingResult:
    """A directive's argument, options and body exactly as MyST's ``parse_directive_text`` reads them.

    MyST reads an options block with a small YAML tokenizer written in Python, the slowest part of reading a
    report. A block of plain ``:key: value`` lines, as nearly every object has, is read here directly, to the
    same result (``tests/test_properties.py`` compares the two on generated blocks); any other block goes to MyST.
    """
    plain = _plain_options(content)
    if plain is None:
        return parse_directive_text(AnyDirective, first_line, content, line=line)
    options, body, offset = plain
    if body and not body[-1]:  # as MyST joins the body's lines and splits them again, which drops one empty last line
        body = body[:-1]
    blank_line_removed = bool(body) and not body[0].strip()
    if blank_line_removed:
        body, offset = body[1:], offset + 1
    return DirectiveParsingResult(
        parse_directive_arguments(AnyDirective, first_line), options, body, offset, [], blank_line_removed
    )


def _plain_options(content: str) -> tuple[dict[str, str], list[str], int] | None:
    """The options, the lines after them and how many lines they take, when every option line is plain."""
    if content.startswith("---") or not content.lstrip().startswith(":"):
        return None
    lines = content.splitlines()
    options: dict[str, str] = {}
    count = 0
    while count < len(lines) and is_option_line(lines[count]):
        text = lines[count].lstrip()[1:]
        if _SPECIAL_CHARACTER.search(text) or not _PLAIN_OPTION.fullmatch(text):
            return None
        key, _, value = text.partition(":")
        options[key] = directives.unchanged(value.strip(" ") or None)
        count += 1
    return options, lines[count:], count


def option_lines(lines_after_opening: Iterable[str], opening_line: int) -> dict[str, int]:
    """The source line of each option key, from the lines that follow the directive's opening line."""
    found: dict[str, int] = {}
    for offset, text in enumerate(lines_after_opening, start=1):
        if not text.strip():
            break
        match = _OPTION_KEY[0].match(text) or _OPTION_KEY[1].match(text)
        if match:
            found.setdefault(match.group(1).strip(), opening_line + offset)
    return found


@dataclasses.dataclass(frozen=True)
class OptionBlockError:
    """An options block MyST cannot read, where it fails, and the options as written."""

    line: int
    options: dict[str, str]

    def message(self, what: str) -> str:
        return (
            f"Fälten i {what} kan inte läsas som ':namn: värde' från den här raden. Ett värde som börjar med "
            "ett citattecken måste sluta med samma citattecken (skriv annars värdet utan citattecken först), "
            "och varje fält står på en egen rad. Fälten läses här som de står skrivna."
        )


def read_option_block(lines_after_opening: Iterable[str], opening_line: int) -> OptionBlockError | None:
    """The directive's options block as written, when MyST cannot read it.

    MyST then drops every option, so an object would lose its id and status over one stray quote
    (``:orsak: "Budget" saknas``). Here the options are taken line by line as written instead.
    """
    lines = list(lines_after_opening)
    if not lines:
        return None
    if lines[0].startswith("---"):
        end = next((index for index, line in enumerate(lines[1:], start=1) if line.startswith("---")), len(lines))
        block = dedent("\n".join(lines[1:end])).split("\n")
        first = opening_line + 2
    elif lines[0].lstrip().startswith(":") and not lines[0].lstrip().startswith(":::"):
        block = []
        for line in lines:
            stripped = line.lstrip()
            if not stripped.startswith(":") or stripped.startswith(":::"):
                break
            block.append(stripped[1:])
        first = opening_line + 1
    else:
        return None
    try:
        options_to_tokens("\n".join(block))
    except TokenizeError as error:
        problem_line = first + error.problem_mark.line
    else:
        return None
    options: dict[str, str] = {}
    key = None
    for text in block:
        match = re.match(r"^([^:\s][^:]*):(.*)$", text)
        if match:
            key = match.group(1).strip()
            options.setdefault(key, match.group(2).strip())
        elif key is not None and text.strip():
            options[key] = f"{options[key]} {text.strip()}".strip()
    return OptionBlockError(problem_line, options)


def option_block_finding(path: str, problem: OptionBlockError, directive: str) -> Finding:
    """TY016 for an options block MyST cannot read (its options are then taken as written)."""
    return Finding(path, problem.line, "TY016", problem.message(f"'{directive}'"))
