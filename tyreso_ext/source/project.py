"""A reporting project on disk, read without Sphinx: its settings and its report sources."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import os
import runpy
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from tyreso_ext.model.collection_rules import check_collection
from tyreso_ext.model.findings import Finding
from tyreso_ext.model.paths import is_inside
from tyreso_ext.model.settings import Settings
from tyreso_ext.source.reader import ReadDocument, read_document
from tyreso_ext.source.text_rules import decode_source, encoding_finding, linked_out, linked_out_finding, normalized_text

SOURCE_SUFFIXES = (".md",)
PARALLEL_FROM = 40  # files; below this, starting worker processes costs more than it saves
# A rule on every document read at once, given to Project.check by a layer above (it may ask Git).
ProjectRule = Callable[[Sequence[ReadDocument]], list[Finding]]


class ProjectError(Exception):
    """The folder is not a reporting project, or its conf.py cannot be read."""


@dataclasses.dataclass
class Project:
    root: Path
    settings: Settings

    @classmethod
    def find(cls, start: Path) -> Project:
        """The project whose conf.py is in ``start`` or the nearest folder above it."""
        start = start.resolve()
        for folder in (start, *start.parents):
            if (folder / "conf.py").is_file():
                return cls.load(folder)
        raise ProjectError(f"Hittar ingen conf.py i {start} eller mappar ovanför. Kör kommandot i rapportprojektets mapp.")

    @classmethod
    def load(cls, root: Path) -> Project:
        """The project of ``root``, its settings read from conf.py as the build reads them."""
        try:
            values: dict[str, Any] = runpy.run_path(str(root / "conf.py"))
        except Exception as error:  # the user's own Python file: report, never a traceback
            raise ProjectError(f"conf.py kunde inte läsas: {error}") from None
        return cls(root, Settings.from_conf(values))

    def conf_findings(self) -> list[Finding]:
        """TY043: what is wrong in conf.py's declarations of kinds, as the build gives it."""
        if not self.settings.kind_problems:
            return []
        return self.settings.conf_findings((self.root / "conf.py").read_text(encoding="utf-8", errors="replace"))

    @property
    def report_dirs(self) -> tuple[str, ...]:
        return self.settings.report_dirs

    def report_files(self) -> Iterator[Path]:
        for folder in self.report_dirs:
            base = self.root / folder
            if base.is_dir():
                yield from sorted(path for path in base.rglob("*") if path.suffix in SOURCE_SUFFIXES and path.is_file())

    def location(self, path: Path) -> str:
        """The path as the build names the file: relative to the project, by the name it has there (a
        symbolic link is named as the link, as Sphinx names it)."""
        for candidate in (Path(os.path.abspath(path)), path.resolve()):  # the second: reached through a linked folder
            if candidate.is_relative_to(self.root):
                return candidate.relative_to(self.root).as_posix()
        raise ProjectError(f"{path} ligger utanför rapportprojektet i {self.root}. Granska ett projekt i taget.")

    def read(self, path: Path) -> ReadDocument:
        """Read one source file through the reader the build uses."""
        relative = self.location(path)
        if not is_inside(path, self.root):  # a link out of the project: never read
            return ReadDocument(None, [], [], [linked_out_finding(relative)])
        docname = PurePosixPath(relative).with_suffix("").as_posix()
        # Read as the build reads it: what is not UTF-8 as Windows-1252 (TY026), line ends as Python's text mode
        # makes them.
        text, bad_line, bad_byte = decode_source(path.resolve().read_bytes())
        document = read_document(normalized_text(text), docname, relative, self.settings, root=self.root)
        if bad_line is not None and bad_byte is not None and document.report is not None:
            document.findings.insert(0, encoding_finding(relative, bad_line, bad_byte))
        return document

    def _read_all(self, files: list[Path]) -> list[ReadDocument]:
        """Read every file for the check; a large project is spread over the machine's cores."""
        workers = min(os.cpu_count() or 1, 4)
        if len(files) < PARALLEL_FROM or workers < 2:
            return [self._read_for_check(path) for path in files]
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(self._read_for_check, files, chunksize=max(1, len(files) // (workers * 4))))

    def _read_for_check(self, path: Path) -> ReadDocument:
        """What the check needs of a file: its report, objects, references and findings. The directives as read
        (for the build's rendering) stay in the worker: sending them back costs more than reading them."""
        return dataclasses.replace(self.read(path), directives=[])

    def check(self, extra: list[Path] | None = None, rules: Sequence[ProjectRule] = ()) -> list[Finding]:
        """Every finding in the reports (and in extra files), the collection rules included.

        ``rules`` are further rules on all the documents read, from layers above this one: ``tyreso check`` gives
        the rules that need the Git history (history.decided), which the build runs too.
        """
        files = list(dict.fromkeys([*self.report_files(), *(Path(os.path.abspath(path)) for path in extra or [])]))
        documents = self._read_all(files)
        findings = [finding for document in documents for finding in document.findings]
        for folder in self.report_dirs:  # folders that link out of the project (linked files: see read)
            if (self.root / folder).is_dir():
                findings += [
                    finding
                    for finding in linked_out(self.root, self.root / folder, SOURCE_SUFFIXES)
                    if (self.root / finding.path).is_dir()
                ]
        findings += check_collection(
            [document.report for document in documents if document.report is not None],
            [obj for document in documents for obj in document.objects],
            [reference for document in documents for reference in document.references],
            self.settings.kinds,
        )
        findings += self.conf_findings()
        for rule in rules:
            findings += rule(documents)
        return sorted({finding for finding in findings if not self.settings.is_suppressed(finding.code)})
