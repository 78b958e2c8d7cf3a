"""Helpers shared by the tests: reading warnings and built HTML the way a reader sees it."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).parents[1]

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")  # colours and line erases (Sphinx colours output when CI=true)
# "<srcdir>/reports/2023/T1/x.md:12: WARNING: TY006 message [tyreso.TY006]"
_WARNING = re.compile(r"^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<code>TY\d{3}) (?P<message>.*)$")


def strip_colours(text: str) -> str:
    return _ANSI.sub("", text)


def tyreso_warnings(app) -> list[tuple[str, int, str, str]]:
    """Every tyreso finding of a build as (path relative to srcdir, line, code, message)."""
    srcdir = Path(app.srcdir).resolve()
    found = []
    for line in strip_colours(app.warning.getvalue()).splitlines():
        match = _WARNING.match(line)
        if match is None:
            continue
        path = Path(match["path"])
        relative = path.resolve().relative_to(srcdir).as_posix() if path.is_absolute() else path.as_posix()
        found.append((relative, int(match["line"]), match["code"], match["message"]))
    return found


def finding_keys(app) -> set[tuple[str, int, str]]:
    """The (file, line, code) of every tyreso warning."""
    return {(path, line, code) for path, line, code, _ in tyreso_warnings(app)}


def other_warnings(app) -> list[str]:
    """Warning lines that are not tyreso findings (continuation lines are skipped).

    A second Sphinx application in the same process re-registers docutils nodes and says so;
    that is an artefact of building twice in one test, not a problem of the site.
    """
    lines = strip_colours(app.warning.getvalue()).splitlines()
    return [
        line
        for line in lines
        if ("WARNING" in line or "ERROR" in line)
        and not _WARNING.match(line)
        and not (line.endswith(("[app.add_node]", "[app.add_directive]", "[app.add_role]")) and "is already registered" in line)
    ]


def page(app, docname: str) -> BeautifulSoup:
    """The parsed HTML of one built page."""
    return BeautifulSoup((Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def body(app, docname: str) -> BeautifulSoup:
    """The main content of a page (what the reader sees between the theme's navigation)."""
    soup = page(app, docname)
    main = soup.select_one("div.body") or soup.select_one("article.bd-article") or soup.select_one('[role="main"]')
    assert main is not None, f"{docname}.html has no main content"
    return main


def text(node) -> str:
    """The visible text of a node with white space collapsed."""
    return " ".join(node.get_text(" ").split())


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the only line in ``path`` containing ``needle``."""
    text = path.read_bytes().decode("utf-8", errors="replace")  # a file that is not UTF-8 is read as the build reads it
    hits = [number for number, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) == 1, f"{needle!r} occurs on lines {hits} of {path}"
    return hits[0]


def table_rows(table) -> list[list[str]]:
    """Body rows of an HTML table as lists of cell texts (th and td alike)."""
    return [[text(cell) for cell in row.find_all(["th", "td"])] for row in table.select("tbody tr")]


def table_headers(table) -> list[str]:
    return [text(cell) for cell in table.select("thead th")]


def register_entries(app_or_outdir, name: str) -> dict[str, dict]:
    """A register page as {title: {"href", "status", "organ", "area", "last", "periods": [(period, status, href)]}}."""
    outdir = Path(getattr(app_or_outdir, "outdir", app_or_outdir))
    soup = BeautifulSoup((outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
    table = soup.select_one("table.tyreso-register")
    assert table is not None, f"{name}.html has no register table"
    entries: dict[str, dict] = {}
    for row in table.select("tbody tr"):
        cells = row.find_all(["th", "td"])
        link = cells[0].find("a")
        periods = [
            (text(period), text(period.find_next(class_=["tyreso-badge", "tyreso-plan"])), period["href"])
            for period in cells[5].select("a")
        ]
        entries[text(link)] = {
            "href": link["href"],
            "status": text(cells[1]),
            "organ": text(cells[2]),
            "area": text(cells[3]),
            "last": text(cells[4]),
            "periods": periods,
        }
    return entries


def caption(table) -> str:
    node = table.select_one("caption .caption-text") or table.select_one("caption")
    return text(node) if node else ""
