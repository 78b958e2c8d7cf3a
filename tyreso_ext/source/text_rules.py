"""Rules on a report's text as written, applied by the reader (:mod:`tyreso_ext.source.reader`).

- TY024: HTML in the Markdown (a block, a tag in running text, a ``{raw}`` directive). The build shows
  it as text (:mod:`tyreso_ext.sphinx_ext.safety`); a report is published as it is written, so it must not carry
  markup of its own.
- TY025: a fence (``:::`` or ``````) that is never closed: everything after it in the file ends up
  inside it, silently.
- TY026: a file that is not UTF-8; what is not UTF-8 in it is read as Windows-1252 (:func:`decode_lenient`),
  so å, ä and ö from an older Windows program come out right and no other finding stems from the encoding.

No Sphinx here. The reader walks the text once and calls these for what it meets.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Callable
from pathlib import Path

from markdown_it.token import Token

from tyreso_ext.model.findings import Finding
from tyreso_ext.model.paths import is_inside
from tyreso_ext.model.text import shorten, source_lines

# Directives whose body is not Markdown: their text is code, data or another markup.
VERBATIM_DIRECTIVES = frozenset(
    {
        "code",
        "code-block",
        "sourcecode",
        "code-cell",
        "literalinclude",
        "math",
        "csv-table",
        "ekonomitabell",
        "mermaid",
        "graphviz",
        "include",
        "raw",
        "eval-rst",
    }
)
_COMMENT_ONLY = re.compile(r"^\s*(?:<!--(?:(?!--!?>).)*-->\s*)+$", re.DOTALL)
RST_RAW = re.compile(r"^\s*\.\.\s+raw::")
_CONTAINER_MARKS = re.compile(r"^(?:\s*>)*\s*")


def is_comment_only(html: str) -> bool:
    """An HTML comment and nothing else: a note for the editors, never shown."""
    return bool(_COMMENT_ONLY.match(html))


def unclosed_fences(tokens: tuple[Token, ...], text: str, path: str) -> list[Finding]:
    """TY025: the top-level fences whose closing line is missing."""
    findings: list[Finding] = []
    lines = source_lines(text)
    for token in tokens:
        if token.type in ("fence", "colon_fence") and token.map is not None:
            start, end = token.map
            if end - start < 2 or not _closes(lines[end - 1] if end - 1 < len(lines) else "", token.markup):
                opening = shorten(f"{token.markup}{token.info}", 40)
                findings.append(
                    Finding(
                        path,
                        start + 1,
                        "TY025",
                        f"Blocket '{opening}' avslutas aldrig med '{token.markup}'. Allt som följer i filen hamnar "
                        f"inuti det, också nästa rubrik och nästa objekt. Skriv en rad med bara '{token.markup}' där "
                        "blocket ska sluta.",
                    )
                )
    return findings


def html_finding(path: str, line: int, tag: str) -> Finding:
    return Finding(
        path,
        line,
        "TY024",
        f"HTML i rapporten ('{shorten(tag, 40)}') visas som text och tolkas inte. Skriv med Markdown i "
        "stället: **fet**, *kursiv*, [länktext](https://…), en tom rad för nytt stycke.",
    )


def _closes(line: str, markup: str) -> bool:
    stripped = _CONTAINER_MARKS.sub("", line).strip()
    return len(stripped) >= len(markup) and set(stripped) == {markup[0]}


# --- Decoding: UTF-8, and what is not UTF-8 read as Windows-1252 (TY026) ------------------------------------
# A report saved by an older Windows program is Windows-1252 (cp1252: å is the byte 0xE5). Read as UTF-8 with its
# bad bytes replaced, every å, ä and ö became '\ufffd' and every field name with one ('målområde', 'bedömning')
# an unknown field: thirty findings for one cause. So every byte sequence that is not UTF-8 is read as
# Windows-1252 instead (the five bytes Windows-1252 leaves undefined become '\ufffd'); the valid UTF-8 around it is
# kept, so a file that is UTF-8 but for one pasted paragraph reads right too. The build's codec
# (tyreso_ext.sphinx_ext.safety) and `tyreso check` decode with this same handler.

LEGACY_ENCODING = "cp1252"
LENIENT_ERRORS = "tyreso-windows-1252"  # the codec error handler: a byte that is not UTF-8 is read as Windows-1252


def _as_windows_1252(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode(LEGACY_ENCODING, errors="replace"), error.end


codecs.register_error(LENIENT_ERRORS, _as_windows_1252)


def decode_lenient(data: bytes) -> str:
    """The text of a source file: UTF-8 (a leading byte order mark dropped), and Windows-1252 for what is not."""
    return data.decode("utf-8-sig", errors=LENIENT_ERRORS)


def decode_source(data: bytes) -> tuple[str, int | None, int | None]:
    """The text of a source file (:func:`decode_lenient`), with the line and value of the first byte that is not
    UTF-8 (None, None for a UTF-8 file)."""
    body = data.removeprefix(codecs.BOM_UTF8)  # the decoder counts its positions after the byte order mark
    try:
        return body.decode("utf-8"), None, None
    except UnicodeDecodeError as error:
        prefix = body[: error.start].decode("utf-8", errors="replace")
        line = prefix.count("\n") + prefix.count("\r") - prefix.count("\r\n") + 1
        return decode_lenient(data), line, body[error.start]


def normalized_text(text: str) -> str:
    """A source's text as every reader takes it: lines ending in \\n, and no byte order mark anywhere (one at the
    start of a line, from two files glued together, would keep ':::{uppdrag}' from being read as an object)."""
    if "\ufeff" in text:
        text = text.replace("\ufeff", "")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def encoding_finding(path: str, line: int, byte: int) -> Finding:
    """TY026 at the first line that is not UTF-8."""
    return Finding(
        path,
        line,
        "TY026",
        f"Filen är inte sparad som UTF-8 (rad {line} har byte 0x{byte:02X}, som inte är UTF-8). Den har lästs som "
        "Windows-1252, kodningen i många äldre Windows-program, så å, ä och ö visas troligen rätt, men kontrollera "
        "texten: ett tecken som inte heller finns i Windows-1252 visas som '\ufffd'. Spara filen som UTF-8 (i många "
        "program: Spara som, Kodning: UTF-8).",
    )


# --- Files named in a report: never outside the source folder (TY022) -----------------------------------

# Directive → (does its argument name a file?, options naming a file, options naming an address).
FILE_DIRECTIVES: dict[str, tuple[bool, tuple[str, ...], tuple[str, ...]]] = {
    "include": (True, (), ()),
    "literalinclude": (True, ("diff",), ()),
    "image": (True, (), ()),
    "figure": (True, (), ()),
    "csv-table": (False, ("file",), ("url",)),
    "raw": (False, ("file",), ("url",)),
}
RST_FILE = re.compile(r"^\s*\.\.\s+(include|literalinclude|image|figure)::\s*(\S.*)$")


def is_remote(written: str) -> bool:
    """An address on the web or a data: URI: nothing on disk is read for it."""
    return "://" in written or written.startswith("data:")


def file_outside(written: str, document: Path, root: Path, *, directive: str = "") -> bool:
    """Whether the file ``written`` (as a report names it) lies outside ``root``, symbolic links followed.

    An absolute path means the source folder for Sphinx (``/bilder/x.png``), except in ``raw`` (docutils
    reads it as it stands) and in ``csv-table`` when that file exists (Sphinx then takes it as it stands).
    """
    text = "".join(line.strip() for line in written.splitlines())
    if not text or (text.startswith("<") and text.endswith(">")) or is_remote(text):
        return False
    if text.startswith(("/", "\\")):
        literal = directive == "raw" or (directive == "csv-table" and Path(text).exists())
        candidate = Path(text) if literal else root.joinpath(*Path(text.replace("\\", "/")).parts[1:])
    else:
        candidate = document.parent / text
    return not is_inside(candidate, root)


def outside_finding(path: str, line: int, what: str, written: str) -> Finding:
    return Finding(
        path,
        line,
        "TY022",
        f"{what} '{shorten(written, 60)}' ligger utanför rapportprojektets mapp (eller pekar dit via en genväg) och "
        "läses inte. Lägg filen i projektet, till exempel bredvid rapporten, och skriv sökvägen från rapportens mapp.",
    )


def linked_out_finding(path: str) -> Finding:
    """TY022 for a source file that is itself a link to a file outside the source folder."""
    return Finding(
        path,
        1,
        "TY022",
        "Filen är en genväg (symbolisk länk) till en fil utanför rapportprojektets mapp och läses inte. Flytta "
        "eller kopiera filen in i projektet i stället för att länka till den.",
    )


def linked_out_folder_finding(path: str) -> Finding:
    """TY022 for a folder in the project that is a link to a folder outside it."""
    return Finding(
        path,
        1,
        "TY022",
        "Mappen är en genväg (symbolisk länk) till en mapp utanför rapportprojektets mapp, och inget i den läses. "
        "Flytta eller kopiera filerna in i projektet i stället för att länka till dem.",
    )


def linked_out(
    root: Path, folder: Path, suffixes: tuple[str, ...], skip: Callable[[str], bool] = lambda relative: False
) -> list[Finding]:
    """TY022 for every source file (by suffix) and folder below ``folder`` that is a symbolic link leading out
    of ``root``. Links are not followed; ``skip`` (relative path) leaves out excluded folders.

    Runs on every build: the directory entries say which are links, so no file is asked twice."""
    found: list[Finding] = []
    pending = [str(folder)]
    while pending:
        directory = pending.pop(0)
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError:
            continue
        folders = [entry for entry in entries if entry.is_dir()]
        files = [entry for entry in entries if not entry.is_dir()]
        subfolders = []
        for entry, is_folder in [*((entry, True) for entry in folders), *((entry, False) for entry in files)]:
            link = entry.is_symlink()
            if not (is_folder or (link and entry.name.endswith(suffixes))):
                continue
            relative = Path(os.path.relpath(entry.path, root)).as_posix()
            if skip(relative):
                continue
            if not link:
                subfolders.append(entry.path)
                continue
            if not is_inside(entry.path, root):
                found.append(linked_out_folder_finding(relative) if is_folder else linked_out_finding(relative))
        pending[:0] = subfolders
    return found


def address_finding(path: str, line: int, directive: str, written: str) -> Finding:
    return Finding(
        path,
        line,
        "TY022",
        f"'{directive}' hämtar '{shorten(written, 60)}' från nätet, och bygget läser inga filer utanför projektet. "
        "Spara filen i projektet och ange den med ':file:'.",
    )
