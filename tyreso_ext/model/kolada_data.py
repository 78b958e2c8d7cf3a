"""Kolada's key figures kept in the repository: one data file per measure, and what an indicator takes from it.

Kolada (https://www.kolada.se, run by RKA, data under CC BY 4.0) publishes the key figures of every kommun. An
indicator names its measure with ``:kolada: N00090``; ``tyreso kolada`` fetches the measure from Kolada's API v3
and writes it to ``<tyreso_kolada_mapp>/N00090.json``; the build and ``tyreso check`` read only that file, never the
network. No network and no files here: the command (``tyreso_ext.cli.kolada``) fetches, ``source.kolada_files``
reads and writes, and this module holds the rules in between.

What Kolada's API v3 answers (the format implemented here and in ``cli.kolada_client``):

- ``GET /kpi/{id}``: ``{"count": 1, "values": [{"id": "N00090", "title": "…, %", "description": "…",
  "publication_date": "2024-03-20", "prel_publication_date": …, "publ_period": "2023", "operating_area": …,
  "is_divided_by_gender": …, "municipality_type": "K", …}], "next_url": null}``. There is no unit field: Kolada
  writes the unit last in the title (``…, %``, ``…, kr/inv``, ``…, antal``), so that is where it is taken from
  (a ``unit`` field, should one appear, is preferred). ``publication_date`` is the date Kolada publishes (or
  published) the measure's newest values.
- ``GET /data/kpi/{kpi}/municipality/{id,id,…}/year/{year,year,…}``: ``{"count": n, "values": [{"kpi": "N00090",
  "municipality": "0138", "period": 2022, "values": [{"gender": "T", "count": 1, "status": "", "value": 7.4},
  {"gender": "K", …}, …]}, …], "next_url": "…page=2…", "previous_url": …}``. Only gender ``T`` (total) is kept; a
  value whose status is ``Missing`` (or that is null) is absent, never 0.

The data file (format ``tyreso-kolada/1``), written so that a reviewer can read the change in a merge request::

    {
      "format": "tyreso-kolada/1",
      "nyckeltal": "N00090",
      "titel": "Sjukfrånvaro bland kommunens anställda, %",
      "enhet": "%",
      "publiceringsdatum": "2024-03-20",
      "hämtad": "2024-05-02T10:15:03+02:00",
      "källa": {"namn": "Kolada", "utgivare": "…RKA", "licens": "CC BY 4.0", "licensadress": "…",
                "webbplats": "https://www.kolada.se", "api": "https://api.kolada.se/v3", "källhänvisning": "Källa: Kolada"},
      "kön": "T",
      "år": {"från": 2010, "till": 2024},
      "områden": [{"id": "0138", "namn": "", "roll": "kommun"}, {"id": "0000", "namn": "Riket", "roll": "jämförelse"}],
      "värden": {"0138": {"2022": 7.4, "2023": 7.1}, "0000": {"2022": 6.9}},
      "saknas": {"0138": [2010, 2011]},
      "metadata": {… the object /kpi/{id} returned, as Kolada wrote it …}
    }

``värden`` holds Kolada's numbers unrounded; ``saknas`` the years Kolada answered without a value.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from tyreso_ext.model.findings import Finding
from tyreso_ext.model.numbers import Point, format_number
from tyreso_ext.model.period import Period
from tyreso_ext.model.text import fold

FORMAT = "tyreso-kolada/1"
DEFAULT_API = "https://api.kolada.se/v3"
WEBSITE = "https://www.kolada.se"
PUBLISHER = "Rådet för främjande av kommunala analyser (RKA)"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.sv"
ATTRIBUTION = "Källa: Kolada"
GENDER_TOTAL = "T"
MISSING = "missing"  # Kolada's status for a value it does not have (compared case-insensitively)
MUNICIPALITY, COMPARISON = "kommun", "jämförelse"
MAX_IDS = 25  # Kolada takes at most 25 ids (kommuner, years) in one request

_KPI_ID = re.compile(r"^[A-Za-z]\d{5}$")
_AREA_ID = re.compile(r"^[0-9A-Za-z]{1,12}$")
_UNIT_MAX = 15  # "kr/inv", "%", "antal", "dagar": a title's last part longer than this is no unit
# Units Kolada writes last in its titles besides those with '%', '/', 'kr' or '…index' ("Nöjd Medborgar-Index,
# helhet" ends in no unit).
_UNIT_WORDS = {"antal", "dagar", "år", "timmar", "poäng", "procent", "andel", "st", "kronor", "personer", "månader", "veckor"}


class MeasureFormatError(ValueError):
    """A data file that is not a Kolada measure as ``tyreso kolada`` writes it."""


def parse_kpi_id(text: str) -> str:
    """A Kolada measure's id, ``N00090`` (a letter and five digits), in capitals."""
    value = text.strip()
    if not _KPI_ID.match(value):
        raise ValueError(
            f"'{value[:30]}' är inget id för ett nyckeltal i Kolada. Ett id är en bokstav och fem siffror, till exempel "
            "N00090; du hittar det på nyckeltalets sida på kolada.se."
        )
    return value.upper()


def is_kpi_id(text: str) -> bool:
    return bool(_KPI_ID.match(text))


def is_area_id(text: str) -> bool:
    """Kolada's id of a kommun (``0138``), a region (``0001``), riket (``0000``) or a group (``G33606``)."""
    return bool(_AREA_ID.match(text))


def unit_from(metadata: Mapping[str, Any]) -> str:
    """The unit of a measure: Kolada's ``unit`` if given, else the last part of its title (``…, %`` → ``%``)."""
    unit = metadata.get("unit")
    if isinstance(unit, str) and unit.strip():
        return unit.strip()
    title = str(metadata.get("title") or "")
    _, comma, last = title.rpartition(",")
    last = last.strip()
    if not comma or not 0 < len(last) <= _UNIT_MAX:
        return ""
    word = last.casefold()
    looks_like_unit = any(mark in word for mark in "%/") or word.startswith(("kr", "tkr", "mnkr")) or word.endswith("index")
    return last if looks_like_unit or word in _UNIT_WORDS else ""


def _decimal(value: Any) -> decimal.Decimal | None:
    """A number from JSON (int, float, Decimal or numeric text); None for anything else."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = decimal.Decimal(str(value).strip())
    except decimal.InvalidOperation:
        return None
    return number.normalize() + 0 if number.is_finite() else None  # + 0 turns -0 into 0


def _date(value: Any) -> datetime.date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


@dataclasses.dataclass(frozen=True)
class Area:
    """A kommun, region, group or riket whose values a data file holds."""

    id: str
    name: str
    role: str  # MUNICIPALITY or COMPARISON


@dataclasses.dataclass(frozen=True)
class Measure:
    """One measure as its data file holds it."""

    kpi: str
    title: str
    unit: str
    publication_date: datetime.date | None
    retrieved: datetime.datetime
    api: str
    first_year: int
    last_year: int
    areas: tuple[Area, ...]
    values: Mapping[str, Mapping[int, decimal.Decimal]]  # area id → year → value
    missing: Mapping[str, tuple[int, ...]]  # area id → years Kolada answered without a value
    metadata: Mapping[str, Any]

    @property
    def retrieved_date(self) -> datetime.date:
        return self.retrieved.date()

    def is_stale(self, today: datetime.date) -> bool:
        """Kolada has published (by ``today``) newer values than the file was fetched before."""
        published = self.publication_date
        return published is not None and self.retrieved_date < published <= today

    def same_content(self, other: Measure) -> bool:
        """Everything but the time of retrieval is the same."""
        return dataclasses.replace(self, retrieved=other.retrieved) == other


def measure_from_api(
    kpi: str,
    metadata: Mapping[str, Any],
    rows: Iterable[Mapping[str, Any]],
    areas: tuple[Area, ...],
    years: tuple[int, int],
    retrieved: datetime.datetime,
    api: str,
) -> Measure:
    """A measure from Kolada's answers: gender T only; a value with status Missing, or none, is absent (never 0).

    Rows for another measure, another area or a year outside ``years`` are left out: a data file holds what was
    asked for and nothing else.
    """
    wanted = {area.id for area in areas}
    values: dict[str, dict[int, decimal.Decimal]] = {area.id: {} for area in areas}
    missing: dict[str, set[int]] = {area.id: set() for area in areas}
    for row in rows:
        area = str(row.get("municipality", ""))
        try:
            year = int(str(row.get("period", "")).strip()[:4])
        except ValueError:
            continue
        if str(row.get("kpi", kpi)).upper() != kpi or area not in wanted or not years[0] <= year <= years[1]:
            continue
        entries = row.get("values")
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, Mapping) or str(entry.get("gender") or GENDER_TOTAL).upper() != GENDER_TOTAL:
                continue
            value = _decimal(entry.get("value"))
            if str(entry.get("status") or "").strip().casefold() == MISSING or value is None:
                if year not in values[area]:
                    missing[area].add(year)
                continue
            values[area].setdefault(year, value)
            missing[area].discard(year)
    return Measure(
        kpi=kpi,
        title=str(metadata.get("title") or ""),
        unit=unit_from(metadata),
        publication_date=_date(metadata.get("publication_date")),
        retrieved=retrieved,
        api=api,
        first_year=years[0],
        last_year=years[1],
        areas=areas,
        values={area: dict(sorted(by_year.items())) for area, by_year in values.items()},
        missing={area: tuple(sorted(years)) for area, years in missing.items() if years},
        metadata=dict(metadata),
    )


def _json_number(value: decimal.Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def measure_to_json(measure: Measure) -> dict[str, Any]:
    """The data file's content (see the module's description of the format)."""
    return {
        "format": FORMAT,
        "nyckeltal": measure.kpi,
        "titel": measure.title,
        "enhet": measure.unit,
        "publiceringsdatum": measure.publication_date.isoformat() if measure.publication_date else None,
        "hämtad": measure.retrieved.isoformat(timespec="seconds"),
        "källa": {
            "namn": "Kolada",
            "utgivare": PUBLISHER,
            "licens": LICENCE,
            "licensadress": LICENCE_URL,
            "webbplats": WEBSITE,
            "api": measure.api,
            "källhänvisning": ATTRIBUTION,
        },
        "kön": GENDER_TOTAL,
        "år": {"från": measure.first_year, "till": measure.last_year},
        "områden": [{"id": area.id, "namn": area.name, "roll": area.role} for area in measure.areas],
        "värden": {
            area: {str(year): _json_number(value) for year, value in by_year.items()} for area, by_year in measure.values.items()
        },
        "saknas": {area: list(years) for area, years in measure.missing.items()},
        "metadata": dict(measure.metadata),
    }


def measure_from_json(data: Any, kpi: str) -> Measure:
    """The measure a data file holds; MeasureFormatError (in Swedish) when it is not one, or another measure's."""
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise MeasureFormatError(f"filen är inte skriven av tyreso kolada (formatet ska vara '{FORMAT}')")
    if str(data.get("nyckeltal", "")).upper() != kpi:
        raise MeasureFormatError(f"filen gäller nyckeltalet '{data.get('nyckeltal')}', inte {kpi}")
    try:
        retrieved = datetime.datetime.fromisoformat(str(data["hämtad"]))
        years = data["år"]
        first_year, last_year = int(years["från"]), int(years["till"])
        areas = tuple(Area(str(area["id"]), str(area.get("namn", "")), str(area["roll"])) for area in data["områden"])
        values: dict[str, dict[int, decimal.Decimal]] = {}
        for area, by_year in dict(data["värden"]).items():
            values[str(area)] = {}
            for year, value in dict(by_year).items():
                number = _decimal(value)
                if number is None:
                    raise MeasureFormatError(f"värdet för {area} år {year} är inget tal")
                values[str(area)][int(year)] = number
        missing = {str(area): tuple(int(year) for year in years) for area, years in dict(data.get("saknas") or {}).items()}
        metadata = data.get("metadata") or {}
        if not isinstance(metadata, Mapping):
            raise MeasureFormatError("'metadata' ska vara ett objekt")
    except MeasureFormatError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise MeasureFormatError(f"filen har fel form ({type(error).__name__}: {error})") from None
    if retrieved.tzinfo is None:
        retrieved = retrieved.replace(tzinfo=datetime.UTC)
    return Measure(
        kpi=kpi,
        title=str(data.get("titel") or ""),
        unit=str(data.get("enhet") or ""),
        publication_date=_date(data.get("publiceringsdatum")),
        retrieved=retrieved,
        api=str((data.get("källa") or {}).get("api") or DEFAULT_API),
        first_year=first_year,
        last_year=last_year,
        areas=areas,
        values=values,
        missing=missing,
        metadata=dict(metadata),
    )


# --- what an indicator takes from a data file -----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Loaded:
    """What the reader found for one measure: the file (relative to the project) and the measure it holds.

    ``measure`` and ``problem`` both None: the file does not exist. ``problem``: it exists but cannot be read.
    """

    file: str
    measure: Measure | None = None
    problem: str | None = None


@dataclasses.dataclass(frozen=True)
class KoladaContext:
    """What the rules need besides the indicator: the site's Kolada settings, today, and a way to load a file."""

    municipality: str
    comparisons: tuple[tuple[str, str], ...]  # (Kolada id, label), in the order conf.py gives them
    years_shown: int
    today: datetime.date
    load: Callable[[str], Loaded]
    decimals: int = 1  # Kolada's values are shown rounded to at most this many decimals


@dataclasses.dataclass(frozen=True)
class KoladaSource:
    """Where an indicator's Kolada numbers come from; on the indicator's record, for its chart and its page."""

    kpi: str
    file: str  # relative to the project, as findings name it
    retrieved: datetime.date | None = None  # None: no readable file
    publication_date: datetime.date | None = None
    title: str = ""

    @property
    def note(self) -> str:
        """The attribution shown with the chart and its table: 'Källa: Kolada …, hämtad 2024-05-02.'"""
        if self.retrieved is None:
            return ""
        return f"{ATTRIBUTION} (RKA), nyckeltal {self.kpi}, hämtad {self.retrieved.isoformat()}. Licens {LICENCE}."


def areas_of(municipality: str, comparisons: tuple[tuple[str, str], ...]) -> tuple[Area, ...]:
    """The areas a measure is fetched for: the kommun, then its comparisons (each id once)."""
    areas = [Area(municipality, "", MUNICIPALITY)]
    for area_id, label in comparisons:
        if area_id not in {area.id for area in areas}:
            areas.append(Area(area_id, label, COMPARISON))
    return tuple(areas)


def _agrees(written: decimal.Decimal, kolada: decimal.Decimal) -> bool:
    """A number written by hand agrees with Kolada's when Kolada's, rounded as the hand wrote it, is the same."""
    exponent = written.as_tuple().exponent
    places = decimal.Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return kolada.quantize(places, rounding=decimal.ROUND_HALF_UP) == written


def _is_year(period: Period) -> bool:
    """A period a yearly Kolada value speaks for: the year itself or its year-end (2023, 2023-ÅR)."""
    return period.part in (0, 3)


def apply_measure(
    obj_series: dict[str, tuple[Point, ...]],
    fields: dict[str, str],
    report_year: int | None,
    kpi: str,
    what: str,
    context: KoladaContext,
    finding: Callable[[str, str, str], Finding],
) -> tuple[KoladaSource, list[Finding]]:
    """Take an indicator's outcomes and comparisons from its data file and check its hand-written numbers.

    ``obj_series`` and ``fields`` (the indicator's) are updated in place: the kommun's values become outcomes,
    each comparison's values a comparison under its label from conf.py, the unit and the source are filled in
    when not written. Shown are the ``years_shown`` latest years with values up to the report's year, and every
    year the hand wrote, rounded to ``decimals`` decimals at most.
    ``finding(code, field, message)`` makes a finding at that field's line. Findings: TY035 (no file, or one
    that cannot be read), TY036 (fetched before Kolada's latest publication, or for other areas than conf.py
    names), TY034 (a number written by hand that Kolada has otherwise for the same year).
    """
    loaded = context.load(kpi)
    if loaded.measure is None:
        if loaded.problem is None:
            message = (
                f"{what} hämtar nyckeltalet {kpi} från Kolada, men datafilen {loaded.file} finns inte. Kör 'tyreso kolada' "
                "och checka in filen."
            )
        else:
            message = (
                f"Datafilen {loaded.file} för nyckeltalet {kpi} kan inte läsas: {loaded.problem}. Kör 'tyreso kolada' "
                "så skrivs den om."
            )
        return KoladaSource(kpi, loaded.file), [finding("TY035", "kolada", message)]
    measure = loaded.measure
    source = KoladaSource(kpi, loaded.file, measure.retrieved_date, measure.publication_date, measure.title)
    findings: list[Finding] = []
    if measure.is_stale(context.today):
        assert measure.publication_date is not None
        findings.append(
            finding(
                "TY036",
                "kolada",
                f"Datafilen {loaded.file} hämtades {measure.retrieved_date.isoformat()}, men Kolada publicerade nya värden "
                f"för nyckeltalet {kpi} {measure.publication_date.isoformat()}. Kör 'tyreso kolada' och granska ändringen.",
            )
        )
    held = {area.id for area in measure.areas}
    absent = [area for area in areas_of(context.municipality, context.comparisons) if area.id not in held]
    if absent:
        names = ", ".join(f"{area.id} ({area.name or 'kommunen'})" for area in absent)
        findings.append(
            finding(
                "TY036",
                "kolada",
                f"Datafilen {loaded.file} har inga värden hämtade för {names}, som conf.py jämför med. Kör 'tyreso kolada' "
                "så hämtas de.",
            )
        )
    findings += _merge(obj_series, measure, report_year, context, what, finding)
    if measure.unit and not fields.get("enhet"):
        fields["enhet"] = measure.unit
    if not fields.get("källa"):
        fields["källa"] = f"Kolada, nyckeltal {kpi}"
    return source, findings


def _merge(
    series: dict[str, tuple[Point, ...]],
    measure: Measure,
    report_year: int | None,
    context: KoladaContext,
    what: str,
    finding: Callable[[str, str, str], Finding],
) -> list[Finding]:
    findings: list[Finding] = []
    own = measure.values.get(context.municipality, {})
    all_years = [year for by_year in measure.values.values() for year in by_year]
    # The latest years Kolada has values for, up to the report's year: a report for 2023 never shows 2024.
    known = sorted({year for year in all_years if report_year is None or year <= report_year})
    window = set(known[-context.years_shown :])
    places = decimal.Decimal(1).scaleb(-context.decimals)

    def shown(value: decimal.Decimal) -> decimal.Decimal:
        """Kolada's value as the page shows it: at most ``decimals`` decimals (7,43829 → 7,4)."""
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -context.decimals:
            return value.quantize(places, rounding=decimal.ROUND_HALF_UP).normalize() + 0
        return value

    def check(field: str, points: Iterable[Point], values: Mapping[int, decimal.Decimal], name: str) -> None:
        wrong = [
            (point, values[point.period.year])
            for point in points
            if _is_year(point.period) and point.period.year in values and not _agrees(point.value, values[point.period.year])
        ]
        if wrong:
            details = "; ".join(
                f"{point.period}: {format_number(point.value)}, Kolada {format_number(value)}" for point, value in wrong
            )
            findings.append(
                finding(
                    "TY034",
                    field,
                    f"{what}: {name} skrivet för hand stämmer inte med Kolada (nyckeltal {measure.kpi}, {measure.retrieved_date}): "
                    f"{details}. Ta bort siffrorna ur ':{field}:' (värdena kommer från Kolada) eller rätta dem.",
                )
            )

    check("startläge", series.get("startläge", ()), own, "startläget")
    outcomes = series.get("utfall", ())
    check("utfall", outcomes, own, "utfallet")
    written_years = {point.period.year for point in outcomes if _is_year(point.period)}
    kept = [point for point in outcomes if not (_is_year(point.period) and point.period.year in own)]
    fetched = [Point(Period(year), shown(value)) for year, value in own.items() if year in window or year in written_years]
    if fetched or kept:
        series["utfall"] = (*kept, *fetched)
    comparisons = series.get("jämförelse", ())

    def area_of(point: Point) -> str | None:
        folded = fold(point.label)
        return next((area_id for area_id, label in context.comparisons if folded in (fold(label), fold(area_id))), None)

    taken: list[Point] = []
    for area_id, label in context.comparisons:
        values = measure.values.get(area_id, {})
        written = [point for point in comparisons if area_of(point) == area_id]
        check("jämförelse", written, values, f"jämförelsen {label}")
        years = {point.period.year for point in written if _is_year(point.period)}
        taken += [Point(Period(year), shown(value), label) for year, value in values.items() if year in window or year in years]
    others = []
    for point in comparisons:
        compared = area_of(point)
        if compared is None or not (_is_year(point.period) and point.period.year in measure.values.get(compared, {})):
            others.append(point)
    if taken or others:
        series["jämförelse"] = (*taken, *others)
    return findings
