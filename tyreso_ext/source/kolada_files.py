"""Kolada's data files on disk: read by the reader (the build and ``tyreso check``), written by ``tyreso kolada``.

One JSON file per measure, ``<tyreso_kolada_mapp>/<id>.json`` below the project folder (the format is described in
:mod:`tyreso_ext.model.kolada_data`). Nothing here touches the network.
"""

from __future__ import annotations

import datetime
import decimal
import json
import os
import tempfile
from pathlib import Path, PurePosixPath
from typing import Any

from tyreso_ext.model.kolada_data import KoladaContext, Loaded, Measure, MeasureFormatError, measure_from_json, measure_to_json
from tyreso_ext.model.paths import is_inside
from tyreso_ext.model.settings import Settings

# (path, modification time, size) → what was read: the build reads a measure once, however many indicators name it.
_CACHE: dict[tuple[str, int, int], Loaded] = {}
_CACHE_SIZE = 512


def measure_path(settings: Settings, kpi: str) -> str:
    """The data file of a measure, relative to the project: ``data/kolada/N00090.json``."""
    return (PurePosixPath(settings.kolada_folder.replace("\\", "/")) / f"{kpi}.json").as_posix()


def load_measure(root: Path, settings: Settings, kpi: str) -> Loaded:
    """The measure's data file as the rules need it: the measure, that it is missing, or why it cannot be read."""
    relative = measure_path(settings, kpi)
    path = root / relative
    if not is_inside(path, root):
        return Loaded(relative, problem=f"mappen '{settings.kolada_folder}' ligger utanför projektet")
    try:
        stat = path.stat()
    except FileNotFoundError:
        return Loaded(relative)
    except OSError as error:
        return Loaded(relative, problem=error.strerror or str(error))
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    try:
        data = json.loads(path.read_bytes().decode("utf-8"), parse_float=decimal.Decimal)
        loaded = Loaded(relative, measure_from_json(data, kpi))
    except UnicodeDecodeError:
        loaded = Loaded(relative, problem="den är inte sparad som UTF-8")
    except json.JSONDecodeError as error:
        loaded = Loaded(relative, problem=f"den är ingen giltig JSON (rad {error.lineno}: {error.msg})")
    except MeasureFormatError as error:
        loaded = Loaded(relative, problem=str(error))
    except OSError as error:
        loaded = Loaded(relative, problem=error.strerror or str(error))
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[key] = loaded
    return loaded


def kolada_context(root: Path | None, settings: Settings, today: datetime.date | None = None) -> KoladaContext | None:
    """What the rules need to read an indicator's measure; None without a project folder (no file is looked at)."""
    if root is None:
        return None
    return KoladaContext(
        municipality=settings.kolada_municipality,
        comparisons=settings.kolada_comparisons,
        years_shown=settings.kolada_years_shown,
        decimals=settings.kolada_decimals,
        today=today or datetime.date.today(),
        load=lambda kpi: load_measure(root, settings, kpi),
    )


def render_measure(measure: Measure) -> str:
    """The data file's text: indented, å, ä and ö as written, a line end last (a reviewer reads it in a diff)."""
    data: dict[str, Any] = measure_to_json(measure)
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"


def _json_default(value: object) -> object:
    """Kolada's own numbers in the metadata (read exactly, as Decimal) written back as JSON numbers."""
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} kan inte skrivas som JSON")


def write_measure(root: Path, settings: Settings, measure: Measure) -> Path:
    """Write the measure's data file atomically (a reader never sees half a file); returns its path."""
    target = root / measure_path(settings, measure.kpi)
    if not is_inside(target, root):
        raise OSError(f"Mappen '{settings.kolada_folder}' ligger utanför projektet.")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tyreso-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(render_measure(measure))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
