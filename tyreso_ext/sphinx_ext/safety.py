"""What a report cannot do to the site, whatever it contains.

- HTML written in a report is shown as text, never passed into the page (TY024 names it);
  HTML comments are notes for the editors and are left out.
- A file that is not UTF-8 is read as `tyreso check` reads it (what is not UTF-8 as Windows-1252:
  tyreso_ext.source.text_rules.decode_lenient) instead of stopping the build (Sphinx 9 reads sources
  strictly and ends the whole build with a traceback); TY026 names the line.
- No directive, picture or download reads a file outside the source folder (TY022 names it).
"""

from __future__ import annotations

import codecs
import encodings.utf_8_sig
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import unquote

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from docutils.parsers.rst.directives.misc import Include as BaseInclude
from docutils.parsers.rst.directives.misc import Raw
from myst_parser.mocking import MockIncludeDirective, MockState
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include as SphinxInclude
from sphinx.directives.patches import CSVTable
from sphinx.project import EXCLUDE_PATHS
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.matching import Matcher

from tyreso_ext.model.paths import is_inside
from tyreso_ext.model.text import shorten
from tyreso_ext.source.text_rules import (
    FILE_DIRECTIVES,
    LENIENT_ERRORS,
    decode_lenient,
    file_outside,
    is_comment_only,
    is_remote,
    linked_out,
    linked_out_finding,
)
from tyreso_ext.sphinx_ext import warn
from tyreso_ext.sphinx_ext.domain import get_domain

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

LENIENT_ENCODING = "tyreso-utf-8-sig"


class _LenientDecoder(encodings.utf_8_sig.IncrementalDecoder):
    first: int  # the base's: whether a byte order mark may still come

    def __init__(self, errors: str = "strict") -> None:
        super().__init__(LENIENT_ERRORS)

    def _buffer_decode(self, input: ReadableBuffer, errors: str | None, final: bool) -> tuple[str, int]:
        data = bytes(input)
        if final and self.first and len(data) < 3 and codecs.BOM_UTF8.startswith(data):
            self.first = 0  # a file that is only the start of a byte order mark is text, as decode_lenient reads it
            return codecs.utf_8_decode(data, errors, final)
        result: tuple[str, int] = super()._buffer_decode(data, errors, final)
        return result


class _LenientReader(encodings.utf_8_sig.StreamReader):
    def __init__(self, stream, errors: str = "strict") -> None:
        super().__init__(stream, LENIENT_ERRORS)


def _decode(data: ReadableBuffer, errors: str = "strict", /) -> tuple[str, int]:
    text = bytes(data)
    return decode_lenient(text), len(text)


def _search(name: str) -> codecs.CodecInfo | None:
    if name.replace("-", "_") != LENIENT_ENCODING.replace("-", "_"):
        return None
    return codecs.CodecInfo(
        name=LENIENT_ENCODING,
        encode=encodings.utf_8_sig.encode,
        decode=_decode,
        incrementalencoder=encodings.utf_8_sig.IncrementalEncoder,
        incrementaldecoder=_LenientDecoder,
        streamreader=_LenientReader,
        streamwriter=encodings.utf_8_sig.StreamWriter,
    )


codecs.register(_search)


def read_sources_leniently(app: Sphinx) -> None:
    """``builder-inited``: UTF-8 sources are read as `tyreso check` reads them, what is not UTF-8 as Windows-1252
    (an explicit other encoding is kept)."""
    settings = app.env.settings
    try:
        current = codecs.lookup(settings.get("input_encoding") or "utf-8-sig").name
    except LookupError:
        return
    if current in ("utf-8", "utf-8-sig"):
        settings["input_encoding"] = LENIENT_ENCODING


class RawHtmlAsText(SphinxTransform):
    """In a report, raw HTML (a Markdown HTML block or tag, a ``raw`` directive) becomes visible text."""

    default_priority = 200  # before the title of the page is taken (doctree-read)

    def apply(self, **kwargs) -> None:
        if self.env.docname not in get_domain(self.env).reports:
            return
        for raw in list(self.document.findall(nodes.raw)):
            text = raw.astext()
            if is_comment_only(text):
                raw.parent.remove(raw)
                continue
            if isinstance(raw.parent, nodes.TextElement):
                replacement: nodes.Node = nodes.literal(text, text, classes=["tyreso-html-as-text"])
            else:
                replacement = nodes.literal_block(text, text, classes=["tyreso-html-as-text"], language="text")
                replacement.source, replacement.line = raw.source, raw.line
            raw.replace_self(replacement)


REFUSED_SOURCE = (
    "# Filen visas inte\n\nDen här filen är en genväg till en fil utanför rapportprojektets mapp och visas därför inte.\n"
)


def exclude_linked_out_sources(app: Sphinx, config: Config) -> None:
    """``config-inited``: source files and folders that are links leading out of the source folder are left
    out of the build before anything reads them (Sphinx follows such links), each with TY022."""
    srcdir = Path(app.srcdir)
    matcher = Matcher([*config.exclude_patterns, *EXCLUDE_PATHS])
    suffixes = tuple({*app.registry.source_suffix, *(config.source_suffix or ())})
    found = linked_out(srcdir, srcdir, suffixes, skip=matcher)
    if found:
        config.exclude_patterns = [
            *config.exclude_patterns,
            *(finding.path for finding in found),
            *(f"{finding.path}/**" for finding in found),
        ]
        warn.emit(found)


def _links_out(app: Sphinx, docname: str) -> bool:
    path = Path(app.env.doc2path(docname))
    return not is_inside(path, app.env.srcdir)


def refuse_linked_out_source(app: Sphinx, docname: str, source: list[str]) -> bool:
    """``source-read``: a source file that is a link to a file outside the source folder is not shown
    (TY022); its text is replaced before anything reads it further. Whether this was the case."""
    if not _links_out(app, docname):
        return False
    env = app.env
    source[0] = REFUSED_SOURCE
    warn.emit([linked_out_finding(str(env.doc2path(docname, base=False)))], docname=docname)
    return True


def no_copy_of_linked_out_source(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: Sphinx copies each page's source into ``_sources/``; not one that links out."""
    if doctree is not None and context.get("sourcename") and pagename in app.env.all_docs and _links_out(app, pagename):
        context["sourcename"] = ""


def setup(app: Sphinx) -> None:
    app.add_transform(RawHtmlAsText)
    app.connect("html-page-context", no_copy_of_linked_out_source)
    app.connect("config-inited", exclude_linked_out_sources)
    app.connect("builder-inited", read_sources_leniently)
    register_file_guards(app)


# --- Files outside the source folder are never read ----------------------------------------------------
# The finding (TY022) comes from the report's text (tyreso_ext.source.text_rules.file_findings), as in
# `tyreso check`; here the directives and references that would read such a file are stopped before
# they open it, in every document, and leave a visible note instead.


def _refused(written: str) -> nodes.paragraph:
    text = f"[Filen '{shorten(written, 60)}' visas inte: den ligger utanför projektets mapp.]"
    return nodes.paragraph(text, text, classes=["tyreso-file-refused"])


def _outside(directive, written: str, kind: str = "") -> bool:
    env = directive.state.document.settings.env
    return file_outside(written, Path(env.doc2path(env.docname)), Path(env.srcdir), directive=kind)


def _guard(base: type[Directive], kind: str) -> type[Directive]:
    argument, file_options, address_options = FILE_DIRECTIVES[kind]

    def run(self) -> list[nodes.Node]:
        written = [self.arguments[0]] if argument and self.arguments else []
        written += [str(self.options[key]) for key in file_options if self.options.get(key)]
        for value in written:
            if _outside(self, value, kind):
                return [_refused(value)]
        for key in address_options:
            if self.options.get(key):
                return [_refused(str(self.options[key]))]
        result: list[nodes.Node] = base.run(self)
        return result

    return type(base.__name__, (base,), {"run": run, "__doc__": f"{base.__doc__ or ''} Never outside the source folder."})


class GuardedInclude(SphinxDirective):
    """``include``, for MyST and reStructuredText alike, that never reads a file outside the source folder.

    Not a subclass of docutils' Include: MyST runs those through its own reader, without the directive.
    """

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec: ClassVar[dict] = {
        **SphinxInclude.option_spec,
        "relative-images": directives.flag,
        "relative-docs": directives.path,
        "heading-offset": directives.nonnegative_int,
    }

    def run(self) -> list[nodes.Node]:
        if _outside(self, self.arguments[0], "include"):
            return [_refused(self.arguments[0])]
        if isinstance(self.state, MockState):  # MyST: its own include, which reads Markdown as Markdown
            include = MockIncludeDirective(
                self.state._renderer,
                name=self.name,
                klass=SphinxInclude,
                arguments=self.arguments,
                options=self.options,
                body=list(self.content),
                lineno=self.lineno,
            )
            return list(include.run())
        options = {key: value for key, value in self.options.items() if key in BaseInclude.option_spec}
        included = SphinxInclude(
            self.name,
            self.arguments,
            options,
            self.content,
            self.lineno,
            self.content_offset,
            self.block_text,
            self.state,
            self.state_machine,
        ).run()
        return list(included)


def refuse_outside_references(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` (before Sphinx collects images and downloads to copy them): pictures and downloads
    of files outside the source folder become a note."""
    env = app.env
    document, root = Path(env.doc2path(env.docname)), Path(env.srcdir)
    for image in list(doctree.findall(nodes.image)):
        uri = image.get("uri", "")
        if is_remote(uri) or not any(file_outside(form, document, root) for form in {uri, unquote(uri)}):
            continue
        note = _refused(uri)
        image.replace_self(
            nodes.inline(note.astext(), note.astext(), classes=note["classes"])
            if isinstance(image.parent, nodes.TextElement)
            else note
        )
    for reference in list(doctree.findall(addnodes.download_reference)):
        target = reference.get("reftarget", "")
        if not is_remote(target) and file_outside(target, document, root):
            reference.replace_self(nodes.inline(reference.astext(), reference.astext()))


def register_file_guards(app: Sphinx) -> None:
    app.add_directive("include", GuardedInclude, override=True)
    app.add_directive("literalinclude", _guard(LiteralInclude, "literalinclude"), override=True)
    app.add_directive("csv-table", _guard(CSVTable, "csv-table"), override=True)
    app.add_directive("raw", _guard(Raw, "raw"), override=True)
    app.connect("doctree-read", refuse_outside_references, priority=100)
