"""Every change to every object through the repository's history (no Sphinx)."""

from __future__ import annotations

import dataclasses

from .changes import ADDED, STATUS, ObjectChange, compare, index_objects
from .gitrepo import Commit, GitUnavailable
from .snapshot import History


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
    _by_key: dict[tuple, list[HistoryEntry]] | None = dataclasses.field(default=None, repr=False, compare=False)

    def for_key(self, key: tuple) -> list[HistoryEntry]:
        if self._by_key is None:
            self._by_key = {}
            for entry in self.entries:
                self._by_key.setdefault(entry.change.key, []).append(entry)
        return list(self._by_key.get(key, ()))

    def status_changes(self) -> list[HistoryEntry]:
        """Every change of a status, a status set when an object was written first included."""
        return [entry for entry in self.entries if entry.change.change == STATUS or (entry.change.change == ADDED and entry.change.after)]


def read_history(history: History) -> ObjectHistory:
    """Walk the commits that touched the reports and compare each with its parent."""
    repository = history.repository
    entries: list[HistoryEntry] = []
    notice = ""
    try:
        commits = list(repository.commits(history.folders))
        shallow = repository.is_shallow()
        boundary = repository.shallow_boundary() if shallow else set()
    except GitUnavailable as error:
        return ObjectHistory([], f"Historiken kunde inte läsas ur Git: {error}")
    for commit in commits:
        if commit.sha in boundary:
            continue  # its parent is not in this clone: what it changed cannot be known
        before, after = [], []
        try:
            for old_path, new_path in repository.changed_files(commit, history.folders):
                if old_path and commit.parent:
                    text = repository.file_at(commit.parent, old_path)
                    before += history.objects_in(old_path, text) if text is not None else []
                if new_path:
                    text = repository.file_at(commit.sha, new_path)
                    after += history.objects_in(new_path, text) if text is not None else []
        except GitUnavailable:
            # The parent is outside a shallow clone: this commit's own changes cannot be known.
            continue
        for change in compare(index_objects(before), index_objects(after)):
            entries.append(HistoryEntry(commit, change))
    if shallow:
        oldest = min((commit.day for commit in commits), default="okänt datum")
        notice = (
            f"Historiken är ofullständig: arkivet är en grund kopia (shallow clone), så ändringar till och med "
            f"{oldest} saknas. Bygg från en fullständig klon för hela historiken."
        )
    return ObjectHistory(entries, notice)
