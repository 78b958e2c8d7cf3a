"""Where a report's text names an address or a file, for the URL policy (:mod:`tyreso_ext.model.urls`) and
the rule on ``{eval-rst}`` (TY028). The reader (:mod:`tyreso_ext.source.reader`) calls these; no Sphinx here.

markdown-it already refuses ``javascript:``, ``vbscript:``, ``file:`` and most ``data:`` links: they stay text
(``[klicka](javascript:…)`` is shown as written). :func:`refused_in_text` finds them there, so that the writer
learns why the link does not work; every other link reaches the reader as a token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it.token import Token

from tyreso_ext.model.findings import Finding
from tyreso_ext.model.text import source_lines_with_ends

# Directive → the options that are addresses (checked by the whole policy: any scheme but the allowed is refused).
URL_OPTIONS = ("link", "target", "avatar-link")
URL_ARGUMENT_DIRECTIVES = frozenset({"button-link"})
# Directive → (does its argument name a picture?, options naming a picture): files a report brings along.
IMAGE_DIRECTIVES: dict[str, tuple[bool, tuple[str, ...]]] = {
    "image": (True, ()),
    "figure": (True, ()),
    "card": (False, ("img-top", "img-bottom", "img-background")),
    "grid-item-card": (False, ("img-top", "img-bottom", "img-background")),
    "article-info": (False, ("avatar",)),
}
LINK_DIRECTIVES = frozenset({*URL_ARGUMENT_DIRECTIVES, *IMAGE_DIRECTIVES, "toctree"})
# What an opening line or an options block must contain to hold an address of a refused kind in some other
# option; the options of a directive without any of these are not read for it.
_SUSPECT = re.compile(r"(?i)script|data|file|://|&#?\w+;|%[0-9a-f]{2}|[\x00-\x08\x0b-\x1f\x7f]")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\x00-\x20]*)>")
_DEFINITION = re.compile(r"(?m)^ {0,3}\[[^\]\n]+\]:[ \t]*\n?[ \t]*(<[^>\n]*>|[^\s\x00]+)")
_EXPLICIT_TARGET = re.compile(r"<([^<>]*)>\s*$")
SOURCE_SUFFIXES = (".md", ".rst")  # a link to one of these is a page, not a file to publish


def may_hold_address(first_line: str, content: str) -> bool:
    """Whether a directive's opening line or options could name a refused address (cheap: no parsing)."""
    head = content.partition("\n\n")[0][:4000]
    return bool(_SUSPECT.search(first_line) or _SUSPECT.search(head))


def role_target(content: str) -> str:
    """The target of a role written ``text <target>`` or just ``target``."""
    match = _EXPLICIT_TARGET.search(content)
    return match.group(1) if match else content.strip()


def refused_in_text(text: str) -> Iterator[tuple[int, str]]:
    """Addresses in Markdown syntax that markdown-it left as text: ``[x](…)``, ``![x](…)``, ``<scheme:…>`` and
    ``[x]: …`` (a reference definition). Yields (offset in ``text``, address). ``text`` is the text of one inline
    run, with ``\\n`` for its line breaks and ``\\x00`` for anything that is not text (code, a role)."""
    start = text.find("](")
    while start != -1:
        address = _destination(text, start + 2)
        if address:
            yield start, address
        start = text.find("](", start + 2)
    for match in _AUTOLINK.finditer(text):
        yield match.start(), match.group(1)
    for match in _DEFINITION.finditer(text):
        yield match.start(1), match.group(1).removeprefix("<").removesuffix(">")


def _destination(text: str, index: int) -> str:
    """A link's destination after ``](``: in ``<…>``, or up to the ``)`` that closes the link on its line
    (white space included: ``java\\tscript:`` is an address in disguise, not two words)."""
    rest = text[index:].lstrip(" \t")
    if rest.startswith("\n"):
        rest = rest[1:].lstrip(" \t")
    if rest.startswith("<"):
        end = rest.find(">")
        return rest[1:end] if end > 0 and "\n" not in rest[:end] else ""
    depth = 0
    for position, character in enumerate(rest):
        if character in "\n\x00":
            return rest[:position].strip()
        if character == "(":
            depth += 1
        elif character == ")":
            if depth == 0:
                return rest[:position].strip()
            depth -= 1
    return rest.strip()


def is_eval_rst(token: Token) -> bool:
    """A fence MyST reads as reStructuredText: ```` ```{eval-rst} ```` (a ``:::`` fence is not)."""
    return token.type == "fence" and token.info.strip().split(maxsplit=1)[:1] == ["{eval-rst}"]


def eval_rst_finding(path: str, line: int) -> Finding:
    """TY028: reStructuredText in a report, shown as text."""
    return Finding(
        path,
        line,
        "TY028",
        "Blocket {eval-rst} (reStructuredText) i en rapport visas som text och tolkas inte: det kan skriva in "
        "taggar i sidans huvud, länkar och filer som inte granskas. Skriv med Markdown i stället: **fet**, "
        "*kursiv*, [länktext](https://…), ![beskrivning](bild.png).",
    )


def neutralize_eval_rst(text: str, lines: list[int]) -> str:
    """The text with each ``{eval-rst}`` fence opened on ``lines`` (1-based) turned into a code block of
    reStructuredText, which MyST shows as text. Nothing else changes, so line numbers stay the same."""
    if not lines:
        return text
    split = source_lines_with_ends(text)
    for line in lines:
        if 0 < line <= len(split) and "{eval-rst}" in split[line - 1]:
            split[line - 1] = split[line - 1].replace("{eval-rst}", "rst", 1)
    return "".join(split)
