"""``tyreso init``: a new reporting repository for a kommun or nämnd that builds at once."""

from __future__ import annotations

import dataclasses
import json
import string
from importlib import metadata
from pathlib import Path

from tyreso_ext.data import INIT_TEMPLATES
from tyreso_ext.model.ids import slugify
from tyreso_ext.model.vocabulary import DEFAULT_GOAL_AREAS

TEMPLATES = INIT_TEMPLATES
PACKAGE = "tyreso-ext"


class InitError(ValueError):
    """The folder cannot receive a new project."""


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
