"""Object ids: lowercase ASCII slugs that stay the same in every period."""

from __future__ import annotations

import re
import unicodedata

from tyreso_ext.model.text import describe_char, fold, shorten, visible, without_invisible

MAX_ID_LENGTH = 80
_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Letters from other scripts that look like Latin ones (a common copy-paste accident).
_LOOK_ALIKES = str.maketrans(
    {
        "а": "a",
        "е": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "у": "y",
        "х": "x",
        "і": "i",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "һ": "h",
        "к": "k",
        "м": "m",
        "т": "t",
        "в": "b",
        "α": "a",
        "ε": "e",
        "ο": "o",
        "ρ": "p",
        "ν": "v",
        "ι": "i",
        "κ": "k",
        "τ": "t",
        "А": "a",
        "Е": "e",
        "О": "o",
        "Р": "p",
        "С": "c",
        "Х": "x",
        "І": "i",
        "К": "k",
        "М": "m",
        "Т": "t",
        "В": "b",
        "Н": "h",
    }
)


class IdError(ValueError):
    """An id that is not a valid slug."""


def slugify(text: str) -> str:
    """The id a title would get: 'Att arbeta kommungemensamt' → 'att-arbeta-kommungemensamt'."""
    ascii_text = fold(without_invisible(text).translate(_LOOK_ALIKES))  # 'digital-ser\u00advice' → 'digital-service'
    ascii_text = unicodedata.normalize("NFKD", ascii_text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:MAX_ID_LENGTH].rstrip("-")


def parse_id(text: str) -> str:
    """Return the id unchanged if it is a valid slug, otherwise raise with a fix."""
    value = text.strip() if isinstance(text, str) else ""
    if not value:
        raise IdError("Id saknar värde. Skriv ett id med små bokstäver a–z, siffror och bindestreck.")
    if _ID_PATTERN.match(value) and len(value) <= MAX_ID_LENGTH:
        return value
    if len(value) > MAX_ID_LENGTH:
        raise IdError(f"Id '{shorten(value, 40)}' är längre än {MAX_ID_LENGTH} tecken. Korta det.")
    foreign = [char for char in value if ord(char) > 127 and char not in "åäöÅÄÖ"]
    suggestion = slugify(value)
    hint = f" Skriv till exempel '{suggestion}'." if suggestion else ""
    if foreign:
        described = ", ".join(describe_char(char) for char in dict.fromkeys(foreign[:3]))
        raise IdError(f"Id '{visible(value)}' innehåller tecken som inte är a–z: {described}.{hint}")
    if value != value.lower():
        raise IdError(f"Id '{value}' innehåller versaler; ett id skrivs med små bokstäver.{hint}")
    raise IdError(f"Id '{value}' får bara innehålla små bokstäver a–z (utan å, ä, ö), siffror och enkla bindestreck.{hint}")
