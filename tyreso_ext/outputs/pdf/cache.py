"""Which PDFs can be kept from the last build: a content hash per report, in a manifest beside the PDFs.

A report's key is the SHA-256 of everything its PDF's bytes follow from: the print page's HTML (which holds
the stylesheets, the commit, the dates and every text the PDF shows), the bytes of each file the page
refers to (images), the font files fontconfig offers for the families the stylesheets name (and the list
of all installed fonts, since one may stand in for a missing glyph), and the versions of the programs
that lay the page out (tyreso_ext, WeasyPrint, pydyf, fontTools, Pango, HarfBuzz, zlib, and the code of
this package). A PDF is kept when its key is the one recorded and the file on disk still has the
recorded SHA-256; otherwise it is rendered again. Since WeasyPrint makes the same bytes from the same input, a kept PDF is
byte for byte the one a clean build makes. No Sphinx and no WeasyPrint layout here; runs in the main process.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import dataclasses
import hashlib
import json
import os
import posixpath
import re
import zlib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote

from tyreso_ext.model.fingerprint import file_sha256
from tyreso_ext.model.paths import is_inside
from tyreso_ext.outputs.pdf import typeset
from tyreso_ext.outputs.pdf.typeset import RenderJob

MANIFEST = ".pdf-cache.json"  # in the PDF folder; the pipelines save the folder with it
FORMAT = 1
# The programs whose versions decide a PDF's bytes (also recorded with each decided version, see rebuild).
TOOLS = ("tyreso-ext", "weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5", "pillow")

# src="…", href="…" and url(…) in the page: the files WeasyPrint will fetch through the url fetcher.
_REFERENCE = re.compile(r"""(?:\bsrc|\bhref)\s*=\s*["']([^"']+)["']|url\(\s*["']?([^"')]+?)["']?\s*\)""")
_FONT_FAMILY = re.compile(r"font-family\s*:\s*([^;}]+)")
_GENERIC = ("serif", "sans-serif", "monospace")
_NOT_A_FAMILY = {"inherit", "initial", "unset", "revert", "revert-layer"}


@dataclasses.dataclass(frozen=True)
class Entry:
    """What the manifest knows of one PDF: the key it was rendered for, the SHA-256 of its bytes, its pages."""

    key: str
    sha256: str
    pages: int


# --- what every report shares: programs and fonts --------------------------------------------------


def tool_versions() -> list[str]:
    """'weasyprint 70.0', … 'pango 1.50.12', and the SHA-256 of each module of this package (the code that renders)."""
    from tyreso_ext import __version__

    versions = [f"tyreso_ext {__version__}"]
    for name in TOOLS:
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{name} {metadata.version(name)}")
    with contextlib.suppress(Exception):  # Pango is a system library, asked through WeasyPrint
        from weasyprint.text.ffi import pango

        number = int(pango.pango_version())
        versions.append(f"pango {number // 10000}.{number // 100 % 100}.{number % 100}")
    versions.append(f"zlib {zlib.ZLIB_RUNTIME_VERSION}")  # compresses the PDF's streams
    with contextlib.suppress(Exception):  # HarfBuzz subsets the fonts embedded in the PDF
        library = ctypes.util.find_library("harfbuzz")
        if library:
            version = ctypes.CDLL(library).hb_version_string
            version.restype = ctypes.c_char_p
            versions.append(f"harfbuzz {version().decode()}")
    for code in sorted(Path(__file__).parent.glob("*.py")):  # the code that renders, also when changed unreleased
        versions.append(f"code {code.name} {file_sha256(code)}")
    return versions


def font_families(pages: Iterable[str]) -> set[str]:
    """The font families the pages' stylesheets name, and the generic ones a fallback may come from."""
    families = set(_GENERIC)
    for html in pages:
        for declaration in _FONT_FAMILY.findall(html):
            for name in declaration.split(","):
                name = name.strip().strip("\"'").strip()
                if name and name.lower() not in _NOT_A_FAMILY and not name.startswith("var("):
                    families.add(name)
    return families


def font_files(families: Iterable[str]) -> tuple[list[str], list[str]]:
    """(every installed font file, the files of the families asked for and of what fontconfig gives for them)."""
    from weasyprint.text.ffi import ffi, fontconfig

    def string(pattern, name: bytes) -> str | None:
        value = ffi.new("FcChar8 **")
        if fontconfig.FcPatternGetString(pattern, name, 0, value) != fontconfig.FcResultMatch:
            return None
        return ffi.string(value[0]).decode("utf-8", "replace")

    families = sorted(families)
    config = fontconfig.FcInitLoadConfigAndFonts()
    try:
        wanted = {family.lower() for family in families}
        for family in families:  # 'sans-serif' is 'DejaVu Sans' here, 'Liberation Sans' there
            pattern = fontconfig.FcPatternCreate()
            fontconfig.FcPatternAddString(pattern, b"family", family.encode("utf-8"))
            fontconfig.FcConfigSubstitute(config, pattern, fontconfig.FcMatchPattern)
            fontconfig.FcDefaultSubstitute(pattern)
            result = ffi.new("FcResult *")
            match = fontconfig.FcFontMatch(config, pattern, result)
            fontconfig.FcPatternDestroy(pattern)
            if match != ffi.NULL:
                if (found := string(match, b"family")) is not None:
                    wanted.add(found.lower())
                fontconfig.FcPatternDestroy(match)
        every: set[str] = set()
        used: set[str] = set()
        fonts = fontconfig.FcConfigGetFonts(config, fontconfig.FcSetSystem)
        for index in range(fonts.nfont if fonts != ffi.NULL else 0):
            pattern = fonts.fonts[index]
            if (file := string(pattern, b"file")) is None:
                continue
            every.add(file)
            if (named := string(pattern, b"family")) is not None and named.lower() in wanted:
                used.add(file)
    finally:
        fontconfig.FcConfigDestroy(config)
    return sorted(every), sorted(used)


def shared_key(families: Iterable[str]) -> str:
    """The part of every report's key that is the same for all: programs, and the fonts for ``families``."""
    digest = hashlib.sha256(f"tyreso-pdf-cache {FORMAT}\n".encode())
    for line in tool_versions():
        digest.update(f"tool {line}\n".encode())
    every, used = font_files(families)
    for file in every:  # which fonts there are: one may be the fallback for a glyph
        path = Path(file)
        size = path.stat().st_size if path.is_file() else -1
        digest.update(f"font {file} {size}\n".encode())
    for file in used:  # the fonts the stylesheets ask for, by content
        path = Path(file)
        digest.update(f"font-data {file} {file_sha256(path) if path.is_file() else '-'}\n".encode())
    return digest.hexdigest()


# --- one report --------------------------------------------------------------------------------


def referenced_files(job: RenderJob, html: str) -> list[str]:
    """The files below the print folder the page refers to (its images), relative to that folder."""
    root = Path(job.root).resolve()
    base = posixpath.dirname(job.page)
    found = set()
    for groups in _REFERENCE.findall(html):
        url = (groups[0] or groups[1]).strip()
        if not url or url.startswith(("#", "data:", "mailto:")) or "://" in url:
            continue
        if url.startswith(typeset.VIRTUAL_ROOT):
            url = "/" + url[len(typeset.VIRTUAL_ROOT) :]
        relative = unquote(url.split("#", 1)[0].split("?", 1)[0])
        relative = posixpath.normpath(relative.lstrip("/") if relative.startswith("/") else posixpath.join(base, relative))
        path = root / relative
        if is_inside(path.resolve(), root) and path.is_file():
            found.add(relative)
    return sorted(found)


def page_key(job: RenderJob, html: str, shared: str) -> str:
    """The key of one report's PDF: the shared part, the page's HTML and the bytes of what it refers to."""
    digest = hashlib.sha256(f"{shared}\npage {job.page}\n".encode())
    digest.update(html.encode("utf-8"))
    root = Path(job.root)
    for relative in referenced_files(job, html):
        digest.update(f"\nfile {relative} {file_sha256(root / relative)}".encode())
    return digest.hexdigest()


# --- the manifest ----------------------------------------------------------------------------


class Manifest:
    """The PDFs of the last builds into one folder: name → :class:`Entry`."""

    def __init__(self, folder: Path, entries: dict[str, Entry] | None = None) -> None:
        self.folder = folder
        self.entries = entries or {}

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """The manifest in ``folder``; an empty one when there is none or it cannot be read."""
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return cls(folder)
            entries = {
                name: Entry(str(value["key"]), str(value["sha256"]), int(value["pages"])) for name, value in data["pdf"].items()
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(folder)
        return cls(folder, entries)

    def reusable(self, name: str, key: str) -> Entry | None:
        """The entry of PDF ``name`` when it was rendered for ``key`` and the file is still as it was written."""
        entry = self.entries.get(name)
        if entry is None or entry.key != key:
            return None
        path = self.folder / name
        if not path.is_file() or file_sha256(path) != entry.sha256:
            return None
        return entry

    def record(self, name: str, key: str, pages: int) -> None:
        self.entries[name] = Entry(key, file_sha256(self.folder / name), pages)

    def forget_all_but(self, names: Iterable[str]) -> None:
        keep = set(names)
        self.entries = {name: entry for name, entry in self.entries.items() if name in keep}

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {
            "format": FORMAT,
            "pdf": {name: dataclasses.asdict(entry) for name, entry in sorted(self.entries.items())},
        }
        target = self.folder / MANIFEST
        partial = target.with_name(f"{MANIFEST}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        partial.replace(target)
