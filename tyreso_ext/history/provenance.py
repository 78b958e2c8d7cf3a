"""Which Git commit a build, or one report's sources, come from: short hash, commit date, uncommitted changes.

:func:`describe` names the commit checked out (the site's footer); :func:`describe_sources` names, per report,
the last commit that changed the report's own files (a PDF shows that one, so that it changes only with its
report). No Sphinx here.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import subprocess
from collections.abc import Iterable, Mapping
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
    of_report: bool = False  # the last commit of one report's sources (describe_sources), not the build's

    @property
    def has_git(self) -> bool:
        return bool(self.commit)

    @property
    def text(self) -> str:
        """One line for a page footer or a PDF cover: 'Byggd från commit 1a2b3c4 (2024-05-02)', or for one
        report's sources 'Rapportens text från commit 1a2b3c4 (2024-05-02)'."""
        if self.stated:
            return self.stated
        if not self.has_git:
            return f"{NO_GIT_TEXT}: ingen commit att hänvisa till"
        line = f"{'Rapportens text från' if self.of_report else 'Byggd från'} commit {self.commit} ({self.date})"
        return f"{line}, med {DIRTY_TEXT}" if self.dirty else line

    @property
    def short_text(self) -> str:
        """For a page header or footer: 'Commit 1a2b3c4, 2024-05-02' ('Text från commit …' for a report's sources)."""
        if self.stated:
            return self.stated
        if not self.has_git:
            return NO_GIT_TEXT
        line = f"{'Text från commit' if self.of_report else 'Commit'} {self.commit}, {self.date}"
        return f"{line}, {DIRTY_TEXT}" if self.dirty else line


def _git_bytes(folder: Path, *arguments: str) -> bytes | None:
    """Git's output as bytes, or None when Git is missing or the folder is no repository."""
    try:
        result = subprocess.run(
            ["git", "--no-optional-locks", "-C", str(folder), *arguments],
            capture_output=True,
            check=False,
            timeout=30,
            env={**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def _git(folder: Path, *arguments: str) -> str | None:
    """Git's output, file names decoded as the file system's (so that they match :class:`Path`'s)."""
    out = _git_bytes(folder, *arguments)
    return None if out is None else os.fsdecode(out)


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


def describe_sources(folder: Path | str, sources: Mapping[str, Iterable[Path | str]]) -> dict[str, Provenance]:
    """Per report (any key): the last commit that changed one of its files, and whether one of them is uncommitted.

    ``sources`` maps each report to its files (absolute, or relative to ``folder``): the report itself and what
    it depends on (included files, data files, images). The commit is the newest one along the first parents
    of HEAD whose change (against its first parent, so a merge counts as the commit that brought a branch in)
    touches one of the files; its date and time are the report's. A report is "dirty" when one of its files
    differs from HEAD or is not in HEAD at all (untracked, or ignored); uncommitted changes elsewhere in the
    repository do not count. Files outside the repository are left out. Outside Git (or without any commit):
    an empty :class:`Provenance` for each. One ``git log`` for all reports, stopped as soon as every file has
    been seen.
    """
    folder = Path(folder)
    top_line = _git(folder, "rev-parse", "--show-toplevel")
    head = _git(folder, "log", "-1", "--format=%H %ct %cs", "HEAD")
    head_commit = _commit_line(head.strip()) if head else None
    if top_line is None or head_commit is None:
        return {name: Provenance() for name in sources}
    top = Path(top_line.strip()).resolve()
    in_head = set(_nul_separated(_git(top, "ls-tree", "-r", "-z", "--name-only", "--full-tree", "HEAD") or ""))
    changed = _uncommitted(top)
    # String arithmetic rather than Path.resolve per file (a tenth of a second per thousand files); symbolic
    # links are resolved for the folder and the repository's top only.
    base, prefix = str(folder.resolve()), str(top).rstrip(os.sep) + os.sep
    files: dict[str, set[str]] = {}
    for name, paths in sources.items():
        relative: set[str] = set()
        for path in paths:
            absolute = os.path.normpath(os.path.join(base, path))
            if absolute.startswith(prefix):
                relative.add(absolute[len(prefix) :].replace(os.sep, "/"))
        files[name] = relative
    wanted = set().union(*files.values()) & in_head
    last = _last_commits(top, wanted)
    result = {}
    for name, relative in files.items():
        seen = [last[path] for path in relative if path in last]
        # Newest first in the walk: the smallest position. A report with no committed file (a new one) names HEAD.
        commit = min(seen)[1] if seen else head_commit
        dirty = any(path in changed or path not in in_head for path in relative)
        result[name] = Provenance(commit=commit[0], date=commit[2], timestamp=commit[1], dirty=dirty, of_report=True)
    return result


def _commit_line(line: str) -> tuple[str, int, str] | None:
    """'<full hash> <commit time> <YYYY-MM-DD>' as (short hash, time, date); the hash cut to 7 as in describe."""
    parts = line.split(" ")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    return parts[0][:7], int(parts[1]), parts[2]


def _nul_separated(text: str) -> list[str]:
    return [part for part in text.split("\0") if part]


def _uncommitted(folder: Path) -> set[str]:
    """The files (relative to the repository's top) that differ from HEAD, staged or not, or are untracked."""
    out = _git(folder, "status", "--porcelain=v1", "-z", "--untracked-files=all")
    parts = (out or "").split("\0")
    changed: set[str] = set()
    index = 0
    while index < len(parts):
        entry = parts[index]
        index += 1
        if len(entry) < 4:
            continue
        changed.add(entry[3:])
        if entry[0] in "RC":  # a rename or copy: the old path follows
            changed.add(parts[index])
            index += 1
    return changed


def _last_commits(top: Path, wanted: set[str]) -> dict[str, tuple[int, tuple[str, int, str]]]:
    """Path → (position in the walk, commit) of the newest first-parent commit that changed it.

    In a shallow clone the oldest commit there is has no parent: Git shows it as adding every file it holds,
    so a file last changed before the clone's depth falls back to that oldest available commit (it is what
    the copy can vouch for; ``tyreso verifiera`` refuses shallow copies anyway).
    """
    found: dict[str, tuple[int, tuple[str, int, str]]] = {}
    if not wanted:
        return found
    remaining = set(wanted)
    command = ["git", "--no-optional-locks", "-c", "log.showRoot=true", "-c", "log.showSignature=false", "-C", str(top)]
    command += ["log", "--first-parent"]
    command += ["--diff-merges=first-parent", "--no-renames", "--name-only", "-z", "--format=%x01%H %ct %cs", "HEAD", "--"]
    try:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"},
        )
    except OSError:
        return found
    assert process.stdout is not None
    position = 0
    buffer = b""
    try:
        while remaining:
            block = os.read(process.stdout.fileno(), 1 << 16)
            buffer = buffer + block if block else buffer + b"\x01"  # at the end, the last record is complete
            *records, buffer = buffer.split(b"\x01")
            for record in records:
                header, _, names = record.partition(b"\0")
                commit = _commit_line(header.decode("utf-8", "replace"))
                if commit is None:
                    continue
                position += 1
                for raw in names.lstrip(b"\n").split(b"\0"):
                    path = os.fsdecode(raw)
                    if path in remaining:
                        remaining.discard(path)
                        found[path] = (position, commit)
            if not block:
                break
    finally:
        process.stdout.close()
        if process.poll() is None:  # every file seen: the rest of the history is not needed
            process.kill()
        process.wait()
    return found


def given_source_date_epoch(environ: Mapping[str, str] = os.environ) -> int | None:
    """SOURCE_DATE_EPOCH when the caller set it (a whole number of seconds), else None."""
    given = environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(given) if given.isdigit() else None


def source_date_epoch(provenance: Provenance, environ: Mapping[str, str] = os.environ) -> int | None:
    """SOURCE_DATE_EPOCH when the caller set it, else the commit's time; None outside Git."""
    given = given_source_date_epoch(environ)
    return given if given is not None else provenance.timestamp


def w3c_date(epoch: int) -> str:
    """'2024-05-02T10:15:00Z': the form PDF metadata is written in."""
    return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
