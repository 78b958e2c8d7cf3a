"""The version history in the site: on each object, and as a list of every status change."""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from tyreso_ext.history.gitrepo import open_repository
from tyreso_ext.history.snapshot import History
from tyreso_ext.history.timeline import HistoryEntry, ObjectHistory, read_history
from tyreso_ext.model.aggregate import AGGREGATES, Selection, Shows
from tyreso_ext.model.objects import Kind
from tyreso_ext.model.status import parse_status
from tyreso_ext.render.badges import Span, badge
from tyreso_ext.render.facts import PRINT_BUILDERS, folded
from tyreso_ext.render.history_box import FOLDED_WITHOUT_HISTORY, history_box_node
from tyreso_ext.render.history_listing import history_listing
from tyreso_ext.render.tables import Piece, TableData, table_data
from tyreso_ext.source.project import Project
from tyreso_ext.sphinx_ext.config import settings
from tyreso_ext.sphinx_ext.domain import get_domain
from tyreso_ext.sphinx_ext.stored import load_kept, replace_stored, save_kept
from tyreso_ext.sphinx_ext.table_forms import output_nodes

HEAD_FILE = "tyreso-history-head.json"  # the commit the pages last showed the history of, beside the doctrees
# The history read in this process, per environment: read once per build, never pickled with the environment.
_histories: weakref.WeakKeyDictionary[BuildEnvironment, ObjectHistory] = weakref.WeakKeyDictionary()
HISTORY_CACHE = "tyreso-history.pickle"  # what each commit changed, beside the doctrees


class history_placeholder(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """Where an object's commits are listed; ``key`` is (kind, id, period code, organ)."""


def _project(app_env: BuildEnvironment) -> Project:
    config = app_env.config
    return Project(Path(app_env.srcdir), settings(config))


def _head(srcdir: Path) -> str:
    """The commit the sources are at ('' outside Git), marked when the tree has uncommitted changes."""
    repository = open_repository(srcdir)
    if repository is None:
        return ""
    head = repository.head() or ""
    return head + ("+ändrad" if head and repository.is_dirty() else "") + ("+grund" if head and repository.is_shallow() else "")


def object_history(env: BuildEnvironment) -> ObjectHistory:
    """The history of this build, read once (main process) and kept for the rest of the build."""
    cached = _histories.get(env)
    if cached is not None:
        return cached
    project = _project(env)
    repository = open_repository(project.root)
    if repository is None:
        history = ObjectHistory([], "Historiken visas inte: webbplatsen är byggd utanför Git, så inga ändringar kan spåras.")
    elif repository.head() is None:
        history = ObjectHistory([], "Historiken visas inte: det finns inga incheckningar ännu.")
    else:
        history = _read_history_with_cache(History(project, repository), str(env.doctreedir))
    _histories[env] = history
    return history


def _read_history_with_cache(history: History, doctreedir: str) -> ObjectHistory:
    """The history, reading only the commits earlier builds have not read (kept beside the doctrees).

    What a commit changed depends only on the commit, the report folders and the vocabulary that reads
    the reports; the cache is thrown away when any of these, or this program's version, differs.
    """
    from tyreso_ext import __version__

    key = (__version__, history.project.settings.vocabulary, tuple(history.folders), history.prefix)
    kept = load_kept(doctreedir, HISTORY_CACHE, key)
    known: dict = kept if isinstance(kept, dict) else {}
    count = len(known)
    result = read_history(history, known)
    if len(known) != count:
        save_kept(doctreedir, HISTORY_CACHE, key, known)
    return result


def pages_to_rewrite_for_history(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: a new commit changes the history shown on every object's page (in the PDFs' print
    pages, which show no object's history, only the lists of status changes)."""
    domain = get_domain(env)
    head = _head(Path(env.srcdir))
    changed, _ = replace_stored(env, HEAD_FILE, head)
    if not changed:
        return []
    listing_docs = [
        docname
        for docname in domain.data["selections"]
        if any(AGGREGATES[name].shows is Shows.HISTORY for name, _ in domain.selections_in(docname))
    ]
    if app.builder.name in PRINT_BUILDERS:
        return sorted(listing_docs)
    return sorted(set(domain.data["objects"]) | set(listing_docs))


def _entry_text(entry: HistoryEntry) -> str:
    commit = entry.commit
    return f"{commit.day} · {commit.author} · ”{commit.message}” ({commit.short}): {entry.change.describe_briefly()}"


class LeaveHistoryOutOfPrint(SphinxPostTransform):
    """The PDFs' print pages show the state of their report, not each object's commits: without this a new commit
    would change the print page of every report with an object, and so its PDF's key. The lists of status
    changes stay."""

    default_priority = 5  # before FillHistory
    builders = PRINT_BUILDERS

    def run(self, **kwargs: Any) -> None:
        _remove(list(self.document.findall(history_placeholder)))


class FillHistory(SphinxPostTransform):
    """Fill history placeholders from the repository's commits."""

    default_priority = 6

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(history_placeholder))
        listings = list(self.document.findall(history_listing))
        if not placeholders and not listings:
            return
        history = object_history(self.env)
        if placeholders and history.notice and not history.entries:
            # Nothing can be shown for any object (outside Git, no commits): say so once, on the page.
            _remove(placeholders)
            _insert_page_notice(self.document, history.notice)
            placeholders = []
        for placeholder in placeholders:
            entries = history.for_key(tuple(placeholder["key"]))
            placeholder.replace_self(history_box_node([_entry_text(entry) for entry in entries], history.notice))
        for listing in listings:
            content = _status_change_table(history, listing["selection"])
            listing.replace_self(output_nodes(content, self.document))


def _remove(placeholders: list[history_placeholder]) -> None:
    """No history box where the placeholders stand; the folded fields no longer say they hold the history."""
    for placeholder in placeholders:
        parent = placeholder.parent
        parent.remove(placeholder)
        if isinstance(parent, folded):
            parent["summary"] = FOLDED_WITHOUT_HISTORY


def _insert_page_notice(document: nodes.document, notice: str) -> None:
    """The notice under the page's title (and the report's facts), or first on a page without one."""
    paragraph = nodes.paragraph("", notice, classes=["tyreso-history-notice"])
    section = next(iter(document.findall(nodes.section)), None)
    if section is None:
        document.insert(0, paragraph)
        return
    position = 0
    while position < len(section) and (
        isinstance(section[position], nodes.title) or "tyreso-report-facts" in section[position].get("classes", [])
    ):
        position += 1
    section.insert(position, paragraph)


def _status_change_table(history: ObjectHistory, selection: Selection) -> list[nodes.Node | TableData]:
    changes = [
        entry
        for entry in history.status_changes()
        if (not selection.organ or entry.change.organ == selection.organ)
        and (selection.period is None or entry.change.period == selection.period.code)
    ]
    result: list[nodes.Node | TableData] = []
    if history.notice:
        result.append(nodes.paragraph("", history.notice, classes=["tyreso-history-notice"]))
    if not changes:
        result.append(nodes.paragraph("", "Inga statusändringar att visa.", classes=["tyreso-empty"]))
        return result
    # One group per commit, newest first: its date, author and message once, the status changes beneath.
    rows: list[list[Piece]] = []
    group_headers: dict[int, list[Piece]] = {}
    shown_commit = None
    for entry in changes:
        change, commit = entry.change, entry.commit
        if commit.sha != shown_commit:
            shown_commit = commit.sha
            group_headers[len(rows)] = [
                Span(commit.day, ("tyreso-commit-date",)),
                " · ",
                Span(commit.author, ("tyreso-commit-author",)),
                " · ",
                Span(f"”{commit.message}”", ("tyreso-commit-message",)),
                " ",
                Span(f"(incheckning {commit.short})", ("tyreso-commit-sha",)),
            ]
        rows.append(
            [
                f"{Kind(change.kind).label}: {change.title}",
                change.period,
                change.organ,
                _badge(change.before),
                _badge(change.after),
            ]
        )
    caption = "Statusändringar i versionshistoriken, per incheckning, senaste först"
    headers = ["Objekt", "Period", "Organ", "Före", "Efter"]
    result.append(
        table_data(
            caption,
            headers,
            rows,
            classes=["tyreso-status-changes"],
            widths=[6, 2, 3, 2, 2],
            group_headers=group_headers,
            filters=["text", "period", "organ", "", "status"],
        )
    )
    return result


def _badge(value: str) -> Span | str:
    return badge(parse_status(value)) if value else "–"


def setup(app: Sphinx) -> None:
    app.add_post_transform(LeaveHistoryOutOfPrint)
    app.add_post_transform(FillHistory)
    app.connect("env-get-updated", pages_to_rewrite_for_history)
