"""The extension's settings in conf.py, and the model vocabulary made from them."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

from tyreso_ext.model.vocabulary import DEFAULT_GOAL_AREAS, Vocabulary


def setup(app: Sphinx) -> None:
    """Declare every ``tyreso_*`` setting with its default."""
    app.add_config_value("tyreso_goal_areas", list(DEFAULT_GOAL_AREAS), "env", types=(list, tuple))
    app.add_config_value("tyreso_organs", [], "env", types=(list, tuple))
    app.add_config_value("tyreso_report_dirs", ["reports"], "env", types=(list, tuple))
    app.add_config_value("tyreso_ungrouped_label", "Övergripande", "env", types=(str,))


def vocabulary(config: Config) -> Vocabulary:
    """The fixed word lists of this site."""
    return Vocabulary(goal_areas=tuple(config.tyreso_goal_areas), organs=tuple(config.tyreso_organs))


def is_report_path(config: Config, docname: str) -> bool:
    """Whether a document lies in one of the report folders."""
    return any(docname == folder or docname.startswith(folder.rstrip("/") + "/") for folder in config.tyreso_report_dirs)
