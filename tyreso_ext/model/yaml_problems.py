"""Front matter that YAML cannot read, said in Swedish: the line, what is wrong on it, how it should look (TY002).

PyYAML names where it gave up, in English ("mapping values are not allowed here"), and often a line after the
mistake (a colon left out is noticed on the next line). Here the block's lines are read as a person reads them,
top down to the line where YAML gave up, and the first line written wrong is named with its fix: a tab, an
indentation that does not match the line above, a colon or the space after it left out, a quote or a bracket
never closed, a value YAML cannot start with. When no line is recognised, the line YAML names is given with
the general advice, never YAML's English words.

No Sphinx here, and no YAML parsing of its own: only the error and the lines.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

import yaml

from tyreso_ext.model.text import code_point, fold, shorten, source_lines

ADVICE = (
    "Skriv 'nyckel: värde' med ett mellanslag efter kolon, och börja raden i samma kolumn som raden ovanför "
    "(en rad som hör till en nyckel, som raderna under 'måluppfyllelse:', dras in med två mellanslag)."
)
_KEY = re.compile(r"^(?P<key>'[^']*'|\"[^\"]*\"|[^\s:#'\"\[\]{},&*!|>%@`-][^:]*?)\s*:(?P<after>.*)$")
_RESERVED_START = "@`%"  # no plain YAML value may begin with these
_STRUCTURE_START = "*&!"  # an alias, an anchor, a tag: YAML's own syntax when a value begins with them
_DEEP = 50  # brackets on one line: a document nested past what the parser reads


@dataclasses.dataclass(frozen=True)
class YamlProblem:
    """Where the front matter goes wrong (0-based line of the YAML text, -1 for the whole block) and what to do."""

    index: int
    message: str


@dataclasses.dataclass
class _Open:
    """A key written without a value (``måluppfyllelse:``): the lines below it, indented, belong to it."""

    indent: int
    key: str
    child_indent: int | None = None


@dataclasses.dataclass(frozen=True)
class _Line:
    """A line already read: its indentation, key and value."""

    indent: int
    key: str
    value: str

    @property
    def text(self) -> str:
        return f"{self.key}: {self.value}" if self.key else self.value


def describe_yaml_error(text: str, error: BaseException, first_line: int, keys: Sequence[str] = ()) -> YamlProblem:
    """TY002 for a YAML error in the front matter ``text``, whose first line is the file's line ``first_line``;
    ``keys`` are the known keys, for the fixes."""
    lines = source_lines(text)
    if isinstance(error, yaml.reader.ReaderError):  # a character YAML refuses anywhere (a control character)
        index = text[: error.position].count("\n")
        return YamlProblem(
            index,
            f"Rad {first_line + index} innehåller ett styrtecken ({code_point(chr(error.character))}) som inte får stå "
            "i front matter och som inte syns i de flesta program. Ta bort det (skriv om raden om du inte hittar det).",
        )
    limit = _error_line(error, len(lines))
    if limit is None:  # no place: nested too deep for the parser, or a value it cannot make
        deepest = max(range(len(lines)), key=lambda index: _brackets(lines[index]), default=0)
        return YamlProblem(
            deepest if lines and _brackets(lines[deepest]) >= _DEEP else -1,
            "Front matter är nästlad för djupt (hakparenteser eller klammerparenteser inuti varandra) och kan inte "
            f"läsas. {ADVICE}",
        )
    found = first_wrong_line(lines, first_line, keys, limit)
    if found is not None:
        return found
    index = limit
    while index > 0 and not lines[index].strip():
        index -= 1
    return YamlProblem(
        index,
        f"Front matter kan inte läsas på rad {first_line + index}. {ADVICE} Sätt ett värde som innehåller kolon, "
        'citattecken eller parenteser inom citattecken: titel: "Mål: en trygg kommun".',
    )


def _error_line(error: BaseException, count: int) -> int | None:
    if not isinstance(error, yaml.MarkedYAMLError):
        return None
    mark = error.problem_mark or error.context_mark
    return None if mark is None or count == 0 else min(mark.line, count - 1)


def _brackets(line: str) -> int:
    return line.count("[") + line.count("{")


def first_wrong_line(
    lines: Sequence[str], first_line: int, keys: Sequence[str] = (), limit: int | None = None
) -> YamlProblem | None:
    """The first of ``lines`` (up to ``limit``) that is not written as front matter is, with its fix; the lines
    begin at the file's line ``first_line``. None when every line is well formed."""
    known = {fold(key): key for key in keys}
    opened: list[_Open] = []
    previous: _Line | None = None
    last = len(lines) - 1 if limit is None else min(limit, len(lines) - 1)
    for index in range(last + 1):
        line, n = lines[index], first_line + index
        content = line.lstrip(" \t")
        if not content.strip() or content.startswith("#"):
            continue
        lead = line[: len(line) - len(content)]
        indent = len(lead)
        if "\t" in lead:
            return YamlProblem(index, _tab_message(n, content.rstrip(), opened, previous))
        while opened and opened[-1].indent >= indent:
            opened.pop()
        parent = opened[-1] if opened else None
        written = content.rstrip()
        if written == "-" or written.startswith("- "):
            if parent is None:
                return YamlProblem(
                    index,
                    f"Rad {n} börjar med '-', och då blir front matter en lista. Skriv raderna 'nyckel: värde' utan "
                    f"'-' först: '{shorten(written[1:].strip())}'.",
                )
            previous = _Line(indent, "", written)
            continue
        match = _KEY.match(written)
        if match is None:
            if indent > 0 and previous is not None and previous.value:
                continue  # a long value going on on the next line: YAML allows it
            return YamlProblem(index, _no_colon_message(n, written, known))
        key, after = match["key"].strip(), match["after"]
        value = _without_comment(after).strip()
        if after[:1] == "\t":
            return YamlProblem(
                index, f"Rad {n} har en tabb efter kolon. Skriv ett mellanslag: '{shorten(key)}: {shorten(value)}'."
            )
        if after and not after[0].isspace():
            return YamlProblem(index, f"Rad {n} saknar mellanslag efter kolon. Skriv '{shorten(key)}: {shorten(after.strip())}'.")
        problem = _indent_problem(n, written, indent, parent, previous) or _value_problem(n, key, value, lines[index + 1 :])
        if problem is not None:
            return YamlProblem(index, problem)
        if parent is not None and parent.child_indent is None:
            parent.child_indent = indent
        if not value:
            opened.append(_Open(indent, key))
        previous = _Line(indent, key, value)
    return None


def _tab_message(n: int, written: str, opened: list[_Open], previous: _Line | None) -> str:
    rule = f"Rad {n} är indragen med en tabb, och i front matter görs indrag bara med mellanslag."
    if previous is not None and previous.key and not previous.value:  # the line above opens a key: this one is under it
        return (
            f"{rule} Raden hör till '{shorten(previous.key)}': skriv två mellanslag i stället för tabben, '  {shorten(written)}'."
        )
    above = opened[-1] if opened else None
    if above is not None and above.child_indent is not None:
        spaces = " " * above.child_indent
        return (
            f"{rule} Raden hör till '{shorten(above.key)}': börja den i samma kolumn som raden ovanför, "
            f"'{spaces}{shorten(written)}'."
        )
    return f"{rule} En nyckel börjar i första kolumnen: '{shorten(written)}'."


def _no_colon_message(n: int, written: str, known: dict[str, str]) -> str:
    first, _, rest = written.partition(" ")
    key = known.get(fold(first))
    if key is not None:
        return f"Rad {n} saknar kolon efter '{key}'. Skriv '{key}: {shorten(rest.strip())}'."
    return (
        f"Rad {n} ('{shorten(written, 40)}') är ingen rad 'nyckel: värde'. Skriv uppgifterna en per rad, till exempel "
        "'rapporttyp: delårsrapport', 'period: 2023-T1' och 'organ: Kommunstyrelsen'."
    )


def _indent_problem(n: int, written: str, indent: int, parent: _Open | None, previous: _Line | None) -> str | None:
    if parent is None:
        if indent == 0:
            return None
        if previous is None:
            return f"Rad {n} är indragen, men en nyckel i front matter börjar i första kolumnen: '{shorten(written)}'."
        return (
            f"Rad {n} är indragen, men raden ovanför ('{shorten(previous.text, 40)}') har redan ett värde, så raden kan "
            f"inte höra till den. Börja raden i samma kolumn som raden ovanför: '{' ' * previous.indent}{shorten(written)}'."
        )
    siblings = parent.child_indent
    if siblings is not None and indent != siblings:
        return (
            f"Rad {n} hör till '{shorten(parent.key)}' men är indragen med {indent} mellanslag, och raden ovanför med "
            f"{siblings}. Börja raden i samma kolumn som raden ovanför: '{' ' * siblings}{shorten(written)}'."
        )
    return None


def _value_problem(n: int, key: str, value: str, below: Sequence[str]) -> str | None:
    if not value:
        return None
    start, key = value[0], shorten(key)
    if start in "\"'":
        other = "'" if start == '"' else '"'
        end = _closing_quote(value)
        if end is None:
            if any(start in line for line in below):
                return None  # a quoted value over several lines
            return (
                f"Citattecknet ({start}) som börjar värdet på rad {n} avslutas aldrig. Avsluta värdet med samma "
                f"citattecken: {key}: {shorten(value)}{start}"
            )
        if value[end + 1 :].strip():
            return (
                f"Värdet på rad {n} börjar med ett citattecken ({start}) men fortsätter efter det avslutande. Skriv "
                f"värdet utan citattecken först, eller hela värdet inom de andra citattecknen: {key}: "
                f"{other}{shorten(value)}{other}"
            )
        return None
    if start in "[{":
        closing = "]" if start == "[" else "}"
        if value.count(start) > value.count(closing) and not any(closing in line for line in below):
            name = "Hakparentesen" if start == "[" else "Klammerparentesen"
            return (
                f"{name} '{start}' på rad {n} avslutas aldrig med '{closing}'. Skriv värdet utan parentes, "
                f"'{key}: {shorten(value.lstrip(start).strip())}', eller avsluta det med '{closing}'."
            )
        return None
    if start in _RESERVED_START or start in _STRUCTURE_START:
        return (
            f"Ett värde kan inte börja med '{start}' (rad {n}): YAML läser tecknet som en del av sin egen syntax. "
            f'Sätt värdet inom citattecken: {key}: "{shorten(value)}"'
        )
    if ": " in value or value.endswith(":"):
        return (
            f"Värdet på rad {n} innehåller ett kolon, som YAML läser som början på en ny nyckel. Sätt värdet inom "
            f'citattecken: {key}: "{shorten(value)}"'
        )
    return None


def _closing_quote(value: str) -> int | None:
    """The index of the quote that closes the quoted value beginning ``value``, or None."""
    quote, index = value[0], 1
    while index < len(value):
        char = value[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and value[index + 1 : index + 2] == "'":
                index += 2  # '' inside single quotes is one quote
                continue
            return index
        index += 1
    return None


def _without_comment(after: str) -> str:
    """The value after the colon without a trailing ``# comment`` (outside quotes)."""
    text = after.strip()
    if text[:1] in ("'", '"'):
        return text
    position = text.find(" #")
    return text if position < 0 else text[:position]


def duplicate_keys(text: str) -> list[tuple[int, str, int]]:
    """Top-level keys written twice: (0-based line of the second, the key, 0-based line of the first). YAML keeps
    the last one without a word."""
    first: dict[str, int] = {}
    found = []
    for index, line in enumerate(source_lines(text)):
        match = _KEY.match(line.rstrip()) if line[:1] not in (" ", "\t", "#") else None
        if match is None:
            continue
        key = match["key"].strip().strip("'\"")
        if fold(key) in first:
            found.append((index, key, first[fold(key)]))
        else:
            first[fold(key)] = index
    return found
