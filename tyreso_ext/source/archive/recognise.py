"""The structure of an old report, recognised in its lines: headings, paragraphs, lists, page furniture, and the
steering objects with their statuses, indicators with their numbers, risks with their levels, status tables
and financial tables.

Every line of the source reaches the result: as text, as an object's title, field or body, as a table row, or
(page numbers, headers, stray characters) as a comment that the draft keeps but the site does not show. What
is recognised only by a guess (a status read from a table, a column's role) is marked for review by the draft.
"""

from __future__ import annotations

import dataclasses
import decimal
import difflib
import itertools
import re
from collections.abc import Iterator

from tyreso_ext.model.numbers import NumberError, parse_number
from tyreso_ext.model.objects import Kind, ReportKind
from tyreso_ext.model.period import Period
from tyreso_ext.model.status import Status
from tyreso_ext.model.text import fold
from tyreso_ext.source.archive.extract import Line

# Sub-headings that belong to an object: they become a bold lead-in in its body ('**Nuläge.** …').
SECTION_WORDS = (
    "politisk inriktning",
    "inriktning",
    "nulage",
    "nylage",
    "onskat nylage",
    "genomforandeplan",
    "genomforande",
    "uppfoljning",
    "bedomning",
    "analys",
    "kommentar",
    "orsak",
    "atgarder",
    "vidtagna atgarder",
    "aktiviteter",
    "resultat",
    "utfall",
    "status",
    "delaret",
    "indikatorer",
)
_BULLET = re.compile(
    r"^\s*(?:[•●▪■◦○·∙*»›✓✔➢➤►▸\uf0b7\uf0d8\uf0fc\uf0a7\uf076\uf0a8]|[-–—](?=\s)|[eov0]\s(?=\s*[A-ZÅÄÖ])|v[\"”'](?=\s))\s*"
)
_NUMBERED_HEADING = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<title>[A-ZÅÄÖ].{0,110})$")
_PAGE = re.compile(r"^(?:sida\s*\d*\s*(?:\(\s*\d+\s*\)|av\s+\d+)?|\d{1,3}\s*\(\s*\d{1,3}\s*\)|-\s*\d{1,3}\s*-)$", re.IGNORECASE)
_STRAY = re.compile(r"^[vVyY\s0o*•»]+$")  # what OCR makes of check marks in the margin ('vV V VvV VY')
_UPPDRAG = re.compile(
    r"^(?:(?:politiskt|politiska|kommungemensamt|kommungemensamma|kommunovergripande|overgripande)\s+)?uppdrag(?:et)?\s*:\s*(?P<title>.*)$"
)
_GOAL = re.compile(r"^(?P<level>namndmal|kommunmal|forvaltningsmal|mal)(?:\s+\d+)?\s*:?\s*(?P<title>.*)$")
_RISK = re.compile(r"^risk\s*:\s*(?P<title>.+)$")
_LEGEND = re.compile(r"^(?:gron|gront|gul|gult|rod|rott)\s*=")
_STATUS_AT_END = re.compile(r"=\s*(?P<word>gront|gron|gult|gul|rott|rod)\s*\.?\s*$")
_STATUS_FIELD = re.compile(
    r"^(?:status|bedomning)(?:\s+(?:t1|t2|helar|ar|\d{4}))*\s*[:=]\s*(?P<word>gront|gron|gult|gul|rott|rod|ej bedomd)\b"
)
_STATUS_ONLY = re.compile(r"^(?P<word>gront|gron|gult|gul|rott|rod|ej bedomd)\.?$")
_GOAL_STATUS = re.compile(
    r"malet\s+(?:kan\s+|bedoms\s+|ar\s+|har\s+)?(?:med\s+viss\s+tvekan\s+)?(?P<not>inte\s+|ej\s+)?(?:anses\s+|bedomas\s+)?(?:vara\s+|som\s+)?"
    r"(?:med\s+viss\s+tvekan\s+)?(?P<partly>delvis\s+)?(?:uppfyllt|uppnatt|nått|natt)"
)
_FIELD = re.compile(r"^(?P<key>orsak|vidtagna atgarder|atgarder|atgard och kontrollinsats|atgard|kommentar)\s*:\s*(?P<value>.*)$")
_STARTLAGE = re.compile(r"\(?\s*startl[aä]ge\s+(?P<year>\d{4})\s*,?\s*(?P<values>[^()]*?)(?:\)|$)", re.IGNORECASE)
_VALUE = re.compile(r"(?P<name>[A-Za-zÅÄÖåäö][\wÅÄÖåäö .-]*?)\s+(?P<value>\d+(?:[,.]\d+)?)\s*(?P<unit>%|procent)?")
_LEVEL = re.compile(r"\s*\((?:risknivå\s*)?(?P<level>\d{1,2})\)\s*$", re.IGNORECASE)
_OCR_STATUS = (  # what OCR makes of the status words, folded: 'Gr6nt', 'Gu1t', 'R0tt', 'Ej bedémd'
    (re.compile(r"\bgr[o0-9e]n(t?)\b"), r"gron\1"),
    (re.compile(r"\bgu[l1|i](t?)\b"), r"gul\1"),
    (re.compile(r"\br[o0-9e]tt\b"), "rott"),
    (re.compile(r"\br[o0-9e]d\b"), "rod"),
    (re.compile(r"\bbed[o0-9e]md\b"), "bedomd"),
    (re.compile(r"^(?:[5s]tatus|status)\b"), "status"),
)


def status_fold(text: str) -> str:
    """A line folded for reading a status from it, with OCR's misreadings of the status words undone."""
    folded = fold(text)
    for pattern, replacement in _OCR_STATUS:
        folded = pattern.sub(replacement, folded)
    return folded


_STATUS_WORDS = {
    "gron": Status.GRON,
    "gront": Status.GRON,
    "gul": Status.GUL,
    "gult": Status.GUL,
    "rod": Status.ROD,
    "rott": Status.ROD,
    "ej bedomd": Status.EJ_BEDOMD,
}
_NUMBER_TOKEN = re.compile(r"^[-−–]?\d+(?:[,.]\d+)?$")
_SUM_WORDS = ("summa", "totalt", "total", "resultat", "netto", "summering")
_ROLE_WORDS = (("budget", "budget"), ("utfall", "utfall"), ("bokslut", "utfall"), ("prognos", "prognos"), ("avvik", "avvikelse"))


@dataclasses.dataclass
class Text:
    """A paragraph (its lines as in the source), a list item, or a bold lead-in inside an object."""

    lines: list[str]
    kind: str = "paragraph"  # "paragraph", "item", "lead"
    level: int = 0
    refers: list[Obj] = dataclasses.field(default_factory=list)  # indicators recognised in it


@dataclasses.dataclass
class Heading:
    text: str
    level: int  # 1 is the largest heading of the source


@dataclasses.dataclass
class Comment:
    text: str  # kept in the draft as a MyST comment: page numbers, stray characters, an original title


@dataclasses.dataclass
class Obj:
    kind: Kind
    title: str
    fields: dict[str, str] = dataclasses.field(default_factory=dict)
    body: list[Text | Comment | Table] = dataclasses.field(default_factory=list)
    status: Status | None = None
    status_from: str = ""  # the words the status was read from
    status_from_prose: bool = False  # read from 'Målet kan anses uppfyllt': a status line later wins
    goal_area: str = ""
    id: str = ""
    matched: bool = False  # the id is an existing object's
    original_title: str = ""  # the heading as the source wrote it, when the title was taken from it
    notes: list[str] = dataclasses.field(default_factory=list)  # what the reviewer must look at


@dataclasses.dataclass
class Table:
    rows: list[list[str]]
    finance: bool = False
    roles: dict[str, str] = dataclasses.field(default_factory=dict)  # column → role or formula
    sums: dict[str, str] = dataclasses.field(default_factory=dict)  # row → 'ovanför' or a formula
    title: str = ""
    notes: list[str] = dataclasses.field(default_factory=list)
    file: str = ""  # the CSV file the draft writes


Node = Heading | Text | Comment | Obj | Table


@dataclasses.dataclass
class Recognised:
    title: str  # the report's title line, when the source has one
    nodes: list[Node]

    def objects(self) -> Iterator[Obj]:
        for node in self.nodes:
            if isinstance(node, Obj):
                yield node

    def tables(self) -> Iterator[Table]:
        for node in self.nodes:
            if isinstance(node, Table):
                yield node
            elif isinstance(node, Obj):
                yield from (part for part in node.body if isinstance(part, Table))


# --- blocks ---------------------------------------------------------------------------------------------


@dataclasses.dataclass
class _Block:
    kind: str  # "paragraph", "item", "heading", "table", "comment"
    lines: list[str]
    level: int = 0
    rows: list[list[str]] = dataclasses.field(default_factory=list)


def blocks(lines: list[Line]) -> list[_Block]:
    """Lines grouped into paragraphs, list items, headings, tables and comments."""
    raw = [line for line in lines if not line.style]
    nonblank = [index for index, line in enumerate(lines) if not line.style and line.text.strip()]
    followed = sum(1 for index in nonblank if index + 1 < len(lines) and not lines[index + 1].text.strip())
    double_spaced = len(raw) > 10 and followed >= 0.6 * max(1, len(nonblank))
    widths = sorted(len(lines[index].text.strip()) for index in nonblank)
    full = widths[int(len(widths) * 0.8)] if widths else 80
    out: list[_Block] = []
    current: _Block | None = None
    pending_page = ""

    def close() -> None:
        nonlocal current
        if current is not None and (current.lines or current.rows):
            out.append(current)
        current = None

    joined_up_to = -1
    for index, line in enumerate(lines):
        if index <= joined_up_to:
            continue  # the rest of a title broken across lines, already taken
        text = " ".join(line.text.replace("\xa0", " ").split())
        if line.style == "table":
            close()
            out.append(_Block("table", [], rows=[list(row) for row in line.rows]))
            continue
        if line.style in ("heading", "paragraph", "item"):
            close()
            if line.style == "heading":
                out.append(_Block("heading", [_strip_number(text)], max(1, line.level)))
            else:
                item = _BULLET.match(text) if line.style == "paragraph" else None
                kind = "item" if line.style == "item" or item else "paragraph"
                out.append(_Block(kind, [text[item.end() :] if item else text], line.level))
            continue
        if not text:
            if not double_spaced:
                close()
            continue
        if _PAGE.match(text) or (fold(text) == "sida" and index + 1 < len(lines)):
            pending_page = f"{pending_page} {text}".strip()
            if fold(text) != "sida":
                out.append(_Block("comment", [f"{pending_page} i originalet"]))
                pending_page = ""
            continue
        if _STRAY.match(text) and len(text) <= 20 and not re.fullmatch(r"[A-ZÅÄÖ][a-zåäö]+", text):
            out.append(_Block("comment", [f"tecken i originalet: {text}"]))
            continue
        heading = _NUMBERED_HEADING.match(text)
        if heading and not text.endswith((".", ",", ";")) and _looks_like_heading(heading["title"]):
            close()
            out.append(_Block("heading", [heading["title"].strip()], heading["number"].count(".") + 1))
            continue
        bullet = _BULLET.match(text)
        if bullet and text[bullet.end() :].strip():
            close()
            current = _Block("item", [text[bullet.end() :].strip()])
            continue
        if _starts_object(text) or (
            not out and current is None and _report_kind_in(" ".join(text.split()[:4])) and len(text) <= 100
        ):
            close()  # 'Politiskt uppdrag: …', 'Risk: …', the report's title line: a block of its own
            if _starts_object(text):
                text, joined_up_to = _wrapped_title(text, lines, index, full)
            out.append(_Block("paragraph", [text]))
            continue
        if current is not None and _LEGEND.match(fold(text)):
            close()  # 'Grön= …' after a status line: the legend, a paragraph of its own
        if current is None:
            current = _Block("paragraph", [])
        current.lines.append(text)
        if double_spaced and text.endswith((".", ":", "!", "?")) and len(text) < 0.85 * full:
            close()
    close()
    return _lone_headings(out)


_LABELS = (
    "politiskt uppdrag",
    "politiska uppdrag",
    "kommungemensamt uppdrag",
    "kommunovergripande uppdrag",
    "uppdrag",
    "namndmal",
    "kommunmal",
    "forvaltningsmal",
    "risk",
)


def label_fold(text: str) -> str:
    """A line folded, with OCR's misreadings of the label before its colon undone: 'Na&mndmal:', 'Na mndmal:',
    'Politiskt upndrag:' → 'namndmal:', 'politiskt uppdrag:'. The rest of the line keeps its length."""
    folded = fold(text)
    head = re.match(r"^([^:]{3,30}):", folded)
    if head is None:
        return folded
    squeezed = re.sub(r"[^a-z]", "", head.group(1))
    for label in _LABELS:
        plain = label.replace(" ", "")
        if squeezed == plain or (len(plain) >= 7 and difflib.SequenceMatcher(None, squeezed, plain).ratio() >= 0.88):
            return label + folded[head.end() - 1 :]
    return folded


def _starts_object(text: str) -> bool:
    """A line that opens an object whatever stands around it: 'Politiskt uppdrag: X', 'Nämndmål: X', 'Risk: X'."""
    folded = label_fold(text)
    if len(text) > 160:
        return False
    if _UPPDRAG.match(folded) or _RISK.match(folded):
        return True
    goal = _GOAL.match(folded)
    return goal is not None and goal["level"] != "mal" and (bool(goal["title"]) or folded.rstrip(":") == goal["level"])


def _wrapped_title(text: str, lines: list[Line], index: int, full: int) -> tuple[str, int]:
    """An object's title broken across lines ('Nämndmål: Samverkan … ges' / 'rätt stöd i rätt tid'): a full line
    with no full stop or risk level, followed (after at most one empty line, as OCR writes them) by a line that begins in lower
    case and is no list item, heading, page number, status line or new object."""
    last = index
    current = text
    while len(current) >= max(0.7 * full, 50) and not current.endswith((".", ":", "!", "?", ")")):
        step = 2 if last + 2 < len(lines) and not lines[last + 1].text.strip() else 1
        if last + step >= len(lines) or lines[last + step].style or lines[last + 1].style:
            break
        following = " ".join(lines[last + step].text.split())
        if (
            not following
            or len(text) + len(following) > 300
            or _BULLET.match(following)
            or _PAGE.match(following)
            or _NUMBERED_HEADING.match(following)
            or _starts_object(following)
            or _status_line(fold(following))
            or not following[:1].islower()
        ):
            break
        text, current, last = f"{text} {following}", following, last + step
    return text, last if last > index else -1


def _status_line(folded: str) -> bool:
    return bool(_STATUS_FIELD.match(folded) or _STATUS_ONLY.match(folded) or _STATUS_AT_END.search(folded))


def _looks_like_heading(title: str) -> bool:
    words = title.split()
    return len(words) <= 14 and not re.search(r"\d{3}", title)


def _strip_number(text: str) -> str:
    match = _NUMBERED_HEADING.match(text)
    return match["title"].strip() if match else text


def _lone_headings(found: list[_Block]) -> list[_Block]:
    """A one-line paragraph that names a section ('Nuläge', 'Nämndmål', 'Kommentar:') is a heading."""
    for block in found:
        if block.kind == "paragraph" and len(block.lines) == 1:
            word = fold(block.lines[0]).rstrip(":").strip()
            if word in SECTION_WORDS or (word.startswith("uppfoljning") and len(word.split()) <= 4):
                block.kind, block.level = "heading", 0
    return found


# --- objects --------------------------------------------------------------------------------------------


def recognise(lines: list[Line], goal_areas: tuple[str, ...] = ()) -> Recognised:
    """The nodes of a report: text, headings and the steering objects in it."""
    found = blocks(lines)
    title = _report_title(found)
    return Recognised(title, _Walker(found, goal_areas).walk())


def _report_title(found: list[_Block]) -> str:
    for block in found[:6]:
        text = " ".join(block.lines)
        short = len(block.lines) == 1 and len(text) <= 100 and not text.endswith((".", ":"))
        if block.kind in ("heading", "paragraph") and short and _report_kind_in(" ".join(text.split()[:4])) is not None:
            return text
    return ""


class _Walker:
    def __init__(self, found: list[_Block], goal_areas: tuple[str, ...]) -> None:
        self.found = found
        self.goal_areas = goal_areas
        self.nodes: list[Node] = []
        self.current: Obj | None = None
        self.opened_at = 0  # the heading level at which the current object began
        self.pending: list[Obj] = []  # indicators found inside an object, placed after it
        self.goal_area = ""

    def walk(self) -> list[Node]:
        index = 0
        while index < len(self.found):
            index = self.step(index)
        self.close()
        self._status_rows()
        return self.nodes

    def step(self, index: int) -> int:
        block = self.found[index]
        text = " ".join(block.lines).strip()
        folded = label_fold(text)
        following = self.found[index + 1] if index + 1 < len(self.found) else None
        if block.kind == "comment":
            self.add(Comment(block.lines[0]))
            return index + 1
        if block.kind == "table":
            self.table(block)
            return index + 1
        uppdrag = _UPPDRAG.match(folded) if block.kind in ("heading", "paragraph") and len(text) <= 160 else None
        if uppdrag is not None:
            title = text[len(text) - len(uppdrag["title"]) :].strip() if uppdrag["title"] else ""
            taken = 0
            if not title and following is not None and following.kind in ("paragraph", "heading") and len(following.lines) <= 2:
                title, taken = " ".join(following.lines).strip(), 1
            if title:
                self.open(Kind.UPPDRAG, title, block, original=text + (f" {title}" if taken else ""))
                return index + 1 + taken
        goal = _GOAL.match(folded.rstrip(".")) if block.kind in ("heading", "paragraph") and len(text) <= 200 else None
        if goal is not None and goal["level"] == "mal" and not re.match(r"mal(?:\s+\d+|\s*:)", folded):
            goal = None  # 'Målet kan anses uppfyllt' is a sentence, 'Mål: …' and 'Mål 2 …' a goal
        if goal is not None and (goal["level"] != "mal" or goal["title"]):
            title = text[len(text) - len(goal["title"]) :].strip() if goal["title"] else ""
            taken = 0
            if not title and following is not None and following.kind in ("paragraph", "heading"):
                title, taken = _first_sentence(following.lines), 1
                rest = _after_first_sentence(following.lines)
                if rest:
                    self.found[index + 1] = _Block("paragraph", rest)
                    taken = 0
                    self.open(Kind.MAL, title, block, original=text, level=goal["level"])
                    return index + 1
            if title:
                self.open(Kind.MAL, title.rstrip("."), block, original=text + (f" {title}" if taken else ""), level=goal["level"])
                return index + 1 + taken
        risk = _RISK.match(folded) if block.kind in ("heading", "paragraph") else None
        if risk is not None:
            first = _first_sentence(block.lines) if block.kind == "paragraph" else text
            title = first[first.casefold().index(":") + 1 :].strip()
            level = _LEVEL.search(title)
            self.open(Kind.RISK, title[: level.start()].strip().rstrip(".") if level else title.rstrip("."), block, original="")
            if level and self.current is not None:
                self.current.fields["risknivå"] = level["level"]
            rest = _after_first_sentence(block.lines) if block.kind == "paragraph" else []
            if rest:
                self.body(_Block("paragraph", rest))
            return index + 1
        if block.kind == "heading":
            self.heading(block, text, folded)
            return index + 1
        if _LEGEND.match(folded) or folded.startswith("vid rott och gult"):
            self.close()
            self.add(self.text(block))
            return index + 1
        if self.current is not None:
            self.body(block)
        else:
            self.add(self.text(block))
        return index + 1

    def heading(self, block: _Block, text: str, folded: str) -> None:
        word = folded.rstrip(":").strip()
        section = any(word == section or word.startswith(section + " ") for section in SECTION_WORDS)
        if self.current is not None and section:
            self.current.body.append(Text([text.rstrip(":")], "lead"))
            return
        self.close()
        area = self._goal_area(text)
        if area is not None:
            self.goal_area = area
        self.nodes.append(Heading(text.rstrip(":"), block.level or 2))

    def _goal_area(self, text: str) -> str | None:
        folded = fold(text).removeprefix("malomrade").strip(" :-")
        for area in self.goal_areas:
            if folded == fold(area) or folded.startswith(fold(area) + " "):
                return area
        if folded in ("overgripande", "overgripande uppdrag"):
            return ""
        return None

    def open(self, kind: Kind, title: str, block: _Block, *, original: str, level: str = "") -> None:
        self.close()
        obj = Obj(kind, " ".join(title.split()), goal_area=self.goal_area)
        if kind is Kind.UPPDRAG:
            head, separator, rest = obj.title.partition(" - ")
            if separator and fold(head) in ("overgripande", "kommungemensamt"):
                obj.title = rest[:1].upper() + rest[1:]
        if kind is Kind.MAL and level in ("namndmal", "forvaltningsmal"):
            obj.fields["nivå"] = "nämnd"
        elif kind is Kind.MAL and level == "kommunmal":
            obj.fields["nivå"] = "kommun"
        obj.original_title = original
        self.current = obj
        self.opened_at = block.level

    def close(self) -> None:
        if self.current is not None:
            self.nodes.append(self.current)
            self.current = None
        self.nodes.extend(self.pending)
        self.pending = []

    def add(self, node: Node) -> None:
        if isinstance(node, Text):
            self._indicators(node)
        self.nodes.append(node)
        if isinstance(node, Text):
            self.nodes.extend(self.pending)
            self.pending = []

    def text(self, block: _Block) -> Text:
        return Text(list(block.lines), "item" if block.kind == "item" else "paragraph", block.level)

    def body(self, block: _Block) -> None:
        obj = self.current
        assert obj is not None
        text = self.text(block)
        joined = " ".join(block.lines).strip()
        folded = fold(joined)
        field = _FIELD.match(folded)
        if field is not None and obj.kind is not Kind.INDIKATOR:
            value = joined[len(joined) - len(field["value"]) :].strip() if field["value"] else ""
            key = {
                "orsak": "orsak",
                "kommentar": "kommentar" if obj.kind is Kind.RISK else "",
                "atgard och kontrollinsats": "åtgärd",
                "atgard": "åtgärd" if obj.kind is Kind.RISK else "åtgärder",
            }.get(field["key"], "åtgärder" if obj.kind is not Kind.RISK else "åtgärd")
            if key and value and key not in obj.fields:
                obj.fields[key] = value
        self._status(obj, joined, folded, block)
        self._indicators(text)
        obj.body.append(text)

    def _status(self, obj: Obj, joined: str, folded: str, block: _Block) -> None:
        if obj.status is not None and not obj.status_from_prose:
            return  # an explicit status line (or the first of them) has been read
        word = None
        for line in block.lines:
            match = _STATUS_AT_END.search(status_fold(line)) or _STATUS_FIELD.match(status_fold(line))
            if match is not None:
                word = match["word"]
                joined = line
                break
        if word is not None:
            pass
        elif _STATUS_ONLY.match(status_fold(joined)) and len(block.lines) == 1:
            word = _STATUS_ONLY.match(status_fold(joined))["word"]  # type: ignore[index]
        elif obj.kind is Kind.MAL and obj.status is None:
            goal = _GOAL_STATUS.search(folded)
            if goal is not None:
                obj.status = Status.ROD if goal["not"] else Status.GUL if goal["partly"] else Status.GRON
                obj.status_from = joined[goal.start() : goal.end() + 2].strip()
                obj.status_from_prose = True
                return
        if word is not None:
            obj.status = _STATUS_WORDS[word]
            obj.status_from = joined.strip()
            obj.status_from_prose = False

    def _indicators(self, text: Text) -> None:
        joined = " ".join(text.lines)
        match = _STARTLAGE.search(joined)
        if match is None:
            return
        title = joined[: match.start()].strip().rstrip("(,.;: ")
        title = re.sub(r"\s+(har|ska|skall|bör)\s+(ökat|öka|minskat|minska|bibehållits?)\s*$", "", title)
        title = re.sub(r",\s*andel\s*\(%\)\s*i\s+\S+$", "", title).strip().rstrip(",.")
        if not title:
            return
        indicator = Obj(Kind.INDIKATOR, title, goal_area=self.goal_area)
        values = [value for value in _VALUE.finditer(match["values"])]
        own = next((value for value in values if "tyres" in fold(value["name"]) or "kommun" in fold(value["name"])), None)
        year = match["year"]
        if own is not None:
            indicator.fields["startläge"] = f"{year}: {own['value'].replace('.', ',')}"
        comparisons = [value for value in values if value is not own]
        if comparisons:
            indicator.fields["jämförelse"] = "; ".join(
                f"{fold(value['name']).strip()} {year}: {value['value'].replace('.', ',')}" for value in comparisons
            )
        if any(value["unit"] for value in values) or "%" in match["values"]:
            indicator.fields["enhet"] = "%"
        text.refers.append(indicator)  # the line itself stays where it was, with a reference to the indicator
        self.pending.append(indicator)

    def table(self, block: _Block) -> None:
        rows = [row for row in block.rows if any(cell.strip() for cell in row)]
        table = finance_table(rows)
        if table is None and self._status_table(rows):
            return
        node = table or Table(rows)
        if self.current is not None:
            self.current.body.append(node)
        else:
            self.nodes.append(node)

    def _status_table(self, rows: list[list[str]]) -> bool:
        """A table whose rows name an object and its colour: one object (with its status) per row."""
        with_status = [row for row in rows if any(fold(cell) in _STATUS_WORDS for cell in row)]
        if len(with_status) < 1 or len(with_status) < (len(rows) - 1) / 2:
            return False
        self.close()
        context = (
            " ".join(" ".join(row) for row in rows[:1])
            + " "
            + " ".join(node.text for node in self.nodes[-3:] if isinstance(node, Heading))
        )
        kind = Kind.UPPDRAG if "uppdrag" in fold(context) else Kind.MAL
        for row in rows:
            cells = [cell.strip() for cell in row if cell.strip()]
            status_cells = [cell for cell in cells if fold(cell) in _STATUS_WORDS]
            others = [cell for cell in cells if fold(cell) not in _STATUS_WORDS]
            if not status_cells:
                area = self._goal_area(" ".join(others)) if others else None
                if area is not None:
                    self.goal_area = area
                elif others:
                    self.nodes.append(Comment("rad i tabellen: " + " | ".join(others)))
                continue
            title = max(others, key=len) if others else ""
            if not title:
                continue
            obj = Obj(kind, title, goal_area=self.goal_area, status=_STATUS_WORDS[fold(status_cells[0])])
            obj.status_from = " | ".join(cells)
            obj.notes.append(f"status läst ur en tabell i originalet ({obj.status_from})")
            obj.body.append(Text([f"Ur tabellen i originalet: {' | '.join(cells)}"]))
            if len(others) > 1:
                obj.fields["kommentar" if kind is Kind.RISK else "orsak"] = ""
            self.nodes.append(obj)
        return True

    def _status_rows(self) -> None:
        """Plain-text status tables (OCR): two or more lines in a row that end in a colour, outside objects."""
        result: list[Node] = []
        run: list[Text] = []

        def flush() -> None:
            if len(run) >= 2:
                for text in run:
                    line = text.lines[0]
                    match = re.search(r"\s+(grön|gul|röd|gront|grönt|gult|rött)\s*$", line, re.IGNORECASE)
                    assert match is not None
                    obj = Obj(Kind.UPPDRAG, line[: match.start()].strip(), status=_STATUS_WORDS[fold(match.group(1))])
                    obj.status_from = line
                    obj.notes.append(f"status läst ur en tabellrad i originalet ('{line}')")
                    obj.body.append(Text([f"Ur tabellen i originalet: {line}"]))
                    result.append(obj)
            else:
                result.extend(run)
            run.clear()

        for node in self.nodes:
            if (
                isinstance(node, Text)
                and node.kind == "paragraph"
                and len(node.lines) == 1
                and re.search(r"\S.{2,}\s+(grön|gul|röd|grönt|gult|rött)\s*$", node.lines[0], re.IGNORECASE)
                and not _LEGEND.match(fold(node.lines[0]))
            ):
                run.append(node)
                continue
            flush()
            result.append(node)
        flush()
        self.nodes = result


def _first_sentence(lines: list[str]) -> str:
    text = " ".join(lines).strip()
    match = re.search(r"(?<=[a-zåäö)])\.\s", text)
    return text[: match.start()].strip() if match else text.rstrip(".")


def _after_first_sentence(lines: list[str]) -> list[str]:
    text = " ".join(lines).strip()
    match = re.search(r"(?<=[a-zåäö)])\.\s", text)
    if not match:
        return []
    rest = text[match.end() :].strip()
    return [rest] if rest else []


# --- financial tables -----------------------------------------------------------------------------------


def _number(cell: str) -> decimal.Decimal | None:
    cell = cell.strip()
    if not cell or not re.search(r"\d", cell):
        return None
    try:
        return parse_number(cell)
    except NumberError:
        return None


def finance_table(rows: list[list[str]]) -> Table | None:
    """A table of amounts: a header row, labels in the first column, numbers in the others; roles guessed."""
    if len(rows) < 3 or len(rows[0]) < 2:
        return None
    width = max(len(row) for row in rows)
    rows = [[cell.strip() for cell in row] + [""] * (width - len(row)) for row in rows]
    header, data = rows[0], rows[1:]
    cells = [cell for row in data for cell in row[1:] if cell]
    numbers = [cell for cell in cells if _number(cell) is not None]
    if not cells or len(numbers) < 0.6 * len(cells) or len(numbers) < 3:
        return None
    header = [cell or f"Kolumn {index}" for index, cell in enumerate(header)]
    header[0] = header[0] if rows[0][0] else "Rad"
    table = Table([header, *data], finance=True)
    roles: dict[str, str] = {}
    for index, name in enumerate(header[1:], start=1):
        column = [row[index] for row in data if row[index]]
        if column and sum(1 for cell in column if _number(cell) is None) > len(column) / 2:
            roles[name] = "text"
            continue
        role = next((role for word, role in _ROLE_WORDS if word in fold(name)), "belopp")
        roles[name] = role
    _differences(table, roles)
    table.roles = roles
    _sums(table)
    if any(role != "belopp" for role in roles.values()):
        table.notes.append(
            "kolumnernas roller är gissade från rubrikerna: " + "; ".join(f"{key} = {value}" for key, value in roles.items())
        )
    return table


def _differences(table: Table, roles: dict[str, str]) -> None:
    """An 'avvikelse' column that is one column minus another on every row gets that formula."""
    header, data = table.rows[0], table.rows[1:]
    for index, name in enumerate(header[1:], start=1):
        if roles.get(name) != "avvikelse":
            continue
        others = [
            i
            for i, other in enumerate(header[1:], start=1)
            if i != index and roles.get(other) in ("utfall", "prognos", "budget", "belopp")
        ]
        for left, right in itertools.permutations(others, 2):
            checked = 0
            holds = True
            for row in data:
                values = [_number(row[i]) for i in (index, left, right)]
                if any(value is None for value in values):
                    continue
                difference, a, b = values
                assert difference is not None and a is not None and b is not None
                checked += 1
                if abs(difference - (a - b)) > 2:
                    holds = False
                    break
            if holds and checked >= 2:
                roles[name] = f"{header[left]} - {header[right]}"
                break


def _sums(table: Table) -> None:
    """Rows named like sums ('Summa intäkter', 'Totalt') that add up the rows above them, or two sums."""
    header, data = table.rows[0], table.rows[1:]
    numeric = [index for index, name in enumerate(header[1:], start=1) if table.roles.get(name) != "text"]
    start = 0
    sums_so_far: list[int] = []
    for position, row in enumerate(data):
        label = fold(row[0])
        values = [_number(row[index]) for index in numeric]
        if all(value is None for value in values):
            start = position + 1  # a heading row ('Intäkter'): the next sum starts below it
            continue
        if not label.startswith(_SUM_WORDS):
            continue
        above = data[start:position]
        if above and _adds_up(row, above, numeric):
            table.sums[row[0]] = "ovanför"
        elif len(sums_so_far) >= 2 and _adds_up(row, [data[index] for index in sums_so_far[-2:]], numeric):
            table.sums[row[0]] = " + ".join(data[index][0] for index in sums_so_far[-2:])
        else:
            table.notes.append(
                f"raden '{row[0]}' ser ut som en summa men stämmer inte med raderna ovanför: kontrollera siffrorna"
            )
        sums_so_far.append(position)
        start = position + 1


def _adds_up(row: list[str], terms: list[list[str]], numeric: list[int]) -> bool:
    checked = 0
    for index in numeric:
        total = _number(row[index])
        if total is None:
            continue
        parts = [_number(term[index]) for term in terms]
        value = sum((part for part in parts if part is not None), decimal.Decimal(0))
        if abs(total - value) > len(terms):
            return False
        checked += 1
    return checked > 0


def text_tables(found: list[Line]) -> list[Line]:
    """Financial tables written as text (OCR, a flattened PDF) turned into tables: a header line with column
    words ('Budget 2016 Utfall 2016 Avvikelse'), then lines of a label and as many amounts as there are columns."""
    out: list[Line] = []
    index = 0
    while index < len(found):
        line = found[index]
        columns = _header_columns(line.text) if not line.style else None
        if columns is None:
            out.append(line)
            index += 1
            continue
        label, names = columns
        rows: list[list[str]] = [[label, *names]]
        cursor = index + 1
        while cursor < len(found):
            candidate = found[cursor]
            if candidate.style:
                break
            if not candidate.text.strip():
                cursor += 1
                continue
            row = _amount_row(candidate.text, len(names))
            if row is None:
                break
            rows.append(row)
            cursor += 1
        if len(rows) >= 3:
            out.append(Line("", line.page, "table", rows=tuple(tuple(row) for row in rows)))
            index = cursor
        else:
            out.append(line)
            index += 1
    return out


def _header_columns(text: str) -> tuple[str, list[str]] | None:
    tokens = text.split()
    folded = [fold(token) for token in tokens]
    roles = [index for index, token in enumerate(folded) if any(token.startswith(word) for word, _ in _ROLE_WORDS)]
    years = [index for index, token in enumerate(tokens) if re.fullmatch(r"(19|20)\d\d", token)]
    if len(roles) + len(years) < 2 or len(tokens) > 16:
        return None
    first = min(roles + years)
    label = " ".join(tokens[:first]) or "Rad"
    rest = tokens[first:]
    if not roles:
        return (label, rest) if all(re.fullmatch(r"(19|20)\d\d", token) for token in rest) else None
    year_first = bool(re.fullmatch(r"(19|20)\d\d", rest[0]))
    names: list[str] = []
    current: list[str] = []
    for token in rest:
        is_role = any(fold(token).startswith(word) for word, _ in _ROLE_WORDS)
        if year_first:
            current.append(token)
            if is_role:
                names.append(" ".join(current))
                current = []
        else:
            if is_role and current:
                names.append(" ".join(current))
                current = []
            current.append(token)
    if current:
        if year_first and names:
            return None
        names.append(" ".join(current))
    return (label, names) if len(names) >= 2 else None


def _amount_row(text: str, width: int) -> list[str] | None:
    tokens = text.split()
    start = len(tokens)
    while start > 0 and _NUMBER_TOKEN.match(tokens[start - 1]):
        start -= 1
    label, amounts = " ".join(tokens[:start]), tokens[start:]
    if not label or not amounts:
        return None
    partitions = list(_partitions(amounts, width))
    if len(partitions) != 1:
        return None
    return [label, *partitions[0]]


def _partitions(tokens: list[str], width: int) -> Iterator[list[str]]:
    """The ways to read amount tokens as ``width`` numbers: '1 493' is one number, '-6 880' too."""
    if width == 0:
        if not tokens:
            yield []
        return
    if not tokens or not re.fullmatch(r"[-−–]?\d{1,3}|[-−–]?\d+[,.]\d+|[-−–]?\d{4,}", tokens[0]):
        return
    for length in range(1, len(tokens) + 1):
        group = tokens[:length]
        if length > 1 and not re.fullmatch(r"\d{3}(?:[,.]\d+)?", group[-1]):
            break
        if length > 1 and not re.fullmatch(r"[-−–]?\d{1,3}", group[0]):
            break
        for rest in _partitions(tokens[length:], width - 1):
            yield [" ".join(group), *rest]


# --- front matter ---------------------------------------------------------------------------------------

_KIND_WORDS = (
    ("arsredovisning", ReportKind.ARSREDOVISNING),
    ("verksamhetsberattelse", ReportKind.VERKSAMHETSBERATTELSE),
    ("delarsrapport", ReportKind.DELARSRAPPORT),
    ("delarsbokslut", ReportKind.DELARSRAPPORT),
    ("kommunplan", ReportKind.KOMMUNPLAN),
    ("namndplan", ReportKind.NAMNDPLAN),
    ("verksamhetsplan", ReportKind.VERKSAMHETSPLAN),
    ("uppfoljning", ReportKind.UPPFOLJNING),
)


def _report_kind_in(text: str) -> ReportKind | None:
    folded = fold(text).replace("_", " ").replace("-", " ")
    for word, kind in _KIND_WORDS:
        if re.search(rf"(?<![a-z]){word}", folded):
            return kind
    return None


@dataclasses.dataclass
class FrontGuess:
    kind: ReportKind | None = None
    period: Period | None = None
    organ: str = ""
    sources: dict[str, str] = dataclasses.field(default_factory=dict)  # key → where it was found


def guess_front_matter(file_name: str, title: str, head_text: str, organs: tuple[str, ...]) -> FrontGuess:
    """Report kind, period and organ from the file name and the report's title lines; None where they do not say."""
    guess = FrontGuess()
    places = [("filnamnet", file_name.replace("_", " ").replace("-", " ")), ("rubriken", title), ("början av texten", head_text)]
    for where, text in places:
        if guess.kind is None and text:
            guess.kind = _report_kind_in(text)
            if guess.kind is not None:
                guess.sources["rapporttyp"] = where
    for where, text in places[:2] + ([places[2]] if guess.kind is not None else []):
        if guess.period is None and text:
            guess.period = _period_in(text, guess.kind)
            if guess.period is not None:
                guess.sources["period"] = where
    for where, text in places:
        if not guess.organ and text:
            folded = fold(text).replace("-", " ")
            hits = [organ for organ in organs if fold(organ).replace("-", " ") in folded or _slug(organ) in _slug(text)]
            if len(hits) == 1:
                guess.organ = hits[0]
                guess.sources["organ"] = where
    return guess


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", fold(text))


def _period_in(text: str, kind: ReportKind | None) -> Period | None:
    folded = fold(text)
    years = re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", folded)
    part_match = re.search(r"(?<![a-z0-9])(?:t\s?([12])|tertial\s+([12]))(?![0-9])", folded)
    if part_match is None:
        part_match = re.search(r"delar(?:srapport|sbokslut)?\s+([12])", folded)
    if len(set(years)) != 1:
        if len(set(years)) > 1 and kind is not None and kind.is_plan:
            return None
        if not years:
            return None
    year = int(years[0])
    if part_match is not None:
        return Period(year, int(next(group for group in part_match.groups() if group)))
    if kind in (ReportKind.ARSREDOVISNING, ReportKind.VERKSAMHETSBERATTELSE) or re.search(r"\bhelar\b|\bar\s?\d", folded):
        return Period(year, 3)
    if kind is not None and kind.is_plan:
        return Period(year, 0)
    return None
