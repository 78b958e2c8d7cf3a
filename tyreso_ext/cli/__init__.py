"""The ``tyreso`` command for staff.

Exit codes: 0 klart (inga fynd), 1 fynd i rapporterna, 2 fel i kommandot (fel sökväg, fil finns redan …).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import sys
from pathlib import Path
from typing import NoReturn

from tyreso_ext.cli.init_project import InitError, InitSettings, create_project
from tyreso_ext.history.changes import compare
from tyreso_ext.history.formats import FORMATTERS
from tyreso_ext.history.gitrepo import GitUnavailable, open_repository
from tyreso_ext.history.snapshot import History
from tyreso_ext.model.findings import CODES
from tyreso_ext.model.objects import ReportKind
from tyreso_ext.model.period import PeriodError, parse_period
from tyreso_ext.model.text import fold
from tyreso_ext.outputs.annotations import ANNOTATION_FORMATS
from tyreso_ext.outputs.open_data.files import FORMATS, provenance_fields, write_export
from tyreso_ext.outputs.open_data.records import export_data
from tyreso_ext.source.next_period import NewPeriodError, next_report
from tyreso_ext.source.project import Project, ProjectError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A problem with the command itself, shown as one line and exit code 2."""


class _SwedishHelp(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "användning: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Swedish headings, and errors as one clear line."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _SwedishHelp)
        kwargs.setdefault("add_help", False)
        super().__init__(**kwargs)
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        self.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")

    def error(self, message: str) -> NoReturn:
        for pattern, swedish in _ARGPARSE_MESSAGES:
            message = re.sub(pattern, swedish, message)
        self.exit(EXIT_USAGE, f"{self.prog}: fel i kommandot: {message}\nSkriv '{self.prog} --help' för hjälp.\n")


# argparse's own messages, in Swedish.
_ARGPARSE_MESSAGES = [
    (r"the following arguments are required: (.*)", r"dessa argument saknas: \1"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", r"\1: ogiltigt val \2 (välj bland \3)"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"\1: ogiltigt värde \3"),
    (r"argument (\S+): expected one argument", r"\1 behöver ett värde"),
    (r"unrecognized arguments: (.*)", r"okända argument: \1"),
    (r"argument (\S+): ambiguous option: (.*)", r"\1: flertydig flagga: \2"),
]


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tyreso",
        description="Verktyg för kommunens planer och uppföljningar som kod.",
        epilog="Exempel:\n  tyreso check\n  tyreso ny reports/2023/T1/arbetsmarknads-och-socialnamnden.md 2023-T2\n\n"
        "Slutstatus: 0 klart, 1 fynd i rapporterna, 2 fel i kommandot.",
    )
    commands = parser.add_subparsers(dest="command", metavar="KOMMANDO", title="kommandon", parser_class=_Parser)

    check = commands.add_parser(
        "check",
        help="granska rapporter utan att bygga webbplatsen",
        description="Granskar rapporterna med samma regler som bygget och skriver varje fynd som\nfil:rad:kolumn: KOD meddelande.",
        epilog="Exempel:\n  tyreso check\n  tyreso check reports/2023/T1/arbetsmarknads-och-socialnamnden.md\n  tyreso check --format json\n\n"
        "Slutstatus: 0 inga fynd, 1 minst ett fynd, 2 fel i kommandot.",
    )
    check.add_argument(
        "paths", nargs="*", type=Path, metavar="SÖKVÄG", help="filer eller mappar att granska (standard: alla rapporter)"
    )
    check.add_argument(
        "--format",
        choices=("text", "json", "github", "codequality"),
        default="text",
        help="utdataformat: text, json, github (anteckningar i GitHub Actions) eller codequality (GitLab); standard: text",
    )

    new = commands.add_parser(
        "ny",
        help="starta nästa period från en befintlig rapport",
        description="Skriver rapporten för en ny period: samma uppgifter, samma objekt och id, status 'ej bedömd'\n"
        "och platshållare '[Att skriva: …]' där periodens text ska stå. Skriver aldrig över en befintlig fil.",
        epilog="Exempel:\n  tyreso ny reports/2023/T1/arbetsmarknads-och-socialnamnden.md 2023-T2\n\n"
        "Slutstatus: 0 klart, 2 fel i kommandot (till exempel om filen redan finns).",
    )
    new.add_argument("source", type=Path, metavar="RAPPORT", help="rapporten att utgå från")
    new.add_argument("period", metavar="PERIOD", help="den nya perioden, till exempel 2023-T2")
    new.add_argument(
        "--ut", type=Path, metavar="FIL", help="var den nya rapporten ska skrivas (standard: reports/ÅR/PERIOD/samma namn)"
    )
    new.add_argument("--rapporttyp", metavar="TYP", help="ny rapporttyp, till exempel delårsrapport (standard: samma som förut)")

    export = commands.add_parser(
        "export",
        help="exportera alla objekt som JSON, CSV eller Excel",
        description="Skriver varje objekt i varje period med fält, status, rapport, organ, period och plats i källtexten.\n"
        "JSON-filen följer schemat tyreso_ext/data/tyreso-export.schema.json.",
        epilog="Exempel:\n  tyreso export --format csv --ut objekt.csv\n  tyreso export --format json > objekt.json\n\n"
        "Slutstatus: 0 klart, 2 fel i kommandot.",
    )
    export.add_argument("--format", choices=FORMATS, default="json", help="filformat (standard: json)")
    export.add_argument("--ut", type=Path, metavar="FIL", help="fil att skriva (standard: skärmen; krävs för xlsx)")

    serve = commands.add_parser(
        "serve",
        help="förhandsgranska webbplatsen medan du skriver",
        description="Bygger webbplatsen, visar den på http://ADRESS:PORT och bygger om och laddar om sidan\nnär du sparar en fil.",
        epilog="Exempel:\n  tyreso serve\n  tyreso serve --port 8001\n\nAvsluta med Ctrl+C.",
    )
    serve.add_argument("--port", type=int, default=8000, help="port (standard: 8000)")
    serve.add_argument("--adress", default="127.0.0.1", help="adress att lyssna på (standard: 127.0.0.1)")
    serve.add_argument("--ut", type=Path, default=Path("_build/forhandsgranskning"), metavar="MAPP", help="byggmapp")

    pdf = commands.add_parser(
        "pdf",
        help="en PDF per rapport",
        description="Skapar en PDF per rapport (A4, taggad PDF/UA-1, med försättsblad och innehållsförteckning)\n"
        "i byggmappen. Kräver systempaketen för Pango (make pdf installerar dem som root).",
        epilog="Exempel:\n  tyreso pdf\n  tyreso pdf --ut _build/pdf --strikt\n\nSlutstatus: 0 klart, 1 fel i bygget, 2 fel i kommandot.",
    )
    pdf.add_argument(
        "--ut", type=Path, default=Path("_build/pdf"), metavar="MAPP", help="mappen för PDF-filerna (standard: _build/pdf)"
    )
    pdf.add_argument("--strikt", action="store_true", help="varningar i bygget räknas som fel, som i make html")
    pdf.add_argument("-j", "--processer", type=int, default=None, metavar="N", help="högst N samtidiga PDF-processer")

    diff = commands.add_parser(
        "diff",
        help="visa vad som ändrats i rapporterna mellan två versioner",
        description="Jämför rapporternas objekt mellan två Git-versioner: tillagda och borttagna objekt,\n"
        "ändrad status, ändrade fält, ändrad text och objekt som flyttats mellan filer.",
        epilog="Exempel:\n  tyreso diff main...HEAD   (som en merge request: från där grenen utgick från main)\n"
        "  tyreso diff main HEAD\n  tyreso diff HEAD~3 HEAD --format markdown\n"
        "  tyreso diff main            (jämför med arbetskopian som den är nu)\n\n"
        "Slutstatus: 0 klart, 2 fel i kommandot (till exempel en version som inte finns).",
    )
    diff.add_argument("before", metavar="VERSION1", help="den tidigare versionen (gren, tagg eller incheckning)")
    diff.add_argument("after", nargs="?", metavar="VERSION2", help="den senare versionen (standard: arbetskopian)")
    diff.add_argument("--format", choices=("text", "markdown", "json"), default="text", help="utdataformat (standard: text)")

    init = commands.add_parser(
        "init",
        help="skapa ett nytt rapportprojekt",
        description="Skapar ett nytt rapportprojekt: conf.py med målområden och organ, exempel på en plan och en\n"
        "uppföljning, Makefile, pre-commit-inställning och README. Projektet byggs direkt med 'make html'.",
        epilog="Exempel:\n  tyreso init ../haninge --kommun 'Haninge kommun' --organ Kommunstyrelsen --organ Socialnämnden\n\n"
        "Slutstatus: 0 klart, 2 fel i kommandot (till exempel om mappen inte är tom).",
    )
    init.add_argument("target", type=Path, metavar="MAPP", help="ny eller tom mapp")
    init.add_argument("--kommun", default="Kommunen", help="kommunens namn")
    init.add_argument("--organ", action="append", default=[], metavar="NAMN", help="ett organ (kan anges flera gånger)")
    init.add_argument(
        "--målområde",
        "--malomrade",
        dest="goal_areas",
        action="append",
        default=[],
        metavar="NAMN",
        help="ett målområde (kan anges flera gånger)",
    )
    init.add_argument("--år", "--ar", dest="year", type=int, default=2024, help="år för exempelrapporterna (standard: 2024)")
    init.add_argument("--paket", default="", help="hur projektet installerar verktyget (standard: som här)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    if arguments.command is None:
        parser.print_help()
        return EXIT_USAGE
    handlers = {"check": _check, "ny": _new, "export": _export, "serve": _serve, "pdf": _pdf, "diff": _diff, "init": _init}
    try:
        return handlers[arguments.command](arguments)
    except (CommandError, ProjectError, InitError, NewPeriodError) as error:
        print(f"tyreso {arguments.command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_OK
    except BrokenPipeError:
        # The reader went away (e.g. `tyreso check | head`): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _check(arguments: argparse.Namespace) -> int:
    paths: list[Path] = arguments.paths
    missing = [path for path in paths if not path.exists()]
    if missing:
        raise CommandError(f"Sökvägen finns inte: {missing[0]}")
    project = Project.find(paths[0] if paths and paths[0].is_dir() else (paths[0].parent if paths else Path.cwd()))
    extra = [file for path in paths for file in ([path] if path.is_file() else sorted(path.rglob("*.md")))]
    wanted = {project.location(file) for file in extra} if paths else None
    folders = [folder + "/" if folder != "." else "" for folder in (project.location(path) for path in paths if path.is_dir())]
    findings = [
        finding
        for finding in project.check(extra)
        if wanted is None or finding.path in wanted or finding.path.startswith(tuple(folders))
    ]
    if arguments.format in ANNOTATION_FORMATS:
        sys.stdout.write(ANNOTATION_FORMATS[arguments.format](findings))
    elif arguments.format == "json":
        payload = {
            "fynd": [
                {
                    "fil": finding.path,
                    "rad": finding.line,
                    "kolumn": finding.column,
                    "kod": finding.code,
                    "beskrivning": CODES[finding.code],
                    "meddelande": finding.message,
                }
                for finding in findings
            ],
            "antal": len(findings),
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            print(finding.as_line())
        files = len({finding.path for finding in findings})
        print(f"{len(findings)} fynd i {files} {'fil' if files == 1 else 'filer'}." if findings else "Inga fynd.")
    return EXIT_FINDINGS if findings else EXIT_OK


_FOLDER_OF_PART = {0: "plan", 1: "T1", 2: "T2", 3: "AR"}


def _new(arguments: argparse.Namespace) -> int:
    source: Path = arguments.source
    if not source.is_file():
        raise CommandError(f"Rapporten finns inte: {source}")
    try:
        period = parse_period(arguments.period)
    except PeriodError as error:
        raise CommandError(str(error)) from None
    kind = None
    if arguments.rapporttyp:
        kind = next((kind for kind in ReportKind if fold(kind.value) == fold(arguments.rapporttyp)), None)
        if kind is None:
            raise CommandError(
                f"'{arguments.rapporttyp}' är ingen rapporttyp. Tillåtna: {', '.join(kind.value for kind in ReportKind)}."
            )
    target: Path = arguments.ut or _default_target(source, period)
    if target.exists():
        raise CommandError(f"{target} finns redan och skrivs inte över. Välj en annan fil med --ut.")
    try:
        text = source.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CommandError(f"{source} är inte sparad som UTF-8.") from None
    report = next_report(text, period, kind)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(report.text, encoding="utf-8")
    copied = []
    for name in report.data_files:
        data_source, data_target = source.parent / name, target.parent / name
        if data_source.is_file() and not data_target.exists() and data_source.resolve() != data_target.resolve():
            data_target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(data_source, data_target)
            copied.append(name)
    print(
        f"Skrev {_shown(target)} ({report.objects} objekt). Ersätt varje '[Att skriva: …]'"
        + ("" if period.is_plan_year else " och sätt status")
        + "; 'tyreso check' visar vad som återstår."
    )
    if copied:
        print(f"Kopierade datafilerna {', '.join(copied)}: uppdatera siffrorna för {period}.")
    return EXIT_OK


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _default_target(source: Path, period) -> Path:
    """reports/2023/T1/x.md → reports/2023/T2/x.md; other layouts: beside the source."""
    parts = source.resolve().parts
    if len(parts) >= 3 and parts[-3].isdigit() and parts[-2] in _FOLDER_OF_PART.values():
        return Path(*parts[:-3]) / str(period.year) / _FOLDER_OF_PART[period.part] / parts[-1]
    return source.with_name(f"{source.stem}-{period.slug}{source.suffix}")


def _export(arguments: argparse.Namespace) -> int:
    project = Project.find(Path.cwd())
    documents = [project.read(path) for path in project.report_files()]
    data = export_data(
        [document.report for document in documents if document.report is not None],
        [obj for document in documents for obj in document.objects],
        provenance_fields(project.root),
    )
    if arguments.ut is None:
        if arguments.format == "xlsx":
            raise CommandError("Excel-formatet behöver en fil: ange --ut objekt.xlsx.")
        if arguments.format == "json":
            from tyreso_ext.outputs.open_data.files import render_json

            sys.stdout.write(render_json(data, indent=2))  # read by a person on the screen
        else:
            from tyreso_ext.outputs.open_data.files import render_csv

            sys.stdout.write("\ufeff" + render_csv(data))  # the mark Excel needs to read å, ä and ö
        return EXIT_OK
    write_export(data, arguments.ut, arguments.format)
    print(f"Skrev {len(data['objekt'])} objekt från {len(data['rapporter'])} rapporter till {arguments.ut}.", file=sys.stderr)
    return EXIT_OK


def _serve(arguments: argparse.Namespace) -> int:
    project = Project.find(Path.cwd())
    outdir = arguments.ut if arguments.ut.is_absolute() else project.root / arguments.ut
    with socket.socket() as probe:
        try:
            probe.bind((arguments.adress, arguments.port))
        except OSError:
            raise CommandError(
                f"Porten {arguments.port} används redan. Välj en annan med till exempel --port {arguments.port + 1}."
            ) from None
    command = [
        sys.executable,
        "-m",
        "sphinx_autobuild",
        str(project.root),
        str(outdir),
        "--host",
        arguments.adress,
        "--port",
        str(arguments.port),
        "-q",
        "--ignore",
        str(project.root / "_build"),
        "--ignore",
        str(project.root / ".venv"),
        "--ignore",
        str(outdir),
    ]
    print(f"Förhandsgranskning på http://{arguments.adress}:{arguments.port}/ – avsluta med Ctrl+C.", file=sys.stderr, flush=True)
    os.execv(sys.executable, command)  # the preview server takes this process's place: Ctrl+C and signals reach it


def _pdf(arguments: argparse.Namespace) -> int:
    from tyreso_ext.outputs.pdf.__main__ import main as pdf_main  # WeasyPrint is loaded only when PDFs are made

    project = Project.find(Path.cwd())
    outdir = arguments.ut if arguments.ut.is_absolute() else Path.cwd() / arguments.ut
    options = [str(project.root), str(outdir)] + (["--strikt"] if arguments.strikt else [])
    options += ["--processer", str(arguments.processer)] if arguments.processer else []
    return pdf_main(options)


def _diff(arguments: argparse.Namespace) -> int:
    project = Project.find(Path.cwd())
    repository = open_repository(project.root)
    if repository is None:
        raise CommandError("Mappen är inte en Git-katalog, så det finns inga versioner att jämföra.")
    history = History(project, repository)
    before, after = arguments.before, arguments.after
    base_of = None
    if "..." in before and after is None:
        # 'main...HEAD': from where the branch left main, as a merge request shows it.
        base_of, _, after = before.partition("...")
        before, after = base_of, after or "HEAD"
    shas = []
    for revision in (before, after):
        try:
            shas.append(repository.resolve(revision) if revision else None)
        except GitUnavailable:
            hint = (
                " Arkivet är en grund kopia (shallow clone): hämta hela historiken med 'git fetch --unshallow'."
                if repository.is_shallow()
                else ""
            )
            raise CommandError(f"Versionen finns inte i Git: {revision}.{hint}") from None
    before_sha, after_sha = shas
    if base_of is not None:
        try:
            before_sha = repository.merge_base(before_sha, after_sha)
        except GitUnavailable:
            raise CommandError(f"{base_of} och {after} har ingen gemensam version.") from None
    changes = compare(history.snapshot(before_sha), history.snapshot(after_sha))
    label_before = f"{before_sha[:7]} (där {after} utgick från {base_of})" if base_of is not None else before
    sys.stdout.write(FORMATTERS[arguments.format](changes, label_before, after or "arbetskopian"))
    return EXIT_OK


def _init(arguments: argparse.Namespace) -> int:
    settings = InitSettings(
        kommun=arguments.kommun,
        organs=tuple(arguments.organ) or ("Kommunstyrelsen",),
        goal_areas=tuple(arguments.goal_areas) or InitSettings.goal_areas,
        year=arguments.year,
        package=arguments.paket,
    )
    written = create_project(arguments.target, settings)
    print(f"Skapade {len(written)} filer i {arguments.target}. Gå till mappen och kör 'make html'.")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
