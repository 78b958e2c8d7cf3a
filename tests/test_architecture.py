"""The shape of the package, checked: layers import only downwards, the Sphinx-free layers stay free of Sphinx,
every feature registers itself, and no two modules share a name for different things."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "tyreso_ext"
# Lowest first: a module may import from its own layer and the layers before it, never from one after it.
LAYERS = ("data", "model", "source", "history", "render", "sphinx_ext", "outputs", "cli")
SPHINX_FREE = ("model", "source", "history")
NO_DOCUTILS = ("model",)


def _modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "__pycache__" not in path.parts)


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "tyreso_ext" and parts[1] in LAYERS else None


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, with its line, type-checking imports included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_module_imports_from_a_layer_above_its_own():
    upward = []
    for path in _modules():
        own = _layer(_module_name(path))
        if own is None:
            continue  # the package itself and extension.py, the composition root, may import any layer
        for line, imported in _imports(path):
            other = _layer(imported)
            if other is not None and LAYERS.index(other) > LAYERS.index(own):
                upward.append(f"{path.relative_to(PACKAGE)}:{line} ({own}) imports {imported} ({other})")
    assert upward == []


@pytest.mark.parametrize("layer", SPHINX_FREE)
def test_the_sphinx_free_layers_import_no_sphinx(layer):
    found = [
        f"{path.relative_to(PACKAGE)}:{line} {imported}"
        for path in _modules()
        if _layer(_module_name(path)) == layer
        for line, imported in _imports(path)
        if imported.split(".")[0] == "sphinx" or (layer in NO_DOCUTILS and imported.split(".")[0] == "docutils")
    ]
    assert found == []


def test_tyreso_check_starts_without_loading_sphinx():
    """The command in a pre-commit hook: its reader shares the build's rules without Sphinx's weight."""
    code = "import sys, tyreso_ext.cli, tyreso_ext.source.project; print(sorted(m for m in sys.modules if m.split('.')[0] == 'sphinx'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_every_feature_module_registers_itself():
    extension = importlib.import_module("tyreso_ext.extension")
    assert extension.FEATURES, "the composition root lists its features"
    for feature in extension.FEATURES:
        assert callable(getattr(feature, "setup", None)), f"{feature.__name__} has no setup(app)"
    registered = {feature.__name__ for feature in extension.FEATURES}
    for path in _modules():
        name = _module_name(path)
        if name in ("tyreso_ext", "tyreso_ext.extension"):
            continue  # the entry point Sphinx calls, and the composition root
        if "def setup(app: Sphinx)" in path.read_text(encoding="utf-8"):
            assert name in registered, f"{name} has a setup(app) that the extension never calls"


def test_module_names_are_unique_except_where_one_thing_has_a_part_in_two_layers():
    """A name is used twice only for the same thing seen from two layers (the model of a financial table and its
    directive; the PDFs and their command); never for two different things (as charts.py and render/chart.py were)."""
    same_thing = {"finance", "objects", "pdf", "init", "export", "check"}
    names: dict[str, list[str]] = {}
    for path in _modules():
        if path.stem in ("__init__", "__main__"):
            names.setdefault(path.parent.name, []).append(str(path.parent.relative_to(PACKAGE)))
        else:
            names.setdefault(path.stem, []).append(str(path.relative_to(PACKAGE)))
    for folder in (folder for folder in PACKAGE.rglob("*") if folder.is_dir() and folder.name != "__pycache__"):
        if not (folder / "__init__.py").exists():
            names.setdefault(folder.name, []).append(str(folder.relative_to(PACKAGE)))
    twice = {name: sorted(set(places)) for name, places in names.items() if len(set(places)) > 1 and name not in same_thing}
    assert twice == {}
