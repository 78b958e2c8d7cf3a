"""Financial tables: CSV data, declared column roles, declared sums and differences, checked with a tolerance.

A table is written as the ``ekonomitabell`` directive. Its data is CSV, either in the directive's
body or in a file beside the report (``:fil:``). Options declare what the columns are
(``:kolumner:``), which rows are sums (``:summor:``) and how far a stated figure may be from the
computed one (``:tolerans:``, per term). Everything here runs without Sphinx, so the build and
``tyreso check`` find the same problems:

- TY021: a declared difference or sum does not add up beyond the tolerance;
- TY022: ``:fil:`` points outside the source folder, or the file cannot be read;
- TY023: the table is malformed (bad CSV, unknown column or role, a cell that is not a number).
"""

from __future__ import annotations

import csv
import dataclasses
import decimal
from collections.abc import Iterator
from pathlib import Path

from tyreso_ext.model.findings import Finding
from tyreso_ext.model.numbers import NumberError, format_number, parse_number
from tyreso_ext.model.paths import is_inside
from tyreso_ext.model.text import did_you_mean, fold, quoted_list

DIRECTIVE = "ekonomitabell"
OPTIONS = ("fil", "enhet", "kolumner", "summor", "tolerans", "känt-fel")
ROLES = ("utfall", "budget", "prognos", "avvikelse", "belopp", "text")
DEFAULT_UNIT = "tkr"
ABOVE = "ovanför"
_ABOVE_WORDS = {fold(ABOVE), fold("raderna ovanför")}
_EMPTY_CELLS = {"", "–", "-", "—", "\u2212"}
_OPERATORS = {"+": 1, "-": -1, "\u2212": -1, "–": -1}
MAX_FILE_BYTES = 2_000_000


@dataclasses.dataclass(frozen=True)
class FinanceSource:
    """What the reader (tyreso_ext.source.reader) found in the text of one directive."""

    title: str
    options: dict[str, str | None]
    option_lines: dict[str, int]
    body: str
    body_line: int  # the source line of the body's first line
    path: str  # the report, relative to the source folder, as findings name it
    line: int


@dataclasses.dataclass(frozen=True)
class Term:
    """One operand of a declared sum or difference: a column or row name with its sign."""

    sign: int
    name: str


@dataclasses.dataclass(frozen=True)
class Column:
    """A column: its header, its role and, for a computed column, the columns it is made of."""

    name: str
    role: str
    terms: tuple[Term, ...] = ()

    @property
    def is_number(self) -> bool:
        return self.role != "text"


@dataclasses.dataclass
class Row:
    """One table row: its label, its cells as written and as numbers, and where it was written."""

    label: str
    cells: list[str]  # as written, one per column (the first is the label)
    values: list[decimal.Decimal | None]  # None for empty, text and unreadable cells
    path: str
    line: int
    kind: str = "data"  # "data", "sum" or "heading" (no numbers at all)
    bad: set[int] = dataclasses.field(default_factory=set)  # columns whose cell is no number
    terms: tuple[tuple[int, int], ...] = ()  # for a sum row: (sign, row index) of each term
    formula: str = ""  # for a sum row: how the sum reads in a message


@dataclasses.dataclass(frozen=True)
class Check:
    """One declared relation at one cell, with the computed and the stated value."""

    row: int
    column: int
    expected: decimal.Decimal
    stated: decimal.Decimal
    formula: str
    allowed: decimal.Decimal

    @property
    def difference(self) -> decimal.Decimal:
        return self.stated - self.expected

    @property
    def holds(self) -> bool:
        return abs(self.difference) <= self.allowed


@dataclasses.dataclass
class FinanceTable:
    """A read table, ready to be rendered: columns, rows, and the mismatches the source acknowledges."""

    title: str
    unit: str
    columns: list[Column]
    rows: list[Row]
    tolerance: decimal.Decimal
    checks: list[Check] = dataclasses.field(default_factory=list)
    acknowledged: list[Check] = dataclasses.field(default_factory=list)

    @property
    def caption(self) -> str:
        """The caption names the unit: 'Resultaträkning (tkr)', or 'Belopp i tkr' without a title."""
        return f"{self.title} ({self.unit})" if self.title else f"Belopp i {self.unit}"

    def note(self, check: Check) -> str:
        """The reader's note for an acknowledged mismatch of the original document."""
        row, column = self.rows[check.row].label, self.columns[check.column].name
        return (
            f"Summan stämmer inte i originalet: {row}, {column} anges till {format_number(check.stated)}, "
            f"men {check.formula} = {format_number(check.expected)} (skillnad {format_number(check.difference)} {self.unit}). "
            "Siffran återges som i originalet."
        )


class DataFileError(ValueError):
    """A ``:fil:`` that must not or cannot be read."""


def resolve_data_file(written: str, report_file: Path, root: Path) -> Path:
    """The file ``written`` names, relative to the report's folder; never a file outside ``root``.

    The path is resolved with its symbolic links before it is compared with the source folder, and
    nothing is opened before that comparison.
    """
    text = written.strip()
    if not text:
        raise DataFileError("':fil:' saknar värde. Skriv filens namn, till exempel ':fil: nettokostnad.csv'.")
    candidate = Path(text)
    if candidate.is_absolute() or text.startswith(("~", "\\")) or (len(text) > 1 and text[1] == ":"):
        raise DataFileError(
            f"Filen '{text}' anges med fullständig sökväg. Lägg filen i rapportprojektet och skriv sökvägen "
            "från rapportens mapp, till exempel ':fil: nettokostnad.csv'."
        )
    resolved = (report_file.parent / candidate).resolve()
    if not is_inside(resolved, root):
        raise DataFileError(
            f"Filen '{text}' ligger utanför rapportprojektets mapp och läses inte. Lägg filen bredvid rapporten "
            "och skriv bara dess namn."
        )
    return resolved


def read_data_file(path: Path, written: str) -> str:
    """The text of a data file inside the source folder (UTF-8, at most MAX_FILE_BYTES)."""
    name = written.strip()
    if not path.is_file():
        raise DataFileError(f"Filen '{name}' finns inte. Kontrollera namnet; sökvägen räknas från rapportens mapp.")
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise DataFileError(f"Filen '{name}' är större än {MAX_FILE_BYTES // 1_000_000} MB. Dela upp tabellen.")
        data = path.read_bytes()
    except OSError as error:
        raise DataFileError(f"Filen '{name}' kan inte läsas ({error.strerror or error}).") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataFileError(
            f"Filen '{name}' är inte sparad som UTF-8 (fel vid byte {error.start}). Spara den som UTF-8 (CSV UTF-8)."
        ) from None


def read_finance_table(
    source: FinanceSource, root: Path | None, report_file: Path | None
) -> tuple[FinanceTable | None, list[Finding], Path | None]:
    """Read and check one table: the table (None when it cannot be read), the findings, and the data file read.

    Without ``root`` (a reading that does not know the project folder) a ``:fil:`` table is not read.
    """
    reader = _TableReader(source)
    table = reader.read(root, report_file)
    return table, sorted(reader.findings), reader.data_file


class _TableReader:
    def __init__(self, source: FinanceSource) -> None:
        self.source = source
        self.findings: list[Finding] = []
        self.data_file: Path | None = None
        self.name = f"Tabellen '{' '.join(source.title.split())}'" if source.title.strip() else "Tabellen"
        self.written_file = ""
        self.file_key = "fil"

    # --- where a problem is --------------------------------------------------------------------

    def at_option(self, code: str, key: str, message: str) -> None:
        line = self.source.option_lines.get(key, self.source.line)
        self.findings.append(Finding(self.source.path, line, code, f"{self.name}: {message}"))

    def at(self, code: str, path: str, line: int, message: str) -> None:
        """A problem in the data. In a data file it is located at the report's ':fil:' line and names the file's
        line in words: the report is what the user checks (``tyreso check rapport.md``) and what the build names."""
        if path == self.source.path:
            self.findings.append(Finding(path, line, code, f"{self.name}: {message}"))
            return
        where = f"{self.name} (filen '{self.written_file}', rad {line})"
        located = self.source.option_lines.get(self.file_key, self.source.line)
        self.findings.append(Finding(self.source.path, located, code, f"{where}: {message}"))

    # --- reading -------------------------------------------------------------------------------

    def read(self, root: Path | None, report_file: Path | None) -> FinanceTable | None:
        values, keys = self._options()
        tolerance = self._tolerance(values, keys)
        text, data_path, first_line = self._data(values, keys, root, report_file)
        if text is None:
            return None
        parsed = self._csv(text, data_path, first_line)
        if parsed is None:
            return None
        header, rows = parsed
        columns = self._columns(header, values.get("kolumner", ""), keys.get("kolumner", "kolumner"))
        decimals = self._numbers(columns, rows)
        for row in rows:
            if all(
                row.values[index] is None and index not in row.bad
                for index, column in enumerate(columns)
                if column.is_number and index
            ):
                row.kind = "heading"
        self._sums(rows, values.get("summor", ""), keys.get("summor", "summor"))
        if tolerance is None:
            tolerance = decimal.Decimal(1).scaleb(-decimals)
        table = FinanceTable(
            title=" ".join(self.source.title.split()),
            unit=values.get("enhet") or DEFAULT_UNIT,
            columns=columns,
            rows=rows,
            tolerance=tolerance,
        )
        known = self._known_errors(table, values.get("känt-fel", ""), keys.get("känt-fel", "känt-fel"))
        self._check(table, known, keys.get("känt-fel", "känt-fel"))
        return table

    def _options(self) -> tuple[dict[str, str], dict[str, str]]:
        values: dict[str, str] = {}
        keys: dict[str, str] = {}
        for key, raw in self.source.options.items():
            option = next(
                (allowed for allowed in OPTIONS if fold(allowed) == fold(key) or fold(allowed) == fold(key).replace(" ", "-")),
                None,
            )
            if option is None:
                self.at_option(
                    "TY005",
                    key,
                    f"okänt fält '{key}' för {DIRECTIVE}.{did_you_mean(key, list(OPTIONS))} "
                    f"Tillåtna fält är {quoted_list(list(OPTIONS))}.",
                )
                continue
            keys[option] = key
            if (raw or "").strip():
                values[option] = " ".join((raw or "").split())
        return values, keys

    def _tolerance(self, values: dict[str, str], keys: dict[str, str]) -> decimal.Decimal | None:
        if "tolerans" not in values:
            return None
        try:
            tolerance = parse_number(values["tolerans"])
        except NumberError as error:
            self.at_option("TY016", keys["tolerans"], f"fältet 'tolerans': {error}")
            return None
        if tolerance < 0:
            self.at_option(
                "TY016",
                keys["tolerans"],
                f"fältet 'tolerans' får inte vara negativt ({values['tolerans']}). Skriv till exempel ':tolerans: 1'.",
            )
            return None
        return tolerance

    def _data(
        self, values: dict[str, str], keys: dict[str, str], root: Path | None, report_file: Path | None
    ) -> tuple[str | None, str, int]:
        """The CSV text, the path its findings name, and the line of its first line."""
        body = self.source.body
        has_body = bool(body.strip())
        if "fil" in keys and has_body:
            self.at_option(
                "TY023",
                keys["fil"],
                "tabellen har både ':fil:' och tabellrader i texten. Välj det ena: ta bort raderna eller ':fil:'.",
            )
            return None, "", 0
        if "fil" not in keys:
            if not has_body:
                self.at_option(
                    "TY023",
                    "",
                    "tabellen saknar data. Skriv raderna som CSV under fälten, eller ange en fil med ':fil: namn.csv'.",
                )
                return None, "", 0
            return body, self.source.path, self.source.body_line
        written = values.get("fil", "")
        self.written_file, self.file_key = written, keys["fil"]
        if root is None or report_file is None:
            return None, "", 0
        try:
            path = resolve_data_file(written, report_file, root)
            self.data_file = path
            text = read_data_file(path, written)
        except DataFileError as error:
            message = str(error)
            self.at_option("TY022", keys["fil"], message[:1].lower() + message[1:])
            return None, "", 0
        return text, path.relative_to(root.resolve()).as_posix(), 1

    def _csv(self, text: str, path: str, first_line: int) -> tuple[list[str], list[Row]] | None:
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        header_line = next((line for line in lines if line.strip()), "")
        delimiter = ";" if ";" in header_line else "\t" if "\t" in header_line else ","
        reader = csv.reader(lines, delimiter=delimiter, strict=True, skipinitialspace=False)
        header: list[str] | None = None
        rows: list[Row] = []
        start = 1
        try:
            while True:
                start = reader.line_num + 1
                try:
                    cells = next(reader)
                except StopIteration:
                    break
                line = first_line + start - 1
                cells = [" ".join(cell.split()) for cell in cells]
                if not any(cells):
                    continue
                if header is None:
                    header = cells
                    if len(header) < 2:
                        self.at(
                            "TY023",
                            path,
                            line,
                            "rubrikraden har bara en kolumn. Skilj kolumnerna åt med semikolon, "
                            "till exempel 'Verksamhet;Utfall;Budget'.",
                        )
                        return None
                    header_line_number = line
                    continue
                if len(cells) != len(header):
                    self.at(
                        "TY023",
                        path,
                        line,
                        f"raden '{cells[0]}' har {len(cells)} celler men rubrikraden har {len(header)}. "
                        "Varje rad ska ha lika många celler som rubrikraden; lämna en cell tom med två semikolon i rad.",
                    )
                    cells = (cells + [""] * len(header))[: len(header)]
                if not cells[0]:
                    self.at("TY023", path, line, "en rad saknar radrubrik i första kolumnen. Skriv vad raden gäller.")
                rows.append(Row(label=cells[0], cells=cells, values=[None] * len(cells), path=path, line=line))
        except csv.Error as error:
            self.at("TY023", path, first_line + start - 1, f"raden kan inte läsas som CSV ({error}). Kontrollera citattecknen.")
            return None
        if header is None:
            self.at("TY023", path, first_line, "tabellen är tom. Skriv en rubrikrad och minst en rad med siffror.")
            return None
        seen: dict[str, str] = {}
        for name in header[1:]:
            if not name:
                self.at("TY023", path, header_line_number, "en kolumn saknar rubrik. Ge varje kolumn en rubrik i första raden.")
                return None
            if fold(name) in seen:
                self.at("TY023", path, header_line_number, f"kolumnen '{name}' finns två gånger. Ge kolumnerna olika rubriker.")
                return None
            seen[fold(name)] = name
        if not rows:
            self.at("TY023", path, header_line_number, "tabellen har bara en rubrikrad. Lägg till raderna med siffror.")
            return None
        return header, rows

    def _assignments(self, declared: str, key: str, usage: str) -> Iterator[tuple[str, str]]:
        """The 'Name = spec' entries of an option; a malformed one is reported (TY023) and skipped."""
        for entry in _entries(declared):
            name, sep, spec = entry.partition("=")
            name, spec = name.strip(), spec.strip()
            if sep and name and spec:
                yield name, spec
            else:
                self.at_option("TY023", key, f"'{entry}' i {usage}")

    def _columns(self, header: list[str], declared: str, key: str) -> list[Column]:
        columns = [Column(header[0], "text")] + [Column(name, "belopp") for name in header[1:]]
        by_fold = {fold(column.name): index for index, column in enumerate(columns)}
        usage = "':kolumner:' ska skrivas 'Kolumn = roll', till exempel 'Utfall = utfall' eller 'Avvikelse = Utfall - Budget'."
        for name, spec in self._assignments(declared, key, usage):
            index = by_fold.get(fold(name))
            if index is None:
                self.at_option(
                    "TY023",
                    key,
                    f"':kolumner:' nämner kolumnen '{name}', som inte finns i tabellen.{did_you_mean(name, header)} "
                    f"Kolumnerna är {quoted_list(header)}.",
                )
                continue
            if index == 0:
                if fold(spec) != "text":
                    self.at_option(
                        "TY023",
                        key,
                        f"den första kolumnen, '{header[0]}', innehåller radrubrikerna och kan bara ha rollen 'text'.",
                    )
                continue
            role = next((role for role in ROLES if fold(role) == fold(spec)), None)
            if role is not None:
                columns[index] = Column(columns[index].name, role)
                continue
            try:
                terms = parse_terms(spec, [column.name for column in columns[1:]])
            except ValueError as error:
                allowed = quoted_list(list(ROLES))
                self.at_option(
                    "TY023",
                    key,
                    f"'{spec}' för kolumnen '{name}' är varken en roll eller en beräkning av andra kolumner. {error} "
                    f"Tillåtna roller är {allowed}; en beräkning skrivs till exempel 'Utfall - Budget'.",
                )
                continue
            if any(fold(term.name) == fold(name) for term in terms):
                self.at_option("TY023", key, f"kolumnen '{name}' kan inte räknas fram ur sig själv.")
                continue
            columns[index] = Column(columns[index].name, "avvikelse", terms)
        for index, column in enumerate(columns):
            for term in column.terms:
                if columns[by_fold[fold(term.name)]].role == "text":
                    self.at_option("TY023", key, f"kolumnen '{column.name}' räknas ur '{term.name}', som har rollen 'text'.")
                    columns[index] = Column(column.name, column.role)
                    break
        return columns

    def _numbers(self, columns: list[Column], rows: list[Row]) -> int:
        """Read every number cell; the largest number of decimals written."""
        decimals = 0
        for row in rows:
            for index, column in enumerate(columns):
                if index == 0 or not column.is_number:
                    continue
                written = row.cells[index]
                if written.strip() in _EMPTY_CELLS:
                    continue
                try:
                    value = parse_number(written)
                except NumberError:
                    row.bad.add(index)
                    self.at(
                        "TY023",
                        row.path,
                        row.line,
                        f"cellen i raden '{row.label}', kolumnen '{column.name}' är inget tal: '{written}'. Skriv bara talet, "
                        "till exempel -1 254 eller 3,5, utan enhet. Lämna cellen tom om värde saknas.",
                    )
                    continue
                row.values[index] = value
                exponent = value.as_tuple().exponent
                if isinstance(exponent, int):
                    decimals = max(decimals, -exponent)
        return decimals

    def _sums(self, rows: list[Row], declared: str, key: str) -> None:
        labels = [row.label for row in rows]
        entries: list[tuple[int, str]] = []
        usage = "':summor:' ska skrivas 'Rad = ovanför' eller 'Rad = Rad A + Rad B', till exempel 'Summa intäkter = ovanför'."
        for name, spec in self._assignments(declared, key, usage):
            index = self._row_index(rows, name, key, "':summor:'")
            if index is not None:
                rows[index].kind = "sum"
                entries.append((index, spec))
        for index, spec in entries:
            row = rows[index]
            if fold(spec) in _ABOVE_WORDS:
                above = []
                for position in range(index - 1, -1, -1):
                    if rows[position].kind in ("sum", "heading"):
                        break
                    above.append(position)
                above.reverse()
                if not above:
                    self.at_option("TY023", key, f"det finns inga rader direkt ovanför '{row.label}' att summera.")
                    row.kind = "data"
                    continue
                row.terms = tuple((1, position) for position in above)
                row.formula = _above_formula([rows[position].label for position in above])
                continue
            try:
                terms = parse_terms(spec, labels)
            except ValueError as error:
                self.at_option(
                    "TY023",
                    key,
                    f"summan '{row.label}' kan inte läsas: {error} Skriv 'ovanför' eller raderna med + och -, "
                    "till exempel 'Summa intäkter + Summa kostnader'.",
                )
                row.kind = "data"
                continue
            positions = []
            for term in terms:
                found = self._row_index(rows, term.name, key, f"summan '{row.label}'")
                if found is None:
                    break
                positions.append((term.sign, found))
            else:
                if any(position == index for _, position in positions):
                    self.at_option("TY023", key, f"summan '{row.label}' kan inte räknas fram ur sig själv.")
                    row.kind = "data"
                    continue
                row.terms = tuple(positions)
                row.formula = _formula(terms)
                continue
            row.kind = "data"

    def _row_index(self, rows: list[Row], name: str, key: str, where: str) -> int | None:
        hits = [index for index, row in enumerate(rows) if fold(row.label) == fold(name)]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            labels = list(dict.fromkeys(row.label for row in rows))
            self.at_option("TY023", key, f"{where} nämner raden '{name}', som inte finns i tabellen.{did_you_mean(name, labels)}")
        else:
            self.at_option(
                "TY023",
                key,
                f"{where} nämner raden '{name}', som finns {len(hits)} gånger i tabellen. Använd 'ovanför' för raderna under en "
                "rubrikrad, eller ge raderna olika namn.",
            )
        return None

    def _known_errors(self, table: FinanceTable, declared: str, key: str) -> set[tuple[int, int]]:
        known: set[tuple[int, int]] = set()
        for entry in _entries(declared):
            row_name, sep, column_name = entry.partition("/")
            if not sep or not row_name.strip() or not column_name.strip():
                self.at_option(
                    "TY023", key, f"'{entry}' i ':känt-fel:' ska skrivas 'Rad / Kolumn', till exempel 'Resultat / 2014 utfall'."
                )
                continue
            row_index = self._row_index(table.rows, row_name.strip(), key, "':känt-fel:'")
            column_index = next(
                (index for index, column in enumerate(table.columns) if fold(column.name) == fold(column_name)), None
            )
            if column_index is None:
                names = [column.name for column in table.columns[1:]]
                self.at_option(
                    "TY023",
                    key,
                    f"':känt-fel:' nämner kolumnen '{column_name.strip()}', som inte finns i tabellen."
                    f"{did_you_mean(column_name, names)}",
                )
            if row_index is not None and column_index is not None:
                known.add((row_index, column_index))
        return known

    # --- checking ------------------------------------------------------------------------------

    def _check(self, table: FinanceTable, known: set[tuple[int, int]], key: str) -> None:
        columns, rows = table.columns, table.rows
        by_fold = {fold(column.name): index for index, column in enumerate(columns)}
        for row_index, row in enumerate(rows):
            if row.kind == "heading":
                continue
            for column_index, column in enumerate(columns):
                if column.terms:
                    operands = [
                        (term.sign, row.values[by_fold[fold(term.name)]], by_fold[fold(term.name)] in row.bad)
                        for term in column.terms
                    ]
                    self._relation(table, row_index, column_index, operands, _formula(column.terms))
                if row.kind == "sum" and column_index and column.is_number:
                    operands = [
                        (sign, rows[position].values[column_index], column_index in rows[position].bad)
                        for sign, position in row.terms
                    ]
                    self._relation(table, row_index, column_index, operands, row.formula)
        mismatches = {(check.row, check.column) for check in table.checks if not check.holds}
        for check in table.checks:
            if not check.holds and (check.row, check.column) in known:
                table.acknowledged.append(check)
            elif not check.holds:
                row, column = rows[check.row], columns[check.column]
                self.at(
                    "TY021",
                    row.path,
                    row.line,
                    f"i raden '{row.label}', kolumnen '{column.name}' står {format_number(check.stated)}, men {check.formula} = "
                    f"{format_number(check.expected)} (skillnad {format_number(check.difference)} {table.unit}, tillåtet "
                    f"±{format_number(check.allowed)} {table.unit}). Rätta siffran, eller de siffror den räknas fram ur. "
                    "Är felet en del av ett original som ska återges oförändrat, skriv "
                    f"':känt-fel: {row.label} / {column.name}'.",
                )
        for row_index, column_index in sorted(known - mismatches):
            row, column = rows[row_index], columns[column_index]
            checked = any(check.row == row_index and check.column == column_index for check in table.checks)
            reason = "stämmer" if checked else "kontrolleras inte av någon deklarerad summa eller beräkning"
            self.at_option(
                "TY016",
                key,
                f"':känt-fel:' anger raden '{row.label}', kolumnen '{column.name}', men den cellen {reason}. "
                "Ta bort den ur ':känt-fel:'.",
            )

    def _relation(
        self,
        table: FinanceTable,
        row_index: int,
        column_index: int,
        operands: list[tuple[int, decimal.Decimal | None, bool]],
        formula: str,
    ) -> None:
        row = table.rows[row_index]
        stated = row.values[column_index]
        if stated is None or column_index in row.bad or any(bad for _, _, bad in operands):
            return
        present = [(sign, value) for sign, value, _ in operands if value is not None]
        if not present:
            return
        expected = sum((sign * value for sign, value in present), decimal.Decimal(0))
        allowed = table.tolerance * len(present)
        table.checks.append(Check(row_index, column_index, expected, stated, formula, allowed))


# --- small parsers shared by the declarations ---------------------------------------------------


def _entries(declared: str) -> list[str]:
    return [entry.strip() for entry in declared.split(";") if entry.strip()]


def parse_terms(text: str, names: list[str]) -> tuple[Term, ...]:
    """Read 'A - B + C' where A, B, C are names that may themselves hold spaces or hyphens.

    At each position the longest known name is taken, so 'Budget helår - Utfall' works with the
    names 'Budget', 'Budget helår' and 'Utfall'. Raises ValueError with a Swedish message.
    """
    text = " ".join(text.split())
    ordered = sorted({" ".join(name.split()) for name in names if name.strip()}, key=len, reverse=True)
    terms: list[Term] = []
    position, sign, expect_name = 0, 1, True
    while position < len(text):
        char = text[position]
        if char == " ":
            position += 1
            continue
        if expect_name:
            if char in _OPERATORS and not terms and sign == 1:
                sign = _OPERATORS[char]
                position += 1
                continue
            rest = text[position:]
            match = next(
                (
                    name
                    for name in ordered
                    if rest[: len(name)].casefold() == name.casefold()
                    and (len(rest) == len(name) or rest[len(name)] == " " or rest[len(name)] in _OPERATORS)
                ),
                None,
            )
            if match is None:
                word = rest.split(" ")[0]
                raise ValueError(f"'{rest}' börjar inte med någon känd rubrik.{did_you_mean(word, ordered)}")
            terms.append(Term(sign, match))
            position += len(match)
            expect_name = False
        else:
            if char not in _OPERATORS:
                raise ValueError(f"Efter '{terms[-1].name}' väntades + eller - men det står '{text[position:]}'.")
            sign = _OPERATORS[char]
            position += 1
            expect_name = True
    if not terms or expect_name:
        raise ValueError(f"'{text}' slutar med ett räknetecken eller saknar namn.")
    return tuple(terms)


def _formula(terms: tuple[Term, ...] | list[Term]) -> str:
    parts = []
    for index, term in enumerate(terms):
        if index == 0:
            parts.append(("\u2212 " if term.sign < 0 else "") + term.name)
        else:
            parts.append(("\u2212 " if term.sign < 0 else "+ ") + term.name)
    return " ".join(parts)


def _above_formula(labels: list[str]) -> str:
    if len(labels) <= 3:
        return " + ".join(labels)
    return f"summan av de {len(labels)} raderna ovanför ({labels[0]} … {labels[-1]})"
