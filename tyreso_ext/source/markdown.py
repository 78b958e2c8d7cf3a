"""MyST's Markdown parser (markdown-it with colon fences), shared by every reader of raw sources.

The same text is read by several rules (objects, raw HTML, file options); each text is parsed once.
The cache only bridges rules that read the same text one after another (``tyreso check`` reads a document
and its directives' bodies for the source rules, then for its objects): it holds a document and its bodies,
not every document of a build.
"""

from __future__ import annotations

import functools

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

PARSER = create_md_parser(MdParserConfig(enable_extensions={"colon_fence"}), RendererHTML)
# Counting words (for Sphinx's reading-time metadata) changes no token, and no rule reads the count.
PARSER.disable("wordcount")


@functools.lru_cache(maxsize=32)  # a document and up to 31 of its bodies; more only costs a re-parse
def parse_markdown(text: str) -> tuple[Token, ...]:
    """The block tokens of a text; callers only read them."""
    return tuple(PARSER.parse(text))
