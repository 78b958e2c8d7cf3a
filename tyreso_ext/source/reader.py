"""The one reader of a report's text, shared by the Sphinx build and ``tyreso check`` (no Sphinx here).

:func:`read_document` reads a document's front matter and walks its Markdown once, with MyST's own parser,
into every directive whose body is Markdown (objects, admonitions, dropdowns, tabs, grids, cards …):

- the objects (``uppdrag``, ``mål``, ``indikator``, ``risk``), the aggregations and the financial tables,
  each read by the model's rules, with its findings and its line;
- the references in running text (roles), as MyST sees them: never in code, comments, titles or fields;
- the rules on the text as written: HTML (TY024), unclosed fences (TY025), files outside the project (TY022),
  placeholder text (TY019), ``{mål}`` written for ``{mal}`` (TY020), links, buttons, cards and pictures to
  addresses the URL policy refuses (TY027), ``{eval-rst}`` (TY028), files of types a report may not publish (TY029).

The build calls it at ``source-read`` and stores what it returns; its directives only render the records
(:class:`DirectiveRead`) the reader made. ``tyreso check`` calls it for every file and skips the rendering.
So a finding, a line and an object are the same in both, by construction.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from docutils.parsers.rst.states import MarkupError  # the class myst_parser raises; it does not re-export it
from markdown_it.token import Token

from tyreso_ext.model.aggregate import AGGREGATES, Selection, placed_selection, read_aggregate_options
from tyreso_ext.model.finance import DIRECTIVE as FINANCE_DIRECTIVE
from tyreso_ext.model.finance import FinanceSource, FinanceTable, read_finance_table
from tyreso_ext.model.findings import NON_ASCII_GOAL_ROLE, Finding, goal_role_finding, nested_finding
from tyreso_ext.model.frontmatter import read_report, split_front_matter
from tyreso_ext.model.object_rules import MAX_NESTING, ObjectSource, read_object
from tyreso_ext.model.objects import Kind, Report, SteeringObject
from tyreso_ext.model.placeholders import placeholder_findings
from tyreso_ext.model.references import Reference, parse_reference, reference_period_finding, role_kind
from tyreso_ext.model.review import review_findings
from tyreso_ext.model.settings import Settings
from tyreso_ext.model.text import source_lines
from tyreso_ext.model.urls import (
    file_problem,
    is_remote,
    looks_like_url,
    markdown_link_problem,
    refused_file_finding,
    refused_url_finding,
    url_key,
    url_problem,
)
from tyreso_ext.source.kolada_files import kolada_context
from tyreso_ext.source.link_rules import (
    IMAGE_DIRECTIVES,
    LINK_DIRECTIVES,
    SOURCE_SUFFIXES,
    URL_ARGUMENT_DIRECTIVES,
    URL_OPTIONS,
    eval_rst_finding,
    is_eval_rst,
    may_hold_address,
    refused_in_text,
    role_target,
)
from tyreso_ext.source.markdown import parse_markdown
from tyreso_ext.source.options import option_block_finding, option_lines, parse_directive, read_option_block
from tyreso_ext.source.text_rules import (
    FILE_DIRECTIVES,
    RST_FILE,
    RST_RAW,
    VERBATIM_DIRECTIVES,
    address_finding,
    file_outside,
    html_finding,
    is_comment_only,
    normalized_text,
    outside_finding,
    unclosed_fences,
)

MAX_DEPTH = 30  # directives inside directives deeper than this are not read (a hostile file, not a report)
# What a directive's body must contain for the walk to find anything in it: a directive opens on a fence, a
# role or {mål} needs a brace, HTML a '<', an image '![', a link '](' or a link definition ']:'. A body with none
# of these is not parsed at all.
_BODY_MARKS = ("```", "~~~", ":::", "{", "<", "![", "](", "]:")


@dataclasses.dataclass(slots=True)
class DirectiveRead:
    """One of the extension's directives as the reader found it: what the build renders, what the check counts."""

    name: str  # without the 'tyreso:' prefix: 'uppdrag', 'statustabell', 'ekonomitabell' …
    argument: str  # the title, as MyST reads the opening line
    line: int
    options: dict[str, str]  # every option as written (an unknown one too: it is shown, never dropped)
    findings: list[Finding]  # this directive's own findings, shown in its box
    obj: SteeringObject | None = None
    selection: Selection | None = None  # an aggregation's, as placed in its document
    newest_period: bool = False  # an aggregation that shows the site's newest period (chosen at write time)
    finance: FinanceTable | None = None
    data_file: Path | None = None  # the CSV a financial table reads (or an indicator's Kolada file), for the build's dependencies


@dataclasses.dataclass
class ReadDocument:
    """Everything one source file holds for the rules, the build and the exports."""

    report: Report | None
    objects: list[SteeringObject]  # the objects of a report (outside reports they are examples: checked, not counted)
    references: list[Reference]
    findings: list[Finding]
    directives: list[DirectiveRead] = dataclasses.field(default_factory=list)  # in document order
    # For the build: the addresses and files refused in a report (TY027, TY029) as url_key gives them, and the
    # lines of its {eval-rst} fences (TY028), which the build turns into code blocks.
    refused: list[str] = dataclasses.field(default_factory=list)
    eval_rst_lines: list[int] = dataclasses.field(default_factory=list)

    @property
    def finance_tables(self) -> list[tuple[int, FinanceTable]]:
        """A report's financial tables that could be read, each with its directive's line, for the open data
        (outside reports they are examples, as objects are)."""
        if self.report is None:
            return []
        return [(record.line, record.finance) for record in self.directives if record.finance is not None]


@dataclasses.dataclass(frozen=True)
class ReadContext:
    """Where a text comes from and what the rules need to read it."""

    docname: str
    path: str  # relative to the project (the source folder), as findings name it
    settings: Settings
    report: Report | None = None
    root: Path | None = None  # the source folder; without it, files named in the text are not looked at
    objects_only: bool = False  # the history: objects only, none of the rules on the text as a whole

    @property
    def file(self) -> Path | None:
        return None if self.root is None else self.root / self.path


def read_document(
    text: str, docname: str, path: str, settings: Settings, *, root: Path | None = None, objects_only: bool = False
) -> ReadDocument:
    """Read one document; ``root`` (the source folder) lets the files it names be checked and read.

    ``objects_only`` (the history, which reads every version of every report) leaves out the rules on the text
    as a whole and the references: their findings belong to the version being checked, not to history.
    """
    text = normalized_text(text)
    findings: list[Finding] = []
    report = None
    block = split_front_matter(text)
    is_report = settings.is_report(docname) or (block is not None and "rapporttyp" in block.text)
    if is_report:
        report, findings = read_report(text, docname, path, settings.vocabulary)
    context = ReadContext(docname, path, settings, report, root, objects_only)
    text_rules = is_report and not objects_only
    walk = _Walk(
        context,
        look_for_html=text_rules,
        look_for_files=text_rules and root is not None,
        collect_references=not objects_only,
        look_for_links=text_rules,
    )
    tokens = parse_markdown(text)
    walk.block(tokens, 0)
    if text_rules:
        findings += placeholder_findings(text, path)
        findings += review_findings(text, path)  # TY037: marks left by tyreso importera
        findings += unclosed_fences(tokens, text, path)
        findings += [html_finding(path, line, tag) for line, tag in sorted(walk.html.items())]
        findings += sorted(set(walk.file_findings))
        findings += sorted(set(walk.link_findings))
    findings += walk.findings
    objects = [record.obj for record in walk.directives if record.obj is not None] if report is not None else []
    _unique_anchors(objects)
    return ReadDocument(
        report, objects, walk.references, findings, walk.directives, sorted(set(walk.refused)), walk.eval_rst_lines
    )


def read_directive(
    name: str,
    argument: str,
    options: dict[str, str],
    lines: dict[str, int],
    body: str,
    line: int,
    body_line: int,
    context: ReadContext,
) -> DirectiveRead | None:
    """One directive of the extension read by the model's rules; None for any other directive.

    ``body_line`` is the source line of the body's first line. The walk reads every directive through here,
    and so does the build for a directive that reaches it by another way than the Markdown (``{eval-rst}``).
    """
    name = name.removeprefix("tyreso:")
    kind = Kind(name) if name in context.settings.kinds else None
    if kind is not None:
        source = ObjectSource(kind, argument, options, lines, body, context.docname, context.path, line)
        kolada = kolada_context(context.root, context.settings) if kind is Kind.INDIKATOR else None
        obj, findings = read_object(source, context.report, context.settings.vocabulary, kolada)
        data_file = context.root / obj.kolada.file if context.root is not None and obj.kolada is not None else None
        return DirectiveRead(name, argument, line, options, findings, obj=obj, data_file=data_file)
    if name in AGGREGATES:
        given, written, findings = read_aggregate_options(
            name, dict(options), lines, context.path, line, context.settings.vocabulary
        )
        selection, newest = placed_selection(name, given, written, context.report)
        return DirectiveRead(name, argument, line, options, findings, selection=selection, newest_period=newest)
    if name == FINANCE_DIRECTIVE:
        finance_source = FinanceSource(argument, dict(options), lines, body, body_line, context.path, line)
        table, findings, data_file = read_finance_table(finance_source, context.root, context.file)
        return DirectiveRead(name, argument, line, options, findings, finance=table, data_file=data_file)
    return None


def is_tyreso_directive(name: str, settings: Settings) -> bool:
    name = name.removeprefix("tyreso:")
    return name in settings.kinds or name in AGGREGATES or name == FINANCE_DIRECTIVE


def _is_goal_role_typo(previous: Token | None) -> bool:
    """Text that ends in ``{mål}`` right before a code span: MyST left {mål}`id` as text (TY020)."""
    return previous is not None and previous.type == "text" and previous.content.endswith((NON_ASCII_GOAL_ROLE, "{tyreso:mål}"))


def _run_text(token: Token) -> str:
    """An inline token as :func:`refused_in_text` reads a run: its text, a line break, or ``\\x00`` for the rest."""
    if token.type in ("softbreak", "hardbreak"):
        return "\n"
    return token.content if token.type == "text" else "\x00"


def _unique_anchors(objects: list[SteeringObject]) -> None:
    """Two objects with one id on one page get two anchors (the second names its line)."""
    seen: set[str] = set()
    for obj in objects:
        if obj.anchor in seen:
            obj.anchor = f"{obj.anchor}-rad-{obj.line}"
        seen.add(obj.anchor)


@dataclasses.dataclass
class _Walk:
    """One walk over a text's tokens and, recursively, the Markdown bodies of its directives."""

    context: ReadContext
    look_for_html: bool  # TY024
    look_for_files: bool  # TY022
    collect_references: bool  # references, and TY020
    look_for_links: bool = False  # TY027, TY028, TY029
    html: dict[int, str] = dataclasses.field(default_factory=dict)  # line → the first HTML on it
    file_findings: list[Finding] = dataclasses.field(default_factory=list)
    findings: list[Finding] = dataclasses.field(default_factory=list)  # of directives and references, in order
    directives: list[DirectiveRead] = dataclasses.field(default_factory=list)
    references: list[Reference] = dataclasses.field(default_factory=list)
    link_findings: list[Finding] = dataclasses.field(default_factory=list)
    refused: list[str] = dataclasses.field(default_factory=list)  # url_key of every refused address and file
    eval_rst_lines: list[int] = dataclasses.field(default_factory=list)

    def block(
        self, tokens: tuple[Token, ...], offset: int, depth: int = 0, inside: SteeringObject | None = None, object_depth: int = 0
    ) -> None:
        for token in tokens:
            if token.map is None:
                continue
            line = offset + token.map[0] + 1
            if token.type == "html_block":
                if self.look_for_html and not is_comment_only(token.content):
                    content = token.content.strip()
                    self.html.setdefault(line, content.splitlines()[0] if content else token.content)
            elif token.type == "inline":
                self._inline(token.children or [], line)
            elif token.type in ("fence", "colon_fence") and token.info.startswith("{"):
                self._directive(token, line, depth, inside, object_depth)

    def _inline(self, children: list[Token], line: int) -> None:
        previous: Token | None = None
        first_line = line
        text: list[str] = []  # the run's text for refused_in_text: line breaks as '\n', other tokens as '\x00'
        for child in children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            if self.look_for_links:
                text.append(_run_text(child))
            if child.type == "html_inline":
                if self.look_for_html and not is_comment_only(child.content):
                    self.html.setdefault(line, child.content)
            elif child.type == "image":
                source = str(child.attrs.get("src", ""))
                outside = False
                if self.look_for_files:
                    outside = any(file_outside(form, self._file, self._root) for form in {source, unquote(source)})
                    if outside:
                        self.file_findings.append(outside_finding(self.context.path, line, "Bilden", unquote(source)))
                if self.look_for_links:
                    self._brought_file(source, line, image=True, outside=outside)
            elif child.type == "link_open":
                if self.look_for_links:
                    self._link(str(child.attrs.get("href", "")), line)
            elif child.type == "myst_role":
                self._role(child, line)
            elif child.type == "code_inline" and self.collect_references and _is_goal_role_typo(previous):
                self.findings.append(goal_role_finding(self.context.path, line, child.content))
            previous = child
        if self.look_for_links:
            self._refused_in_text("".join(text), first_line)

    def _refused_in_text(self, text: str, line: int) -> None:
        """TY027 for links markdown-it left as text because of their scheme (``[x](javascript:…)``)."""
        if ":" not in text or not ("](" in text or "<" in text or "]:" in text):
            return
        for offset, address in refused_in_text(text):
            self._url(address, line + text.count("\n", 0, offset))

    def _url(self, address: str, line: int, *, markdown: bool = False) -> bool:
        """TY027 for an address the policy refuses; whether it was refused."""
        problem = markdown_link_problem(address) if markdown else url_problem(address)
        if problem is None:
            return False
        self.link_findings.append(refused_url_finding(self.context.path, line, address, problem))
        self.refused.append(url_key(address))
        return True

    def _brought_file(self, target: str, line: int, *, image: bool, outside: bool = False) -> None:
        """TY027 or TY029 for a picture or a download: a refused address, or a file of a refused type. A file
        outside the project is TY022's (it is never read), an address on the web is not brought along."""
        if not target or self._url(target, line) or is_remote(target) or outside:
            return
        kind = file_problem(target, image=image)
        if kind is not None:
            self.link_findings.append(refused_file_finding(self.context.path, line, target, kind, image=image))
            self.refused.append(url_key(target))

    def _link(self, href: str, line: int) -> None:
        """A Markdown link: TY027 for a refused address; TY029 for a file MyST would publish as a download (a
        ``path:`` link, or a link to a file of the project that is not a page)."""
        if self._url(href, line, markdown=True):
            return
        target = unquote(href)
        if target.startswith("path:"):
            target = target.removeprefix("path:")
        elif not self.look_for_files or target.startswith("#") or ":" in target.split("/", 1)[0]:
            return
        else:
            path = target.split("#", 1)[0]
            candidate = self._root / path.lstrip("/") if path.startswith("/") else self._file.parent / path
            if not path or path.lower().endswith(SOURCE_SUFFIXES) or not candidate.is_file():
                return
        outside = self.look_for_files and file_outside(target.split("#", 1)[0], self._file, self._root)
        self._brought_file(target, line, image=False, outside=outside)

    def _role(self, role: Token, line: int) -> None:
        name = str(role.meta.get("name", ""))
        if name == "download":
            target = role.content
            if "<" in target and target.endswith(">"):
                target = target[target.rindex("<") + 1 : -1]
            outside = self.look_for_files and file_outside(target, self._file, self._root)
            if outside:
                self.file_findings.append(outside_finding(self.context.path, line, "Filen", target))
            if self.look_for_links:
                self._brought_file(target, line, image=False, outside=outside)
            return
        if self.look_for_links and name.startswith("bdg-link-"):  # sphinx-design's badge with a link
            self._url(role_target(role.content), line)
            return
        kind = role_kind(name, self.context.settings.kinds)
        if kind is None or not self.collect_references:
            return
        reference = parse_reference(role.content)
        if reference.period_error:
            written = role.content[role.content.rindex("<") + 1 : -1] if reference.title else role.content
            self.findings.append(reference_period_finding(self.context.path, line, written, reference.period_error))
        context = self.context
        self.references.append(Reference(kind, reference.id, reference.period, context.docname, context.path, line))

    def _directive(self, token: Token, line: int, depth: int, inside: SteeringObject | None, object_depth: int) -> None:
        written_name, _, first_line = token.info[1:].partition("}")
        written_name = written_name.strip()
        name = written_name.removeprefix("tyreso:")
        self._raw_markup(name, written_name, token, line)
        if self.look_for_links and is_eval_rst(token):
            self.link_findings.append(eval_rst_finding(self.context.path, line))
            self.eval_rst_lines.append(line)
        ours = is_tyreso_directive(name, self.context.settings)
        names_files = self.look_for_files and written_name in FILE_DIRECTIVES
        links = (
            self.look_for_links
            and not ours
            and (written_name in LINK_DIRECTIVES or may_hold_address(first_line, token.content))
            and not is_eval_rst(token)
        )
        deeper = depth < MAX_DEPTH and name not in VERBATIM_DIRECTIVES and written_name not in VERBATIM_DIRECTIVES
        if not (ours or names_files or links or (deeper and any(mark in token.content for mark in _BODY_MARKS))):
            return  # MyST's reading of the options is the slow part: skipped when nothing can be found
        try:
            parsed = parse_directive(first_line.strip(), token.content, line)
        except MarkupError:
            return
        options = {key: "" if value is None else str(value) for key, value in parsed.options.items()}
        lines = option_lines(source_lines(token.content), line)
        if names_files:
            self._named_files(written_name, parsed.arguments, options, lines, line)
        if links:
            self._directive_links(written_name, parsed.arguments, options, lines, parsed.body, line, parsed.body_offset)
        body = "\n".join(parsed.body)
        body_offset = line + parsed.body_offset  # body_offset counts the lines between the opening line and the body
        if ours:
            if not parsed.options:  # MyST could not read the options block: take them as written (TY016)
                problem = read_option_block(source_lines(token.content), line)
                if problem is not None:
                    options.update(problem.options)
                    self.findings.append(option_block_finding(self.context.path, problem, name))
            record = read_directive(
                name, parsed.arguments[0] if parsed.arguments else "", options, lines, body, line, body_offset + 1, self.context
            )
            assert record is not None
            if inside is not None:
                record.findings.append(nested_finding(self.context.path, line, record.obj, name, inside))
            self.directives.append(record)
            self.findings.extend(record.findings)
            if record.obj is None:
                return  # an aggregation or a financial table: its body is data, not Markdown
            if object_depth + 1 > MAX_NESTING:
                return  # the build shows a body this deep as text (MAX_NESTING)
            inside, object_depth = record.obj, object_depth + 1
        if deeper and any(mark in body for mark in _BODY_MARKS):
            self.block(parse_markdown(body), body_offset, depth + 1, inside, object_depth)

    def _raw_markup(self, name: str, written_name: str, token: Token, line: int) -> None:
        """TY024 for ``{raw}``, and for ``.. raw::`` and files outside the project in ``{eval-rst}``."""
        if self.look_for_html and name == "raw":
            first_line = token.info[1:].partition("}")[2]
            self.html.setdefault(line, f"{{raw}} {first_line.strip()}".strip())
        elif self.look_for_html and name == "eval-rst":
            for number, text in enumerate(source_lines(token.content), start=line + 1):
                if RST_RAW.match(text):
                    self.html.setdefault(number, text.strip())
        if self.look_for_files and written_name == "eval-rst":
            for number, text in enumerate(source_lines(token.content), start=line + 1):
                match = RST_FILE.match(text)
                if match and file_outside(match.group(2), self._file, self._root, directive=match.group(1)):
                    self.file_findings.append(outside_finding(self.context.path, number, "Filen", match.group(2).strip()))

    def _directive_links(
        self,
        name: str,
        arguments: list[str],
        options: dict[str, str],
        lines: dict[str, int],
        body: list[str],
        line: int,
        body_offset: int,
    ) -> None:
        """TY027 and TY029 for what a directive (not one of ours: their fields are text) links to or shows: a
        button's address, a card's or a picture's link, a picture, any option that is an address, a page list."""
        argument = arguments[0] if arguments else ""
        picture_argument, picture_options = IMAGE_DIRECTIVES.get(name, (False, ()))
        if argument and picture_argument:
            outside = self.look_for_files and file_outside(argument, self._file, self._root, directive=name)
            self._brought_file(argument, line, image=True, outside=outside)
        elif argument and (name in URL_ARGUMENT_DIRECTIVES or looks_like_url(argument)):
            self._url("".join(argument.split()), line)
        elif argument and ("](" in argument or "<" in argument):  # a title MyST reads as Markdown
            for token in parse_markdown(argument):
                if token.type == "inline":
                    for child in token.children or []:
                        if child.type == "link_open":
                            self._url(str(child.attrs.get("href", "")), line, markdown=True)
                    self._refused_in_text("".join(c.content if c.type == "text" else "\x00" for c in token.children or []), line)
        for key, value in options.items():
            where = lines.get(key, line)
            if key in picture_options:
                self._brought_file(value, where, image=True)
            elif key in URL_OPTIONS or looks_like_url(value):
                self._url(value.strip(), where)
        if name == "toctree":
            for number, entry in enumerate(body, start=line + body_offset + 1):
                if entry.strip():
                    self._url(role_target(entry), number)

    def _named_files(self, name: str, arguments: list[str], options: dict[str, str], lines: dict[str, int], line: int) -> None:
        argument, file_options, address_options = FILE_DIRECTIVES[name]
        written = [(line, arguments[0])] if argument and arguments else []
        written += [(lines.get(key, line), options[key]) for key in file_options if options.get(key)]
        for number, value in written:
            if file_outside(value, self._file, self._root, directive=name):
                what = "Bilden" if name in ("image", "figure") else "Filen"
                self.file_findings.append(outside_finding(self.context.path, number, what, value))
        for key in address_options:
            if options.get(key):
                self.file_findings.append(address_finding(self.context.path, lines.get(key, line), name, options[key]))

    @property
    def _root(self) -> Path:
        return self.context.root or Path()

    @property
    def _file(self) -> Path:
        return self.context.file or Path()


def docname_of(path: Path, root: Path) -> str:
    """Sphinx's name for a source file: its path below the root without the suffix."""
    return path.relative_to(root).with_suffix("").as_posix()


def docname_of_relative(path: str) -> str:
    """Sphinx's name for a source path given relative to the project root."""
    return PurePosixPath(path).with_suffix("").as_posix()
