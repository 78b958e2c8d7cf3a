"""Rules on a report's text as written, shared by the build and ``tyreso check``.

- TY024: HTML in the Markdown (a block, a tag in running text, a ``{raw}`` directive). The build shows
  it as text (:mod:`tyreso_ext.sphinx_ext.safety`); a report is published as it is written, so it must not carry
  markup of its own.
- TY025: a fence (``:::`` or ``````) that is never closed: everything after it in the file ends up
  inside it, silently.
- TY026: a file that is not UTF-8; it is read with the bad bytes replaced, so nothing else is lost.

No Sphinx here: the text is tokenised with MyST's own Markdown parser.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path
from urllib.parse import unquote

from markdown_it.token import Token
from myst_parser.parsers.directives import MarkupError, parse_directive_text

from tyreso_ext.model.findings import Finding
from tyreso_ext.model.text import shorten, source_lines
from tyreso_ext.source.markdown import parse_markdown
from tyreso_ext.source.options import OpenOptionSpec, option_lines

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
    return _text_findings(text, path, None, fences_and_html=True)


def file_findings(text: str, path: str, document: Path, root: Path) -> list[Finding]:
    """TY022 for every file a report names that lies outside the source folder, and every web address a
    directive would fetch: in directives, Markdown images and ``{download}`` roles, at any depth."""
    return _text_findings(text, path, (document, root), fences_and_html=False)


def text_findings(text: str, path: str, document: Path | None = None, root: Path | None = None) -> list[Finding]:
    """``source_findings`` followed by ``file_findings`` (when ``document`` and ``root`` are given), the same
    findings in the same order, from one parse and one walk of the text."""
    return _text_findings(text, path, None if document is None or root is None else (document, root), fences_and_html=True)


def _unclosed_fences(tokens: tuple[Token, ...], text: str, path: str) -> list[Finding]:
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


def _html_finding(path: str, line: int, tag: str) -> Finding:
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


def linked_out(root: Path, folder: Path, suffixes: tuple[str, ...], skip=lambda relative: False) -> list[Finding]:
    """TY022 for every source file (by suffix) and folder below ``folder`` that is a symbolic link leading out
    of ``root``. Links are not followed; ``skip`` (relative path) leaves out excluded folders.

    Runs on every build: the directory entries say which are links, so no file is asked twice."""
    inside = os.path.realpath(root)
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
            target = os.path.realpath(entry.path)
            if not (target == inside or target.startswith(inside.rstrip(os.sep) + os.sep)):
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


# --- One walk for TY024 and TY022 ---------------------------------------------------------------------------

# What a text must contain to hold a finding. Every token's text, a directive's name, options and body are
# slices of the lines of the text they are parsed from (markdown-it and MyST copy, never decode them), so a
# body without any of these marks cannot hold a finding, at any depth, and is not parsed at all.
_HTML_MARKS = ("<", "raw")  # an HTML block or tag; {raw}, and '.. raw::' in {eval-rst}
_FILE_MARKS = ("![", "{download}", *FILE_DIRECTIVES)  # an image, a {download} role, a file directive (as in _RST_FILE)


def _holds(text: str, marks: tuple[str, ...]) -> bool:
    return any(mark in text for mark in marks)


def _text_findings(text: str, path: str, files: tuple[Path, Path] | None, *, fences_and_html: bool) -> list[Finding]:
    """TY025 and TY024 (``fences_and_html``), then TY022 (with ``files``: the document and the source folder)."""
    text = text.lstrip("\ufeff")
    tokens = parse_markdown(text)
    walk = _Walk(path, *(files or (Path(), Path())))
    html, names_files = fences_and_html and _holds(text, _HTML_MARKS), files is not None and _holds(text, _FILE_MARKS)
    if html or names_files:
        walk.block(tokens, 0, 0, html=html, files=names_files)
    findings = _unclosed_fences(tokens, text, path) if fences_and_html else []
    findings += [_html_finding(path, line, tag) for line, tag in sorted(walk.html.items())]
    return findings + sorted(set(walk.files))


@dataclasses.dataclass
class _Walk:
    """One walk over a text's tokens and, recursively, its directives' bodies: each body is read by MyST and
    parsed at most once, and only when it may hold what is looked for (HTML, files, or both)."""

    path: str
    document: Path  # only read when files are looked for
    root: Path
    html: dict[int, str] = dataclasses.field(default_factory=dict)  # line → the first HTML on it (TY024)
    files: list[Finding] = dataclasses.field(default_factory=list)  # TY022

    def block(self, tokens: tuple[Token, ...], offset: int, depth: int, *, html: bool, files: bool) -> None:
        for token in tokens:
            if token.map is None:
                continue
            line = offset + token.map[0] + 1
            if token.type == "html_block":
                if html and not is_comment_only(token.content):
                    content = token.content.strip()
                    self.html.setdefault(line, content.splitlines()[0] if content else token.content)
            elif token.type == "inline":
                self._inline(token.children or [], line, html=html, files=files)
            elif token.type in ("fence", "colon_fence") and token.info.startswith("{"):
                self._directive(token, line, depth, html=html, files=files)

    def _inline(self, children: list[Token], line: int, *, html: bool, files: bool) -> None:
        for child in children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "html_inline":
                if html and not is_comment_only(child.content):
                    self.html.setdefault(line, child.content)
            elif files and child.type == "image":
                source = str(child.attrs.get("src", ""))
                if any(file_outside(form, self.document, self.root) for form in {source, unquote(source)}):
                    self.files.append(outside_finding(self.path, line, "Bilden", unquote(source)))
            elif files and child.type == "myst_role" and child.meta.get("name") == "download":
                target = child.content
                if "<" in target and target.endswith(">"):
                    target = target[target.rindex("<") + 1 : -1]
                if file_outside(target, self.document, self.root):
                    self.files.append(outside_finding(self.path, line, "Filen", target))

    def _directive(self, token: Token, line: int, depth: int, *, html: bool, files: bool) -> None:
        name, _, first_line = token.info[1:].partition("}")
        name = name.strip()
        html_name = name.removeprefix("tyreso:")  # as the HTML rule has always named it; the file rule does not
        if html and html_name == "raw":
            self.html.setdefault(line, f"{{raw}} {first_line.strip()}".strip())
        elif html and html_name == "eval-rst":
            for number, text in enumerate(source_lines(token.content), start=line + 1):
                if _RST_RAW.match(text):
                    self.html.setdefault(number, text.strip())
        if files and name == "eval-rst":
            for number, text in enumerate(source_lines(token.content), start=line + 1):
                match = _RST_FILE.match(text)
                if match and file_outside(match.group(2), self.document, self.root, directive=match.group(1)):
                    self.files.append(outside_finding(self.path, number, "Filen", match.group(2).strip()))
        names_files = files and name in FILE_DIRECTIVES
        deeper = depth < _MAX_DEPTH
        body_html = html and deeper and html_name not in VERBATIM_DIRECTIVES and _holds(token.content, _HTML_MARKS)
        body_files = files and deeper and name not in VERBATIM_DIRECTIVES and _holds(token.content, _FILE_MARKS)
        if not (names_files or body_html or body_files):
            return  # MyST's reading of the options is the slow part: skipped when nothing can be found
        try:
            parsed = parse_directive_text(_AnyDirective, first_line.strip(), token.content, line=line)
        except MarkupError:
            return
        if names_files:
            self._named_files(name, parsed.arguments, parsed.options, token.content, line)
        body = "\n".join(parsed.body)
        body_html, body_files = body_html and _holds(body, _HTML_MARKS), body_files and _holds(body, _FILE_MARKS)
        if body_html or body_files:
            self.block(parse_markdown(body), line + parsed.body_offset, depth + 1, html=body_html, files=body_files)

    def _named_files(self, name: str, arguments: list[str], options: dict, content: str, line: int) -> None:
        argument, file_options, address_options = FILE_DIRECTIVES[name]
        lines = _option_lines(content, line)
        written = [(line, arguments[0])] if argument and arguments else []
        written += [(lines.get(key, line), str(options[key])) for key in file_options if options.get(key)]
        for number, value in written:
            if file_outside(value, self.document, self.root, directive=name):
                self.files.append(outside_finding(self.path, number, "Bilden" if name in ("image", "figure") else "Filen", value))
        for key in address_options:
            if options.get(key):
                self.files.append(address_finding(self.path, lines.get(key, line), name, str(options[key])))


def _option_lines(content: str, line: int) -> dict[str, int]:
    return option_lines(source_lines(content), line)
