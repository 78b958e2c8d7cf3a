"""Reading built PDFs the way a reader and an assistive technology do: text, words with positions,
page images, the structure tree and the outline. Poppler's pdftotext and pdftoppm, pypdf and pikepdf."""

from __future__ import annotations

import dataclasses
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

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
