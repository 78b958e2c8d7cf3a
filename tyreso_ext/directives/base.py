"""What every tyreso directive shares: open options, option lines, the report of the page."""

from __future__ import annotations

import re
from collections.abc import Callable

from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..config import vocabulary
from ..model.objects import Report
from ..model.vocabulary import Vocabulary


class OpenOptionSpec(dict[str, Callable[[str | None], str]]):
    """Accepts every option key as text.

    MyST and docutils drop unknown options (or options whose converter fails) before the
    directive runs. We take every key as written and let the model decide, so an unknown
    field gets our message with a suggestion, and nothing the user wrote is lost silently.
    """

    def __missing__(self, key: str) -> Callable[[str | None], str]:
        return directives.unchanged


class TyresoDirective(SphinxDirective):
    """Base class: title as the optional argument, all options as raw text."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    # One named key keeps the spec truthy: MyST looks for options only when the spec is non-empty.
    option_spec = OpenOptionSpec(id=directives.unchanged)

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
        lines: dict[str, int] = {}
        for offset, text in enumerate(self.block_text.splitlines()):
            match = re.match(r"^\s*:([^:\s][^:]*):", text) or re.match(r"^\s*([^:\s][^:]*):", text)
            if match and offset > 0:
                lines.setdefault(match.group(1).strip(), self.lineno + offset)
            if offset > 0 and not text.strip():
                break
        return lines
