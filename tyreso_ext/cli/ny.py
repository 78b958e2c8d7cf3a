"""``tyreso ny``: the report for the next period, written from an existing report."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from tyreso_ext.cli.common import EXIT_OK, CommandError
from tyreso_ext.cli.parser import Subparsers
from tyreso_ext.model.kinds import BUILTIN_KINDS
from tyreso_ext.model.objects import ReportKind
from tyreso_ext.model.period import PeriodError, parse_period
from tyreso_ext.model.text import fold
from tyreso_ext.source.next_period import NewPeriodError, next_report
from tyreso_ext.source.project import Project, ProjectError

NAME = "ny"
# Errors of this command that are shown as one line with exit code 2.
ERRORS = (NewPeriodError,)

_FOLDER_OF_PART = {0: "plan", 1: "T1", 2: "T2", 3: "AR"}


def add_parser(commands: Subparsers) -> None:
    new = commands.add_parser(
        NAME,
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


def run(arguments: argparse.Namespace) -> int:
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
    try:  # the site's kinds, its own from conf.py too
        kinds = Project.find(source.parent).settings.kinds
    except ProjectError:
        kinds = BUILTIN_KINDS
    report = next_report(text, period, kind, kinds)
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
