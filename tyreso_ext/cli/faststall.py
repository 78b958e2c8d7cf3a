"""``tyreso faststall``: record a decided report's version in the manifest: its commit and its PDF's SHA-256."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from tyreso_ext.cli.common import EXIT_FINDINGS, EXIT_OK, CommandError
from tyreso_ext.cli.parser import Subparsers
from tyreso_ext.history.decided import DecidedReports, decision_rule
from tyreso_ext.history.gitrepo import GitUnavailable, open_repository
from tyreso_ext.history.snapshot import History
from tyreso_ext.model.decision import ManifestEntry, write_manifest
from tyreso_ext.model.frontmatter import read_report
from tyreso_ext.source.project import Project
from tyreso_ext.source.reader import docname_of_relative

NAME = "faststall"
DEFAULT_FOLDER = Path("_build/beslutade")


def add_parser(commands: Subparsers) -> None:
    command = commands.add_parser(
        NAME,
        help="registrera en fastställd rapport: incheckningen och PDF:ens kontrollsumma",
        description="Registrerar den fastställda versionen av en rapport i beslut/manifest.json: incheckningen den\n"
        "byggs från och SHA-256 för dess PDF. PDF:en byggs från incheckningen i en egen kopia, som 'tyreso\n"
        "verifiera' bygger den igen. Rapporten ska ha 'beslut' (datum, paragraf, diarienummer) och vara incheckad.\n"
        "Efter en rättelse kan den rättade versionen registreras på samma sätt; den fastställda ligger kvar.",
        epilog="Exempel:\n  tyreso faststall reports/2023/T1/arbetsmarknads-och-socialnamnden.md\n"
        "  tyreso faststall reports/2023/T1/arbetsmarknads-och-socialnamnden.md --version 3307217\n\n"
        "Slutstatus: 0 klart (eller redan registrerad), 1 fynd i rapporten, 2 fel i kommandot.",
    )
    command.add_argument("report", type=Path, metavar="RAPPORT", help="den fastställda rapporten")
    command.add_argument(
        "--version",
        default="HEAD",
        metavar="VERSION",
        help="incheckningen som är den fastställda versionen (standard: HEAD, den senaste)",
    )
    command.add_argument(
        "--ut", type=Path, default=None, metavar="MAPP", help="där PDF:en sparas (standard: _build/beslutade i projektet)"
    )


def run(arguments: argparse.Namespace) -> int:
    file: Path = arguments.report
    if not file.is_file():
        raise CommandError(f"Rapporten finns inte: {file}")
    project = Project.find(file.parent)
    repository = open_repository(project.root)
    if repository is None or repository.head() is None:
        raise CommandError(
            "Projektet ligger inte i Git (eller har inga incheckningar): en fastställd version registreras med sin incheckning."
        )
    decided = DecidedReports(History(project, repository))
    path = project.location(file)
    if not project.settings.is_report(path):
        raise CommandError(f"{path} ligger inte i en rapportmapp ({', '.join(project.report_dirs)}).")
    repository_path = decided.history.repository_path(path)
    try:
        commit = repository.commit(repository.resolve(arguments.version))
    except GitUnavailable:
        raise CommandError(f"Versionen finns inte i Git: {arguments.version}.") from None
    if not repository.is_ancestor(commit.sha):
        raise CommandError(f"Incheckning {commit.short} ingår inte i historiken för HEAD: registrera en version på huvudgrenen.")
    if arguments.version == "HEAD" and not repository.is_clean(repository_path):
        raise CommandError(
            f"{path} har ändringar som inte är incheckade. Den fastställda versionen är en incheckning: checka in "
            "rapporten (eller ta bort ändringarna) och kör kommandot igen."
        )
    text = repository.files_at_revisions([(commit.sha, repository_path)])[0]
    if text is None:
        raise CommandError(f"{path} finns inte i incheckning {commit.short}.")
    report, front_findings = read_report(text, docname_of_relative(path), path, project.settings.vocabulary)
    if report.decision is None:
        for finding in front_findings:
            print(finding.as_line())
        raise CommandError(
            f"{path} har inget giltigt 'beslut' i incheckning {commit.short}. Skriv in beslutet överst i rapporten "
            "(beslut: med datum, paragraf och diarienummer), checka in och kör kommandot igen."
        )
    findings = front_findings
    if arguments.version == "HEAD":  # the working tree is the commit: the rules the build runs, this report's findings
        findings = [finding for finding in project.check(rules=[decision_rule(project)]) if finding.path == path]
    if findings:
        for finding in findings:
            print(finding.as_line())
        print(f"{len(findings)} fynd i {path}: rätta dem innan den fastställda versionen registreras.")
        return EXIT_FINDINGS

    entries, manifest_findings = decided.manifest()
    if manifest_findings:
        for finding in manifest_findings:
            print(finding.as_line())
        raise CommandError(f"{decided.manifest_path} går inte att läsa; återställ det ur Git innan en ny version registreras.")
    earlier = [entry for entry in entries if entry.report == path]
    same = next((entry for entry in earlier if entry.commit == commit.sha), None)
    if same is not None:
        print(f"{path} är redan registrerad från incheckning {commit.short}: {same.decision.text}, SHA-256 {same.sha256}.")
        return EXIT_OK
    if earlier and earlier[-1].decision == report.decision and len(report.corrections) <= earlier[-1].corrections:
        raise CommandError(
            f"{path} är redan registrerad som fastställd från incheckning {earlier[-1].short} ({earlier[-1].decision.text}). "
            "En ny version registreras först när en rättelse är inskriven."
        )

    from tyreso_ext.outputs.pdf.rebuild import rebuild_at, tool_versions  # WeasyPrint only when a PDF is made
    from tyreso_ext.outputs.pdf.runner import PdfError

    print(f"Bygger PDF:en för {path} från incheckning {commit.short} i en egen kopia …", flush=True)
    with tempfile.TemporaryDirectory(prefix="tyreso-faststall-") as temporary:
        try:
            rebuilt = rebuild_at(repository, commit.sha, decided.history.prefix, [report.docname], Path(temporary))
        except PdfError as error:
            raise CommandError(f"PDF:en kunde inte byggas: {error}") from None
        if len(rebuilt) != 1:
            raise CommandError(f"{path} gav ingen PDF i incheckning {commit.short}.")
        pdf = rebuilt[0]
        entry = ManifestEntry(
            report=path,
            decision=report.decision,
            corrections=len(report.corrections),
            commit=commit.sha,
            commit_date=commit.day,
            pdf=pdf.name,
            sha256=pdf.sha256,
            tools=tool_versions(),
        )
        folder = arguments.ut if arguments.ut is not None else project.root / DEFAULT_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        kept = folder / entry.archive_name
        shutil.copyfile(pdf.path, kept)
    manifest = project.root / decided.manifest_path
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(write_manifest([*entries, entry]), encoding="utf-8")
    version = "den rättade versionen" if earlier else "den fastställda versionen"
    print(f"Registrerade {version} av {path} i {decided.manifest_path}:")
    print(f"  {report.decision.text}" + (f", dnr {report.decision.diarienummer}" if report.decision.diarienummer else ""))
    if report.corrections:
        print(f"  med {len(report.corrections)} {'rättelse' if len(report.corrections) == 1 else 'rättelser'}")
    print(f"  incheckning {commit.sha} ({commit.day})")
    print(f"  PDF {entry.pdf}, SHA-256 {entry.sha256}")
    print(f"  sparad som {kept}")
    print(
        f"Checka in manifestet: git add {decided.manifest_path} && git commit -m "
        f'"{decided.manifest_path}: {path} {report.decision.text}"'
    )
    return EXIT_OK
