"""Validation findings and the closed list of their codes."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from tyreso_ext.model.text import visible

if TYPE_CHECKING:
    from tyreso_ext.model.objects import SteeringObject

# The closed list of codes. A code is never reused for another meaning; the handbook
# documents each one with an example and its fix.
CODES: dict[str, str] = {
    "TY001": "Rapporten saknar front matter (rapporttyp, period, organ).",
    "TY002": "Front matter går inte att läsa som YAML eller har fel form.",
    "TY003": "Okänt fält i front matter.",
    "TY004": "Ett obligatoriskt fält saknas.",
    "TY005": "Okänt fält i ett objekt.",
    "TY006": "Ogiltig status.",
    "TY007": "Ogiltig period, eller en period som inte passar rapporttypen.",
    "TY008": "Gul eller röd status utan orsak och vidtagna åtgärder.",
    "TY009": "Samma id förekommer två gånger i samma period och organ.",
    "TY010": "Id som inte är definierat i någon plan.",
    "TY011": "Risknivån ligger utanför 1–25.",
    "TY012": "Risknivån är inte sannolikhet × konsekvens.",
    "TY013": "Sannolikhet eller konsekvens ligger utanför 1–5.",
    "TY014": "Ett uppdrag eller en risk i planen saknas i en senare uppföljning.",
    "TY015": "Indikatorns status motsäger dess egna siffror.",
    "TY016": "Ogiltigt värde i ett fält.",
    "TY017": "Ogiltigt id.",
    "TY018": "Ett objekt eller en sammanställning står inuti ett objekt.",
    "TY019": "Platshållartext som ännu inte är ersatt.",
    "TY020": "Hänvisning till ett mål skriven {mål}`…`, som Markdown inte läser som hänvisning.",
    "TY021": "En summa eller skillnad i en ekonomitabell stämmer inte, utöver avrundningen.",
    "TY022": "En datafil ligger utanför rapportprojektets mapp eller kan inte läsas.",
    "TY023": "En ekonomitabell har fel form: trasig CSV, okänd kolumn eller roll, eller en cell som inte är ett tal.",
    "TY024": "HTML i en rapport: den visas som text och tolkas inte.",
    "TY025": "Ett block (':::' eller '```') avslutas aldrig, så resten av filen hamnar inuti det.",
    "TY026": "Filen är inte sparad som UTF-8.",
    "TY027": "En länk, knapp, bild eller ett kort går till en adress av en typ som inte är tillåten (till exempel javascript:).",
    "TY028": "reStructuredText ({eval-rst}) i en rapport: det visas som text och tolkas inte.",
    "TY029": "En fil som rapporten har med är av en typ som inte publiceras (till exempel HTML eller SVG).",
    "TY030": "Ett objekt följs upp i en period före planen som definierar det, eller av ett annat organ än nämndplanens.",
    "TY034": "En siffra skriven för hand stämmer inte med Koladas för samma år.",
    "TY035": "Datafilen för ett nyckeltal från Kolada saknas eller kan inte läsas.",
    "TY036": "Datafilen för ett nyckeltal från Kolada är inaktuell: hämtad före Koladas senaste publicering, eller för andra områden.",
    "TY037": "En markering '% granska: …' från tyreso importera står kvar: utkastet är inte granskat mot originalet.",
    "TY040": "Beslutet ('beslut') eller en rättelse ('rättelser') i front matter är ofullständig eller har fel form.",
    "TY041": "En fastställd rapport har ändrats efter beslutet utan att en rättelse är inskriven.",
    "TY042": "Manifestet över fastställda rapporter stämmer inte med historiken i Git.",
    "TY043": "En egen objekttyp i conf.py (tyreso_kinds) är fel deklarerad.",
}

NON_ASCII_GOAL_ROLE = "{mål}"


def goal_role_finding(path: str, line: int, target: str) -> Finding:
    """MyST reads only ASCII role names, so {mål}`id` would stay plain text: say how to write it."""
    return Finding(
        path,
        line,
        "TY020",
        f"Hänvisningen {{mål}}`{target}` blir vanlig text eftersom rollnamn bara får innehålla a–z. Skriv {{mal}}`{target}`.",
    )


@dataclasses.dataclass(frozen=True, order=True)
class Finding:
    """One problem in one place, with a message that says how to fix it."""

    path: str
    line: int
    code: str
    message: str
    column: int = 1

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise KeyError(f"unknown finding code {self.code}")
        object.__setattr__(self, "message", visible(self.message))  # no message hides a character: 'gul⟨U+200B⟩'

    def as_line(self) -> str:
        """The form editors and CI annotate: ``file:line:col: TY004 message``."""
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"


def nested_finding(path: str, line: int, obj: SteeringObject | None, directive: str, outer: SteeringObject) -> Finding:
    """TY018: an object or an aggregation opened inside an object (most often a ':::' left out above it)."""
    what = f"{obj.kind.label} '{obj.title}'" if obj is not None else f"Sammanställningen '{directive}'"
    return Finding(
        path,
        line,
        "TY018",
        f"{what} står inuti ett annat objekt ({outer.kind.label.lower()} '{outer.title}'). Avsluta det yttre objektet "
        "med ':::' innan nästa börjar.",
    )
