"""A realistic synthetic reporting corpus at any size, in three forms built from the same text.

Forms: ``tyreso`` (the product: object directives and aggregations), ``plain`` (each object an
ordinary MyST admonition with the same text, no aggregations: the plain-Sphinx baseline) and
``needs`` (each object a sphinx-needs need, with one need table per period: the peer).

A municipality has organs × years × four reports (plan, T1, T2, ÅR); each plan defines its
objects and every follow-up of the same organ and year repeats their ids with a status.
"""

from __future__ import annotations

import dataclasses
import os
import random
import shutil
from pathlib import Path

GOAL_AREAS = ["Medarbetare", "Kvalitet", "Leverans", "Ekonomi och hållbarhet"]
STATUSES = ["grön", "gul", "röd", "ej bedömd"]
PERIODS = [
    ("plan", "", "nämndplan"),
    ("T1", "-T1", "delårsrapport"),
    ("T2", "-T2", "delårsrapport"),
    ("AR", "-ÅR", "verksamhetsberättelse"),
]
FORMS = ("tyreso", "plain", "needs")
# Every form is built with the site's theme (the baseline too); TYRESO_BENCH_THEME=alabaster measures the old one.
THEME = os.environ.get("TYRESO_BENCH_THEME", "pydata_sphinx_theme")
WORDS = [
    "verksamheten",
    "arbetar",
    "vidare",
    "med",
    "planen",
    "och",
    "följer",
    "upp",
    "resultaten",
    "varje",
    "månad",
    "tillsammans",
    "med",
    "medarbetarna",
    "samt",
    "redovisar",
    "utfallet",
    "till",
    "nämnden",
    "i",
    "samband",
    "med",
    "delårsrapporten",
]


@dataclasses.dataclass(frozen=True)
class CorpusSize:
    reports: int
    objects_per_report: int = 24  # 10 uppdrag, 6 mål, 4 indikatorer, 4 risker

    @property
    def organs(self) -> int:
        return max(1, min(10, self.reports // 20))


@dataclasses.dataclass(frozen=True)
class Obj:
    kind: str
    id: str
    title: str
    area: str


@dataclasses.dataclass(frozen=True)
class Report:
    year: int
    organ: str
    folder: str
    suffix: str
    kind: str

    @property
    def period(self) -> str:
        return f"{self.year}{self.suffix}"

    @property
    def docname(self) -> str:
        return f"reports/{self.year}/{self.folder}/{_slug(self.organ)}"

    @property
    def is_plan(self) -> bool:
        return self.folder == "plan"


def _slug(text: str) -> str:
    return text.lower().replace("å", "a").replace("ä", "a").replace("ö", "o").replace(" ", "-")


def plan_reports(size: CorpusSize) -> list[Report]:
    """Exactly ``size.reports`` reports: years from 2015 on, each organ's plan, T1, T2, ÅR."""
    organs = [f"Nämnd {number:02d}" for number in range(1, size.organs + 1)]
    reports: list[Report] = []
    year = 2015
    while len(reports) < size.reports:
        for organ in organs:
            for folder, suffix, kind in PERIODS:
                if len(reports) < size.reports:
                    reports.append(Report(year, organ, folder, suffix, kind))
        year += 1
    return reports


def objects_for(organ: str, year: int, count: int) -> list[Obj]:
    kinds = ["uppdrag"] * 10 + ["mål"] * 6 + ["indikator"] * 4 + ["risk"] * 4
    organ_slug = _slug(organ)
    return [
        Obj(
            kind,
            f"{organ_slug}-{year}-{kind.replace('å', 'a')}-{index:02d}",
            f"{kind.capitalize()} {index} för {organ} {year}",
            GOAL_AREAS[index % 4],
        )
        for index, kind in enumerate((kinds * (count // len(kinds) + 1))[:count])
    ]


def _text(generator: random.Random, words: int = 40) -> str:
    return " ".join(generator.choice(WORDS) for _ in range(words)).capitalize() + "."


def write_corpus(target: Path, size: CorpusSize, form: str, seed: int = 2023, theme: str = THEME) -> list[Report]:
    """Write one form of the corpus into ``target`` (replacing it) and return its reports.

    ``theme``: the HTML theme of its conf.py (the site's by default; the benchmark also builds with Alabaster).
    """
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    generator = random.Random(seed)
    reports = plan_reports(size)
    (target / "conf.py").write_text(_conf(form, reports, theme), encoding="utf-8")
    organs = sorted({report.organ for report in reports})
    for index, report in enumerate(reports):
        objects = objects_for(report.organ, report.year, size.objects_per_report)
        path = target / f"{report.docname}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_report(report, objects, form, generator, index), encoding="utf-8")
    (target / "index.md").write_text(_index(form, organs), encoding="utf-8")
    for organ in organs:
        (target / f"organ-{_slug(organ)}.md").write_text(_organ_page(form, organ), encoding="utf-8")
    return reports


def _conf(form: str, reports: list[Report], theme: str = THEME) -> str:
    organs = sorted({report.organ for report in reports})
    common = [
        'project = "Benchmark"',
        'language = "sv"',
        'myst_enable_extensions = ["colon_fence"]',
        f"html_theme = {theme!r}",
        # The same navigation for every form: each page carries its own contents, not the site tree.
        'html_sidebars = {"**": ["searchbox.html", "localtoc.html", "relations.html"]}'
        if theme == "alabaster"
        else 'html_theme_options = {"navigation_depth": 2, "collapse_navigation": True, "show_nav_level": 1}',
        'exclude_patterns = ["_build"]',
        "suppress_warnings = ['myst.header']",
    ]
    if form == "tyreso":
        common += ['extensions = ["myst_parser", "tyreso_ext"]', f"tyreso_organs = {organs!r}"]
    elif form == "needs":
        common += [
            'extensions = ["myst_parser", "sphinx_needs"]',
            'needs_id_regex = "^[A-Z0-9_]{3,}"',
            'needs_extra_options = ["period", "organ", "malomrade"]',
            "needs_build_json = False",
            "suppress_warnings = ['myst.header', 'needs.deprecated']",
        ]
    else:
        common += ['extensions = ["myst_parser"]']
    return "\n".join(common) + "\n"


def _report(report: Report, objects: list[Obj], form: str, generator: random.Random, index: int) -> str:
    lines = [
        "---",
        f"rapporttyp: {report.kind}",
        f'period: "{report.period}"' if report.is_plan else f"period: {report.period}",
        f"organ: {report.organ}",
        "---",
        "",
        f"# {report.kind.capitalize()} {report.period} – {report.organ}",
        "",
        _text(generator, 60),
        "",
    ]
    if not report.is_plan and form == "tyreso":
        lines += [":::{statustabell}", ":typ: uppdrag mål", ":::", "", ":::{riskmatris}", ":::", ""]
    if not report.is_plan and form == "needs":
        lines += [
            "```{needtable}",
            f':filter: period == "{report.period}" and organ == "{report.organ}"',
            ":columns: id, title, status",
            "```",
            "",
        ]
    for area in GOAL_AREAS:
        lines += [f"## {area}", "", _text(generator, 30), ""]
        for obj in (obj for obj in objects if obj.area == area):
            status = "" if report.is_plan else generator.choice(STATUSES)
            lines += _object(obj, status, form, report, generator, index)
    return "\n".join(lines) + "\n"


def _object(obj: Obj, status: str, form: str, report: Report, generator: random.Random, index: int) -> list[str]:
    body = _text(generator, 50)
    fields = (
        [f":målområde: {obj.area}"]
        if obj.kind != "risk"
        else [":typ: Leverans", ":sannolikhet: 3", ":konsekvens: 4", ":risknivå: 12"]
    )
    if obj.kind == "indikator":
        fields = [f":målområde: {obj.area}", ":enhet: %", ":riktning: högre", ":startläge: 2015: 50"]
    if status:
        key = "bedömning" if obj.kind == "risk" else "status"
        fields.append(f":{key}: {status}")
        if status in ("gul", "röd") and obj.kind in ("uppdrag", "mål"):
            fields += [":orsak: Arbetet har försenats.", ":åtgärder: En ny tidplan är beslutad."]
    if form == "tyreso":
        return [f":::{{{obj.kind}}} {obj.title}", f":id: {obj.id}", *fields, "", body, ":::", ""]
    if form == "needs":
        need_id = f"{obj.id.upper().replace('-', '_')}_{index}"
        need_status = status.replace("ö", "o").replace(" ", "_") or "plan"
        return [
            f":::{{req}} {obj.title}",
            f":id: {need_id}",
            f":status: {need_status}",
            f":period: {report.period}",
            f":organ: {report.organ}",
            f":malomrade: {obj.area}",
            "",
            body,
            ":::",
            "",
        ]
    facts = [line.lstrip(":").replace(": ", ": ", 1) for line in fields]
    return [
        f":::{{admonition}} {obj.kind.capitalize()}: {obj.title}",
        "",
        f"Id: {obj.id}",
        "",
        *[f"{fact}  " for fact in facts],
        "",
        body,
        ":::",
        "",
    ]


def _index(form: str, organs: list[str]) -> str:
    lines = ["# Rapporter", ""]
    if form == "tyreso":
        lines += [":::{rapportlista}", ":::", ""]
    # tyreso_ext gives the reports a navigation of their own (by year, period and organ) and keeps them out of
    # Sphinx's tree, as a project made by `tyreso init` does; the other forms need them in the tree.
    reports = [] if form == "tyreso" else ["reports/*/*/*"]
    lines += ["```{toctree}", ":hidden:", ":glob:", "", "organ-*", *reports, "```", ""]
    return "\n".join(lines)


def _organ_page(form: str, organ: str) -> str:
    lines = [f"# {organ} över perioder", ""]
    if form == "tyreso":
        lines += [":::{periodmatris}", f":organ: {organ}", ":::", ""]
    elif form == "needs":
        lines += ["```{needtable}", f':filter: organ == "{organ}"', ":columns: id, title, status, period", "```", ""]
    else:
        lines += [f"Alla rapporter från {organ}.", ""]
    return "\n".join(lines)


def edit_one_report(root: Path, reports: list[Report]) -> str:
    """Change one status in the newest follow-up; return its docname."""
    report = next(report for report in reversed(reports) if not report.is_plan)
    path = root / f"{report.docname}.md"
    text = path.read_text(encoding="utf-8")
    for old, new in (
        (":status: gul", ":status: grön"),
        (":status: grön", ":status: gul"),
        (":status: röd", ":status: gul"),
        ("status: gul", "status: gron"),
        ("status: gron", "status: gul"),
    ):
        if old in text:
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
            return report.docname
    path.write_text(text + "\nÄndrad.\n", encoding="utf-8")
    return report.docname
