"""One policy for every address the site and the PDFs link to, and for the files a report brings along.

No Sphinx here: the reader (:mod:`tyreso_ext.source.reader`) applies it to what a report says, the build
(:mod:`tyreso_ext.sphinx_ext.link_policy`) to every link it is about to write, with the same findings:

- :func:`url_problem`: a link may go to ``http``, ``https``, ``mailto`` and ``tel`` and inside the site (a
  relative path, an ``#anchor``, a path without a scheme). Any other scheme is refused, however it is
  disguised: HTML entities (``&#106;avascript:``), white space or control characters inside the scheme
  (``java\\tscript:``), mixed case, percent-encoding, full-width letters, leading spaces (TY027).
- :func:`file_problem`: a report brings along PDF, CSV, XLSX, PNG and JPEG files only; never HTML, SVG (it can
  hold scripts), scripts or files without a type (TY029).
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import PurePosixPath
from urllib.parse import unquote

from tyreso_ext.model.findings import Finding
from tyreso_ext.model.text import shorten

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# MyST's own schemes for a page or a file of the project (``[x](project:sida.md)``, ``[x](path:bilaga.pdf)``):
# the build turns them into links inside the site, so a report may write them.
PROJECT_SCHEMES = frozenset({"project", "path"})
# Schemes that are never a plain address: an option value that starts with one is a link whatever the option.
EXECUTABLE_SCHEMES = frozenset(
    {"javascript", "vbscript", "livescript", "mocha", "data", "file", "blob", "filesystem", "jar", "view-source", "about"}
)
DOWNLOAD_SUFFIXES = (".pdf", ".csv", ".xlsx", ".png", ".jpg", ".jpeg")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})  # controls, invisible formatting, spaces
_MAX_ROUNDS = 8  # '&amp;#106;' or '%2525…': decoded until nothing changes, at most this often


def _visible(character: str) -> bool:
    return not character.isspace() and unicodedata.category(character) not in _HIDDEN_CATEGORIES


def url_key(url: str) -> str:
    """The address as a browser could end up reading it: entities and percent-escapes decoded (again and
    again), full-width letters made plain, every space and invisible character removed, in lower case.

    Used to find the scheme, and by the build to recognise an address the reader has already reported."""
    text = url
    for _ in range(_MAX_ROUNDS):
        decoded = unquote(html.unescape(text))
        if decoded == text:
            break
        text = decoded
    text = unicodedata.normalize("NFKC", text)
    return "".join(character for character in text if _visible(character)).lower()


def scheme_of(url: str) -> str | None:
    """The scheme of an address as :func:`url_key` reads it, without the colon; None for a path."""
    match = _SCHEME.match(url_key(url))
    return match.group(1) if match else None


def url_problem(url: str) -> str | None:
    """None when a page or a PDF may link to ``url``; otherwise the refused scheme, as ``'javascript:'``."""
    scheme = scheme_of(url)
    if scheme is None or scheme in ALLOWED_SCHEMES:
        return None
    return f"{scheme}:"


def markdown_link_problem(href: str) -> str | None:
    """:func:`url_problem` for a link written in Markdown, where MyST's ``project:`` and ``path:`` stay inside the site."""
    return None if scheme_of(href) in PROJECT_SCHEMES else url_problem(href)


def looks_like_url(value: str) -> bool:
    """Whether an option's value is an address, whatever the option: one word with a scheme that is never a
    plain text (``javascript:…``, ``data:…``) or followed by ``//``. ``Obs: se nedan`` and ``eq:1`` are not."""
    if any(character.isspace() for character in value.strip()):
        return False
    key = url_key(value)
    match = _SCHEME.match(key)
    return match is not None and (match.group(1) in EXECUTABLE_SCHEMES or key[match.end() :].startswith("//"))


def is_remote(url: str) -> bool:
    """An address on the web (``https://…``, ``//host/…``): nothing of the project is published for it."""
    return scheme_of(url) in ("http", "https") or url_key(url).startswith("//")


def file_problem(target: str, *, image: bool) -> str | None:
    """None when a report may bring the file ``target`` along (as a picture when ``image``); otherwise its type
    as a message names it (``'.svg'``, ``'.html'``, ``'utan filändelse'``)."""
    allowed = IMAGE_SUFFIXES if image else DOWNLOAD_SUFFIXES
    for form in (target.strip().lower(), url_key(target)):  # as written and as decoded: both must be allowed
        path = form.split("#", 1)[0].rstrip("/")
        suffix = PurePosixPath(path).suffix if path else ""
        if suffix not in allowed:
            return suffix if suffix and suffix != "." else "utan filändelse"
    return None


def _shown(url: str) -> str:
    """An address as a message quotes it: control characters spelt out, so they cannot act on a terminal."""
    spelt = "".join(
        character
        if _visible(character) or character == " "
        else f"\\x{ord(character):02x}"
        if ord(character) < 0x100
        else f"\\u{ord(character):04x}"
        for character in url
    )
    return shorten(spelt, 60)


def refused_url_finding(path: str, line: int, url: str, scheme: str) -> Finding:
    """TY027: a link, a button, a card or a picture that leads to an address of a refused kind."""
    return Finding(
        path,
        line,
        "TY027",
        f"Länken '{_shown(url)}' går till en adress av typen '{scheme}', som inte är tillåten, och blir vanlig "
        "text i stället för en länk. Länka bara till webbadresser (https://…), e-post (mailto:…), telefonnummer "
        "(tel:…) eller till sidor och filer i projektet.",
    )


def refused_file_finding(path: str, line: int, target: str, kind: str, *, image: bool) -> Finding:
    """TY029: a picture or a download of a type a report may not publish."""
    if image:
        what = (
            f"Bilden '{_shown(target)}' ({kind}) visas inte: en bild i en rapport ska vara PNG eller JPEG. "
            "En SVG-bild kan innehålla skript. Spara bilden som PNG eller JPEG och byt filnamnet i rapporten."
        )
    else:
        what = (
            f"Filen '{_shown(target)}' ({kind}) publiceras inte: en rapport får bara ha med filer av typerna PDF, "
            "CSV, XLSX, PNG och JPEG. HTML-sidor, SVG-bilder och skript kan köra kod i läsarens webbläsare. "
            "Spara filen som PDF (eller som en av de andra typerna) och länka till den."
        )
    return Finding(path, line, "TY029", what)
