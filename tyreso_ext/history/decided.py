"""Decided reports stay decided: the rules that need the Git history (no Sphinx).

A report with ``beslut`` is fixed from the version it was decided in (its *baseline*): the version recorded
in the manifest by ``tyreso faststall``, or else the first commit on the main line of the history in which
the report has its ``beslut``. From there on, every change to what the report says (its objects, its text,
its front matter) must come with a new ``rättelse``:

- Walking the report's versions since the baseline, a version that adds rättelser to those already written
  approves what changed since the last approved version; that span is the correction's diff.
- What the report says now (the working tree) against the last approved version: a difference is TY041,
  one finding per changed object (or one for the text around them), until a rättelse is written.
- Rättelser are only ever added: one that was written and is now changed or gone is TY041 too.

The manifest is checked against the history (TY042): each recorded commit must be in the history of HEAD
and hold the report with the recorded decision; a recorded report must still be there, still decided; and
an entry, once committed, must stay in the manifest unchanged. ``tyreso check`` and the build run
:meth:`DecidedReports.findings`; ``tyreso verifiera`` adds the rebuild of each recorded PDF.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from tyreso_ext.history.changes import MOVED, ObjectChange, ObjectKey, compare, index_objects, key_of
from tyreso_ext.history.gitrepo import GitRepository, GitUnavailable, open_repository
from tyreso_ext.history.snapshot import History
from tyreso_ext.model.decision import CORRECTION_KEYS, MANIFEST_PATH, Correction, Decision, ManifestEntry, read_manifest
from tyreso_ext.model.findings import Finding
from tyreso_ext.model.frontmatter import key_lines, read_report, split_front_matter
from tyreso_ext.model.objects import Report
from tyreso_ext.model.text import fold, shorten, source_lines, upper_first
from tyreso_ext.source.project import Project
from tyreso_ext.source.reader import ReadDocument, docname_of_relative
from tyreso_ext.source.text_rules import decode_source

_CORRECTION_KEYS = {fold(key) for key in CORRECTION_KEYS}


@dataclasses.dataclass(frozen=True)
class CorrectionTrail:
    """Where one correction stands in the history: the diff it justifies goes from ``before`` to ``after``."""

    correction: Correction
    before: str | None  # the commit of the version approved before it (the decision, or the previous correction)
    after: str | None  # the commit that wrote it in; None while it is not committed

    @property
    def committed(self) -> bool:
        return self.after is not None


@dataclasses.dataclass
class DecidedReview:
    """One decided report against its history."""

    path: str
    decision: Decision
    baseline: str | None  # the decided version's commit; None while the decision is not committed
    trails: list[CorrectionTrail]  # one per correction written now, in the same order (None: not traceable)
    findings: list[Finding]

    def trail_of(self, index: int) -> CorrectionTrail | None:
        return self.trails[index] if index < len(self.trails) else None


@dataclasses.dataclass(frozen=True)
class DecidedChanges:
    """For ``tyreso diff``: changes in a report that was already decided in the earlier version."""

    path: str
    decision: Decision
    new_corrections: tuple[Correction, ...]  # written in between; none: the changes need one (TY041)


def protected_lines(text: str) -> list[tuple[int, str]]:
    """The lines a decision fixes, with their line numbers: everything but the corrections' own lines (which
    are added after the decision) and the white space at line ends and at the end of the file."""
    lines = source_lines(text.lstrip("\ufeff").replace("\r\n", "\n"))
    block = split_front_matter(text.lstrip("\ufeff").replace("\r\n", "\n"))
    end = block.body_line - 1 if block is not None else 0  # index of the first body line
    kept: list[tuple[int, str]] = []
    skipping = False
    for index, line in enumerate(lines):
        if 0 < index < end - 1:  # inside the front matter
            if line.strip() and not line[:1].isspace() and not line.startswith("-"):
                skipping = fold(line.split(":", 1)[0].strip().strip("'\"")) in _CORRECTION_KEYS
            if skipping:
                continue
        kept.append((index + 1, line.rstrip()))
    while kept and not kept[-1][1]:
        kept.pop()
    return kept


def _text_of(path: Path) -> str | None:
    """A file as the reader reads it (bad bytes replaced, line ends as Python's text mode makes them)."""
    try:
        text, _, _ = decode_source(path.read_bytes())
    except OSError:
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


class DecidedReports:
    """The decided reports of a project inside its Git repository."""

    def __init__(self, history: History) -> None:
        self.history = history
        self.project = history.project
        self.repository: GitRepository = history.repository
        self.manifest_path = MANIFEST_PATH
        self._history_of_head: set[str] | None = None

    def in_history(self, commit: str) -> bool:
        """Whether a commit is in the history of HEAD (read once: every commit reachable from HEAD)."""
        if self._history_of_head is None:
            try:
                self._history_of_head = set(self.repository.reachable("HEAD"))
            except GitUnavailable:
                self._history_of_head = set()
        return commit in self._history_of_head

    # --- reading --------------------------------------------------------------------------------------

    def report_at(self, text: str, path: str) -> Report:
        report, _ = read_report(text, docname_of_relative(path), path, self.project.settings.vocabulary)
        return report

    def current_text(self, path: str) -> str | None:
        return _text_of(self.project.root / path)

    def manifest(self, text: str | None = None) -> tuple[list[ManifestEntry], list[Finding]]:
        """The manifest as it is now (the working tree), or as ``text`` says; its problems as TY042."""
        text = _text_of(self.project.root / self.manifest_path) if text is None else text
        if text is None:
            return [], []
        entries, problems = read_manifest(text)
        return entries, [Finding(self.manifest_path, line, "TY042", message) for line, message in problems]

    # --- the rules --------------------------------------------------------------------------------------

    def findings(self, reports: Iterable[Report]) -> list[Finding]:
        """TY041 and TY042, as ``tyreso check`` and the build report them."""
        return self.check(reports)[1]

    def check(self, reports: Iterable[Report]) -> tuple[dict[str, DecidedReview], list[Finding]]:
        """Every decided report among ``reports`` against the history, and the findings of all of them."""
        reports = [report for report in reports if self.project.settings.is_report(report.docname)]
        if self.repository.head() is None or self.repository.is_shallow():
            return {}, []  # no history, or only part of it: what changed after a decision cannot be known
        entries, findings = self.manifest()
        reviews = self.reviews(reports, entries)
        for review in reviews.values():
            findings += review.findings
        findings += self.manifest_findings(entries, {report.path: report for report in reports})
        return reviews, findings

    def reviews(self, reports: Iterable[Report], entries: Sequence[ManifestEntry] | None = None) -> dict[str, DecidedReview]:
        """Each decided report against its history, by path."""
        if entries is None:
            entries = self.manifest()[0]
        reviews = {}
        for report in reports:
            if report.decision is None:
                continue
            text = self.current_text(report.path)
            if text is not None:
                reviews[report.path] = self.review(report, text, [entry for entry in entries if entry.report == report.path])
        return reviews

    def review(self, report: Report, text: str, entries: Sequence[ManifestEntry]) -> DecidedReview:
        """One decided report, as ``text`` has it now, against its versions since the decision."""
        assert report.decision is not None
        path = report.path
        repository_path = self.history.repository_path(path)
        untraced = [CorrectionTrail(correction, None, None) for correction in report.corrections]
        try:
            baseline = self._baseline(repository_path, entries)
            if baseline is None:
                return DecidedReview(path, report.decision, None, untraced, [])
            commits = self.repository.path_commits(repository_path, since=baseline)
            texts = self.repository.files_at_revisions([(commit, repository_path) for commit in [baseline, *commits]])
        except GitUnavailable:
            return DecidedReview(path, report.decision, None, untraced, [])
        if texts[0] is None:
            return DecidedReview(path, report.decision, None, untraced, [])
        approved_text: str = texts[0]
        approved_commit: str | None = baseline
        approved = self.report_at(approved_text, path).corrections
        trails = [CorrectionTrail(correction, None, baseline) for correction in approved]  # written before the decision
        versions: list[tuple[str | None, str | None]] = list(zip(commits, texts[1:], strict=True))
        if text != (texts[-1] if len(texts) > 1 else texts[0]):
            versions.append((None, text))  # the working tree's changes, not yet committed
        for commit, version in versions:
            if version is None:
                continue  # the file was not there in that commit
            corrections = self.report_at(version, path).corrections
            if len(corrections) > len(approved) and corrections[: len(approved)] == approved:
                trails += [CorrectionTrail(correction, approved_commit, commit) for correction in corrections[len(approved) :]]
                approved_text, approved_commit, approved = version, commit, corrections
        findings = self._changes_since(report, text, approved_text, approved_commit, corrected=approved_commit != baseline)
        if report.corrections[: len(approved)] != approved:
            lost = next(
                correction for index, correction in enumerate(approved) if report.corrections[index : index + 1] != (correction,)
            )
            findings.append(
                Finding(
                    path,
                    self._key_line(text, *CORRECTION_KEYS) or 1,
                    "TY041",
                    f"En rättelse som redan var inskriven ({lost.date.isoformat()}: {shorten(lost.what, 80)}) har ändrats eller "
                    "tagits bort. Rättelser får bara läggas till: återställ den som den var och skriv en ny rättelse under "
                    "de tidigare.",
                )
            )
        # The trail of each correction written now; one that does not stand where it was written has none.
        shown = [
            trails[index]
            if index < len(trails) and trails[index].correction == correction
            else CorrectionTrail(correction, None, None)
            for index, correction in enumerate(report.corrections)
        ]
        return DecidedReview(path, report.decision, baseline, shown, findings)

    def _baseline(self, repository_path: str, entries: Sequence[ManifestEntry]) -> str | None:
        """The decided version: recorded in the manifest, or the first commit with the report's decision."""
        for entry in entries:
            if self.in_history(entry.commit):
                return entry.commit
        commits = self.repository.path_commits(repository_path)
        texts = self.repository.files_at_revisions([(commit, repository_path) for commit in commits])
        path = self.history.project_path(repository_path)
        for commit, text in zip(commits, texts, strict=True):
            if text is not None and self.report_at(text, path).decision is not None:
                return commit
        return None

    def _changes_since(
        self, report: Report, text: str, approved_text: str, approved_commit: str | None, *, corrected: bool
    ) -> list[Finding]:
        """TY041 for what ``text`` changes in the approved version: one per object, else one for the text."""
        assert report.decision is not None
        if approved_commit is None or protected_lines(text) == protected_lines(approved_text):
            return []
        path = report.path
        repository_path = self.history.repository_path(path)
        since = (
            f"sedan den senaste rättelsen (incheckning {approved_commit[:7]})"
            if corrected
            else f"sedan beslutet (incheckning {approved_commit[:7]})"
        )
        advice = (
            f"men rapporten är fastställd ({report.decision.text}) och ingen rättelse är inskriven för ändringen. "
            "Skriv in en rättelse under 'rättelser:' med datum, vad och varför, eller ta tillbaka ändringen "
            f"('tyreso diff {approved_commit[:7]}' visar den)."
        )
        now = self.history.objects_in(repository_path, text)
        changes = compare(index_objects(self.history.objects_in(repository_path, approved_text)), index_objects(now))
        lines = {key_of(obj): obj.line for obj in now if obj.id}
        by_object: dict[ObjectKey, list[ObjectChange]] = {}
        for change in changes:
            by_object.setdefault(change.key, []).append(change)
        decision_line = self._key_line(text, "beslut") or 1
        findings = []
        for key, group in by_object.items():
            first = group[0]
            what = f"{first.kind.label.lower()} '{first.title}'"
            findings.append(
                Finding(
                    path,
                    lines.get(key, decision_line),
                    "TY041",
                    f"{upper_first(what)} har ändrats {since}: {'; '.join(change.describe_briefly() for change in group)}, {advice}",
                )
            )
        if not findings:
            line = _first_difference(protected_lines(approved_text), protected_lines(text))
            findings.append(Finding(path, line, "TY041", f"Texten har ändrats {since} (rad {line}), {advice}"))
        return findings

    def _key_line(self, text: str, *keys: str) -> int | None:
        block = split_front_matter(text)
        if block is None:
            return None
        lines = {fold(key): line for key, line in key_lines(block).items()}
        return next((lines[fold(key)] for key in keys if fold(key) in lines), None)

    # --- the manifest against the history ---------------------------------------------------------------

    def entry_problems(self, entry: ManifestEntry) -> list[str]:
        """What makes a recorded version untrue to the history (empty: it is there, as recorded)."""
        what = f"Den fastställda versionen av {entry.report} ({entry.decision.text})"
        if not self.in_history(entry.commit):
            where = (
                "Incheckningen finns kvar i den här kopian men ingår inte i historiken för HEAD."
                if self.repository.has_commit(entry.commit)
                else "Incheckningen finns inte i den här kopian."
            )
            return [
                f"{what} registrerades från incheckning {entry.short}, men den ingår inte längre i historiken: historiken "
                f"har skrivits om, till exempel med rebase, amend eller force push. {where} Den fastställda versionen går "
                "inte att visa eller bygga om förrän den ursprungliga incheckningen är tillbaka i historiken (den finns "
                "kvar i Git-tjänsten eller i någons kopia)."
            ]
        try:
            texts = self.repository.files_at_revisions([(entry.commit, self.history.repository_path(entry.report))])
        except GitUnavailable as error:
            return [f"{what}: incheckning {entry.short} kunde inte läsas ({error})."]
        if texts[0] is None:
            return [f"{what} registrerades från incheckning {entry.short}, men där finns ingen fil {entry.report}."]
        report = self.report_at(texts[0], entry.report)
        if report.decision != entry.decision:
            said = report.decision.text if report.decision else "inget beslut"
            return [
                f"{what} registrerades från incheckning {entry.short}, men där säger rapporten {said}. Manifestet ska "
                "peka på en incheckning där rapporten har just det beslutet."
            ]
        return []

    def current_problems(self, entry: ManifestEntry, report: Report | None) -> list[str]:
        """What makes a recorded version untrue to the reports as they are now: gone, or no longer decided."""
        if report is None:
            return [
                f"{entry.report} är registrerad som fastställd ({entry.decision.text}) men finns inte längre. En "
                "fastställd rapport får inte tas bort eller flyttas: återställ filen."
            ]
        if report.decision is None:
            return [
                f"{entry.report} är registrerad som fastställd i {self.manifest_path} ({entry.decision.text}), men har inte "
                "längre något 'beslut'. Skriv tillbaka beslutet."
            ]
        return []

    def manifest_findings(self, entries: Sequence[ManifestEntry], reports: dict[str, Report]) -> list[Finding]:
        """TY042: the manifest's entries against the history and against the reports as they are now.

        A finding stands at the report's 'beslut' when the report is there, else at the entry in the manifest.
        """
        findings = []
        for entry in entries:
            report = reports.get(entry.report)
            text = self.current_text(entry.report) if report is not None else None
            line = self._key_line(text, "beslut") if text is not None else None
            path, at = (entry.report, line or 1) if text is not None else (self.manifest_path, entry.line)
            problems = self.entry_problems(entry) + self.current_problems(entry, report if text is not None else None)
            findings += [Finding(path, at, "TY042", message) for message in problems]
        findings += self.manifest_history_findings(entries)
        return sorted(set(findings))

    def current_reports(self) -> dict[str, Report]:
        """Every report of the project as its front matter says now, by path (without reading the objects)."""
        reports = {}
        for file in self.project.report_files():
            path = self.project.location(file)
            text = _text_of(file)
            if text is not None and split_front_matter(text) is not None:
                reports[path] = self.report_at(text, path)
        return reports

    def manifest_history_findings(self, entries: Sequence[ManifestEntry]) -> list[Finding]:
        """TY042 for every entry that was committed to the manifest and is no longer in it as it was."""
        repository_path = self.history.repository_path(self.manifest_path)
        try:
            commits = self.repository.path_commits(repository_path, first_parent=False)
            texts = self.repository.files_at_revisions([(commit, repository_path) for commit in commits])
        except GitUnavailable:
            return []
        now = set(entries)
        reported: set[ManifestEntry] = set()
        findings = []
        for commit, text in zip(commits, texts, strict=True):
            if text is None:
                continue
            for entry in read_manifest(text)[0]:
                if entry in now or entry in reported:
                    continue
                reported.add(entry)
                findings.append(
                    Finding(
                        self.manifest_path,
                        1,
                        "TY042",
                        f"Posten för {entry.label} från incheckning {entry.short} checkades in i manifestet i "
                        f"incheckning {commit[:7]} men har sedan ändrats eller tagits bort. Manifestet får bara fyllas på: "
                        "återställ posten som den var.",
                    )
                )
        return findings

    # --- tyreso diff ------------------------------------------------------------------------------------

    def decided_changes(self, before: str, after: str | None, changes: Sequence[ObjectChange]) -> list[DecidedChanges]:
        """The changed reports that were already decided in ``before``; ``after`` None is the working tree."""
        paths = sorted({change.path for change in changes} | {change.before for change in changes if change.change == MOVED})
        wanted = [(before, self.history.repository_path(path)) for path in paths]
        try:
            earlier = self.repository.files_at_revisions(wanted)
            later = (
                self.repository.files_at_revisions([(after, repository_path) for _, repository_path in wanted])
                if after is not None
                else [self.current_text(path) for path in paths]
            )
        except GitUnavailable:
            return []
        result = []
        for path, old, new in zip(paths, earlier, later, strict=True):
            if old is None:
                continue
            decision = self.report_at(old, path).decision
            if decision is None:
                continue
            old_corrections = self.report_at(old, path).corrections
            new_corrections = self.report_at(new, path).corrections if new is not None else ()
            added = new_corrections[len(old_corrections) :] if new_corrections[: len(old_corrections)] == old_corrections else ()
            result.append(DecidedChanges(path, decision, tuple(added)))
        return result


def _first_difference(before: list[tuple[int, str]], after: list[tuple[int, str]]) -> int:
    """The line (in ``after``) where the two texts first differ."""
    matcher = difflib.SequenceMatcher(a=[line for _, line in before], b=[line for _, line in after], autojunk=False)
    for tag, _, _, start, _ in matcher.get_opcodes():
        if tag != "equal":
            if start < len(after):
                return after[start][0]
            return after[-1][0] if after else 1
    return 1


def decided_reports(project: Project) -> DecidedReports | None:
    """The decided reports of a project in Git; None outside Git or without commits."""
    repository = open_repository(project.root)
    if repository is None or repository.head() is None:
        return None
    return DecidedReports(History(project, repository))


def decision_rule(project: Project) -> Callable[[Sequence[ReadDocument]], list[Finding]]:
    """The rule ``tyreso check`` gives :meth:`Project.check`: TY041 and TY042 when the project is in Git."""

    def rule(documents: Sequence[ReadDocument]) -> list[Finding]:
        decided = decided_reports(project)
        if decided is None:
            return []
        return decided.findings(document.report for document in documents if document.report is not None)

    return rule
