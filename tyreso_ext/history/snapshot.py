"""The objects of every report at a Git revision, or in the working tree (no Sphinx)."""

from __future__ import annotations

from tyreso_ext.history.changes import ObjectKey, index_objects
from tyreso_ext.history.gitrepo import GitRepository
from tyreso_ext.model.objects import SteeringObject
from tyreso_ext.source.project import Project
from tyreso_ext.source.reader import docname_of_relative, read_document


class History:
    """A project inside a Git repository: its report folders as Git sees them."""

    def __init__(self, project: Project, repository: GitRepository) -> None:
        self.project = project
        self.repository = repository
        prefix = project.root.resolve().relative_to(repository.root.resolve()).as_posix()
        self.prefix = "" if prefix == "." else prefix + "/"
        self.folders = [self.prefix + folder.strip("/") for folder in project.report_dirs]

    def project_path(self, repository_path: str) -> str:
        """A path as Git gives it → the path relative to the project root."""
        return repository_path[len(self.prefix) :] if repository_path.startswith(self.prefix) else repository_path

    def repository_path(self, project_path: str) -> str:
        """A path relative to the project root → the path as Git gives it."""
        return self.prefix + project_path

    def objects_in(self, repository_path: str, text: str) -> list[SteeringObject]:
        path = self.project_path(repository_path)
        document = read_document(text, docname_of_relative(path), path, self.project.settings, objects_only=True)
        return document.objects

    def snapshot(self, revision: str | None) -> dict[ObjectKey, SteeringObject]:
        """Every object at a revision; None means the working tree as it is now."""
        objects: list[SteeringObject] = []
        if revision is None:
            for path in self.project.report_files():
                relative = path.resolve().relative_to(self.repository.root.resolve()).as_posix()
                objects += self.objects_in(relative, path.read_text(encoding="utf-8", errors="replace"))
        else:
            for repository_path, text in sorted(self.repository.files_at(revision, self.folders).items()):
                objects += self.objects_in(repository_path, text)
        return index_objects(objects)
