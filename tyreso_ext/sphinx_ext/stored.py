"""A small fingerprint kept beside the doctrees, compared with the one of this build and replaced by it.

Several features decide which pages to write again by what changed since the last build (the navigation,
the PDFs the pages link, the history's commit): each keeps what it saw last in one JSON file here.
"""

from __future__ import annotations

import contextlib
import json
import pickle
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


def load_kept(doctreedir: Path | str, name: str, key: Any) -> Any:
    """What was kept under ``name`` (pickled) for the same ``key``, or None: no file, another key, or a file that
    cannot be read. Larger than a fingerprint: a result that can be given again while its key holds."""
    try:
        kept_key, value = pickle.loads(_path(doctreedir, name).read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return value if kept_key == key else None


def save_kept(doctreedir: Path | str, name: str, key: Any, value: Any) -> None:
    """Keep ``value`` for ``key`` under ``name``, written whole or not at all; a folder that cannot be written
    only means the next build works it out again."""
    path = _path(doctreedir, name)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(pickle.dumps((key, value), pickle.HIGHEST_PROTOCOL))
        temporary.replace(path)
