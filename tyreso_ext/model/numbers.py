"""Numbers in Swedish notation, and the period series an indicator carries."""

from __future__ import annotations

import dataclasses
import decimal
import re

from tyreso_ext.model.period import Period, PeriodError, parse_period
from tyreso_ext.model.text import invisible_note, other_digits_message, shorten, shown

MAX_DIGITS = 18
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]")
_NUMBER = re.compile(r"^[+-]?([0-9]+)(?:[.,]([0-9]+))?$")


class NumberError(ValueError):
    """Text that is not a number in Swedish (or plain) notation."""


def parse_number(text: str) -> decimal.Decimal:
    """Parse '7,4', '452 707', '−1 234,5' or '-3' into an exact Decimal."""
    if not isinstance(text, str):
        raise NumberError(f"'{shown(text)}' är inget tal.")
    foreign = other_digits_message(text.strip())
    if foreign is not None:
        raise NumberError(foreign)
    cleaned = _SPACES.sub("", text).replace("\u2212", "-").replace("\u2013", "-")
    match = _NUMBER.match(cleaned)
    if match is None:
        raise NumberError(f"'{shorten(text)}' är inget tal. Skriv till exempel 58 eller 7,4.{invisible_note(text)}")
    if len(match[1]) + len(match[2] or "") > MAX_DIGITS:
        raise NumberError(f"Talet '{shorten(text, 31)}' har fler än {MAX_DIGITS} siffror.")
    return decimal.Decimal(cleaned.replace(",", "."))


def format_number(value: decimal.Decimal) -> str:
    """Swedish notation for display: 7.4 → '7,4', 452707 → '452 707', -3 → '−3'."""
    sign = "\u2212" if value < 0 else ""
    integer, _, fraction = f"{abs(value):f}".partition(".")
    groups: list[str] = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = "\u00a0".join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


@dataclasses.dataclass(frozen=True)
class Point:
    """One value of a series: a period and a number, with an optional label (riket, länet)."""

    period: Period
    value: decimal.Decimal
    label: str = ""


_POINT = re.compile(r"^(?P<label>.*?)\s*(?P<period>\d{4}(?:\s*[-–]\s*\S+)?)\s*:\s*(?P<value>.+)$")


def parse_point(text: str, *, labelled: bool = False) -> Point:
    """Parse '2021: 58' (or 'riket 2021: 58' when labelled)."""
    foreign = other_digits_message(text.strip())
    if foreign is not None:
        raise NumberError(foreign)
    match = _POINT.match(text.strip())
    if match is None or (match["label"] and not labelled):
        example = "'riket 2021: 58'" if labelled else "'2021: 58'"
        raise NumberError(f"'{shorten(text)}' ska skrivas som period: värde, till exempel {example}.{invisible_note(text)}")
    if labelled and not match["label"]:
        raise NumberError(f"'{shorten(text)}' saknar namn på jämförelsen, till exempel 'riket 2021: 58'.")
    try:
        period = parse_period(match["period"])
    except PeriodError as error:
        raise NumberError(str(error)) from None
    return Point(period, parse_number(match["value"]), match["label"].strip())


def parse_series(text: str, *, labelled: bool = False) -> tuple[Point, ...]:
    """Parse '2022: 60; 2023-T1: 61' into points, in the order written."""
    parts = [part for part in text.split(";") if part.strip()]
    if not parts:
        raise NumberError("Serien är tom. Skriv till exempel '2022: 60; 2023: 62'.")
    return tuple(parse_point(part, labelled=labelled) for part in parts)
