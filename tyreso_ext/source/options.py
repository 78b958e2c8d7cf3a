"""How directive options are taken: by the reader, and by a directive the reader could not see."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from textwrap import dedent

from docutils.parsers.rst import directives
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
