"""``tyreso kolada``: fetch the measures the indicators name from Kolada into data files in the repository.

``tyreso kolada`` asks Kolada's API v3 (:mod:`tyreso_ext.cli.kolada_client`) for every measure an indicator names
with ``:kolada:`` (or the ones given), for the kommun and the comparisons set in ``conf.py``, and writes one data
file per measure (:mod:`tyreso_ext.model.kolada_data`). A file whose numbers did not change is left as it is, so a
scheduled run makes a change to review only when Kolada's numbers did. ``tyreso kolada --status`` says which
files are missing or older than Kolada's latest publication, and writes nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import sys
from pathlib import Path

from tyreso_ext.cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, CommandError
from tyreso_ext.cli.parser import Subparsers
from tyreso_ext.model.kolada_data import (
    DEFAULT_API,
    Area,
    Measure,
    areas_of,
    is_area_id,
    measure_from_api,
    parse_kpi_id,
)
from tyreso_ext.model.objects import Kind
from tyreso_ext.model.settings import Settings
from tyreso_ext.source.kolada_files import load_measure, measure_path, write_measure
from tyreso_ext.source.project import Project

NAME = "kolada"
DEFAULT_TIMEOUT = 30.0


def add_parser(commands: Subparsers) -> None:
    kolada = commands.add_parser(
        NAME,
        help="hämta indikatorernas nyckeltal från Kolada till datafiler i projektet",
        description="Hämtar värdena för varje nyckeltal som en indikator nämner med ':kolada:' från Koladas API,\n"
        "för kommunen och jämförelserna i conf.py, och skriver en datafil per nyckeltal (standard: data/kolada/).\n"
        "Bygget läser bara filerna och går aldrig ut på nätet. Granska ändringen och checka in den.\n"
        "Data från Kolada (RKA) får användas fritt med källangivelse (CC BY 4.0).",
        epilog="Exempel:\n  tyreso kolada\n  tyreso kolada N00090\n  tyreso kolada --status\n\n"
        "Slutstatus: 0 klart (med --status: alla filer är aktuella), 1 med --status: någon fil saknas eller är\n"
        "inaktuell, 2 fel i kommandot (till exempel att Kolada inte kan nås).",
    )
    kolada.add_argument(
        "measures",
        nargs="*",
        metavar="NYCKELTAL",
        help="hämta bara dessa nyckeltal, till exempel N00090 (standard: alla som indikatorerna i rapporterna nämner)",
    )
    kolada.add_argument(
        "--api", default=DEFAULT_API, metavar="ADRESS", help=f"adressen till Koladas API (standard: {DEFAULT_API})"
    )
    kolada.add_argument(
        "--status", action="store_true", help="visa bara vilka datafiler som saknas eller är inaktuella; ingenting skrivs"
    )
    kolada.add_argument(
        "--tidsgräns",
        dest="timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SEKUNDER",
        help=f"hur länge ett svar från Kolada får dröja (standard: {DEFAULT_TIMEOUT:g})",
    )


@dataclasses.dataclass
class _Use:
    """Where an indicator names a measure."""

    path: str
    line: int


def run(arguments: argparse.Namespace) -> int:
    project = Project.find(Path.cwd())
    settings = project.settings
    areas = _areas(settings)
    named = _named_measures(project)
    try:
        wanted = [parse_kpi_id(text) for text in arguments.measures] if arguments.measures else sorted(named)
    except ValueError as error:
        raise CommandError(str(error)) from None
    if arguments.timeout <= 0:
        raise CommandError("--tidsgräns ska vara ett antal sekunder större än 0, till exempel 30.")
    wanted = list(dict.fromkeys(wanted))
    if arguments.status:
        return _status(project, wanted, named, arguments)
    if not wanted:
        print(
            "Ingen indikator i rapporterna nämner ett nyckeltal från Kolada. Skriv till exempel ':kolada: N00090' i en indikator."
        )
        return EXIT_OK
    return _fetch(project, wanted, areas, arguments)


def _areas(settings: Settings) -> tuple[Area, ...]:
    if not is_area_id(settings.kolada_municipality):
        raise CommandError(
            f'tyreso_kolada_kommun i conf.py ska vara kommunens id i Kolada, till exempel "0138" för Tyresö, '
            f"inte '{settings.kolada_municipality}'."
        )
    for area_id, _ in settings.kolada_comparisons:
        if not is_area_id(area_id):
            raise CommandError(
                f"tyreso_kolada_jamforelser i conf.py har id:t '{area_id}', som inte är ett id i Kolada. Skriv till exempel "
                '{"0000": "Riket", "0001": "Region Stockholm"}.'
            )
    return areas_of(settings.kolada_municipality, settings.kolada_comparisons)


def _named_measures(project: Project) -> dict[str, list[_Use]]:
    """Every measure an indicator in the reports names, with where."""
    named: dict[str, list[_Use]] = {}
    for path in project.report_files():
        for record in project.read(path).directives:
            obj = record.obj
            if obj is not None and obj.kind is Kind.INDIKATOR and obj.fields.get("kolada"):
                named.setdefault(obj.fields["kolada"], []).append(_Use(obj.path, obj.line))
    return dict(sorted(named.items()))


def _fetch(project: Project, wanted: list[str], areas: tuple[Area, ...], arguments: argparse.Namespace) -> int:
    from tyreso_ext.cli.kolada_client import KoladaClient, KoladaUnavailable

    settings = project.settings
    now = datetime.datetime.now().astimezone().replace(microsecond=0)
    years = (settings.kolada_first_year, now.year)
    if years[0] > years[1]:
        raise CommandError(f"tyreso_kolada_forsta_ar i conf.py ({years[0]}) ligger efter innevarande år.")
    described = ", ".join(f"{area.id} ({area.name or 'kommunen'})" for area in areas)
    print(f"Hämtar {len(wanted)} nyckeltal från {arguments.api} för {described}, åren {years[0]}–{years[1]}.")
    failed: list[str] = []
    written = 0
    with KoladaClient(arguments.api, timeout=arguments.timeout) as client:
        for kpi in wanted:
            try:
                metadata = client.kpi(kpi)
                if metadata is None:
                    failed.append(f"{kpi}: nyckeltalet finns inte i Kolada. Kontrollera id:t på kolada.se.")
                    continue
                rows = client.data(kpi, [area.id for area in areas], list(range(years[0], years[1] + 1)))
            except KoladaUnavailable as error:
                if error.general:  # the next measure would fail the same way: one message, and stop
                    for message in failed:
                        print(f"tyreso kolada: {message}", file=sys.stderr)
                    done = f" {written} av {len(wanted)} nyckeltal hann hämtas." if written else " Inga filer ändrades."
                    raise CommandError(f"{error}{done}") from None
                failed.append(f"{kpi}: {error}")
                continue
            measure = measure_from_api(kpi, metadata, rows, areas, years, now, client.api)
            print(_write(project.root, settings, measure))
            written += 1
    for message in failed:
        print(f"tyreso kolada: {message}", file=sys.stderr)
    if written:
        print(f"Granska ändringarna i {settings.kolada_folder} (till exempel med 'git diff') och checka in dem.")
    return EXIT_USAGE if failed else EXIT_OK


def _write(root: Path, settings: Settings, measure: Measure) -> str:
    """Write the measure unless the file already holds the same (and is not stale); the line to print."""
    relative = measure_path(settings, measure.kpi)
    old = load_measure(root, settings, measure.kpi).measure
    counts = ", ".join(
        f"{area.id}: {_count(len(measure.values.get(area.id, {})))}"
        + (f" ({len(measure.missing[area.id])} saknas i Kolada)" if measure.missing.get(area.id) else "")
        for area in measure.areas
    )
    title = f" {measure.title}" if measure.title else ""
    if old is not None and old.same_content(measure) and not old.is_stale(measure.retrieved_date):
        return f"{measure.kpi}{title}: oförändrad sedan {old.retrieved_date} ({relative})."
    try:
        write_measure(root, settings, measure)
    except OSError as error:
        raise CommandError(f"{relative} kunde inte skrivas: {error.strerror or error}") from None
    verb = "ny fil" if old is None else "uppdaterad"
    return f"{measure.kpi}{title}: {counts} → {relative} ({verb})."


def _status(project: Project, wanted: list[str], named: dict[str, list[_Use]], arguments: argparse.Namespace) -> int:
    """Which data files are missing or older than Kolada's latest publication; asks Kolada for the dates."""
    from tyreso_ext.cli.kolada_client import KoladaClient, KoladaUnavailable

    settings = project.settings
    today = datetime.date.today()
    published: dict[str, datetime.date | None] = {}
    if wanted:
        try:
            with KoladaClient(arguments.api, timeout=arguments.timeout) as client:
                for kpi in wanted:
                    metadata = client.kpi(kpi)
                    date = (metadata or {}).get("publication_date")
                    published[kpi] = _date(date)
        except KoladaUnavailable as error:
            published = {}
            print(
                f"tyreso kolada: {error}\nBedömningen nedan bygger därför på publiceringsdatumen i datafilerna.", file=sys.stderr
            )
    wanted_areas = {area.id for area in areas_of(settings.kolada_municipality, settings.kolada_comparisons)}
    to_fetch = 0
    for kpi in wanted:
        loaded = load_measure(project.root, settings, kpi)
        measure = loaded.measure
        if measure is None:
            state = "saknas" if loaded.problem is None else f"kan inte läsas: {loaded.problem}"
            to_fetch += 1
            print(f"{kpi}  {state}  {loaded.file}")
        else:
            date = published.get(kpi) or measure.publication_date
            stale = date is not None and measure.retrieved_date < date <= today
            absent = sorted(wanted_areas - {area.id for area in measure.areas})
            if stale:
                state = f"inaktuell: hämtad {measure.retrieved_date}, Kolada publicerade nya värden {date}"
            elif absent:
                state = f"inaktuell: saknar värden för {', '.join(absent)}"
            else:
                upcoming = f", nästa publicering {date}" if date is not None and date > today else ""
                state = f"aktuell: hämtad {measure.retrieved_date}{upcoming}"
            to_fetch += bool(stale or absent)
            print(f"{kpi}  {state}  {loaded.file}")
        for use in named.get(kpi, []):
            print(f"    används i {use.path}:{use.line}")
    unused = _unused_files(project.root, settings, set(named) | set(wanted))
    for relative in unused:
        print(f"{relative} används inte av någon indikator och kan tas bort.")
    if not wanted:
        print("Ingen indikator i rapporterna nämner ett nyckeltal från Kolada.")
    elif to_fetch:
        print(f"{to_fetch} av {len(wanted)} nyckeltal behöver hämtas: kör 'tyreso kolada'.")
    else:
        print(f"Alla {len(wanted)} nyckeltal är aktuella.")
    return EXIT_FINDINGS if to_fetch else EXIT_OK


def _unused_files(root: Path, settings: Settings, used: set[str]) -> list[str]:
    folder = root / settings.kolada_folder
    if not folder.is_dir():
        return []
    return [measure_path(settings, path.stem) for path in sorted(folder.glob("*.json")) if path.stem.upper() not in used]


def _date(value: object) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _count(values: int) -> str:
    return f"{values} {'värde' if values == 1 else 'värden'}"
