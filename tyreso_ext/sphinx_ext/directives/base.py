"""What every tyreso directive shares: open options, option lines, the report of the page."""

from __future__ import annotations

from sphinx.util.docutils import SphinxDirective

from tyreso_ext.model.findings import Finding
from tyreso_ext.model.objects import Report
from tyreso_ext.model.text import source_lines
from tyreso_ext.model.vocabulary import Vocabulary
from tyreso_ext.source.options import OpenOptionSpec, option_lines, read_option_block
from tyreso_ext.sphinx_ext import warn
from tyreso_ext.sphinx_ext.config import vocabulary


class TyresoDirective(SphinxDirective):
    """Base class: title as the optional argument, all options as raw text."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = OpenOptionSpec()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.options:
            # MyST drops every option of a block it cannot read; take them as written instead (TY016).
            problem = read_option_block(source_lines(self.block_text)[1:], self.lineno)
            if problem is not None:
                self.options = problem.options
                name = self.name.removeprefix("tyreso:")
                warn.emit(
                    [Finding(self.source_path, problem.line, "TY016", problem.message(f"'{name}'"))], docname=self.env.docname
                )

    @property
    def vocabulary(self) -> Vocabulary:
        return vocabulary(self.config)

    @property
    def report(self) -> Report | None:
        return self.env.domains["tyreso"].data["reports"].get(self.env.docname)

    @property
    def source_path(self) -> str:
        """The document's source path relative to the source folder, as findings name it."""
        return str(self.env.doc2path(self.env.docname, base=False))

    def option_lines(self) -> dict[str, int]:
        """The source line of each option key, found in the directive's own text."""
        return option_lines(source_lines(self.block_text)[1:], self.lineno)
