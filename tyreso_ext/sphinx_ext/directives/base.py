"""What every tyreso directive shares: it renders the record the reader made of it, and reads nothing itself.

The reader (:mod:`tyreso_ext.source.reader`) reads the whole document at ``source-read``, as ``tyreso check``
reads it, and leaves its records in :class:`DirectiveRecords`. A directive takes its own record, matched by
name and title in document order. Only a directive the reader could not see (one written in ``{eval-rst}``, or
in a file another document includes) reads itself, through the same function of the reader, and reports its
findings at once: nothing written is dropped.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.util.docutils import SphinxDirective

from tyreso_ext.model.objects import Report
from tyreso_ext.model.text import source_lines
from tyreso_ext.source.options import OpenOptionSpec, option_block_finding, option_lines, read_option_block
from tyreso_ext.source.reader import DirectiveRead, ReadContext, read_directive
from tyreso_ext.sphinx_ext import warn
from tyreso_ext.sphinx_ext.config import settings
from tyreso_ext.sphinx_ext.domain import get_domain

READ_KEY = "tyreso_read"  # env.temp_data: the reader's records of the document being read


class DirectiveRecords:
    """The reader's records of one document, each taken once by the directive it was made from."""

    def __init__(self, records: list[DirectiveRead]) -> None:
        self._records = list(records)
        self._taken = [False] * len(self._records)

    def take(self, name: str, argument: str) -> DirectiveRead | None:
        for index, record in enumerate(self._records):
            if not self._taken[index] and record.name == name and record.argument == argument:
                self._taken[index] = True
                return record
        return None


class TyresoDirective(SphinxDirective):
    """Base class: title as the optional argument, all options as raw text."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = OpenOptionSpec()

    @property
    def directive_name(self) -> str:
        return self.name.removeprefix("tyreso:")

    @property
    def report(self) -> Report | None:
        return get_domain(self.env).reports.get(self.env.docname)

    @property
    def source_path(self) -> str:
        """The document's source path relative to the source folder, as findings name it."""
        return str(self.env.doc2path(self.env.docname, base=False))

    def record(self) -> DirectiveRead:
        """The reader's record of this directive; made here (and its findings reported) when the reader did
        not see it."""
        argument = self.arguments[0] if self.arguments else ""
        records = self.env.temp_data.get(READ_KEY)
        record = records.take(self.directive_name, argument) if isinstance(records, DirectiveRecords) else None
        if record is not None:
            return record
        return self._read_here(argument)

    def _read_here(self, argument: str) -> DirectiveRead:
        lines_after_opening = source_lines(self.block_text)[1:]
        options = {key: "" if value is None else str(value) for key, value in self.options.items()}
        findings = []
        if not options:  # MyST drops every option of a block it cannot read; take them as written (TY016)
            problem = read_option_block(lines_after_opening, self.lineno)
            if problem is not None:
                options = dict(problem.options)
                findings.append(option_block_finding(self.source_path, problem, self.directive_name))
        context = ReadContext(self.env.docname, self.source_path, settings(self.config), self.report, Path(self.env.srcdir))
        record = read_directive(
            self.directive_name,
            argument,
            options,
            option_lines(lines_after_opening, self.lineno),
            "\n".join(self.content),
            self.lineno,
            self.lineno + self.content_offset + 1,
            context,
        )
        assert record is not None  # every subclass is one of the reader's directives
        record.findings[:0] = findings
        domain = get_domain(self.env)
        domain.add_findings(self.env.docname, record.findings)
        if record.obj is not None and self.report is not None:
            record.obj.body = ""
            domain.add_object(record.obj)
        warn.emit(record.findings, docname=self.env.docname)
        return record
