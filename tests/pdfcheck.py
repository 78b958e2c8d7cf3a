"""Reading built PDFs the way a reader and an assistive technology do: text, words with positions,
page images, the structure tree and the outline, marked content and artifacts. Poppler's pdftotext and pdftoppm,
pypdf, pikepdf, pdfplumber, and the PDF/UA-1 checker page-validation."""

from __future__ import annotations

import dataclasses
import itertools
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import page as page_validation  # page-validation: the PDF/UA-1 checker
import pdfplumber
import pikepdf
from PIL import Image
from pypdf import PdfReader

MM = 72 / 25.4  # points per millimetre
# The page box of print.css: A4, margins top 24, right 20, bottom 22, left 24 mm.
PAGE_WIDTH, PAGE_HEIGHT = 210 * MM, 297 * MM
LEFT, RIGHT, TOP, BOTTOM = 24 * MM, (210 - 20) * MM, 24 * MM, (297 - 22) * MM
_XHTML = "{http://www.w3.org/1999/xhtml}"


def page_texts(pdf: Path) -> list[str]:
    """The text of every page, white space collapsed."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages]


@dataclasses.dataclass(frozen=True)
class Line:
    text: str
    x_min: float
    y_min: float  # from the top of the page, in points
    x_max: float
    y_max: float


def page_lines(pdf: Path) -> list[list[Line]]:
    """Every line of text per page with its box, from ``pdftotext -bbox-layout``."""
    output = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    root = ET.fromstring(output)
    pages = []
    for page in root.iter(f"{_XHTML}page"):
        lines = []
        for line in page.iter(f"{_XHTML}line"):
            words = [word.text or "" for word in line.iter(f"{_XHTML}word")]
            box = [float(line.get(name)) for name in ("xMin", "yMin", "xMax", "yMax")]
            lines.append(Line(" ".join(words), *box))
        pages.append(sorted(lines, key=lambda line: (line.y_min, line.x_min)))
    return pages


def body_lines(lines: list[Line]) -> list[Line]:
    """The lines between the header and the footer."""
    return [line for line in lines if line.y_min > TOP and line.y_max < BOTTOM]


def page_images(pdf: Path, folder: Path, dpi: int = 72) -> list[Image.Image]:
    """Every page rendered by Poppler, in greyscale."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(folder / "sida")], check=True)
    return [Image.open(path).convert("L") for path in sorted(folder.glob("sida-*.png"))]


def ink_box(image: Image.Image, dark: int = 160) -> tuple[int, int, int, int] | None:
    """The bounding box of all pixels darker than ``dark`` (0 black … 255 white)."""
    return image.point(lambda value: 255 if value < dark else 0).getbbox()


@dataclasses.dataclass(frozen=True)
class Element:
    tag: str
    depth: int
    attributes: pikepdf.Dictionary | None
    children: tuple[Element, ...]

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def structure_tree(pdf: pikepdf.Pdf) -> Element:
    """The tagged structure of the document, from /StructTreeRoot."""

    def build(node: pikepdf.Object, depth: int) -> Element | None:
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
            return None
        kids = node.get("/K")
        items = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
        children = tuple(child for child in (build(item, depth + 1) for item in items) if child is not None)
        return Element(str(node.S)[1:], depth, node.get("/A"), children)

    root = pdf.Root.StructTreeRoot
    kids = root.K if isinstance(root.K, pikepdf.Array) else [root.K]
    return Element("StructTreeRoot", -1, None, tuple(child for child in (build(kid, 0) for kid in kids) if child is not None))


def headings(tree: Element) -> list[int]:
    """Heading levels in reading order."""
    return [
        int(element.tag[1])
        for element in tree.walk()
        if len(element.tag) == 2 and element.tag[0] == "H" and element.tag[1].isdigit()
    ]


@dataclasses.dataclass(frozen=True)
class Bookmark:
    title: str
    level: int
    page: int  # 0-based
    top: float  # from the top of the page, in points


def outline(pdf: pikepdf.Pdf) -> list[Bookmark]:
    """The PDF's bookmarks (one per heading), with the page and height each one points at."""
    pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
    found: list[Bookmark] = []

    def walk(items, level: int) -> None:
        for item in items:
            destination = item.destination
            page = pages[destination[0].objgen]
            height = float(pdf.pages[page].mediabox[3])
            found.append(Bookmark(" ".join(str(item.title).split()), level, page, height - float(destination[3])))
            walk(item.children, level + 1)

    with pdf.open_outline() as tree:
        walk(tree.root, 0)
    return found


# --- PDF/UA-1: the checker, marked content and artifacts --------------------------------------------


def pdf_ua_failures(pdf: Path) -> list[str]:
    """What the PDF/UA-1 checker ``page`` (page-validation, its ua1 profile) finds wrong in the file."""
    report = page_validation.validate_pdf(pdf, profile="ua1")
    return [f"{failure.rule_id}: {failure.message}" for failure in report.failures]


@dataclasses.dataclass(frozen=True)
class Marked:
    """A run of text on one line in one marked-content sequence: its tag ('Span', 'Artifact'), identifier and box."""

    page: int
    tag: str | None
    mcid: int | None
    text: str
    top: float  # from the top of the page, in points
    bottom: float


def marked_text(pdf: Path) -> list[Marked]:
    """The text of every page grouped by the marked content it stands in, as pdfminer reads the content
    streams (the characters' marked-content tag and identifier)."""
    runs: list[Marked] = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages):
            runs_of_a_line = itertools.groupby(
                page.chars, key=lambda char: (char.get("tag"), char.get("mcid"), round(char["top"]))
            )
            for (tag, mcid, _), chars in runs_of_a_line:
                chars = list(chars)
                text = "".join(char["text"] for char in chars)
                top, bottom = min(char["top"] for char in chars), max(char["bottom"] for char in chars)
                runs.append(Marked(number, tag, mcid, text, top, bottom))
    return runs


def tagged_content(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    """(page, marked-content identifier) of every piece of content the structure tree holds."""
    pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
    found: set[tuple[int, int]] = set()
    seen: set[tuple[int, int]] = set()
    stack: list[pikepdf.Object] = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or (node.is_indirect and node.objgen in seen):
            continue
        if node.is_indirect:
            seen.add(node.objgen)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, int):
                found.add((pages[node.Pg.objgen], int(kid)))
            else:
                stack.append(kid)
    return found


def artifacts(pdf: pikepdf.Pdf) -> list[list[pikepdf.Dictionary]]:
    """Per page, the property lists of its ``/Artifact`` marked content, read from its content stream."""
    found = []
    for page in pdf.pages:
        properties = []
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC" and operands[0] == pikepdf.Name.Artifact and isinstance(operands[1], pikepdf.Dictionary):
                properties.append(operands[1])
        found.append(properties)
    return found


def link_addresses(pdf: pikepdf.Pdf) -> list[list[str]]:
    """Per page, the web addresses its link annotations open."""
    found = []
    for page in pdf.pages:
        found.append(
            [str(annotation.A.URI) for annotation in page.get("/Annots", []) if "/A" in annotation and "/URI" in annotation.A]
        )
    return found
