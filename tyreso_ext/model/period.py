"""Period codes: ``2023`` < ``2023-T1`` < ``2023-T2`` < ``2023-ÅR`` < ``2024``."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable

from tyreso_ext.model.text import fold, invisible_note, other_digits_message, shorten, shown

_PARTS = {"": 0, "t1": 1, "t2": 2, "ar": 3}
_CANONICAL_PART = {0: "", 1: "T1", 2: "T2", 3: "ÅR"}
_PART_NAMES = {0: "plan", 1: "tertial 1", 2: "tertial 2", 3: "helår"}
_PATTERN = re.compile(r"^(?P<year>[0-9]{4})(?:\s*[-–]\s*(?P<part>t1|t2|ar))?$")


class PeriodError(ValueError):
    """Text that is no period code."""


@dataclasses.dataclass(frozen=True, order=True, slots=True)
class Period:
    """A reporting period; ordering follows time."""

    year: int
    part: int = 0  # 0 plan year, 1 T1, 2 T2, 3 year-end (ÅR)

    def __reduce__(self) -> tuple[Callable[[int, int], Period], tuple[int, int]]:
        """Unpickled as one shared instance per period (it is frozen): thousands of records name a few periods."""
        return (shared_period, (self.year, self.part))

    @property
    def code(self) -> str:
        """The canonical code: '2023', '2023-T1', '2023-ÅR'."""
        suffix = _CANONICAL_PART[self.part]
        return f"{self.year}-{suffix}" if suffix else str(self.year)

    @property
    def is_plan_year(self) -> bool:
        return self.part == 0

    @property
    def description(self) -> str:
        """Swedish words for the period: 'tertial 1 2023'."""
        return f"{_PART_NAMES[self.part]} {self.year}"

    @property
    def slug(self) -> str:
        """ASCII form for file and anchor names: '2023-t1', '2023-ar'."""
        return fold(self.code).replace(" ", "")

    def __str__(self) -> str:
        return self.code


def parse_period(text: object) -> Period:
    """Parse a period code; forgiving about case, diacritics and spaces around the dash."""
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        raise PeriodError(_message(shown(text)))
    if isinstance(text, int) and not 1900 <= text <= 2999:
        raise PeriodError(_message(shown(text)))
    foreign = other_digits_message(str(text).strip())
    if foreign is not None:  # fold() would turn fullwidth digits into 0–9, and \d takes every script's
        raise PeriodError(foreign)
    match = _PATTERN.match(fold(str(text)).strip())
    if match is None:
        raise PeriodError(_message(str(text)))
    year = int(match["year"])
    if not 1900 <= year <= 2999:
        raise PeriodError(_message(str(text)))
    return Period(year, _PARTS[match["part"] or ""])


def _message(text: str) -> str:
    return (
        f"'{shorten(text)}' är ingen giltig period. Skriv ett år för en plan ('2023') eller året följt av "
        f"'-T1', '-T2' eller '-ÅR' för en uppföljning ('2023-T1').{invisible_note(text)}"
    )


@functools.cache
def shared_period(year: int, part: int) -> Period:
    """The one instance of a period that unpickled records share."""
    return Period(year, part)
