"""The few Git questions the history needs, asked through the git command (no Sphinx)."""

from __future__ import annotations

import dataclasses
import subprocess
from collections.abc import Iterator
from pathlib import Path

from tyreso_ext.source.text_rules import decode_lenient


class GitUnavailable(Exception):
    """No Git here: not a checkout, git missing, or a revision that does not exist."""


@dataclasses.dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    date: str  # ISO 8601 with time zone, as the author wrote it
    message: str
    parent: str | None
    other_parents: tuple[str, ...] = ()  # a merge commit's parents after the first

    @property
    def is_merge(self) -> bool:
        return bool(self.other_parents)

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
            # read as the build reads the file today: UTF-8, and Windows-1252 for the bytes that are not
            texts.append(decode_lenient(content) if header[1] == b"blob" else None)
        return texts

    def commits(self, folders: list[str], *, merges: bool = False) -> Iterator[Commit]:
        """Commits that touched the folders, newest first. Merges are left out unless asked for: most of what they
        bring is in the commits they merge, and a merge that only joins two branches is simplified away by Git."""
        options = [] if merges else ["--no-merges"]
        out = self._git("log", *options, "--format=%H%x1f%an%x1f%aI%x1f%s%x1f%P%x1e", "--", *folders)
        for record in out.split("\x1e"):
            record = record.strip("\n")
            if not record:
                continue
            sha, author, date, message, parents = record.split("\x1f")
            parent_list = parents.split()
            yield Commit(sha, author, date, message, parent_list[0] if parent_list else None, tuple(parent_list[1:]))

    def merge_changed_files(self, commit: Commit, folders: list[str]) -> list[str]:
        """The Markdown files a merge commit left different from every one of its parents: where the merge itself
        may have changed something (a resolved conflict, or an edit made in the merge)."""
        out = self._git("diff-tree", "-r", "-c", "--no-commit-id", "--name-only", "-z", commit.sha, "--", *folders)
        return sorted({path for path in out.split("\0") if path.endswith(".md")})

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

    # --- what the decided reports need (history.decided) -------------------------------------------------

    def _succeeds(self, *arguments: str) -> bool:
        """Whether a git command that answers with its exit status (yes 0, no 1) says yes."""
        try:
            result = subprocess.run(["git", *arguments], cwd=self.folder, capture_output=True, check=False)
        except OSError as error:
            raise GitUnavailable(f"git kunde inte startas: {error}") from None
        return result.returncode == 0

    def has_commit(self, sha: str) -> bool:
        """Whether the commit is in this copy at all (it may still be outside the history of HEAD)."""
        return self._succeeds("cat-file", "-e", f"{sha}^{{commit}}")

    def is_ancestor(self, ancestor: str, descendant: str = "HEAD") -> bool:
        """Whether ``ancestor`` is in the history of ``descendant`` (the commit itself included)."""
        return self.has_commit(ancestor) and self._succeeds("merge-base", "--is-ancestor", ancestor, descendant)

    def reachable(self, revision: str) -> list[str]:
        """Every commit in the history of a revision (the revision itself included)."""
        return self._git("rev-list", revision, "--").split()

    def commit(self, revision: str) -> Commit:
        """One commit: who, when, its message and its first parent."""
        out = self._git("log", "-1", "--format=%H%x1f%an%x1f%aI%x1f%s%x1f%P", revision, "--")
        sha, author, date, message, parents = out.strip("\n").split("\x1f")
        return Commit(sha, author, date, message, parents.split()[0] if parents else None)

    def path_commits(self, path: str, *, since: str | None = None, first_parent: bool = True) -> list[str]:
        """The commits that changed one file, oldest first: after ``since`` when given, up to HEAD.

        Along the first parents by default: the main line of the history, where a merged branch counts as the
        one merge commit that brought it in.
        """
        arguments = ["log", "--reverse", "--format=%H"] + (["--first-parent"] if first_parent else [])
        arguments += [f"{since}..HEAD" if since else "HEAD", "--", path]
        return self._git(*arguments).split()

    def is_clean(self, path: str) -> bool:
        """Whether a file is as HEAD has it: no change, staged or not (an untracked file is not clean)."""
        return not self._git("status", "--porcelain", "--untracked-files=all", "--", path).strip()

    def copy_at(self, revision: str, target: Path) -> Path:
        """A separate checkout of one commit in ``target`` (a new folder), sharing this repository's objects.

        Nothing in this repository changes (no worktree is registered, no ref moves), so a verification can
        never alter what it verifies. The copy's HEAD is the commit, detached: its history is the commit's.
        """
        source = str(self.root)
        self._git("clone", "--quiet", "--shared", "--no-checkout", source, str(target))
        copy = GitRepository.__new__(GitRepository)
        copy.folder = copy.root = target
        copy._git("-c", "advice.detachedHead=false", "checkout", "--quiet", "--detach", revision)
        return target


def open_repository(folder: Path) -> GitRepository | None:
    """The repository the folder is in, or None outside Git."""
    try:
        return GitRepository(folder)
    except GitUnavailable:
        return None
