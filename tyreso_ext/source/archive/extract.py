"""Text and tables out of an old report: PDF with a text layer (pdfplumber), scanned PDF and images (Tesseract),
Word .docx (python-docx: headings, lists, tables) and plain text.

What comes out is a list of :class:`Line`: a raw text line (from a text file, a text layer or OCR, blank
lines between paragraphs), or a paragraph, heading or list item that Word already marked, or a table. The
structure is recognised afterwards (:mod:`recognise`), the same way for every kind of file.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

TEXT_SUFFIXES = (".txt", ".text")
WORD_SUFFIXES = (".docx",)
PDF_SUFFIXES = (".pdf",)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp", ".pnm")
SUFFIXES = TEXT_SUFFIXES + WORD_SUFFIXES + PDF_SUFFIXES + IMAGE_SUFFIXES
OCR_DPI = 300
MIN_PAGE_TEXT = 25  # characters: a PDF page with less text than this is taken as a scan and OCR'd
DEFAULT_OCR_LANGUAGE = "swe"
# What Debian calls the packages that bring Tesseract and its language models.
_TESSERACT_PACKAGES = {"swe": "tesseract-ocr-swe", "eng": "tesseract-ocr-eng"}

Progress = Callable[[str], None]


class ExtractError(Exception):
    """A file that cannot be read: its kind, its content or a missing program. The message says what to do."""


@dataclasses.dataclass(frozen=True)
class Line:
    """One line of the source, or a structure Word (or a PDF's fonts) already gave."""

    text: str
    page: int = 1
    style: str = ""  # "": a raw line; "paragraph", "heading", "item": from Word or a PDF's font sizes; "table"
    level: int = 0  # a heading's level (1 is the largest), a list item's depth
    rows: tuple[tuple[str, ...], ...] = ()  # a table's cells, row by row


@dataclasses.dataclass
class Extracted:
    """The lines of one file and how they were read."""

    lines: list[Line]
    method: str  # "word", "pdf-text", "ocr", "text"
    pages: int = 1
    ocr_pages: int = 0  # pages read by OCR
    ocr_language: str = ""

    @property
    def method_label(self) -> str:
        labels = {"word": "Word-dokument", "pdf-text": "PDF med textlager", "ocr": "skannat (OCR)", "text": "textfil"}
        label = labels.get(self.method, self.method)
        if self.method == "pdf-text" and self.ocr_pages:
            label += f", {self.ocr_pages} skannade sidor (OCR)"
        if self.ocr_language:
            label += f", OCR-modell {self.ocr_language}"
        return label


def extract(path: Path, *, ocr_language: str = DEFAULT_OCR_LANGUAGE, progress: Progress | None = None) -> Extracted:
    """Read one file by its kind (its suffix)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ExtractError(f"Filen finns inte: {path}")
    if suffix in TEXT_SUFFIXES:
        return Extracted(read_text_lines(path.read_bytes()), "text")
    if suffix in WORD_SUFFIXES:
        return _word(path)
    if suffix in PDF_SUFFIXES:
        return _pdf(path, ocr_language, progress or _quiet)
    if suffix in IMAGE_SUFFIXES:
        text = ocr_image(path, ocr_language)
        return Extracted(_raw_lines(text, 1), "ocr", 1, 1, ocr_language)
    if suffix in (".doc", ".odt", ".rtf", ".wpd"):
        raise ExtractError(
            f"{path.name}: filtypen {suffix} läses inte. Spara dokumentet som .docx eller PDF och importera det igen."
        )
    raise ExtractError(f"{path.name}: okänd filtyp '{suffix or 'utan ändelse'}'. Kända: {', '.join(SUFFIXES)}.")


def _quiet(_: str) -> None:
    return None


def read_text_lines(data: bytes) -> list[Line]:
    """A text file's lines (UTF-8, else Windows-1252); a form feed starts a new page, as pdftotext writes it."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines: list[Line] = []
    for number, page in enumerate(text.split("\f"), start=1):
        lines += _raw_lines(page, number)
    return lines


def _raw_lines(text: str, page: int) -> list[Line]:
    return [Line(line.rstrip(), page) for line in text.replace("\f", "\n").split("\n")]


# --- Word ---------------------------------------------------------------------------------------------


def _word(path: Path) -> Extracted:
    try:
        import docx  # python-docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - a dependency of the package
        raise ExtractError("Paketet python-docx saknas. Installera om verktyget.") from None
    try:
        document = docx.Document(str(path))
    except Exception as error:  # a damaged or renamed file: say so, never a traceback
        raise ExtractError(f"{path.name} kan inte läsas som Word-dokument (.docx): {error}") from None
    lines: list[Line] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines += _word_paragraph(Paragraph(element, document))
        elif tag == "tbl":
            rows = _word_rows(Table(element, document))
            if rows:
                lines.append(Line("", style="table", rows=rows))
    return Extracted(lines, "word")


def _word_paragraph(paragraph: Any) -> list[Line]:
    text = paragraph.text.replace("\xa0", " ").strip()
    if not text:
        return []
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    folded = style.casefold()
    for prefix in ("heading ", "rubrik "):
        if folded.startswith(prefix) and folded[len(prefix) :].strip().isdigit():
            return [Line(" ".join(text.split()), style="heading", level=int(folded[len(prefix) :]))]
    if folded in ("title", "rubrik"):
        return [Line(" ".join(text.split()), style="heading", level=0)]
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if numbered or "list" in folded or "lista" in folded or "liststycke" in folded:
        level = 0
        if numbered and paragraph._p.pPr.numPr.ilvl is not None:
            level = int(paragraph._p.pPr.numPr.ilvl.val or 0)
        return [Line(" ".join(part.split()), style="item", level=level) for part in text.split("\n") if part.strip()]
    return [Line(" ".join(part.split()), style="paragraph") for part in text.split("\n") if part.strip()]


def _word_rows(table: Any) -> tuple[tuple[str, ...], ...]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # a merged cell is repeated by python-docx: once is enough
                continue
            previous = cell._tc
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append(tuple(cells))
    return tuple(rows)


# --- PDF ----------------------------------------------------------------------------------------------


def _pdf(path: Path, language: str, progress: Progress) -> Extracted:
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a dependency of the package
        raise ExtractError("Paketet pdfplumber saknas. Installera om verktyget.") from None
    lines: list[Line] = []
    ocr_pages = 0
    try:
        with pdfplumber.open(str(path)) as pdf:
            pages = len(pdf.pages)
            for number, page in enumerate(pdf.pages, start=1):
                text_lines = _pdf_page_lines(page, number)
                if sum(len(line.text) for line in text_lines) >= MIN_PAGE_TEXT:
                    lines += text_lines
                    continue
                progress(f"sidan {number} av {pages} saknar textlager: läser den med OCR")
                lines += _raw_lines(_ocr_pdf_page(path, number - 1, language), number)
                lines.append(Line("", number))
                ocr_pages += 1
    except ExtractError:
        raise
    except Exception as error:  # a damaged, encrypted or renamed file
        raise ExtractError(f"{path.name} kan inte läsas som PDF: {error}") from None
    if ocr_pages == pages:
        return Extracted(lines, "ocr", pages, ocr_pages, language)
    return Extracted(lines, "pdf-text", pages, ocr_pages, language if ocr_pages else "")


def _pdf_page_lines(page: Any, number: int) -> list[Line]:
    """A text layer's lines in reading order, a blank line where the gap says a paragraph ends, tables in place."""
    tables = [table for table in page.find_tables() if len(table.rows) >= 2]
    boxes = [table.bbox for table in tables]

    def outside(obj: dict[str, Any]) -> bool:
        middle_x, middle_y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= middle_x <= x1 and top <= middle_y <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(lambda obj: obj.get("object_type") != "char" or outside(obj)) if boxes else page
    found = text_page.extract_text_lines(return_chars=True)
    sizes = [round(char["size"], 1) for line in found for char in line["chars"] if char["text"].strip()]
    body = statistics.median(sizes) if sizes else 0.0
    big = sorted({size for size in sizes if body and size >= body * 1.15}, reverse=True)
    heights = [line["bottom"] - line["top"] for line in found]
    height = statistics.median(heights) if heights else 0.0
    items: list[tuple[float, Line]] = []
    previous_bottom: float | None = None
    for line in found:
        text = " ".join(line["text"].split())
        if not text:
            continue
        if previous_bottom is not None and line["top"] - previous_bottom > 0.7 * height:
            items.append((line["top"] - 0.01, Line("", number)))
        previous_bottom = line["bottom"]
        line_sizes = [round(char["size"], 1) for char in line["chars"] if char["text"].strip()]
        size = statistics.median(line_sizes) if line_sizes else body
        if size in big and len(text) <= 120:
            level = big.index(size) + 1
            last = items[-1][1] if items else None
            if last is not None and last.style == "heading" and last.level == level:  # a heading wrapped over two lines
                items[-1] = (items[-1][0], dataclasses.replace(last, text=f"{last.text} {text}"))
            else:
                items.append((line["top"], Line(text, number, "heading", level)))
        else:
            items.append((line["top"], Line(text, number)))
    for table in tables:
        rows = tuple(tuple(" ".join((cell or "").split()) for cell in row) for row in table.extract())
        rows = tuple(row for row in rows if any(row))
        if rows:
            items.append((table.bbox[1], Line("", number, "table", rows=rows)))
            items.append((table.bbox[3], Line("", number)))
    items.sort(key=lambda item: item[0])
    lines = [line for _, line in items]
    return [*lines, Line("", number)]


def _ocr_pdf_page(path: Path, index: int, language: str) -> str:
    import pypdfium2

    with tempfile.TemporaryDirectory(prefix="tyreso-ocr-") as folder:
        image = Path(folder) / "sida.png"
        pdf = pypdfium2.PdfDocument(str(path))
        try:
            pdf[index].render(scale=OCR_DPI / 72).to_pil().save(image)
        finally:
            pdf.close()
        return ocr_image(image, language)


# --- OCR ----------------------------------------------------------------------------------------------


def tesseract_languages() -> set[str]:
    """The language models installed for Tesseract (empty when Tesseract is missing)."""
    binary = shutil.which("tesseract")
    if binary is None:
        return set()
    done = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, check=False)
    return {line.strip() for line in done.stdout.splitlines()[1:] if line.strip()}


def ocr_image(path: Path, language: str = DEFAULT_OCR_LANGUAGE) -> str:
    """The text Tesseract reads in an image (every page of a multi-page TIFF)."""
    binary = shutil.which("tesseract")
    package = _TESSERACT_PACKAGES.get(language, f"tesseract-ocr-{language}")
    if binary is None:
        raise ExtractError(
            f"{path.name} är en bild eller skanning och behöver OCR, men programmet Tesseract saknas. "
            f"Installera Debianpaketen tesseract-ocr och {package} (make test-deps gör det)."
        )
    if language not in tesseract_languages():
        raise ExtractError(f"Tesseracts språkmodell '{language}' saknas. Installera Debianpaketet {package}.")
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one thread: faster than two that contend
    done = subprocess.run(
        [binary, str(path), "stdout", "-l", language, "--psm", "3"],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    if done.returncode != 0:
        message = " ".join(done.stderr.split())[-300:]
        raise ExtractError(f"{path.name}: Tesseract kunde inte läsa bilden ({message or 'okänt fel'}).")
    return done.stdout


def iter_inputs(paths: list[Path]) -> Iterator[Path]:
    """The files given, a folder read as every file in it of a known kind (sorted)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(file for file in path.rglob("*") if file.is_file() and file.suffix.lower() in SUFFIXES)
        else:
            yield path
