"""Small text helpers shared by the parsers: folding and suggestions."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

_ASCII_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lowercase, strip accents and collapse white space: ``' GRÖN '`` → ``'gron'``."""
    lowered = " ".join(text.split()).casefold().translate(_ASCII_FOLD)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def suggest(value: str, choices: list[str]) -> str | None:
    """The closest allowed choice to ``value``, or None when nothing is close."""
    folded_choices = {fold(choice): choice for choice in choices}
    matches = difflib.get_close_matches(fold(value), list(folded_choices), n=1, cutoff=0.6)
    return folded_choices[matches[0]] if matches else None


def did_you_mean(value: str, choices: list[str]) -> str:
    """A Swedish ``" Menade du 'x'?"`` hint, or an empty string."""
    guess = suggest(value, choices)
    return f" Menade du '{guess}'?" if guess else ""


def quoted_list(values: list[str]) -> str:
    """``'a', 'b' eller 'c'`` in Swedish."""
    quoted = [f"'{value}'" for value in values]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " eller " + quoted[-1]


_LINE_END = re.compile(r"\r\n|\r|\n")
_AFTER_LINE_END = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")


def source_lines(text: str) -> list[str]:
    """The lines of a source as Markdown counts them: only \\n, \\r\\n and \\r end a line (str.splitlines
    also breaks at form feeds, vertical tabs and other separators, and would put a finding on the wrong line)."""
    lines = _LINE_END.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def source_lines_with_ends(text: str) -> list[str]:
    """The same lines with their line ends, so that joining them gives the text back."""
    return [line for line in _AFTER_LINE_END.split(text) if line]


def shown(value: object, limit: int = 60) -> str:
    """Any value (from YAML, say) as a message quotes it: short, on one line, never expanded. YAML aliases
    can nest a list a billion elements deep in a few lines, and 0xfff… is an integer too long for str()."""
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, (list, tuple, set)):
        return "[…]"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**limit:
        return f"[ett tal med mer än {limit} siffror]"
    return shorten(str(value), limit)


def shorten(text: str, limit: int = 60) -> str:
    """Text as a message quotes it: on one line and at most ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def upper_first(text: str) -> str:
    """Capitalise the first letter only: "uppdrag 'Ordning'" → "Uppdrag 'Ordning'"."""
    return text[:1].upper() + text[1:]
