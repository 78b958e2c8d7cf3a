"""``tyreso verifiera``: every decided version in the manifest, rebuilt from its commit and compared byte for byte,
and the manifest checked against the history."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
from pathlib import Path

from tyreso_ext.cli.common import EXIT_FINDINGS, EXIT_OK, CommandError
from tyreso_ext.cli.parser import Subparsers
from tyreso_ext.history.decided import DecidedReports
from tyreso_ext.history.gitrepo import open_repository
from tyreso_ext.history.snapshot import History
from tyreso_ext.model.decision import ManifestEntry
from tyreso_ext.model.objects import Report
from tyreso_ext.source.project import Project
from tyreso_ext.source.reader import docname_of_relative

NAME = "verifiera"

OK, WRONG, UNCONFIRMED = "stämmer", "stämmer inte", "kan inte bekräftas"


def add_parser(commands: Subparsers) -> None:
    command = commands.add_parser(
        NAME,
        help="kontrollera de fastställda rapporterna: bygg om varje PDF och jämför med manifestet",
        description="Bygger om varje fastställd version i beslut/manifest.json från sin incheckning och jämför PDF:en\n"
        "byte för byte med kontrollsumman (SHA-256) i manifestet. Kontrollerar också manifestet mot historiken:\n"
        "att varje incheckning finns kvar, att rapporten där har beslutet, att rapporten finns kvar och att ingen\n"
        "post har ändrats eller tagits bort. Anger du PDF-filer kontrolleras om de är fastställda versioner.",
        epilog="Exempel:\n  tyreso verifiera\n  tyreso verifiera --ut _build/beslutade\n"
        "  tyreso verifiera 'Delårsrapport från diariet.pdf'\n\n"
        "Slutstatus: 0 allt stämmer, 1 något stämmer inte, 2 fel i kommandot.",
    )
    command.add_argument("files", nargs="*", type=Path, metavar="PDF", help="PDF-filer att kontrollera mot manifestet")
    command.add_argument("--ut", type=Path, default=None, metavar="MAPP", help="spara de ombyggda PDF:er som stämmer i MAPP")
    command.add_argument("--format", choices=("text", "json"), default="text", help="utdataformat (standard: text)")
    command.add_argument(
        "--strikt",
        action="store_true",
        help="en PDF som inte kan bekräftas för att den registrerades med andra versioner av verktygen räknas som fel",
    )


@dataclasses.dataclass
class VersionResult:
    """One decided version in the manifest, checked."""

    entry: ManifestEntry
    outcome: str = OK
    messages: list[str] = dataclasses.field(default_factory=list)
    built_sha256: str = ""
    in_history: bool = True  # the commit is there, with the report and its decision: it can be rebuilt

    def fail(self, message: str, outcome: str = WRONG) -> None:
        self.messages.append(message)
        if self.outcome != WRONG:
            self.outcome = outcome

    def as_dict(self) -> dict[str, object]:
        return {
            **self.entry.as_dict(),
            "resultat": self.outcome,
            "byggd_sha256": self.built_sha256 or None,
            "meddelanden": self.messages,
        }


def run(arguments: argparse.Namespace) -> int:
    files: list[Path] = arguments.files
    missing = [file for file in files if not file.is_file()]
    if missing:
        raise CommandError(f"Filen finns inte: {missing[0]}")
    project = Project.find(Path.cwd())
    repository = open_repository(project.root)
    if repository is None or repository.head() is None:
        raise CommandError(
            "Projektet ligger inte i Git (eller har inga incheckningar): det finns ingen historik att kontrollera mot."
        )
    if repository.is_shallow():
        raise CommandError(
            "Kopian är grund (shallow clone): de fastställda versionerna kan inte kontrolleras utan hela historiken. "
            "Hämta den med 'git fetch --unshallow'."
        )
    decided = DecidedReports(History(project, repository))
    entries, manifest_findings = decided.manifest()
    manifest_messages = [finding.message for finding in manifest_findings]
    reports = decided.current_reports()
    results = [VersionResult(entry) for entry in entries]
    for result in results:
        for message in decided.entry_problems(result.entry):
            result.fail(message)
            result.in_history = False
        for message in decided.current_problems(result.entry, reports.get(result.entry.report)):
            result.fail(message)
    manifest_messages += [finding.message for finding in decided.manifest_history_findings(entries)]
    unrecorded = sorted(
        path
        for path, report in reports.items()
        if report.decision is not None and not any(entry.report == path for entry in entries)
    )
    if arguments.format == "text" and entries:
        counted = "1 fastställd version" if len(entries) == 1 else f"{len(entries)} fastställda versioner"
        print(f"Kontrollerar {counted} i {decided.manifest_path} och bygger om dem …", flush=True)
    with tempfile.TemporaryDirectory(prefix="tyreso-verifiera-") as temporary:
        _rebuild(decided, results, Path(temporary), arguments.ut, strict=arguments.strikt)
        checked_files = _check_files(files, entries, results)
    ok = not manifest_messages and all(
        result.outcome == OK or (result.outcome == UNCONFIRMED and not arguments.strikt) for result in results
    )
    ok = ok and all(outcome == OK for _, _, outcome, _ in checked_files)
    if arguments.format == "json":
        payload = {
            "manifest": decided.manifest_path,
            "versioner": [result.as_dict() for result in results],
            "manifestet": manifest_messages,
            "ej_registrerade": [
                {"rapport": path, "beslut": decision.text}
                for path in unrecorded
                if (decision := reports[path].decision) is not None
            ],
            "pdf_filer": [
                {"fil": str(file), "sha256": sha, "resultat": outcome, "version": entry.as_dict() if entry else None}
                for file, sha, outcome, entry in checked_files
            ],
            "stämmer": ok,
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        _print_text(decided, results, manifest_messages, unrecorded, reports, checked_files, ok)
    return EXIT_OK if ok else EXIT_FINDINGS


def _rebuild(decided: DecidedReports, results: list[VersionResult], folder: Path, keep: Path | None, *, strict: bool) -> None:
    """Build each version that the history still holds, grouped by commit, and compare its bytes."""
    from tyreso_ext.outputs.pdf.rebuild import rebuild_at, tool_versions  # WeasyPrint only when PDFs are made
    from tyreso_ext.outputs.pdf.runner import PdfError

    by_commit: dict[str, list[VersionResult]] = {}
    for result in results:
        if result.in_history:
            by_commit.setdefault(result.entry.commit, []).append(result)
    for number, (commit, group) in enumerate(sorted(by_commit.items())):
        docnames = sorted({docname_of_relative(result.entry.report) for result in group})
        try:
            rebuilt = {
                pdf.name: pdf
                for pdf in rebuild_at(decided.repository, commit, decided.history.prefix, docnames, folder / str(number))
            }
        except PdfError as error:
            for result in group:
                result.fail(f"PDF:en kunde inte byggas om från incheckning {commit[:7]}: {error}")
            continue
        here = tool_versions()
        for result in group:
            entry = result.entry
            pdf = rebuilt.get(entry.pdf)
            if pdf is None:
                result.fail(f"Incheckning {entry.short} ger ingen PDF med namnet {entry.pdf}.")
                continue
            result.built_sha256 = pdf.sha256
            if pdf.sha256 == entry.sha256:
                if keep is not None and result.outcome == OK:
                    keep.mkdir(parents=True, exist_ok=True)
                    (keep / entry.archive_name).write_bytes(pdf.path.read_bytes())
                continue
            differing = [
                f"{name} {dict(entry.tools).get(name, '?')} då, {version} nu"
                for name, version in here
                if dict(entry.tools).get(name) != version
            ]
            if differing:
                result.fail(
                    f"PDF:en byggd från incheckning {entry.short} har SHA-256 {pdf.sha256}, inte {entry.sha256} som i "
                    f"manifestet, men den registrerades med andra versioner av verktygen ({'; '.join(differing)}). "
                    "Kontrollera den med de versionerna installerade.",
                    WRONG if strict else UNCONFIRMED,
                )
            else:
                result.fail(
                    f"PDF:en byggd från incheckning {entry.short} har SHA-256 {pdf.sha256}, men manifestet säger "
                    f"{entry.sha256}: den registrerade PDF:en är inte den som incheckningen ger."
                )


def _check_files(
    files: list[Path], entries: list[ManifestEntry], results: list[VersionResult]
) -> list[tuple[Path, str, str, ManifestEntry | None]]:
    """Each given PDF against the manifest: (file, its SHA-256, outcome, the version it is)."""
    from tyreso_ext.model.fingerprint import file_sha256

    checked = []
    confirmed = {result.entry.sha256 for result in results if result.outcome == OK}
    for file in files:
        sha = file_sha256(file)
        entry = next((entry for entry in entries if entry.sha256 == sha), None)
        outcome = OK if entry is not None and sha in confirmed else WRONG
        checked.append((file, sha, outcome, entry))
    return checked


def _print_text(
    decided: DecidedReports,
    results: list[VersionResult],
    manifest_messages: list[str],
    unrecorded: list[str],
    reports: dict[str, Report],
    checked_files: list[tuple[Path, str, str, ManifestEntry | None]],
    ok: bool,
) -> None:
    out = sys.stdout
    if not results and not manifest_messages:
        print(f"Inga fastställda versioner är registrerade ({decided.manifest_path} finns inte eller är tomt).", file=out)
    for result in results:
        entry = result.entry
        print(f"\n{entry.label}", file=out)
        print(f"  Incheckning {entry.short} ({entry.commit_date}), {entry.pdf}", file=out)
        if result.outcome == OK:
            print(
                f"  {OK.capitalize()}: incheckningen finns i historiken och PDF:en byggd från den har SHA-256 {entry.sha256}, "
                "som manifestet säger.",
                file=out,
            )
        for message in result.messages:
            print(f"  {result.outcome.upper()}: {message}", file=out)
    if manifest_messages:
        print(f"\n{decided.manifest_path}", file=out)
        for message in manifest_messages:
            print(f"  {WRONG.upper()}: {message}", file=out)
    if unrecorded:
        print("\nFastställda rapporter som inte är registrerade i manifestet:", file=out)
        for path in unrecorded:
            decision = reports[path].decision
            said = f" ({decision.text})" if decision is not None else ""
            print(f"  {path}{said}: registrera med 'tyreso faststall {path}'.", file=out)
    for file, sha, outcome, version in checked_files:
        if version is not None and outcome == OK:
            print(f"\n{file}: {OK}. Den är den fastställda versionen {version.label}, SHA-256 {sha}.", file=out)
        elif version is not None:
            print(f"\n{file}: {WRONG}. Dess SHA-256 {sha} står i manifestet, men den versionen stämmer inte (se ovan).", file=out)
        else:
            print(f"\n{file}: {WRONG}. Dess SHA-256 {sha} är inte någon fastställd version i manifestet.", file=out)
    counts = {outcome: sum(1 for result in results if result.outcome == outcome) for outcome in (OK, WRONG, UNCONFIRMED)}
    parts = [
        f"{counts[OK]} av {len(results)} fastställda versioner stämmer" if results else "Inga fastställda versioner att bygga om"
    ]
    if counts[WRONG]:
        parts.append(f"{counts[WRONG]} stämmer inte")
    if counts[UNCONFIRMED]:
        parts.append(f"{counts[UNCONFIRMED]} kan inte bekräftas med de här versionerna av verktygen")
    if manifest_messages:
        parts.append(f"{len(manifest_messages)} fel i manifestet")
    wrong_files = sum(1 for _, _, outcome, _ in checked_files if outcome != OK)
    if checked_files:
        parts.append(f"{len(checked_files) - wrong_files} av {len(checked_files)} PDF-filer är fastställda versioner")
    print(f"\n{'; '.join(parts)}. {'Allt stämmer.' if ok else 'Något stämmer inte.'}", file=out)
