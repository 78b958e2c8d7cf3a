"""Every change to every object through the repository's history (no Sphinx)."""

from __future__ import annotations

import dataclasses

from tyreso_ext.history.changes import ADDED, REMOVED, STATUS, ObjectChange, ObjectKey, compare, index_objects
from tyreso_ext.history.gitrepo import Commit, GitUnavailable
from tyreso_ext.history.snapshot import History
from tyreso_ext.model.objects import SteeringObject


@dataclasses.dataclass(frozen=True)
class HistoryEntry:
    """One change to one object, in one commit."""

    commit: Commit
    change: ObjectChange


@dataclasses.dataclass
class ObjectHistory:
    """All entries, newest first, and what the reader must know about gaps."""

    entries: list[HistoryEntry]
    notice: str = ""
    _by_key: dict[ObjectKey, list[HistoryEntry]] | None = dataclasses.field(default=None, repr=False, compare=False)

    def for_key(self, key: ObjectKey) -> list[HistoryEntry]:
        if self._by_key is None:
            self._by_key = {}
            for entry in self.entries:
                self._by_key.setdefault(entry.change.key, []).append(entry)
        return list(self._by_key.get(key, ()))

    def status_changes(self) -> list[HistoryEntry]:
        """Every change of a status, a status set when an object was written first included."""
        return [
            entry
            for entry in self.entries
            if entry.change.change == STATUS or (entry.change.change == ADDED and entry.change.after)
        ]


def read_history(history: History, known: dict[str, list[HistoryEntry]] | None = None) -> ObjectHistory:
    """Walk the commits that touched the reports and compare each with its parent.

    ``known`` holds what earlier builds found per commit: a commit never changes, so only new commits are
    read, and what they show is added to it.
    """
    known = {} if known is None else known
    repository = history.repository
    entries: list[HistoryEntry] = []
    notice = ""
    try:
        commits = list(repository.commits(history.folders, merges=True))
        shallow = repository.is_shallow()
        boundary = repository.shallow_boundary() if shallow else set()
    except GitUnavailable as error:
        return ObjectHistory([], f"Historiken kunde inte läsas ur Git: {error}")
    for commit in commits:
        if commit.sha in boundary:
            continue  # its parent is not in this clone: what it changed cannot be known
        if commit.sha in known:
            entries += known[commit.sha]
            continue
        if commit.is_merge:
            try:
                found = merge_changes(history, commit)
            except GitUnavailable:
                continue  # a parent is outside a shallow clone
            known[commit.sha] = found
            entries += found
            continue
        before: list[SteeringObject] = []
        after: list[SteeringObject] = []
        try:
            changed = repository.changed_files(commit, history.folders)
            wanted = [(commit.parent, old_path) for old_path, _ in changed if old_path and commit.parent]
            wanted += [(commit.sha, new_path) for _, new_path in changed if new_path]
            texts = repository.files_at_revisions(wanted)
            if any(text is None for text in texts):
                raise GitUnavailable("en fil som incheckningen ändrade finns inte i kopian")
            for (revision, path), text in zip(wanted, texts, strict=True):
                (after if revision == commit.sha else before).extend(history.objects_in(path, text or ""))
        except GitUnavailable:
            # The parent is outside a shallow clone: this commit's own changes cannot be known.
            continue
        found = [HistoryEntry(commit, change) for change in compare(index_objects(before), index_objects(after))]
        known[commit.sha] = found
        entries += found
    if shallow:
        oldest = min((commit.day for commit in commits), default="okänt datum")
        notice = (
            f"Historiken är ofullständig: arkivet är en grund kopia (shallow clone), så ändringar till och med "
            f"{oldest} saknas. Bygg från en fullständig klon för hela historiken."
        )
    return ObjectHistory(entries, notice)


def merge_changes(history: History, commit: Commit) -> list[HistoryEntry]:
    """What a merge commit changed itself: only what the merge left different from every parent.

    Most of a merge is the merged commits' own changes, listed under those commits. A change the merge made
    itself (a conflict resolved to a third status, an edit made while merging) differs from the version in
    each parent that has the object; that is what is listed under the merge, as a change from the first such
    parent. A change is matched across the parents by its kind, object and field.
    """
    repository = history.repository
    paths = repository.merge_changed_files(commit, history.folders)
    if not paths or commit.parent is None:
        return []
    parents = [commit.parent, *commit.other_parents]
    revisions = [*parents, commit.sha]
    texts = repository.files_at_revisions([(revision, path) for revision in revisions for path in paths])
    objects: dict[str, list[SteeringObject]] = {revision: [] for revision in revisions}
    for index, text in enumerate(texts):
        revision, path = revisions[index // len(paths)], paths[index % len(paths)]
        if text is not None:
            objects[revision].extend(history.objects_in(path, text))
    merged = index_objects(objects[commit.sha])
    indexed = [index_objects(objects[parent]) for parent in parents]
    comparisons = [compare(parent, merged) for parent in indexed]
    aspects = [{(change.change, change.key, change.field) for change in changes} for changes in comparisons]
    found: list[HistoryEntry] = []
    seen: set[tuple[str, ObjectKey, str]] = set()
    for number, changes in enumerate(comparisons):
        for change in changes:
            aspect = (change.change, change.key, change.field)
            if aspect in seen:
                continue
            if change.change in (ADDED, REMOVED):  # in no parent, or taken out of every parent
                made_here = all(aspect in others for others in aspects)
            else:  # different from every parent that has the object
                made_here = all(
                    aspect in aspects[other] or change.key not in indexed[other]
                    for other in range(len(parents))
                    if other != number
                )
            if made_here:
                seen.add(aspect)
                found.append(HistoryEntry(commit, change))
    return found
