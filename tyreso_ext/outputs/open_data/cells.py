"""How a value becomes a spreadsheet cell: the one place that decides, for the CSV files and the Excel file alike.

A spreadsheet program reads a text cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or a carriage
return before one of them) as a formula: ``=HYPERLINK("http://…";"klick")`` becomes a live link, ``@SUM(A1)`` a
calculation, ``=cmd|…`` a program to run (CSV injection). Such a text gets a single quote first, as OWASP's
guidance on CSV injection recommends, so that every program shows it as text. The Excel writer stores every text
as a string cell besides (:func:`tyreso_ext.outputs.open_data.files.write_xlsx`).

A carriage return becomes a line feed: Python's CSV writer (with the export's '\n' line ends) quotes a cell with a
line feed but not one with a lone carriage return, which a spreadsheet program takes for the end of the row, so
that what follows it would begin a cell of its own.

Numbers are never text: a figure such as −1 234 in a numeric column stays a number, in the Excel file a number
cell and in the CSV file ``-1234`` (decimal comma, no spaces), which Swedish Excel reads as a number.
"""

from __future__ import annotations

import decimal
import re
from typing import TypeAlias

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP: the characters a formula can begin with
_QUOTED_STARTS = (*FORMULA_STARTS, "\n")  # and a line feed, which a carriage return becomes here
QUOTE = "'"
# Control characters an XLSX file cannot hold (tab, line feed and carriage return it can); in a CSV file noise.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

Number: TypeAlias = int | float
Cell: TypeAlias = str | Number


def safe_text(text: str) -> str:
    """A text as a cell no spreadsheet program reads as a formula: quoted when it begins like one."""
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return QUOTE + text if text.startswith(_QUOTED_STARTS) else text


def number(value: decimal.Decimal | Number) -> Number:
    """A figure as a number cell: a whole number as an int, any other as a float."""
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, decimal.Decimal) and value == value.to_integral_value():
        return int(value)
    return float(value)


def cell(value: object) -> Cell:
    """Every exported cell passes through here: a number stays a number, anything else becomes safe text."""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int | float | decimal.Decimal):
        return number(value)
    if value is None:
        return ""
    return safe_text(str(value))


def csv_text(value: Cell) -> str:
    """A cell as CSV text: a number with decimal comma and without spaces ('-1234,5'), as Swedish Excel reads it."""
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    return format(decimal.Decimal(repr(value)), "f").replace(".", ",")
