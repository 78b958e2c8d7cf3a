"""The extension's settings in conf.py, declared to Sphinx and read into the model's Settings."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

from tyreso_ext.model.settings import CONFIG_VALUES, Settings


def setup(app: Sphinx) -> None:
    """Declare every ``tyreso_*`` setting with its default (the list is the model's)."""
    for value in CONFIG_VALUES:
        app.add_config_value(value.name, value.default, "env", types=value.types)


def settings(config: Config) -> Settings:
    """The settings of this build, as ``tyreso check`` reads them from the same conf.py."""
    names = [value.name for value in CONFIG_VALUES] + ["suppress_warnings"]
    return Settings.from_conf({name: config[name] for name in names})
