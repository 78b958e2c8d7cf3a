"""Rules on a report's text as written, shared by the build and ``tyreso check``.

- TY024: HTML in the Markdown (a block, a tag in running text, a ``{raw}`` directive). The build shows
  it as text (:mod:`tyreso_ext.safety`); a report is published as it is written, so it must not carry
  markup of its own.
- TY025: a fence (``:::`` or ``````) that is never closed: everything after it in the file ends up
  inside it, silently.
- TY026: a file that is not UTF-8; it is read with the bad bytes replaced, so nothing else is lost.

No Sphinx here: the text is tokenised with MyST's own Markdown parser.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

from myst_parser.parsers.directives import MarkupError, parse_directive_text

from .markdown import parse_markdown
from .model.findings import Finding
from .model.text import shorten, source_lines
from .options import OpenOptionSpec, option_lines

# Directives whose body is not Markdown: their text is code, data or another markup.
VERBATIM_DIRECTIVES = frozenset(
    {"code", "code-block", "sourcecode", "code-cell", "literalinclude", "math", "csv-table", "ekonomitabell",
     "mermaid", "graphviz", "include", "raw", "eval-rst"}
)
_COMMENT_ONLY = re.compile(r"^\s*(?:<!--(?:(?!--!?>).)*-->\s*)+$", re.DOTALL)
_RST_RAW = re.compile(r"^\s*\.\.\s+raw::")
_CONTAINER_MARKS = re.compile(r"^(?:\s*>)*\s*")
_MAX_DEPTH = 30


class _AnyDirective:
    """Stands in for any directive: an argument, open options and a body, as MyST reads them."""

    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = OpenOptionSpec()


def is_comment_only(html: str) -> bool:
    """An HTML comment and nothing else: a note for the editors, never shown."""
    return bool(_COMMENT_ONLY.match(html))


def source_findings(text: str, path: str) -> list[Finding]:
    """TY024 and TY025 for one document's text (the front matter included, as MyST sees it)."""
    text = text.lstrip("\ufeff")
    findings: list[Finding] = []
    lines = source_lines(text)
    tokens = parse_markdown(text)
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
    html_lines: dict[int, str] = {}
    _find_html(tokens, 0, html_lines, 0)
    for line, tag in sorted(html_lines.items()):
        findings.append(
            Finding(
                path,
                line,
                "TY024",
                f"HTML i rapporten ('{shorten(tag, 40)}') visas som text och tolkas inte. Skriv med Markdown i "
                "stället: **fet**, *kursiv*, [länktext](https://…), en tom rad för nytt stycke.",
            )
        )
    return findings


def _closes(line: str, markup: str) -> bool:
    stripped = _CONTAINER_MARKS.sub("", line).strip()
    return len(stripped) >= len(markup) and set(stripped) == {markup[0]}


def _find_html(tokens, offset: int, found: dict[int, str], depth: int) -> None:  # noqa: ANN001 - markdown-it tokens
    for token in tokens:
        if token.map is None:
            continue
        line = offset + token.map[0] + 1
        if token.type == "html_block":
            if not is_comment_only(token.content):
                found.setdefault(line, token.content.strip().splitlines()[0] if token.content.strip() else token.content)
        elif token.type == "inline":
            for child in token.children or []:
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                elif child.type == "html_inline" and not is_comment_only(child.content):
                    found.setdefault(line, child.content)
        elif token.type in ("fence", "colon_fence") and token.info.startswith("{"):
            name, _, first_line = token.info[1:].partition("}")
            name = name.strip().removeprefix("tyreso:")
            if name == "raw":
                found.setdefault(line, f"{{raw}} {first_line.strip()}".strip())
            elif name == "eval-rst":
                for number, text in enumerate(source_lines(token.content), start=line + 1):
                    if _RST_RAW.match(text):
                        found.setdefault(number, text.strip())
            elif name not in VERBATIM_DIRECTIVES and depth < _MAX_DEPTH:
                try:
                    parsed = parse_directive_text(_AnyDirective, first_line.strip(), token.content, line=line)
                except MarkupError:
                    continue
                body = "\n".join(parsed.body)
                _find_html(parse_markdown(body), line + parsed.body_offset, found, depth + 1)


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
_RST_FILE = re.compile(r"^\s*\.\.\s+(include|literalinclude|image|figure)::\s*(\S.*)$")


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
    resolved, inside = os.path.realpath(candidate), os.path.realpath(root)
    return not (resolved == inside or resolved.startswith(inside.rstrip(os.sep) + os.sep))


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


def linked_out(root: Path, folder: Path, suffixes: tuple[str, ...], skip=lambda relative: False) -> list[Finding]:  # noqa: ANN001
    """TY022 for every source file (by suffix) and folder below ``folder`` that is a symbolic link leading out
    of ``root``. Links are not followed; ``skip`` (relative path) leaves out excluded folders."""
    inside = os.path.realpath(root)
    found: list[Finding] = []
    for directory, folders, files in os.walk(folder):
        for name, is_folder in [*((name, True) for name in folders), *((name, False) for name in files)]:
            path = Path(directory) / name
            relative = path.relative_to(root).as_posix()
            if skip(relative) or not path.is_symlink() or (not is_folder and not name.endswith(suffixes)):
                continue
            target = os.path.realpath(path)
            if not (target == inside or target.startswith(inside.rstrip(os.sep) + os.sep)):
                found.append(linked_out_folder_finding(relative) if is_folder else linked_out_finding(relative))
        folders[:] = [name for name in folders if not skip((Path(directory) / name).relative_to(root).as_posix())]
    return found


def address_finding(path: str, line: int, directive: str, written: str) -> Finding:
    return Finding(
        path,
        line,
        "TY022",
        f"'{directive}' hämtar '{shorten(written, 60)}' från nätet, och bygget läser inga filer utanför projektet. "
        "Spara filen i projektet och ange den med ':file:'.",
    )


def file_findings(text: str, path: str, document: Path, root: Path) -> list[Finding]:
    """TY022 for every file a report names that lies outside the source folder, and every web address a
    directive would fetch: in directives, Markdown images and ``{download}`` roles, at any depth."""
    findings: list[Finding] = []
    _find_files(parse_markdown(text.lstrip("\ufeff")), 0, path, document, root, findings, 0)
    return sorted(set(findings))


def _find_files(tokens, offset: int, path: str, document: Path, root: Path, findings: list[Finding], depth: int) -> None:  # noqa: ANN001, PLR0913
    for token in tokens:
        if token.map is None:
            continue
        line = offset + token.map[0] + 1
        if token.type == "inline":
            number = line
            for child in token.children or []:
                if child.type in ("softbreak", "hardbreak"):
                    number += 1
                elif child.type == "image":
                    source = str(child.attrs.get("src", ""))
                    if any(file_outside(form, document, root) for form in {source, unquote(source)}):
                        findings.append(outside_finding(path, number, "Bilden", unquote(source)))
                elif child.type == "myst_role" and child.meta.get("name") == "download":
                    target = child.content
                    if "<" in target and target.endswith(">"):
                        target = target[target.rindex("<") + 1 : -1]
                    if file_outside(target, document, root):
                        findings.append(outside_finding(path, number, "Filen", target))
            continue
        if token.type not in ("fence", "colon_fence") or not token.info.startswith("{"):
            continue
        name, _, first_line = token.info[1:].partition("}")
        name = name.strip()
        if name == "eval-rst":
            for number, text in enumerate(source_lines(token.content), start=line + 1):
                match = _RST_FILE.match(text)
                if match and file_outside(match.group(2), document, root, directive=match.group(1)):
                    findings.append(outside_finding(path, number, "Filen", match.group(2).strip()))
            continue
        try:
            parsed = parse_directive_text(_AnyDirective, first_line.strip(), token.content, line=line)
        except MarkupError:
            continue
        if name in FILE_DIRECTIVES:
            argument, file_options, address_options = FILE_DIRECTIVES[name]
            lines = _option_lines(token.content, line)
            written = [(line, parsed.arguments[0])] if argument and parsed.arguments else []
            written += [(lines.get(key, line), str(parsed.options[key])) for key in file_options if parsed.options.get(key)]
            for number, value in written:
                if file_outside(value, document, root, directive=name):
                    findings.append(outside_finding(path, number, "Bilden" if name in ("image", "figure") else "Filen", value))
            for key in address_options:
                if parsed.options.get(key):
                    findings.append(address_finding(path, lines.get(key, line), name, str(parsed.options[key])))
        if name not in VERBATIM_DIRECTIVES and depth < _MAX_DEPTH:
            body = "\n".join(parsed.body)
            _find_files(parse_markdown(body), line + parsed.body_offset, path, document, root, findings, depth + 1)


def _option_lines(content: str, line: int) -> dict[str, int]:
    return option_lines(source_lines(content), line)
