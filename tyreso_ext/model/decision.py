"""A decided (fastställd) report: its decision, the corrections made after it, and the manifest that archives
it. No Sphinx and no Git here: the rules that need the history are in :mod:`tyreso_ext.history.decided`.

In the front matter::

    beslut:
      datum: 2023-05-24
      paragraf: 45
      diarienummer: ASN 2023/45
      organ: Arbetsmarknads- och socialnämnden   # optional: the report's own organ
    rättelser:                                   # or 'rättelse:' for one
      - datum: 2023-06-12
        vad: Statusen för uppdraget Trygg skolväg ska vara gul, inte grön.
        varför: Skrivfel upptäckt vid granskningen efter beslutet.

The manifest (``beslut/manifest.json``, written by ``tyreso faststall``) records, for every decided version,
the commit it was built from and the SHA-256 of its PDF, so that ``tyreso verifiera`` can rebuild and compare.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence

from tyreso_ext.model.objects import Report
from tyreso_ext.model.text import did_you_mean, fold, quoted_list, shown, source_lines
from tyreso_ext.model.vocabulary import Vocabulary, VocabularyError

DECISION_KEY = "beslut"
CORRECTION_KEYS = ("rättelse", "rättelser")  # one, or several: both read the same way
DECISION_FIELDS = ("datum", "paragraf", "diarienummer", "organ")
CORRECTION_FIELDS = ("datum", "vad", "varför")
MAX_CORRECTIONS = 200  # a hostile list is not read further
MANIFEST_PATH = "beslut/manifest.json"  # relative to the project (the folder of conf.py)
MANIFEST_FORMAT = "tyreso-beslut/1"
# The findings that need the Git history (history.decided): never found in a folder outside Git.
HISTORY_CODES = ("TY041", "TY042")
_PARAGRAPH = re.compile(r"^(?:§\s*)?(\d{1,6}(?:\s?[a-z])?)$")
_SHA = re.compile(r"^[0-9a-f]{40}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclasses.dataclass(frozen=True)
class Decision:
    """The nämnd's decision that made a report a public record."""

    organ: str
    date: datetime.date
    paragraph: str  # '45', as the protocol numbers it
    diarienummer: str = ""

    @property
    def text(self) -> str:
        """'Fastställd av Arbetsmarknads- och socialnämnden 2023-05-24, § 45'."""
        by = f" av {self.organ}" if self.organ else ""
        return f"Fastställd{by} {self.date.isoformat()}, § {self.paragraph}"

    def as_dict(self) -> dict[str, str]:
        return {
            "organ": self.organ,
            "datum": self.date.isoformat(),
            "paragraf": self.paragraph,
            "diarienummer": self.diarienummer,
        }


@dataclasses.dataclass(frozen=True)
class Correction:
    """One correction of a decided report: when, what was corrected, and why."""

    date: datetime.date
    what: str
    why: str

    @property
    def text(self) -> str:
        """'2023-06-12: Statusen … Skäl: Skrivfel …'."""
        return f"{self.date.isoformat()}: {_sentence(self.what)} Skäl: {_sentence(self.why)}"


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", "…")) else text + "."


# --- reading the front matter ------------------------------------------------------------------------------


Problem = tuple[int, str]  # (line, message): a TY040 finding, made by the caller


@dataclasses.dataclass(frozen=True)
class DecisionRead:
    """What the keys ``beslut`` and ``rättelse``/``rättelser`` say, and what is wrong with them."""

    decision: Decision | None
    corrections: tuple[Correction, ...]
    problems: list[Problem]


def read_decision(
    values: Mapping[str, object],
    front_matter: str,
    first_line: int,
    line_of: Callable[[str], int],
    organ: str,
    diarienummer: str,
    decision_date: datetime.date | None,
    vocabulary: Vocabulary,
) -> DecisionRead:
    """Read ``beslut`` and the corrections from the front matter's values (keys already spelled as here).

    ``front_matter`` and ``first_line`` (the line of the opening '---') place a message on the line of a nested
    key; ``organ``, ``diarienummer`` and ``decision_date`` are the report's own, already read.
    """
    problems: list[Problem] = []
    lines = _NestedLines(front_matter, first_line)
    decision = None
    if values.get(DECISION_KEY) not in (None, ""):
        decision = _read_decision(values[DECISION_KEY], lines, line_of, organ, diarienummer, vocabulary, problems)
    if decision is not None and decision_date is not None and decision_date != decision.date:
        problems.append(
            (
                line_of("beslutsdatum"),
                f"'beslutsdatum' ({decision_date.isoformat()}) och 'datum' under 'beslut' ({decision.date.isoformat()}) "
                "säger olika. Ta bort raden 'beslutsdatum': 'beslut' räcker.",
            )
        )
    given = [key for key in CORRECTION_KEYS if values.get(key) not in (None, "")]
    corrections: list[Correction] = []
    if len(given) > 1:
        problems.append(
            (
                line_of(given[1]),
                "Rapporten har både 'rättelse' och 'rättelser'. Skriv alla rättelser som en lista under 'rättelser'.",
            )
        )
    for key in given[:1]:
        corrections = _read_corrections(key, values[key], lines, line_of, problems)
        if corrections and decision is None and values.get(DECISION_KEY) in (None, ""):
            problems.append(
                (
                    line_of(key),
                    f"'{key}' hör till en fastställd rapport, men rapporten har inget 'beslut'. Skriv in beslutet "
                    "(datum, paragraf och diarienummer) under 'beslut:', eller ta bort rättelsen.",
                )
            )
        if decision is not None:
            for index, correction in enumerate(corrections):
                if correction.date < decision.date:
                    problems.append(
                        (
                            lines.find(key, "datum", index, default=line_of(key)),
                            f"Rättelsen daterad {correction.date.isoformat()} är daterad före beslutet "
                            f"({decision.date.isoformat()}). En rättelse görs efter beslutet: kontrollera datumet.",
                        )
                    )
    return DecisionRead(decision, tuple(corrections), problems)


def _read_decision(
    value: object,
    lines: _NestedLines,
    line_of: Callable[[str], int],
    organ: str,
    diarienummer: str,
    vocabulary: Vocabulary,
    problems: list[Problem],
) -> Decision | None:
    here = line_of(DECISION_KEY)
    if not isinstance(value, dict):
        problems.append(
            (
                here,
                "Fältet 'beslut' ska ha en rad per uppgift, indragna två mellanslag: '  datum: 2023-05-24', "
                "'  paragraf: 45' och '  diarienummer: ASN 2023/45'.",
            )
        )
        return None
    fields = _known_fields(value, DECISION_FIELDS, "beslut", lambda key: lines.find(DECISION_KEY, key, default=here), problems)
    date = paragraph = None
    ok = True
    if fields.get("datum") in (None, ""):
        problems.append((here, "'beslut' saknar 'datum': dagen då beslutet fattades, som ÅÅÅÅ-MM-DD, till exempel 2023-05-24."))
        ok = False
    else:
        date = _date(fields["datum"])
        if date is None:
            problems.append(
                (
                    lines.find(DECISION_KEY, "datum", default=here),
                    f"'{shown(fields['datum'])}' är inget giltigt datum i 'beslut'. Skriv datumet som ÅÅÅÅ-MM-DD, "
                    "till exempel 2023-05-24.",
                )
            )
            ok = False
    if fields.get("paragraf") in (None, ""):
        problems.append((here, "'beslut' saknar 'paragraf': paragrafens nummer i protokollet, till exempel 'paragraf: 45'."))
        ok = False
    else:
        paragraph = _paragraph(fields["paragraf"])
        if paragraph is None:
            problems.append(
                (
                    lines.find(DECISION_KEY, "paragraf", default=here),
                    f"'{shown(fields['paragraf'])}' är inget paragrafnummer. Skriv numret i protokollet, till exempel "
                    "'paragraf: 45'.",
                )
            )
            ok = False
    number = diarienummer
    if fields.get("diarienummer") not in (None, ""):
        given = fields["diarienummer"]
        if isinstance(given, (dict, list)):
            problems.append(
                (lines.find(DECISION_KEY, "diarienummer", default=here), "'diarienummer' i 'beslut' ska vara en text på en rad.")
            )
            ok = False
        else:
            number = " ".join(shown(given, 200).split())
    if not number:
        problems.append(
            (
                here,
                "'beslut' saknar 'diarienummer': ärendets diarienummer, till exempel 'diarienummer: ASN 2023/45'. "
                "Det kan också stå i rapportens eget fält 'diarienummer'.",
            )
        )
        ok = False
    by = organ
    if fields.get("organ") not in (None, ""):
        written = fields["organ"]
        if not isinstance(written, str):
            problems.append(
                (
                    lines.find(DECISION_KEY, "organ", default=here),
                    "'organ' i 'beslut' ska vara ett namn, till exempel 'Kommunfullmäktige'.",
                )
            )
            ok = False
        else:
            try:
                by = vocabulary.organ(written)
            except VocabularyError as error:
                problems.append((lines.find(DECISION_KEY, "organ", default=here), f"I 'beslut': {error}"))
                ok = False
    if not ok or date is None or paragraph is None:
        return None
    return Decision(by, date, paragraph, number)


def _read_corrections(
    key: str, value: object, lines: _NestedLines, line_of: Callable[[str], int], problems: list[Problem]
) -> list[Correction]:
    here = line_of(key)
    items = [value] if isinstance(value, dict) else value if isinstance(value, list) else None
    if items is None or not items:
        problems.append(
            (
                here,
                f"Fältet '{key}' ska lista rättelser, var och en med datum, vad och varför: '  - datum: 2023-06-12', "
                "'    vad: …' och '    varför: …'.",
            )
        )
        return []
    corrections = []
    for index, item in enumerate(items[:MAX_CORRECTIONS]):
        at = lines.find(key, None, index, default=here)
        if not isinstance(item, dict):
            problems.append((at, f"Rättelse {index + 1} under '{key}' ska ha raderna 'datum:', 'vad:' och 'varför:'."))
            continue
        fields = _known_fields(
            item, CORRECTION_FIELDS, key, functools.partial(lines.find, key, index=index, default=at), problems
        )
        ok = True
        date = None
        for name in CORRECTION_FIELDS:
            if fields.get(name) in (None, ""):
                what = {"datum": "dagen då rättelsen gjordes", "vad": "vad som rättades", "varför": "varför det rättades"}[name]
                problems.append((at, f"Rättelse {index + 1} under '{key}' saknar '{name}': {what}."))
                ok = False
            elif name == "datum":
                date = _date(fields[name])
                if date is None:
                    problems.append(
                        (
                            lines.find(key, "datum", index, default=at),
                            f"'{shown(fields[name])}' är inget giltigt datum i rättelse {index + 1}. Skriv ÅÅÅÅ-MM-DD, till exempel 2023-06-12.",
                        )
                    )
                    ok = False
            elif isinstance(fields[name], (dict, list)):
                problems.append(
                    (
                        lines.find(key, name, index, default=at),
                        f"'{name}' i rättelse {index + 1} ska vara en text, inte en lista.",
                    )
                )
                ok = False
        if ok and date is not None:
            corrections.append(
                Correction(date, " ".join(shown(fields["vad"], 2000).split()), " ".join(shown(fields["varför"], 2000).split()))
            )
    return corrections


def _known_fields(
    value: dict[object, object], names: Sequence[str], where: str, line_of: Callable[[str], int], problems: list[Problem]
) -> dict[str, object]:
    """The mapping's values under their canonical names; a name it does not know is a problem."""
    known = {fold(name): name for name in names}
    fields: dict[str, object] = {}
    for raw_key, item in value.items():
        key = shown(raw_key)
        name = known.get(fold(key))
        if name is None:
            problems.append(
                (
                    line_of(key),
                    f"Okänt fält '{key}' i '{where}'.{did_you_mean(key, list(names))} Tillåtna fält är {quoted_list(list(names))}.",
                )
            )
            continue
        fields[name] = item
    return fields


def _date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return None
    try:
        return datetime.date.fromisoformat(shown(value, 40).strip())
    except ValueError:
        return None


def _paragraph(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    if isinstance(value, int):
        return str(value) if 0 < value < 10**6 else None
    match = _PARAGRAPH.match(" ".join(value.split()).lower())
    if match is None or int(re.sub(r"\D", "", match.group(1))) == 0:
        return None
    return match.group(1).replace(" ", "")


@dataclasses.dataclass(frozen=True)
class _NestedLines:
    """Finds the line of a key nested under a top-level key, for a message on the right line."""

    text: str
    first_line: int  # the opening '---'

    def find(self, top: str, key: str | None, index: int | None = None, *, default: int) -> int:
        """The line of ``key`` under ``top`` (in item ``index`` of a list); of the item itself when key is None."""
        lines = source_lines(self.text)
        start = next((number for number, line in enumerate(lines) if _top_key(line) == fold(top)), None)
        if start is None:
            return default
        item = -1
        for number in range(start + 1, len(lines)):
            line = lines[number]
            if line.strip() and not line[:1].isspace() and not line.startswith(("-", "#")):
                break  # the next top-level key
            stripped = line.strip()
            if stripped.startswith("- ") or stripped == "-":
                item += 1
                stripped = stripped[1:].strip()
            if index is not None and item != index and not (index == 0 and item == -1):
                continue
            if key is None:
                if item == index:
                    return self.first_line + 1 + number
                continue
            name = stripped.split(":", 1)[0].strip().strip("'\"")
            if ":" in stripped and fold(name) == fold(key):
                return self.first_line + 1 + number
        return default


def _top_key(line: str) -> str | None:
    if not line or line[0].isspace() or ":" not in line or line.startswith("#"):
        return None
    return fold(line.split(":", 1)[0].strip().strip("'\""))


# --- the manifest ------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ManifestEntry:
    """One decided version of one report: the commit it is built from and its PDF's SHA-256."""

    report: str  # the report's path, relative to the project
    decision: Decision
    corrections: int  # how many corrections the version holds (0: the version the nämnd decided)
    commit: str  # 40 hex digits
    commit_date: str  # YYYY-MM-DD, the commit's own date
    pdf: str  # the PDF's file name, as `make pdf` names it
    sha256: str
    tools: tuple[tuple[str, str], ...] = ()  # (program, version) the PDF was built with
    line: int = dataclasses.field(default=1, compare=False)  # where it stands in the manifest

    @property
    def short(self) -> str:
        return self.commit[:7]

    @property
    def label(self) -> str:
        """'reports/2023/T1/x.md (Fastställd av … 2023-05-24, § 45)', or with the corrections it holds."""
        version = f", med {self.corrections} {'rättelse' if self.corrections == 1 else 'rättelser'}" if self.corrections else ""
        return f"{self.report} ({self.decision.text}{version})"

    @property
    def archive_name(self) -> str:
        """The decided PDF's name in the archive: '2023-T1 Delårsrapport X, fastställd 2023-05-24 § 45.pdf'."""
        stem = self.pdf.removesuffix(".pdf")
        version = f", rättelse {self.corrections}" if self.corrections else ""
        return f"{stem}, fastställd {self.decision.date.isoformat()} § {self.decision.paragraph}{version}.pdf"

    def as_dict(self) -> dict[str, object]:
        return {
            "rapport": self.report,
            "beslut": self.decision.as_dict(),
            "rättelser": self.corrections,
            "incheckning": self.commit,
            "incheckningsdatum": self.commit_date,
            "pdf": self.pdf,
            "sha256": self.sha256,
            "verktyg": dict(self.tools),
        }


def write_manifest(entries: Sequence[ManifestEntry]) -> str:
    """The manifest's text: stable, one key per line, so that Git shows an added entry as added lines."""
    payload = {"format": MANIFEST_FORMAT, "fastställda": [entry.as_dict() for entry in entries]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def read_manifest(text: str) -> tuple[list[ManifestEntry], list[Problem]]:
    """The entries of a manifest, and what makes it unreadable (each a TY042 finding in the manifest)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        line = getattr(error, "lineno", 1)
        return [], [
            (
                line,
                f"Manifestet går inte att läsa som JSON ({shown(error, 120)}). Återställ det ur Git: 'git checkout -- {MANIFEST_PATH}'.",
            )
        ]
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT or not isinstance(data.get("fastställda"), list):
        return [], [
            (
                1,
                f"Manifestet har inte formatet '{MANIFEST_FORMAT}' med en lista 'fastställda'. Det skrivs av 'tyreso faststall'; ändra det inte för hand.",
            )
        ]
    entry_lines = [number for number, line in enumerate(source_lines(text), start=1) if line.strip().startswith('"rapport"')]
    entries: list[ManifestEntry] = []
    problems: list[Problem] = []
    for index, item in enumerate(data["fastställda"]):
        line = entry_lines[index] if index < len(entry_lines) else 1
        entry = _entry(item, line)
        if entry is None:
            problems.append(
                (
                    line,
                    f"Post {index + 1} i manifestet är ofullständig eller har fel form. Den skrivs av 'tyreso faststall'; ändra den inte för hand.",
                )
            )
        else:
            entries.append(entry)
    return entries, problems


def _entry(item: object, line: int) -> ManifestEntry | None:
    if not isinstance(item, dict):
        return None
    decision = item.get("beslut")
    tools = item.get("verktyg", {})
    texts = [item.get(key) for key in ("rapport", "incheckning", "incheckningsdatum", "pdf", "sha256")]
    if not isinstance(decision, dict) or not isinstance(tools, dict) or not all(isinstance(text, str) and text for text in texts):
        return None
    report, commit, commit_date, pdf, sha256 = (str(text) for text in texts)
    date = _date(decision.get("datum"))
    paragraph = decision.get("paragraf")
    corrections = item.get("rättelser", 0)
    if date is None or not isinstance(paragraph, str) or not isinstance(corrections, int) or isinstance(corrections, bool):
        return None
    if not _SHA.match(commit) or not _SHA256.match(sha256) or corrections < 0:
        return None
    return ManifestEntry(
        report=report,
        decision=Decision(str(decision.get("organ", "")), date, paragraph, str(decision.get("diarienummer", ""))),
        corrections=corrections,
        commit=commit,
        commit_date=commit_date,
        pdf=pdf,
        sha256=sha256,
        tools=tuple((str(name), str(version)) for name, version in tools.items()),
        line=line,
    )


# --- what the page and the cover show ----------------------------------------------------------------------

CORRECTIONS_TITLE = "Rättelser efter beslutet"


def report_diarienummer(report: Report) -> str:
    """The report's diarienummer, or its decision's when the report names none itself."""
    return report.diarienummer or (report.decision.diarienummer if report.decision is not None else "")


def decision_facts(report: Report) -> list[tuple[str, str]]:
    """The rows about the decision under a report's title and on its PDF's cover.

    ('Beslut', 'Fastställd av … 2023-05-24, § 45') and, after corrections, ('Rättelser', how many and the last
    one's date); a report with only 'beslutsdatum' has ('Beslutsdatum', the date).
    """
    decision = report.decision
    if decision is None:
        return [("Beslutsdatum", report.decision_date.isoformat())] if report.decision_date else []
    text = decision.text
    if report.diarienummer and decision.diarienummer and decision.diarienummer != report.diarienummer:
        text += f", dnr {decision.diarienummer}"
    facts = [("Beslut", text)]
    if report.corrections:
        count = len(report.corrections)
        latest = max(correction.date for correction in report.corrections).isoformat()
        facts.append(
            (
                "Rättelser",
                f"{count} {'rättelse' if count == 1 else 'rättelser'} efter beslutet, den senaste {latest}. "
                f"De står under rubriken {CORRECTIONS_TITLE}.",
            )
        )
    return facts
