"""A small fingerprint kept beside the doctrees, compared with the one of this build and replaced by it.

Several features decide which pages to write again by what changed since the last build (the navigation,
the PDFs the pages link, the history's commit): each keeps what it saw last in one JSON file here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.environment import BuildEnvironment


def _path(env_or_doctreedir: BuildEnvironment | Path | str, name: str) -> Path:
    doctreedir = env_or_doctreedir.doctreedir if isinstance(env_or_doctreedir, BuildEnvironment) else env_or_doctreedir
    return Path(doctreedir) / name


def load_stored(env_or_doctreedir: BuildEnvironment | Path | str, name: str) -> Any:
    """What was kept under ``name`` last time, or None (no file yet, or one that cannot be read)."""
    try:
        return json.loads(_path(env_or_doctreedir, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def save_stored(env_or_doctreedir: BuildEnvironment | Path | str, name: str, current: Any) -> None:
    """Keep ``current`` under ``name`` for the next build."""
    path = _path(env_or_doctreedir, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(current, sort_keys=True, indent=1), encoding="utf-8")


def replace_stored(env_or_doctreedir: BuildEnvironment | Path | str, name: str, current: Any) -> tuple[bool, Any]:
    """Compare ``current`` with what was kept under ``name`` and keep ``current`` instead.

    Returns (changed, previous): previous is None on the first build.
    """
    previous = load_stored(env_or_doctreedir, name)
    if previous == current:
        return False, previous
    save_stored(env_or_doctreedir, name, current)
    return True, previous
