"""Rules on a report's text as written, applied by the reader (:mod:`tyreso_ext.source.reader`).

- TY024: HTML in the Markdown (a block, a tag in running text, a ``{raw}`` directive). The build shows
  it as text (:mod:`tyreso_ext.sphinx_ext.safety`); a report is published as it is written, so it must not carry
  markup of its own.
- TY025: a fence (``:::`` or ``````) that is never closed: everything after it in the file ends up
  inside it, silently.
- TY026: a file that is not UTF-8; it is read with the bad bytes replaced, so nothing else is lost.

No Sphinx here. The reader walks the text once and calls these for what it meets.
"""

from __future__ import annotations

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


def decode_source(data: bytes) -> tuple[str, int | None, int | None]:
    """The text of a source file, its bad bytes replaced; with the line and value of the first bad byte."""
    try:
        return data.decode("utf-8-sig"), None, None
    except UnicodeDecodeError as error:
        prefix = data[: error.start].decode("utf-8-sig", errors="replace")
        line = prefix.count("\n") + prefix.count("\r") - prefix.count("\r\n") + 1
        return data.decode("utf-8-sig", errors="replace"), line, data[error.start]


def encoding_finding(path: str, line: int, byte: int) -> Finding:
    """TY026 at the first line that is not UTF-8."""
    return Finding(
        path,
        line,
        "TY026",
        f"Filen är inte sparad som UTF-8: rad {line} har ett tecken (byte 0x{byte:02X}) som inte kan läsas. Öppna "
        "filen och spara den med teckenkodningen UTF-8. Tills dess visas tecknet som '\ufffd'.",
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
