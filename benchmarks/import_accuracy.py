"""How well `tyreso importera` reads scans: word accuracy before and after the Swedish OCR repair, the share of
words a repair made wrong, and the objects and statuses recognised against the source.

The scans are made here: each report of the project is written out as an old report would be (its headings,
text, 'Politiskt uppdrag: …', 'Nämndmål: …', 'Risk: …' and 'Status: Grönt' lines), rendered to page images
with Pillow and read by Tesseract with its English model (which, like seed 003, knows no å, ä, ö) and with
its Swedish one. The repair's lexicon knows the other reports of the project, never the one being read.

    .venv/bin/python benchmarks/import_accuracy.py [--reports 4] [--modeller eng,swe]
    .venv/bin/python benchmarks/import_accuracy.py --par ORIGINAL.txt OCR.txt   # a pair measured by hand
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tyreso_ext.model.text import fold  # noqa: E402
from tyreso_ext.source.archive.extract import Line, ocr_image  # noqa: E402
from tyreso_ext.source.archive.ocr_repair import Lexicon, Repairer, ocr_profile  # noqa: E402
from tyreso_ext.source.archive.recognise import recognise  # noqa: E402
from tyreso_ext.source.project import Project  # noqa: E402

FONT = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"
_WORDS = re.compile(r"[^\W\d_]+")
_KIND_LINES = {"uppdrag": "Politiskt uppdrag: ", "mål": "Nämndmål: ", "risk": "Risk: ", "indikator": "Indikator: "}


def old_report(markdown: str) -> tuple[str, list[tuple[str, str, str]]]:
    """The report as an old document would have it, and its objects (kind, title, status)."""
    body = markdown.split("\n---\n", 1)[-1] if markdown.startswith("---") else markdown
    out: list[str] = []
    objects: list[tuple[str, str, str]] = []
    current: list[str] | None = None
    fence = False
    for line in body.splitlines():
        opening = re.match(r"^:::\{(uppdrag|mål|risk|indikator)\}\s*(.*)$", line)
        if opening:
            current = [opening.group(1), opening.group(2), ""]
            out += ["", _KIND_LINES[opening.group(1)] + opening.group(2), ""]
            continue
        if line.startswith(("```", "~~~", ":::")) and current is None:
            fence = not fence if line.startswith(("```", "~~~")) else fence
            continue
        if current is not None:
            if line.strip() == ":::":
                if current[2]:
                    out += [
                        "",
                        f"Status: {current[2].capitalize()}t"
                        if current[2] in ("grön", "röd")
                        else f"Status: {current[2].capitalize()}",
                    ]
                objects.append((current[0], current[1], current[2]))
                current = None
                continue
            field = re.match(r"^:(status|bedömning):\s*(.*)$", line)
            if field:
                current[2] = field.group(2).strip()
                continue
            if line.startswith(":"):
                continue
        if fence or line.startswith(("%", "|")):
            continue
        text = re.sub(r"\{\w+\}`([^`<]*?)(?:<[^>]*>)?`", r"\1", line)
        text = re.sub(r"[*#]+\s*", "", text).strip()
        out.append(text)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n", objects


def render(text: str, folder: Path, lines_per_page: int = 55) -> list[Path]:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, 34)
    wrapped: list[str] = []
    for line in text.splitlines():
        words, current = line.split(), ""
        for word in words:
            if len(current) + len(word) > 80:
                wrapped.append(current)
                current = word
            else:
                current = f"{current} {word}".strip()
        wrapped.append(current)
    pages = []
    for number in range(0, len(wrapped), lines_per_page):
        image = Image.new("L", (2480, 3508), 255)
        draw = ImageDraw.Draw(image)
        for row, line in enumerate(wrapped[number : number + lines_per_page]):
            draw.text((150, 150 + row * 58), line, font=font, fill=0)
        path = folder / f"sida-{number // lines_per_page + 1}.png"
        image.save(path)
        pages.append(path)
    return pages


def accuracy(original: str, read: str) -> tuple[float, set[int]]:
    """Share of the original's words read right (aligned), and the indices of the original's words read right."""
    a, b = _WORDS.findall(original), _WORDS.findall(read)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    right = {i for op, i1, i2, _, _ in matcher.get_opcodes() if op == "equal" for i in range(i1, i2)}
    return (len(right) / len(a) if a else 1.0), right


def measure(original: str, ocr: str, lexicon: Lexicon) -> dict[str, float]:
    repairer = Repairer(lexicon, ocr_profile(ocr), ocr)
    repaired = "\n".join(repairer.repair(ocr.split("\n")).lines)
    before, right_before = accuracy(original, ocr)
    after, right_after = accuracy(original, repaired)
    words = len(_WORDS.findall(original))
    return {
        "words": words,
        "before": before,
        "after": after,
        "made_wrong": len(right_before - right_after) / words if words else 0.0,
    }


def _shingles(text: str) -> set[tuple[str, ...]]:
    """The text's runs of eight words: a report that shares one holds (part of) the text measured."""
    words = [word.casefold() for word in _WORDS.findall(text)]
    return {tuple(words[index : index + 8]) for index in range(len(words) - 7)}


def _title(title: str) -> str:
    """A title as compared: its words, folded (OCR's '—' for '–' is no other title; a word read wrong is)."""
    return " ".join(_WORDS.findall(fold(title)))


def recognised(text: str, objects: list[tuple[str, str, str]]) -> tuple[int, int, int]:
    lines = [Line(line) for line in text.split("\n")]
    found = {(obj.kind.value, _title(obj.title)): (obj.status.value if obj.status else "") for obj in recognise(lines).objects()}
    wanted = [(kind, _title(title), status) for kind, title, status in objects if kind != "indikator"]
    hit = sum(1 for kind, title, _ in wanted if (kind, title) in found)
    status = sum(1 for kind, title, value in wanted if value and found.get((kind, title)) == value)
    return len(wanted), hit, status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=3, help="how many of the project's reports (largest first)")
    parser.add_argument("--modeller", default="eng,swe", help="Tesseract's models to read the scans with")
    parser.add_argument("--par", nargs=2, type=Path, metavar=("ORIGINAL", "OCR"), help="measure a pair of texts by hand")
    arguments = parser.parse_args()
    reports = sorted((ROOT / "reports").rglob("*.md"), key=lambda path: -path.stat().st_size)
    texts = {path: path.read_text(encoding="utf-8") for path in reports}
    organs = Project.find(ROOT).settings.organs  # the project's own names, as `tyreso importera` knows them
    if arguments.par:
        original, ocr = (path.read_text(encoding="utf-8") for path in arguments.par)
        shingles = _shingles(original)
        held_out = [text for text in texts.values() if not shingles & _shingles(text)]
        for label, lexicon in (
            ("utan projektets ord", Lexicon(names=organs)),
            (f"med ord ur de {len(held_out)} rapporter som inte har originalets text", Lexicon.from_texts(held_out, organs)),
            ("med alla rapporters ord, smickrande om originalet är en av dem", Lexicon.from_texts(texts.values(), organs)),
        ):
            figures = measure(original, ocr, lexicon)
            print(
                f"{arguments.par[1].name} mot {arguments.par[0].name} ({label}): {figures['words']:.0f} ord, rätt före "
                f"{figures['before']:.1%}, efter {figures['after']:.1%}, gjorda fel {figures['made_wrong']:.2%}"
            )
        return 0
    print(f"{'rapport':48} {'modell':6} {'ord':>5} {'före':>7} {'efter':>7} {'gjort fel':>9} {'objekt':>7} {'status':>7}")
    totals: dict[str, list[float]] = {}
    for path in reports[: arguments.reports]:
        original, objects = old_report(texts[path])
        lexicon = Lexicon.from_texts((text for other, text in texts.items() if other != path), organs)
        with tempfile.TemporaryDirectory() as folder:
            pages = render(original, Path(folder))
            for model in arguments.modeller.split(","):
                try:
                    ocr = "\n".join(ocr_image(page, model) for page in pages)
                except Exception as error:
                    print(f"{path.relative_to(ROOT)}: {error}")
                    continue
                figures = measure(original, ocr, lexicon)
                repaired = "\n".join(Repairer(lexicon, ocr_profile(ocr), ocr).repair(ocr.split("\n")).lines)
                total, hit, status = recognised(repaired, objects)
                with_status = sum(1 for kind, _, value in objects if value and kind != "indikator")
                print(
                    f"{path.relative_to(ROOT)!s:48} {model:6} {figures['words']:5.0f} {figures['before']:7.1%} "
                    f"{figures['after']:7.1%} {figures['made_wrong']:9.2%} {hit:>3}/{total:<3} {status:>3}/{with_status:<3}"
                )
                sums = totals.setdefault(model, [0.0] * 7)
                words = figures["words"]
                for index, value in enumerate(
                    (
                        words,
                        figures["before"] * words,
                        figures["after"] * words,
                        figures["made_wrong"] * words,
                        hit,
                        total,
                        status,
                    )
                ):
                    sums[index] += value
                sums.append(with_status)
    for model, sums in totals.items():
        words, before, after, wrong, hit, total, status = sums[:7]
        with_status = sum(sums[7:])
        print(
            f"{'totalt':48} {model:6} {words:5.0f} {before / words:7.1%} {after / words:7.1%} {wrong / words:9.2%} "
            f"{hit:>3.0f}/{total:<3.0f} {status:>3.0f}/{with_status:<3.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
