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

from tyreso_ext.model.findings import Finding
from tyreso_ext.model.kinds import BUILTIN_KINDS, KINDS_CONFIG, KindProblem, Kinds, kinds_from_conf, problem_line
from tyreso_ext.model.vocabulary import DEFAULT_GOAL_AREAS, Vocabulary

DEFAULT_UNGROUPED_LABEL = "Övergripande"
DEFAULT_KOLADA_MUNICIPALITY = "0138"  # Tyresö
DEFAULT_KOLADA_COMPARISONS = (("0000", "Riket"),)
DEFAULT_KOLADA_FOLDER = "data/kolada"
DEFAULT_KOLADA_FIRST_YEAR = 2010
DEFAULT_KOLADA_YEARS_SHOWN = 5
DEFAULT_KOLADA_DECIMALS = 1  # Kolada's values are shown with at most this many decimals (the files keep them all)


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
    # Kolada (tyreso kolada, docs/kolada.md): the kommun's id, its comparisons (id: label), the data files' folder,
    # the first year fetched, how many years an indicator's chart shows and with how many decimals at most.
    ConfigValue("tyreso_kolada_kommun", DEFAULT_KOLADA_MUNICIPALITY, (str,)),
    ConfigValue("tyreso_kolada_jamforelser", dict(DEFAULT_KOLADA_COMPARISONS), (dict,)),
    ConfigValue("tyreso_kolada_mapp", DEFAULT_KOLADA_FOLDER, (str,)),
    ConfigValue("tyreso_kolada_forsta_ar", DEFAULT_KOLADA_FIRST_YEAR, (int,)),
    ConfigValue("tyreso_kolada_antal_ar", DEFAULT_KOLADA_YEARS_SHOWN, (int,)),
    ConfigValue("tyreso_kolada_decimaler", DEFAULT_KOLADA_DECIMALS, (int,)),
    # A kommun's own kinds of object, and additions to the built-in ones (model.kinds, docs/egna-objekttyper.md).
    ConfigValue(KINDS_CONFIG, {}, (dict,)),
)


@dataclasses.dataclass(frozen=True)
class Settings:
    goal_areas: tuple[str, ...] = DEFAULT_GOAL_AREAS
    organs: tuple[str, ...] = ()
    report_dirs: tuple[str, ...] = ("reports",)
    ungrouped_label: str = DEFAULT_UNGROUPED_LABEL
    suppressed: tuple[str, ...] = ()  # Sphinx's suppress_warnings, e.g. "tyreso.TY014"
    kolada_municipality: str = DEFAULT_KOLADA_MUNICIPALITY
    kolada_comparisons: tuple[tuple[str, str], ...] = DEFAULT_KOLADA_COMPARISONS  # (Kolada id, label)
    kolada_folder: str = DEFAULT_KOLADA_FOLDER
    kolada_first_year: int = DEFAULT_KOLADA_FIRST_YEAR
    kolada_years_shown: int = DEFAULT_KOLADA_YEARS_SHOWN
    kolada_decimals: int = DEFAULT_KOLADA_DECIMALS
    kinds: Kinds = BUILTIN_KINDS
    kind_problems: tuple[KindProblem, ...] = ()  # what is wrong in tyreso_kinds (TY043, see conf_findings)

    @classmethod
    def from_conf(cls, values: Mapping[str, Any]) -> Settings:
        """From the names and values of ``conf.py`` (missing ones take their defaults)."""

        def get(name: str) -> Any:
            return values.get(name, next(value.default for value in CONFIG_VALUES if value.name == name))

        kinds, kind_problems = kinds_from_conf(values.get(KINDS_CONFIG))
        return cls(
            goal_areas=tuple(get("tyreso_goal_areas")),
            organs=tuple(get("tyreso_organs")),
            report_dirs=tuple(get("tyreso_report_dirs")),
            ungrouped_label=str(get("tyreso_ungrouped_label")),
            suppressed=tuple(str(entry) for entry in values.get("suppress_warnings", ())),
            kolada_municipality=str(get("tyreso_kolada_kommun")).strip(),
            kolada_comparisons=_comparisons(get("tyreso_kolada_jamforelser")),
            kolada_folder=str(get("tyreso_kolada_mapp")).strip() or DEFAULT_KOLADA_FOLDER,
            kolada_first_year=int(get("tyreso_kolada_forsta_ar")),
            kolada_years_shown=max(1, int(get("tyreso_kolada_antal_ar"))),
            kolada_decimals=max(0, int(get("tyreso_kolada_decimaler"))),
            kinds=kinds,
            kind_problems=kind_problems,
        )

    @property
    def vocabulary(self) -> Vocabulary:
        """The fixed word lists of this site."""
        return Vocabulary(goal_areas=self.goal_areas, organs=self.organs, kinds=self.kinds)

    def conf_findings(self, conf_text: str) -> list[Finding]:
        """TY043: the problems in conf.py's ``tyreso_kinds``, each at its line of conf.py (the build and the check
        both give them so)."""
        findings = [
            Finding("conf.py", problem_line(conf_text, problem.key), "TY043", problem.message) for problem in self.kind_problems
        ]
        return [finding for finding in findings if not self.is_suppressed(finding.code)]

    def is_report(self, docname: str) -> bool:
        """Whether a document (its name or its path, relative to the project) lies in a report folder."""
        return any(docname == folder or docname.startswith(folder.rstrip("/") + "/") for folder in self.report_dirs)

    def is_suppressed(self, code: str) -> bool:
        """Whether conf.py silences a code, as Sphinx's suppress_warnings does in the build."""
        return any(fnmatch.fnmatchcase(f"tyreso.{code}", entry) or entry == "tyreso" for entry in self.suppressed)


def _comparisons(value: Any) -> tuple[tuple[str, str], ...]:
    """``{"0000": "Riket", "0001": "Region Stockholm"}`` as (id, label) pairs; a list of ids is labelled by its ids."""
    if isinstance(value, Mapping):
        return tuple((str(key).strip(), str(label).strip() or str(key).strip()) for key, label in value.items())
    return tuple((str(key).strip(), str(key).strip()) for key in value or ())
