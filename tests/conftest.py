"""Shared fixtures: Sphinx's own test fixtures and the folder of test roots."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

# The roots hold conf.py files and Markdown sources, never tests.
collect_ignore = ["roots"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing.fixtures finds ``test-<name>`` roots."""
    return Path(__file__).parent / "roots"
