"""Small text helpers shared by the parsers: folding and suggestions."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterator

_ASCII_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})


@functools.lru_cache(maxsize=65536)  # titles and field values recur in every period: 60,000 objects at 2,000 reports
def fold(text: str) -> str:
    """Lowercase, strip accents and collapse white space: ``' GRÖN '`` → ``'gron'``."""
    lowered = " ".join(text.split()).casefold().translate(_ASCII_FOLD)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def suggest(value: str, choices: list[str]) -> str | None:
    """The closest allowed choice to ``value``, or None when nothing is close (invisible characters ignored)."""
    folded_choices = {fold(choice): choice for choice in choices}
    matches = difflib.get_close_matches(fold(without_invisible(value)), list(folded_choices), n=1, cutoff=0.6)
    return folded_choices[matches[0]] if matches else None


def did_you_mean(value: str, choices: list[str]) -> str:
    """A Swedish ``" Menade du 'x'?"`` hint, or an empty string; it names an invisible character in ``value``."""
    guess = suggest(value, choices)
    return (f" Menade du '{visible(guess)}'?" if guess else "") + invisible_note(value)


def quoted_list(values: list[str]) -> str:
    """``'a', 'b' eller 'c'`` in Swedish."""
    quoted = [f"'{visible(value)}'" for value in values]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " eller " + quoted[-1]


_LINE_END = re.compile(r"\r\n|\r|\n")
_AFTER_LINE_END = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")


def source_lines(text: str) -> list[str]:
    """The lines of a source as Markdown counts them: only \\n, \\r\\n and \\r end a line (str.splitlines
    also breaks at form feeds, vertical tabs and other separators, and would put a finding on the wrong line)."""
    lines = _LINE_END.split(text) if "\r" in text else text.split("\n")  # the same lines; str.split is faster
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
    """Text as a message quotes it: on one line, at most ``limit`` characters, invisible characters shown."""
    text = " ".join(visible(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- Characters that cannot be seen ---------------------------------------------------------------------
# A message that quotes 'gul\u200b' must show why it is not 'gul'. Control characters (Cc), format characters
# (Cf: zero-width space, soft hyphen, direction marks, the byte order mark), private-use, surrogate and unassigned
# code points, line and paragraph separators, and the letters that render as nothing are written ⟨U+200B⟩.
# Tab and line ends are white space, as everywhere.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_WHITE = frozenset("\t\n\r")
_SWEDISH_NAMES = {
    "\u200b": "nollbreddsmellanslag",
    "\u200c": "nollbreddsicke-fog",
    "\u200d": "nollbreddsfog",
    "\u2060": "ordfog",
    "\u00ad": "mjukt bindestreck",
    "\ufeff": "byte order mark",
    "\u200e": "riktningsmärke",
    "\u200f": "riktningsmärke",
    "\u00a0": "hårt mellanslag",
    "\u202f": "smalt hårt mellanslag",
    "\u2009": "smalt mellanslag",
    "\x00": "nolltecken",
    "\x1b": "escape-tecken",
}


@functools.cache  # one character: a bounded set, looked up for every character of a title
def is_invisible(char: str) -> bool:
    """A character a reader cannot see in the text: see above."""
    return char not in _WHITE and (unicodedata.category(char) in _INVISIBLE_CATEGORIES or char in _BLANK_LETTERS)


def code_point(char: str) -> str:
    """``⟨U+200B⟩``: how a message shows a character that cannot be seen."""
    return f"⟨U+{ord(char):04X}⟩"


def visible(text: str) -> str:
    """``text`` with every invisible or control character written as its code point: ``'gul⟨U+200B⟩'``.

    The one helper for every message that quotes what a user wrote; :class:`~tyreso_ext.model.findings.Finding`
    applies it to every message as well, so that no message carries a character that cannot be seen."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(code_point(char) if is_invisible(char) else char for char in text)


@functools.lru_cache(maxsize=65536)
def without_invisible(text: str) -> str:
    """``text`` without its invisible characters (as in :func:`visible`)."""
    return text if text.isascii() and text.isprintable() else "".join(char for char in text if not is_invisible(char))


def describe_char(char: str) -> str:
    """A character as a message names it: ``'⟨U+00AD⟩' (mjukt bindestreck, syns inte)`` or ``'щ' (CYRILLIC …)``."""
    name = _SWEDISH_NAMES.get(char) or unicodedata.name(char, "okänt tecken")
    if is_invisible(char):
        return f"'{code_point(char)}' ({name}, syns inte)"
    return f"'{char}' ({name})"


def invisible_note(text: str) -> str:
    """A Swedish sentence naming the invisible characters in ``text``, or an empty string."""
    found = list(dict.fromkeys(char for char in text if is_invisible(char)))
    if not found:
        return ""
    named = ", ".join(describe_char(char) for char in found[:3])
    if len(found) == 1:
        return f" Värdet innehåller ett tecken som inte syns: {named}. Ta bort det."
    return f" Värdet innehåller tecken som inte syns: {named}. Ta bort dem."


def upper_first(text: str) -> str:
    """Capitalise the first letter only: "uppdrag 'Ordning'" → "Uppdrag 'Ordning'"."""
    return text[:1].upper() + text[1:]


# --- Digits of other scripts -----------------------------------------------------------------------------
# Python's int() and Decimal() (and \d in a pattern) read '４' (fullwidth) and '٣' (Arabic-Indic) as numbers. A
# report is published as it is written, so a number, a level or a period must be written with 0–9.


def other_digits(text: str) -> list[str]:
    """The digits in ``text`` that are not 0–9 (each once, in order)."""
    if text.isascii():
        return []
    return [char for char in dict.fromkeys(text) if char.isdecimal() and not "0" <= char <= "9"]


def other_digits_message(text: str) -> str | None:
    """A Swedish message for ``text`` written with digits of another script, with its form in 0–9; else None."""
    found = other_digits(text)
    if not found:
        return None
    plain = "".join(str(unicodedata.decimal(char)) if char in found else char for char in text)
    return (
        f"'{shorten(text)}' är skrivet med siffror från en annan skrift, till exempel {describe_char(found[0])}. "
        f"Skriv med siffrorna 0–9: '{shorten(plain)}'."
    )


_CODE_FENCE = re.compile(r"^\s*(```+|~~~+)")


def lines_outside_code(text: str) -> Iterator[tuple[int, str]]:
    """Each line of a text with its number, except the lines of fenced code blocks (and their fences)."""
    fence = ""
    for number, line in enumerate(source_lines(text), start=1):
        match = _CODE_FENCE.match(line)
        if match and (not fence or match.group(1).startswith(fence)):
            fence = "" if fence else match.group(1)
            continue
        if not fence:
            yield number, line
