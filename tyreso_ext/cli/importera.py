"""``tyreso importera``: old reports (PDF, Word, scans, plain text) made into report drafts to review."""

from __future__ import annotations

import argparse
import collections
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tyreso_ext.cli.common import EXIT_OK, EXIT_USAGE, CommandError
from tyreso_ext.cli.parser import Subparsers
from tyreso_ext.model.objects import ReportKind
from tyreso_ext.model.period import PeriodError, parse_period
from tyreso_ext.model.text import fold
from tyreso_ext.model.vocabulary import VocabularyError
from tyreso_ext.source.archive.extract import DEFAULT_OCR_LANGUAGE, SUFFIXES, ExtractError, iter_inputs
from tyreso_ext.source.project import Project

if TYPE_CHECKING:
    from tyreso_ext.source.archive.draft import ImportResult, Wanted

NAME = "importera"
SUMMARY_FILE = "importsammanfattning.txt"


def add_parser(commands: Subparsers) -> None:
    command = commands.add_parser(
        NAME,
        help="gör utkast till rapporter av gamla PDF-, Word- och skannade rapporter",
        description="Läser gamla rapporter (PDF med textlager, skannad PDF och bilder med OCR, Word .docx och\n"
        "textfiler, även dåligt OCR-lästa) och skriver ett utkast per fil: uppgifterna överst, rubriker,\n"
        "listor, uppdrag, mål, indikatorer och risker med status, och ekonomitabeller som CSV-filer.\n"
        "Id hämtas från projektets befintliga objekt med samma rubrik. Det som behöver granskas är\n"
        "markerat '% granska: …' (felkod TY037), så att utkastet inte går igenom ett strikt bygge\n"
        "förrän någon har läst det mot originalet. Skriver aldrig över en befintlig fil.",
        epilog="Exempel:\n  tyreso importera arkiv/ks-uppfoljning-t2-2023.pdf --organ Kommunstyrelsen\n"
        "  tyreso importera arkiv/*.pdf arkiv/*.docx\n"
        "  tyreso importera skanning.png --period 2023-T2 --rapporttyp uppföljning --organ Kommunstyrelsen\n\n"
        "Slutstatus: 0 alla filer importerade, 2 minst en fil kunde inte importeras (de andra är klara).",
    )
    command.add_argument(
        "files", nargs="+", type=Path, metavar="FIL", help=f"filer eller mappar att importera ({', '.join(SUFFIXES)})"
    )
    command.add_argument("--organ", metavar="ORGAN", help="organet, som i listan i conf.py (standard: ur filnamnet eller texten)")
    command.add_argument(
        "--period", metavar="PERIOD", help="perioden, till exempel 2023-T2 eller 2023 (standard: ur filnamnet eller texten)"
    )
    command.add_argument(
        "--rapporttyp", metavar="TYP", help="rapporttypen, till exempel uppföljning (standard: ur filnamnet eller texten)"
    )
    command.add_argument(
        "--ut", type=Path, metavar="FIL", help="var utkastet skrivs, för en enda fil (standard: reports/ÅR/PERIOD/organ.md)"
    )
    command.add_argument(
        "--ocr-sprak",
        "--ocr-språk",
        dest="ocr_language",
        default=DEFAULT_OCR_LANGUAGE,
        metavar="SPRÅK",
        help=f"Tesseracts språkmodell för skanningar (standard: {DEFAULT_OCR_LANGUAGE})",
    )
    command.add_argument(
        "--sammanfattning",
        type=Path,
        metavar="FIL",
        help=f"var sammanfattningen skrivs (standard: {SUMMARY_FILE} i projektets mapp)",
    )


def run(arguments: argparse.Namespace) -> int:
    # The import's own modules load here, when it runs: every other command starts without them.
    from tyreso_ext.source.archive.draft import ImportError_, import_file, known_objects, project_lexicon

    missing = [path for path in arguments.files if not path.exists()]
    files = list(iter_inputs([path for path in arguments.files if path.exists()]))
    if not files and missing:
        raise CommandError(f"Filen finns inte: {missing[0]}")
    if arguments.ut is not None and len(files) > 1:
        raise CommandError("--ut gäller en enda fil. Utan --ut skrivs varje utkast till reports/ÅR/PERIOD/organ.md.")
    project = Project.find(Path.cwd())
    wanted = _wanted(arguments, project)
    started = time.monotonic()
    print(f"Importerar {len(files)} {'fil' if len(files) == 1 else 'filer'} till {project.root}.", flush=True)
    print("Läser projektets objekt och ord …", flush=True)
    known = known_objects(project)
    lexicon = project_lexicon(project)
    results: list[ImportResult] = []
    failures: list[tuple[Path, str]] = [(path, f"Filen finns inte: {path}") for path in missing]
    written: set[Path] = set()
    for number, path in enumerate(files, start=1):
        prefix = f"[{number}/{len(files)}] {path.name}"
        print(f"{prefix}: läser …", flush=True)
        try:
            result = import_file(
                path,
                project,
                wanted,
                lexicon,
                known,
                target=arguments.ut,
                progress=_progress(prefix),
                taken=written,
            )
            if arguments.ut is not None and arguments.ut.exists():
                raise ImportError_(f"{arguments.ut} finns redan och skrivs inte över. Välj en annan fil med --ut.")
            _write(result)
        except (ExtractError, ImportError_, OSError) as error:
            failures.append((path, str(error)))
            print(f"{prefix}: kunde inte importeras: {error}", flush=True)
            continue
        except Exception as error:  # one bad file never stops the others; the error is reported, not raised
            failures.append((path, f"oväntat fel: {type(error).__name__}: {error}"))
            print(f"{prefix}: kunde inte importeras (oväntat fel: {type(error).__name__}: {error})", flush=True)
            continue
        written.add(result.draft)
        results.append(result)
        print(f"{prefix}: skrev {_shown(result.draft)} – {_one_line(result)}", flush=True)
    summary = summary_text(results, failures, time.monotonic() - started)
    summary_path: Path = arguments.sammanfattning or project.root / SUMMARY_FILE
    try:
        summary_path.write_text(summary, encoding="utf-8")
    except OSError as error:
        print(f"Sammanfattningen kunde inte skrivas till {summary_path}: {error}", file=sys.stderr)
    print()
    print(summary_text(results, failures, time.monotonic() - started, brief=True), end="")
    print(f"Hela sammanfattningen, med varje lagat ord och varje ord att granska: {_shown(summary_path)}")
    if results:
        print("Granska varje utkast mot originalet och ta bort raderna '% granska: …'; 'tyreso check' visar dem som TY037.")
    return EXIT_USAGE if failures else EXIT_OK


def _progress(prefix: str) -> Callable[[str], None]:
    def say(message: str) -> None:
        print(f"{prefix}: {message}", flush=True)

    return say


def _wanted(arguments: argparse.Namespace, project: Project) -> Wanted:
    from tyreso_ext.source.archive.draft import Wanted

    wanted = Wanted(ocr_language=arguments.ocr_language)
    if arguments.rapporttyp:
        kind = next((kind for kind in ReportKind if fold(kind.value) == fold(arguments.rapporttyp)), None)
        if kind is None:
            raise CommandError(
                f"'{arguments.rapporttyp}' är ingen rapporttyp. Tillåtna: {', '.join(kind.value for kind in ReportKind)}."
            )
        wanted.kind = kind
    if arguments.period:
        try:
            wanted.period = parse_period(arguments.period)
        except PeriodError as error:
            raise CommandError(str(error)) from None
    if arguments.organ:
        try:
            wanted.organ = project.settings.vocabulary.organ(arguments.organ)
        except VocabularyError as error:
            raise CommandError(str(error)) from None
    if wanted.kind is not None and wanted.period is not None and wanted.kind.is_plan != wanted.period.is_plan_year:
        raise CommandError(
            f"Rapporttypen {wanted.kind.value} passar inte perioden {wanted.period.code}: en plan har bara ett år ('2023'), "
            "en uppföljning året följt av -T1, -T2 eller -ÅR."
        )
    return wanted


def _write(result: ImportResult) -> None:
    from tyreso_ext.source.archive.draft import ImportError_

    result.draft.parent.mkdir(parents=True, exist_ok=True)
    for name in result.data_files:
        if (result.draft.parent / name).exists():
            raise ImportError_(
                f"Datafilen {result.draft.parent / name} finns redan och skrivs inte över. Välj en annan fil med --ut."
            )
    with result.draft.open("x", encoding="utf-8") as draft:
        draft.write(result.text)
    for name, text in result.data_files.items():
        (result.draft.parent / name).write_text(text, encoding="utf-8")


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _counted(counter: collections.Counter[str]) -> str:
    return ", ".join(f"{count} {name}" for name, count in sorted(counter.items())) or "inga"


def _one_line(result: ImportResult) -> str:
    return (
        f"{result.kind.value} {result.period.code} för {result.organ}; objekt: {_counted(result.objects)}; "
        f"{len(result.repairs)} ord lagade, {len(result.doubts)} att granska, {result.marks} markeringar"
    )


def summary_text(results: list[ImportResult], failures: list[tuple[Path, str]], seconds: float, *, brief: bool = False) -> str:
    """What the import did, per file and in all: objects per kind, statuses, tables, repairs, words to review."""
    lines = [
        f"Sammanfattning av importen ({len(results)} utkast, {len(failures)} filer som inte kunde importeras, {seconds:.0f} s)"
    ]
    total_objects: collections.Counter[str] = collections.Counter()
    total_statuses: collections.Counter[str] = collections.Counter()
    for result in results:
        total_objects += result.objects
        total_statuses += result.statuses
        lines += [
            "",
            f"{result.source} → {_shown(result.draft)}",
            f"  läst som: {result.method}; {result.lines} rader text",
            f"  uppgifter: rapporttyp {result.kind.value}, period {result.period.code}, organ {result.organ}",
            f"  objekt: {_counted(result.objects)} ({result.matched} med id från projektet)",
            f"  statusar: {_counted(result.statuses)}",
            f"  tabeller: {result.tables} ({result.finance_tables} ekonomitabeller som CSV: {', '.join(result.data_files) or 'inga'})",
            f"  lagade ord: {len(result.repairs)}; ord att granska: {len(result.doubts)}; markeringar att granska (TY037): {result.marks}",
        ]
        if not brief:
            if result.repairs:
                lines.append("  lagade ord (rad i källan: före → efter):")
                lines += [f"    {repair.line}: {repair.original} → {repair.repaired}" for repair in result.repairs]
            if result.doubts:
                lines.append("  ord att granska (rad i källan: ord, förslag):")
                lines += [
                    f"    {doubt.line}: {doubt.word}" + (f" ({', '.join(doubt.suggestions)})" if doubt.suggestions else "")
                    for doubt in result.doubts
                ]
    for path, message in failures:
        lines += ["", f"{path}: kunde inte importeras", f"  {message}"]
    lines += ["", f"Totalt: objekt {_counted(total_objects)}; statusar {_counted(total_statuses)}."]
    return "\n".join(lines) + "\n"
