"""How directive options are taken, shared by the Sphinx directives and the source scanner."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from docutils.parsers.rst import directives

_OPTION_KEY = (re.compile(r"^\s*:([^:\s][^:]*):"), re.compile(r"^\s*([^:\s][^:]*):"))


class OpenOptionSpec(dict[str, Callable[[str | None], str]]):
    """Accepts every option key as text.

    MyST and docutils drop unknown options (or options whose converter fails) before the
    directive runs. We take every key as written and let the model decide, so an unknown
    field gets our message with a suggestion, and nothing the user wrote is lost silently.
    One named key keeps the spec truthy: MyST looks for options only when the spec is non-empty.
    """

    def __init__(self) -> None:
        super().__init__(id=directives.unchanged)

    def __missing__(self, key: str) -> Callable[[str | None], str]:
        return directives.unchanged


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
