"""Which Git commit a build comes from: short hash, commit date, uncommitted changes. No Sphinx here."""

from __future__ import annotations

import dataclasses
import datetime
import os
import subprocess
from pathlib import Path

DIRTY_TEXT = "ej incheckade ändringar"
NO_GIT_TEXT = "Byggd utan Git"


@dataclasses.dataclass(frozen=True)
class Provenance:
    """The version of the sources a build was made from; ``commit`` is empty outside Git."""

    commit: str = ""  # short hash
    date: str = ""  # the commit's date, YYYY-MM-DD
    timestamp: int | None = None  # the commit time in seconds since 1970 (for SOURCE_DATE_EPOCH)
    dirty: bool = False
    stated: str = ""  # what conf.py says instead (tyreso_provenance), e.g. for a build from an archive

    @property
    def has_git(self) -> bool:
        return bool(self.commit)

    @property
    def text(self) -> str:
        """One line for a page footer or a PDF: 'Byggd från commit 1a2b3c4 (2024-05-02)'."""
        if self.stated:
            return self.stated
        if not self.has_git:
            return f"{NO_GIT_TEXT}: ingen commit att hänvisa till"
        line = f"Byggd från commit {self.commit} ({self.date})"
        return f"{line}, med {DIRTY_TEXT}" if self.dirty else line

    @property
    def short_text(self) -> str:
        """For a page header or footer: 'Commit 1a2b3c4, 2024-05-02'."""
        if self.stated:
            return self.stated
        if not self.has_git:
            return NO_GIT_TEXT
        line = f"Commit {self.commit}, {self.date}"
        return f"{line}, {DIRTY_TEXT}" if self.dirty else line


def _git(folder: Path, *arguments: str) -> str | None:
    """Git's output, or None when Git is missing or the folder is no repository."""
    try:
        result = subprocess.run(
            ["git", "--no-optional-locks", "-C", str(folder), *arguments],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
            env={**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def describe(folder: Path | str) -> Provenance:
    """Ask Git about the commit checked out in ``folder`` (any folder inside the work tree)."""
    folder = Path(folder)
    # The full hash, cut to 7: Git's own abbreviation (%h) grows with the number of objects in a copy, and a
    # PDF must not depend on how much else a clone holds (tyreso verifiera rebuilds decided ones years later).
    head = _git(folder, "log", "-1", "--format=%H%n%cs%n%ct", "HEAD")
    if head is None:
        return Provenance()
    lines = head.split()
    if len(lines) != 3 or not lines[2].isdigit():
        return Provenance()
    status = _git(folder, "status", "--porcelain", "--untracked-files=normal")
    return Provenance(commit=lines[0][:7], date=lines[1], timestamp=int(lines[2]), dirty=bool(status and status.strip()))


def source_date_epoch(provenance: Provenance, environ: dict[str, str] | os._Environ[str] = os.environ) -> int | None:
    """SOURCE_DATE_EPOCH when the caller set it, else the commit's time; None outside Git."""
    given = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given.isdigit():
        return int(given)
    return provenance.timestamp


def w3c_date(epoch: int) -> str:
    """'2024-05-02T10:15:00Z': the form PDF metadata is written in."""
    return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
