"""The object registers (the domain's index pages): shown as tables, written again only when what they list changes.

Sphinx writes every domain index on every HTML build. With thousands of objects one register costs
more than the report that was edited, and most edits change no register at all (a text) or one of
the four (a status). Each register's content is fingerprinted with everything else its page depends
on (the HTML settings, the templates); a register whose fingerprint is the one written last time,
and whose page is still there, is left as it is. The fingerprints are kept beside the doctrees.
A register's content is fingerprinted by the digests of the documents it lists (see indices.py), and
made only when its page is written.
"""

from __future__ import annotations

import hashlib
import html
import weakref
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

from tyreso_ext.render.register import register_table
from tyreso_ext.render.tables import href_from, root_of, table_html
from tyreso_ext.sphinx_ext.config import settings
from tyreso_ext.sphinx_ext.domain import TyresoDomain
from tyreso_ext.sphinx_ext.indices import RegisterEntries, register_pages
from tyreso_ext.sphinx_ext.stored import load_stored, save_stored

FINGERPRINT_FILE = "tyreso-registers.json"
PREFIX = f"{TyresoDomain.name}-"

# Per builder, for the build under way: None until the registers are looked at, then what to save.
_written: weakref.WeakKeyDictionary[Builder, dict[str, str] | None] = weakref.WeakKeyDictionary()


def new_build(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: every build looks at the registers again."""
    _written[app.builder] = None


def leave_unchanged_registers(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context`` (the first page written): drop unchanged registers from this build's list.

    The first page is written after Sphinx has listed the indices (and linked them from every page)
    and before it writes them; a build that writes no page at all writes the registers as usual.
    """
    builder = app.builder
    if builder not in _written or _written[builder] is not None or not hasattr(builder, "domain_indices"):
        return
    stored = load_stored(builder.doctreedir, FINGERPRINT_FILE)
    if not isinstance(stored, dict):
        stored = {}
    current: dict[str, str] = {}
    kept = []
    for entry in builder.domain_indices:
        name, _index_class, content, collapse = entry
        if name.startswith(PREFIX) and isinstance(content, RegisterEntries):
            current[name] = fingerprint(builder, content.digest, collapse)
            outfile = builder.get_outfilename(name)  # type: ignore[attr-defined]  # registers are written by HTML builders only
            if stored.get(name) == current[name] and Path(outfile).exists():
                continue
        kept.append(entry)
    builder.domain_indices = kept
    _written[builder] = current


REGISTER_INTRO = (
    "Varje rad är ett objekt med dess status i den senaste period där det finns. Under Perioder och status "
    "står varje period det har följts upp i, med en länk dit."
)


def show_register_as_table(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> str | None:
    """``html-page-context``: a register is a page with its table (from the entries it was fingerprinted by)."""
    kind = register_pages(settings(app.config).kinds).get(pagename)
    if kind is None or templatename != "domainindex.html":
        return None
    builder = app.builder
    title = html.escape(str(context.get("indextitle", "")), quote=False)
    table = table_html(register_table(kind, context.get("content", [])), href_from(builder, pagename), root_of(builder, pagename))
    context["body"] = (
        f'<section id="register">\n<h1>{title}</h1>\n<p class="tyreso-register-intro">{REGISTER_INTRO}</p>\n{table}</section>\n'
    )
    context["title"] = context.get("indextitle", "")
    return "page.html"


def save_fingerprints(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: remember what the registers show, once they are written."""
    current = _written.pop(app.builder, None)
    if exception is None and current:
        save_stored(app.builder.doctreedir, FINGERPRINT_FILE, current)


def fingerprint(builder: Builder, digest: str, collapse: bool) -> str:
    """A register's digest (what it lists) with everything else its page depends on."""
    build_info = getattr(builder, "build_info", None)
    templates = getattr(builder, "templates", None)
    parts = [
        digest,
        repr(collapse),
        getattr(build_info, "config_hash", ""),
        getattr(build_info, "tags_hash", ""),
        repr(templates.newest_template_mtime()) if templates is not None else "",
        builder.name,
        str(builder.outdir),
    ]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def setup(app: Sphinx) -> None:
    app.connect("env-updated", new_build)
    app.connect("html-page-context", leave_unchanged_registers, priority=100)
    app.connect("html-page-context", show_register_as_table)
    app.connect("build-finished", save_fingerprints)
