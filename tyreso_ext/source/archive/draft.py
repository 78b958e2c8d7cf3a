"""The report draft made of an old report: front matter, headings, text, objects with ids matched against the
project's own objects, financial tables as CSV files with an ``ekonomitabell``, and marks for review.

:func:`import_file` runs the whole import of one file: extract → repair (OCR'd text only) → recognise →
draft. The draft always carries at least one mark for review (``% granska: …``, TY037), so that no import
passes a strict build before a person has read it against the original.
"""

from __future__ import annotations

import collections
import dataclasses
import re
from pathlib import Path

from tyreso_ext.model.ids import MAX_ID_LENGTH, slugify
from tyreso_ext.model.objects import Kind, ReportKind
from tyreso_ext.model.period import Period
from tyreso_ext.model.review import review_mark
from tyreso_ext.model.status import Status
from tyreso_ext.model.text import fold, shorten
from tyreso_ext.source.archive.extract import Extracted, Line, Progress, extract
from tyreso_ext.source.archive.ocr_repair import Doubt, Lexicon, Repair, Repairer, looks_ocr, ocr_profile
from tyreso_ext.source.archive.recognise import (
    Comment,
    Heading,
    Obj,
    Recognised,
    Table,
    Text,
    guess_front_matter,
    recognise,
    text_tables,
)
from tyreso_ext.source.project import Project

PART_FOLDERS = {0: "plan", 1: "T1", 2: "T2", 3: "AR"}
_STOPWORDS = {"och", "att", "som", "det", "för", "med", "har", "till", "den", "ska", "kan", "inom", "från", "samt", "över", "hos"}


class ImportError_(Exception):  # noqa: N801 - ImportError is Python's own
    """A file that can be read but not made into a draft (what is missing is asked for by flag)."""


@dataclasses.dataclass(frozen=True)
class Known:
    kind: Kind
    id: str
    title: str


@dataclasses.dataclass
class Wanted:
    """What the flags say; None where the file must tell."""

    kind: ReportKind | None = None
    period: Period | None = None
    organ: str = ""
    ocr_language: str = "swe"


@dataclasses.dataclass
class ImportResult:
    source: Path
    draft: Path
    text: str
    data_files: dict[str, str]  # file name (beside the draft) → CSV text
    method: str
    kind: ReportKind
    period: Period
    organ: str
    objects: collections.Counter[str]
    statuses: collections.Counter[str]
    matched: int
    tables: int
    finance_tables: int
    repairs: list[Repair]
    doubts: list[Doubt]
    marks: int
    lines: int  # lines of text in the source


def known_objects(project: Project) -> list[Known]:
    """Every object of the project's reports (through the reader the build uses), a plan's first."""
    found: dict[tuple[Kind, str], Known] = {}
    for path in project.report_files():
        document = project.read(path)
        for obj in document.objects:
            key = (obj.kind, obj.id)
            if key not in found or (document.report is not None and document.report.is_plan):
                found[key] = Known(obj.kind, obj.id, obj.title)
    return list(found.values())


def project_lexicon(project: Project | None) -> Lexicon:
    texts: list[str] = []
    if project is not None:
        for path in project.report_files():
            try:
                texts.append(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
    return Lexicon.from_texts(texts, project.settings.organs if project is not None else ())


def import_file(
    path: Path,
    project: Project,
    wanted: Wanted,
    lexicon: Lexicon,
    known: list[Known],
    *,
    target: Path | None = None,
    progress: Progress | None = None,
    taken: set[Path] | None = None,
) -> ImportResult:
    """One file made into a draft (not yet written: the caller writes ``text`` and ``data_files``)."""
    say = progress or (lambda _: None)
    extracted = extract(path, ocr_language=wanted.ocr_language, progress=say)
    text_lines = [line.text for line in extracted.lines if line.style != "table"]
    all_text = "\n".join(text_lines)
    if not all_text.strip() and not any(line.rows for line in extracted.lines):
        raise ImportError_(f"{path.name}: ingen text hittades i filen (en tom sida, eller en bild utan läsbar text).")
    repairs: list[Repair] = []
    doubts: list[Doubt] = []
    lines = extracted.lines
    if extracted.method == "ocr" or (extracted.method in ("text", "pdf-text") and looks_ocr(all_text, lexicon)):
        profile = ocr_profile(all_text)
        say(f"lagar OCR-fel ({'OCR utan svenska tecken' if profile == 'blind' else 'svensk OCR'})")
        lines, repairs, doubts = _repair(lines, Repairer(lexicon, profile, all_text))
    lines = text_tables(lines)
    recognised = recognise(lines, project.settings.goal_areas)
    head = "\n".join(line.text for line in lines[:40])
    guess = guess_front_matter(path.stem, recognised.title, head, project.settings.organs)
    kind = wanted.kind or guess.kind
    period = wanted.period or guess.period
    organ = wanted.organ or guess.organ
    missing = [
        flag
        for flag, value in (("--rapporttyp", kind), ("--period", period), ("--organ", organ))
        if not value  # never invented: asked for
    ]
    if missing:
        said = {"--rapporttyp": "rapporttypen", "--period": "perioden", "--organ": "organet"}
        raise ImportError_(
            f"{path.name}: {_listed([said[flag] for flag in missing])} framgår inte av filnamnet eller texten. "
            f"Ange {_listed(missing)}, till exempel "
            + " ".join(
                {
                    "--rapporttyp": "--rapporttyp uppföljning",
                    "--period": "--period 2023-T2",
                    "--organ": "--organ Kommunstyrelsen",
                }[flag]
                for flag in missing
            )
            + "."
        )
    assert kind is not None and period is not None
    draft_path = target or free_path(default_target(project, period, organ), taken or set())
    renderer = _Renderer(recognised, kind, period, organ, known, doubts, draft_path)
    text, data_files = renderer.render(path.name, extracted, repairs)
    objects = list(recognised.objects())
    return ImportResult(
        source=path,
        draft=draft_path,
        text=text,
        data_files=data_files,
        method=extracted.method_label,
        kind=kind,
        period=period,
        organ=organ,
        objects=collections.Counter(obj.kind.value for obj in objects),
        statuses=collections.Counter(obj.status.value for obj in objects if obj.status is not None),
        matched=sum(1 for obj in objects if obj.matched),
        tables=sum(1 for _ in recognised.tables()),
        finance_tables=sum(1 for table in recognised.tables() if table.finance),
        repairs=repairs,
        doubts=doubts,
        marks=text.count("\n% granska:"),
        lines=sum(1 for line in text_lines if line.strip()),
    )


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " och " + words[-1]


def _repair(lines: list[Line], repairer: Repairer) -> tuple[list[Line], list[Repair], list[Doubt]]:
    out: list[Line] = []
    repairs: list[Repair] = []
    doubts: list[Doubt] = []
    for number, line in enumerate(lines, start=1):
        if line.style == "table":
            rows = []
            for row in line.rows:
                cells = []
                for cell in row:
                    new, fixed, doubtful = repairer.repair_line(cell, number)
                    cells.append(new)
                    repairs += fixed
                    doubts += doubtful
                rows.append(tuple(cells))
            out.append(dataclasses.replace(line, rows=tuple(rows)))
            continue
        following = lines[number].text if number < len(lines) and not lines[number].style else ""
        new, fixed, doubtful = repairer.repair_line(line.text, number, following)
        out.append(dataclasses.replace(line, text=new))
        repairs += fixed
        doubts += doubtful
    return out, repairs, doubts


def default_target(project: Project, period: Period, organ: str) -> Path:
    """reports/<år>/<plan|T1|T2|AR>/<organ>.md in the project's first report folder."""
    folder = project.report_dirs[0] if project.report_dirs else "reports"
    return project.root / folder / str(period.year) / PART_FOLDERS[period.part] / f"{slugify(organ) or 'rapport'}.md"


def free_path(path: Path, taken: set[Path]) -> Path:
    """The path, or '<namn>-import.md', '<namn>-import-2.md' … when it exists: an import never overwrites."""
    candidate = path
    number = 1
    while candidate.exists() or candidate in taken:
        suffix = "-import" if number == 1 else f"-import-{number}"
        candidate = path.with_name(f"{path.stem}{suffix}{path.suffix}")
        number += 1
    return candidate


# --- ids --------------------------------------------------------------------------------------------------


def _tokens(title: str) -> set[str]:
    return {word[:5] for word in re.findall(r"[a-z0-9]+", fold(title)) if len(word) > 2 and word not in _STOPWORDS}


def match_known(obj: Obj, known: list[Known]) -> Known | None:
    """The project's object with the same title, or one clearly the most alike (by words); None otherwise."""
    same_kind = [item for item in known if item.kind is obj.kind]
    for item in same_kind:
        if fold(item.title) == fold(obj.title) or slugify(item.title) == slugify(obj.title):
            return item
    mine = _tokens(obj.title)
    if not mine:
        return None
    scored = []
    for item in same_kind:
        theirs = _tokens(item.title)
        if not theirs:
            continue
        common = len(mine & theirs)
        score = 2 * common / (len(mine) + len(theirs))
        if len(theirs) >= 2 and theirs <= mine:
            score = max(score, 0.8)
        scored.append((score, item.id, item))
    scored.sort(key=lambda entry: (-entry[0], entry[1]))
    if scored and scored[0][0] >= 0.6 and (len(scored) == 1 or scored[0][0] - scored[1][0] >= 0.1):
        return scored[0][2]
    return None


def new_id(title: str, used: set[str]) -> str:
    base = slugify(title)[:60].rstrip("-") or "objekt"
    if len(slugify(title)) > 60 and "-" in base:
        base = base[: base.rindex("-")]
    candidate, number = base, 2
    while candidate in used:
        candidate = f"{base}-{number}"[:MAX_ID_LENGTH]
        number += 1
    return candidate


# --- Markdown ---------------------------------------------------------------------------------------------

_LINE_START = re.compile(r"^(#|>|[-+*](?=\s)|\d+[.)](?=\s)|%|\||:::|```|~~~|=+\s*$|-{3,}\s*$)")


def _escape(line: str) -> str:
    """Text as the source wrote it, so that Markdown shows it as text (never a heading, list, role or HTML)."""
    line = line.replace("\\", "\\\\").replace("`", "\\`").replace("<", "\\<")
    line = re.sub(r"\{(?=[\w:-]+\})", r"\\{", line)
    line = line.replace("[Att skriva", "\\[Att skriva")
    match = _LINE_START.match(line)
    if match:
        line = "\\" + line if not match.group(1)[0].isdigit() else re.sub(r"^(\d+)([.)])", r"\1\\\2", line)
    return line


def _field(value: str) -> str:
    return " ".join(value.split())


class _Renderer:
    def __init__(
        self,
        recognised: Recognised,
        kind: ReportKind,
        period: Period,
        organ: str,
        known: list[Known],
        doubts: list[Doubt],
        draft_path: Path,
    ) -> None:
        self.recognised = recognised
        self.kind = kind
        self.period = period
        self.organ = organ
        self.known = known
        self.doubtful = {doubt.word: doubt.suggestions for doubt in doubts}
        self.draft_path = draft_path
        self.data_files: dict[str, str] = {}
        self.out: list[str] = []
        self.heading_level = 1

    def render(self, source_name: str, extracted: Extracted, repairs: list[Repair]) -> tuple[str, dict[str, str]]:
        self._ids()
        title = self.recognised.title
        front = [
            "---",
            f"rapporttyp: {self.kind.value}",
            f'period: "{self.period.code}"' if self.period.is_plan_year else f"period: {self.period.code}",
        ]
        front.append(f"organ: {self.organ}")
        if title:
            front.append(f"titel: {_yaml_string(title)}")
        front.append("---")
        self.out += front
        self.out.append("")
        repaired = f", {len(repairs)} ord lagade efter OCR" if repairs else ""
        self.out.append(
            review_mark(f"utkast importerat från {source_name} ({extracted.method_label}{repaired}); läs det mot originalet")
        )
        self.out.append("")
        self.out.append(f"# {title or self._constructed_title()}")
        self.out.append("")
        nodes = list(self.recognised.nodes)
        index = 0
        while index < len(nodes):
            node = nodes[index]
            following = nodes[index + 1] if index + 1 < len(nodes) else None
            if (
                isinstance(node, Text)
                and node.kind == "paragraph"
                and isinstance(following, Table)
                and following.finance
                and not following.title
                and len(node.lines) == 1
                and len(node.lines[0]) <= 90
                and not node.lines[0].endswith(".")
            ):
                following.title = node.lines[0]  # the line above a table is its caption
                index += 1
                continue
            if (
                title
                and index < 3
                and " ".join(node.lines if isinstance(node, Text) else [getattr(node, "text", "")]).strip() == title
            ):
                index += 1
                continue  # the title line became the page's heading
            if isinstance(node, Text) and node.kind == "item":
                items = [node]
                while index + 1 < len(nodes) and isinstance(nodes[index + 1], Text) and nodes[index + 1].kind == "item":  # type: ignore[union-attr]
                    index += 1
                    items.append(nodes[index])  # type: ignore[arg-type]
                self._items(items)
            else:
                self._node(node)
            index += 1
        while self.out and not self.out[-1]:
            self.out.pop()
        return "\n".join(self.out) + "\n", self.data_files

    def _constructed_title(self) -> str:
        part = {0: "", 1: " T1", 2: " T2", 3: ""}[self.period.part]
        return f"{self.kind.label}{part} {self.period.year} – {self.organ}"

    def _ids(self) -> None:
        used = {item.id for item in self.known}
        mine: set[str] = set()
        for obj in self.recognised.objects():
            match = match_known(obj, self.known)
            if match is not None and match.id not in mine:
                obj.id, obj.matched = match.id, True
                if fold(match.title) != fold(obj.title):
                    obj.original_title = obj.original_title or (obj.title if obj.kind is not Kind.INDIKATOR else "")
                    obj.title = match.title
            else:
                obj.id = new_id(obj.title, used | mine)
                obj.notes.append("nytt id (inget objekt i projektet har liknande rubrik)")
            mine.add(obj.id)

    # --- nodes

    def _node(self, node: Heading | Text | Comment | Obj | Table) -> None:
        if isinstance(node, Heading):
            level = node.level if node.level else self.heading_level + 1
            level = min(max(level + 1, 2), 4)
            self.heading_level = level - 1
            self.out += [f"{'#' * level} {_escape(node.text).lstrip('#').strip() or node.text}", ""]
            self._doubt_mark([node.text])
        elif isinstance(node, Comment):
            self.out += [f"% {' '.join(node.text.split())}", ""]
        elif isinstance(node, Text):
            self._text(node)
        elif isinstance(node, Table):
            self._table(node)
        else:
            self._object(node)

    def _text(self, node: Text, into: list[str] | None = None) -> None:
        out = self.out if into is None else into
        lines = [_escape(line) for line in node.lines if line.strip()]
        if not lines:
            return
        if node.kind == "lead":
            out += [f"**{lines[0].rstrip('.:')}.**", ""]
            return
        refs = [f"Se {{indikator}}`{obj.id}`." for obj in node.refers if obj.id]
        if refs:
            lines[-1] = f"{lines[-1]} {' '.join(refs)}"
        out += lines
        out.append("")
        self._doubt_mark(node.lines, out)

    def _items(self, items: list[Text], into: list[str] | None = None) -> None:
        out = self.out if into is None else into
        for item in items:
            lines = [_escape(line) for line in item.lines if line.strip()]
            if not lines:
                continue
            refs = [f"Se {{indikator}}`{obj.id}`." for obj in item.refers if obj.id]
            if refs:
                lines[-1] = f"{lines[-1]} {' '.join(refs)}"
            indent = "  " * min(item.level, 3)
            out.append(f"{indent}- {lines[0]}")
            out += [f"{indent}  {line}" for line in lines[1:]]
        out.append("")
        self._doubt_mark([line for item in items for line in item.lines], out)

    def _doubt_mark(self, lines: list[str], into: list[str] | None = None) -> None:
        out = self.out if into is None else into
        words: dict[str, tuple[str, ...]] = {}
        for line in lines:
            for word in re.findall(r"[^\W_]+|\{[^\W\d_]+", line):
                if word in self.doubtful:
                    words.setdefault(word, self.doubtful[word])
        if not words:
            return
        described = ", ".join(
            f"'{word}'" + (f" (förslag: {' eller '.join(suggestions)})" if suggestions else "")
            for word, suggestions in words.items()
        )
        out += [review_mark(f"osäkra ord efter OCR: {described}"), ""]

    def _table(self, table: Table, into: list[str] | None = None) -> None:
        out = self.out if into is None else into
        if table.finance:
            self._finance(table, out)
            return
        width = max(len(row) for row in table.rows)
        rows = [[_escape(cell).replace("|", "\\|") for cell in row] + [""] * (width - len(row)) for row in table.rows]
        out.append("| " + " | ".join(rows[0]) + " |")
        out.append("|" + "---|" * width)
        out += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        out.append("")
        self._doubt_mark([cell for row in table.rows for cell in row], out)

    def _finance(self, table: Table, out: list[str]) -> None:
        number = len(self.data_files) + 1
        title = table.title or f"Tabell {number}"
        name = f"{self.draft_path.stem}-{slugify(title)[:40].rstrip('-') or number}.csv"
        while name in self.data_files:
            name = name.replace(".csv", f"-{number}.csv")
        self.data_files[name] = "\n".join(";".join(cell.replace(";", ",") for cell in row) for row in table.rows) + "\n"
        out.append(f":::{{ekonomitabell}} {_field(title)}")
        out.append(f":fil: {name}")
        roles = "; ".join(f"{column} = {role}" for column, role in table.roles.items() if role != "belopp")
        if roles:
            out.append(f":kolumner: {roles}")
        if table.sums:
            out.append(":summor: " + "; ".join(f"{row} = {how}" for row, how in table.sums.items()))
        out.append(":::")
        out.append("")
        notes = ["tabellen är läst ur originalet och sparad som " + name, *table.notes]
        out += [review_mark("; ".join(notes)), ""]

    def _object(self, obj: Obj) -> None:
        follow_up = not self.kind.is_plan
        fields: list[tuple[str, str]] = [("id", obj.id)]
        if obj.goal_area and obj.kind is not Kind.RISK:
            fields.append(("målområde", obj.goal_area))
        order = ("nivå", "enhet", "riktning", "startläge", "målvärde", "utfall", "jämförelse", "källa", "risknivå", "åtgärd")
        fields += [(key, obj.fields[key]) for key in order if obj.fields.get(key)]
        status_key = "bedömning" if obj.kind is Kind.RISK else "status"
        notes = list(obj.notes)
        if obj.kind is Kind.RISK and "risknivå" in obj.fields and not 1 <= int(obj.fields["risknivå"]) <= 25:
            fields = [(key, value) for key, value in fields if key != "risknivå"]
        if obj.status is not None:
            fields.append((status_key, obj.status.value))
            notes.append(f"status {obj.status.value} ur '{shorten(obj.status_from, 70)}'")
        elif follow_up and obj.kind is not Kind.INDIKATOR:
            fields.append((status_key, Status.EJ_BEDOMD.value))
            notes.append(f"ingen {status_key} i originalet: 'ej bedömd' tills vidare")
        for key in ("orsak", "åtgärder", "kommentar"):
            if obj.fields.get(key):
                fields.append((key, obj.fields[key]))
        explained = obj.fields.get("orsak") and obj.fields.get("åtgärder")
        if obj.status is not None and obj.status.needs_explanation and obj.kind is not Kind.RISK and not explained:
            notes.append("skriv orsak och åtgärder ur originalet")
        if obj.matched:
            notes.insert(0, "id från projektets objekt med liknande rubrik")
        self.out.append(f":::{{{obj.kind.value}}} {_field(obj.title)}")
        self.out += [f":{key}: {_field(value)}" for key, value in fields]
        self.out.append("")
        if obj.original_title and fold(obj.original_title) != fold(obj.title):
            self.out += [f"% rubrik i originalet: {' '.join(obj.original_title.split())}", ""]
        self.out += [review_mark(f"{obj.kind.label.lower()} '{shorten(obj.title, 50)}': " + "; ".join(notes)), ""]
        self._doubt_mark([obj.title, *obj.fields.values()])
        body = obj.body
        index = 0
        while index < len(body):
            part = body[index]
            if isinstance(part, Text) and part.kind == "item":
                items = [part]
                while index + 1 < len(body) and isinstance(body[index + 1], Text) and body[index + 1].kind == "item":  # type: ignore[union-attr]
                    index += 1
                    items.append(body[index])  # type: ignore[arg-type]
                self._items(items)
            elif isinstance(part, Text):
                self._text(part)
            elif isinstance(part, Table):
                self._table(part)
            else:
                self.out += [f"% {' '.join(part.text.split())}", ""]
            index += 1
        while self.out and not self.out[-1]:
            self.out.pop()
        self.out += [":::", ""]


def _yaml_string(value: str) -> str:
    value = " ".join(value.split())
    if re.search(r"[:#\[\]{}&*!|>'\"%@`,]", value) or value[:1] in "-?" or value != value.strip():
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value
