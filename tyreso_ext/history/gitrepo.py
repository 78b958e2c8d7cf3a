"""The few Git questions the history needs, asked through the git command (no Sphinx)."""

from __future__ import annotations

import dataclasses
import subprocess
from collections.abc import Iterator
from pathlib import Path


class GitUnavailable(Exception):
    """No Git here: not a checkout, git missing, or a revision that does not exist."""


@dataclasses.dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    date: str  # ISO 8601 with time zone, as the author wrote it
    message: str
    parent: str | None

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def day(self) -> str:
        return self.date[:10]


class GitRepository:
    """A Git working tree, asked read-only questions."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        top = self._git("rev-parse", "--show-toplevel").strip()
        self.root = Path(top)
        self.folder = self.root  # every path below is relative to the repository root

    def _git(self, *arguments: str, input_text: str | None = None) -> str:
        try:
            result = subprocess.run(
                ["git", "-c", "core.quotepath=off", *arguments],
                cwd=self.folder,
                input=input_text,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                check=False,
            )
        except OSError as error:
            raise GitUnavailable(f"git kunde inte startas: {error}") from None
        if result.returncode != 0:
            raise GitUnavailable(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "git svarade med fel")
        return result.stdout

    def resolve(self, revision: str) -> str:
        return self._git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").strip()

    def merge_base(self, first: str, second: str) -> str:
        return self._git("merge-base", first, second).strip()

    def is_shallow(self) -> bool:
        return self._git("rev-parse", "--is-shallow-repository").strip() == "true"

    def shallow_boundary(self) -> set[str]:
        """Commits whose parents were cut off by a shallow clone: their own changes are unknown."""
        path = Path(self._git("rev-parse", "--git-path", "shallow").strip())
        path = path if path.is_absolute() else self.root / path
        return set(path.read_text(encoding="utf-8").split()) if path.is_file() else set()

    def head(self) -> str | None:
        try:
            return self.resolve("HEAD")
        except GitUnavailable:
            return None  # a repository without commits

    def files_at(self, revision: str, folders: list[str]) -> dict[str, str]:
        """Path (relative to the repository root) → text of every file below the folders at a revision."""
        listing = self._git("ls-tree", "-r", "-z", revision, "--", *folders)
        blobs = []
        for entry in listing.split("\0"):
            if not entry:
                continue
            meta, _, path = entry.partition("\t")
            if meta.split()[1] == "blob" and path.endswith(".md"):
                blobs.append((path, meta.split()[2]))
        return dict(zip((path for path, _ in blobs), self._blobs([sha for _, sha in blobs]), strict=True))

    def files_at_revisions(self, wanted: list[tuple[str, str]]) -> list[str | None]:
        """The text of each (revision, path), None where the file is not there: one ``git cat-file`` for all."""
        return self._batch([f"{revision}:{path}" for revision, path in wanted])

    def _blobs(self, shas: list[str]) -> list[str]:
        return [text or "" for text in self._batch(shas)]

    def _batch(self, objects: list[str]) -> list[str | None]:
        """``git cat-file --batch``: each object's content, None for one that is missing (or not a file)."""
        if not objects:
            return []
        if any("\n" in name for name in objects):
            raise GitUnavailable("ett filnamn med radbrytning kan inte läsas ur Git")
        try:
            result = subprocess.run(
                ["git", "-c", "core.quotepath=off", "cat-file", "--batch"],
                cwd=self.folder,
                input="".join(f"{name}\n" for name in objects).encode("utf-8"),
                capture_output=True,
                check=False,
            )
        except OSError as error:
            raise GitUnavailable(f"git kunde inte startas: {error}") from None
        if result.returncode != 0:
            raise GitUnavailable(result.stderr.decode("utf-8", "replace").strip() or "git svarade med fel")
        out, position = result.stdout, 0
        texts: list[str | None] = []
        for _ in objects:
            end = out.index(b"\n", position)
            header = out[position:end].split()
            position = end + 1
            if len(header) != 3 or header[1] == b"missing":
                texts.append(None)
                continue
            size = int(header[2])
            content = out[position : position + size]
            position += size + 1  # the content is followed by a newline
            texts.append(content.decode("utf-8", "replace") if header[1] == b"blob" else None)
        return texts

    def commits(self, folders: list[str]) -> Iterator[Commit]:
        """Commits that touched the folders, newest first, merges left out (their changes are in their commits)."""
        out = self._git("log", "--no-merges", "--format=%H%x1f%an%x1f%aI%x1f%s%x1f%P%x1e", "--", *folders)
        for record in out.split("\x1e"):
            record = record.strip("\n")
            if not record:
                continue
            sha, author, date, message, parents = record.split("\x1f")
            yield Commit(sha, author, date, message, parents.split()[0] if parents else None)

    def changed_files(self, commit: Commit, folders: list[str]) -> list[tuple[str | None, str | None]]:
        """(old path, new path) of each Markdown file the commit changed; None where it did not exist."""
        arguments = ["diff-tree", "-r", "-z", "-M", "--no-commit-id", "--name-status"]
        arguments += [commit.parent, commit.sha] if commit.parent else ["--root", commit.sha]
        out = self._git(*arguments, "--", *folders).split("\0")
        changes: list[tuple[str | None, str | None]] = []
        index = 0
        old: str | None
        new: str | None
        while index < len(out) - 1:
            status = out[index]
            if not status:
                break
            if status.startswith(("R", "C")):
                old, new = out[index + 1], out[index + 2]
                index += 3
            else:
                old = new = out[index + 1]
                index += 2
            if status.startswith("A"):
                old = None
            elif status.startswith("D"):
                new = None
            if (old or "").endswith(".md") or (new or "").endswith(".md"):
                changes.append((old, new))
        return changes

    def is_dirty(self) -> bool:
        return bool(self._git("status", "--porcelain").strip())


def open_repository(folder: Path) -> GitRepository | None:
    """The repository the folder is in, or None outside Git."""
    try:
        return GitRepository(folder)
    except GitUnavailable:
        return None
