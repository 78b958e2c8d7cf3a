"""The site's settings from ``conf.py``, read the same way by the build and by ``tyreso check`` (no Sphinx here).

The build makes them from Sphinx's config (:func:`tyreso_ext.sphinx_ext.config.settings`), the command from
``conf.py`` run as plain Python (:class:`tyreso_ext.source.project.Project`); both go through
:meth:`Settings.from_conf`, so a default or a rule on a setting lives here and nowhere else.
"""

from __future__ import annotations

import dataclasses
import fnmatch
from collections.abc import Mapping
from typing import Any

from tyreso_ext.model.vocabulary import DEFAULT_GOAL_AREAS, Vocabulary

DEFAULT_UNGROUPED_LABEL = "Övergripande"


@dataclasses.dataclass(frozen=True)
class ConfigValue:
    """One ``tyreso_*`` setting of ``conf.py``: its default and the types it accepts."""

    name: str
    default: Any
    types: tuple[type, ...]


# Every setting the extension reads; sphinx_ext.config declares exactly these to Sphinx.
CONFIG_VALUES = (
    ConfigValue("tyreso_goal_areas", list(DEFAULT_GOAL_AREAS), (list, tuple)),
    ConfigValue("tyreso_organs", [], (list, tuple)),
    ConfigValue("tyreso_report_dirs", ["reports"], (list, tuple)),
    ConfigValue("tyreso_ungrouped_label", DEFAULT_UNGROUPED_LABEL, (str,)),
)


@dataclasses.dataclass(frozen=True)
class Settings:
    goal_areas: tuple[str, ...] = DEFAULT_GOAL_AREAS
    organs: tuple[str, ...] = ()
    report_dirs: tuple[str, ...] = ("reports",)
    ungrouped_label: str = DEFAULT_UNGROUPED_LABEL
    suppressed: tuple[str, ...] = ()  # Sphinx's suppress_warnings, e.g. "tyreso.TY014"

    @classmethod
    def from_conf(cls, values: Mapping[str, Any]) -> Settings:
        """From the names and values of ``conf.py`` (missing ones take their defaults)."""

        def get(name: str) -> Any:
            return values.get(name, next(value.default for value in CONFIG_VALUES if value.name == name))

        return cls(
            goal_areas=tuple(get("tyreso_goal_areas")),
            organs=tuple(get("tyreso_organs")),
            report_dirs=tuple(get("tyreso_report_dirs")),
            ungrouped_label=str(get("tyreso_ungrouped_label")),
            suppressed=tuple(str(entry) for entry in values.get("suppress_warnings", ())),
        )

    @property
    def vocabulary(self) -> Vocabulary:
        """The fixed word lists of this site."""
        return Vocabulary(goal_areas=self.goal_areas, organs=self.organs)

    def is_report(self, docname: str) -> bool:
        """Whether a document (its name or its path, relative to the project) lies in a report folder."""
        return any(docname == folder or docname.startswith(folder.rstrip("/") + "/") for folder in self.report_dirs)

    def is_suppressed(self, code: str) -> bool:
        """Whether conf.py silences a code, as Sphinx's suppress_warnings does in the build."""
        return any(fnmatch.fnmatchcase(f"tyreso.{code}", entry) or entry == "tyreso" for entry in self.suppressed)
