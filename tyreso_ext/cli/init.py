"""``tyreso init``: a new reporting repository for a kommun or nämnd that builds at once."""

from __future__ import annotations

import argparse
import dataclasses
import json
import string
from importlib import metadata
from pathlib import Path

from tyreso_ext.cli.common import EXIT_OK
from tyreso_ext.cli.parser import Subparsers
from tyreso_ext.data import INIT_TEMPLATES
from tyreso_ext.model.ids import slugify
from tyreso_ext.model.vocabulary import DEFAULT_GOAL_AREAS

NAME = "init"
TEMPLATES = INIT_TEMPLATES
PACKAGE = "tyreso-ext"


class InitError(ValueError):
    """The folder cannot receive a new project."""


# Errors of this command that are shown as one line with exit code 2.
ERRORS = (InitError,)


@dataclasses.dataclass(frozen=True)
class InitSettings:
    kommun: str
    organs: tuple[str, ...]
    goal_areas: tuple[str, ...] = DEFAULT_GOAL_AREAS
    year: int = 2024
    package: str = ""


def package_requirement() -> str:
    """How the new project installs this tool: from the source tree it runs from, else by version."""
    source_tree = Path(__file__).resolve().parents[2]
    if (source_tree / "pyproject.toml").is_file() and (source_tree / "tyreso_ext").is_dir():
        return f"{PACKAGE} @ {source_tree.as_uri()}"
    try:
        return f"{PACKAGE}=={metadata.version(PACKAGE)}"
    except metadata.PackageNotFoundError:
        return f"{PACKAGE}>=0.1"


def create_project(target: Path, settings: InitSettings) -> list[Path]:
    """Write the new project's files; refuse a folder that already has content."""
    if target.exists() and any(target.iterdir()):
        raise InitError(f"Mappen {target} är inte tom. Välj en ny eller tom mapp.")
    if not settings.organs or not all(slugify(name) for name in settings.organs):
        raise InitError("Ange minst ett organ med ett namn, till exempel --organ 'Kommunstyrelsen'.")
    if not all(area.strip() for area in settings.goal_areas):
        raise InitError("Ett målområde saknar namn.")
    organ = settings.organs[0]
    organ_file = slugify(organ)
    values = {
        "kommun": settings.kommun,
        "organs": json.dumps(list(settings.organs), ensure_ascii=False),
        "goal_areas": json.dumps(list(settings.goal_areas), ensure_ascii=False),
        "organ": organ,
        "organ_file": organ_file,
        "first_area": settings.goal_areas[0],
        "year": str(settings.year),
        "package": settings.package or package_requirement(),
    }
    files = {
        "conf.py": "conf.py.tmpl",
        "index.md": "index.md.tmpl",
        "historik.md": "historik.md.tmpl",
        f"reports/{settings.year}/plan/{organ_file}.md": "plan.md.tmpl",
        f"reports/{settings.year}/T1/{organ_file}.md": "followup.md.tmpl",
        "Makefile": "Makefile.tmpl",
        "requirements.txt": "requirements.txt.tmpl",
        ".pre-commit-config.yaml": "pre-commit-config.yaml.tmpl",
        ".gitlab-ci.yml": "gitlab-ci.yml.tmpl",
        ".github/workflows/rapporter.yml": "github-workflow.yml.tmpl",
        ".gitignore": "gitignore.tmpl",
        "README.md": "README.md.tmpl",
    }
    written = []
    for relative, template in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        text = string.Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(values)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def add_parser(commands: Subparsers) -> None:
    init = commands.add_parser(
        NAME,
        help="skapa ett nytt rapportprojekt",
        description="Skapar ett nytt rapportprojekt: conf.py med målområden och organ, exempel på en plan och en\n"
        "uppföljning, Makefile, pre-commit-inställning och README. Projektet byggs direkt med 'make html'.",
        epilog="Exempel:\n  tyreso init ../haninge --kommun 'Haninge kommun' --organ Kommunstyrelsen --organ Socialnämnden\n\n"
        "Slutstatus: 0 klart, 2 fel i kommandot (till exempel om mappen inte är tom).",
    )
    init.add_argument("target", type=Path, metavar="MAPP", help="ny eller tom mapp")
    init.add_argument("--kommun", default="Kommunen", help="kommunens namn")
    init.add_argument("--organ", action="append", default=[], metavar="NAMN", help="ett organ (kan anges flera gånger)")
    init.add_argument(
        "--målområde",
        "--malomrade",
        dest="goal_areas",
        action="append",
        default=[],
        metavar="NAMN",
        help="ett målområde (kan anges flera gånger)",
    )
    init.add_argument("--år", "--ar", dest="year", type=int, default=2024, help="år för exempelrapporterna (standard: 2024)")
    init.add_argument("--paket", default="", help="hur projektet installerar verktyget (standard: som här)")


def run(arguments: argparse.Namespace) -> int:
    settings = InitSettings(
        kommun=arguments.kommun,
        organs=tuple(arguments.organ) or ("Kommunstyrelsen",),
        goal_areas=tuple(arguments.goal_areas) or InitSettings.goal_areas,
        year=arguments.year,
        package=arguments.paket,
    )
    written = create_project(arguments.target, settings)
    print(f"Skapade {len(written)} filer i {arguments.target}. Gå till mappen och kör 'make html'.")
    return EXIT_OK
