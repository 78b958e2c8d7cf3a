"""The site's fixed word lists (målområden, organ) and its kinds of object, set in conf.py."""

from __future__ import annotations

import dataclasses

from tyreso_ext.model.kinds import BUILTIN_KINDS, Kinds
from tyreso_ext.model.text import did_you_mean, fold, quoted_list, shorten

DEFAULT_GOAL_AREAS = ("Medarbetare", "Kvalitet", "Leverans", "Ekonomi och hållbarhet")


class VocabularyError(ValueError):
    """A word outside a fixed list."""


@dataclasses.dataclass(frozen=True)
class Vocabulary:
    """Allowed målområden and organ names (an empty organ list allows any organ), and the kinds of object."""

    goal_areas: tuple[str, ...] = DEFAULT_GOAL_AREAS
    organs: tuple[str, ...] = ()
    kinds: Kinds = BUILTIN_KINDS

    def goal_area(self, text: str) -> str:
        """The canonical spelling of a målområde, forgiving about case and diacritics."""
        return _lookup(text, self.goal_areas, "målområde")

    def organ(self, text: str) -> str:
        """The canonical spelling of an organ, when the site lists its organs."""
        if not self.organs:
            return " ".join(text.split())
        return _lookup(text, self.organs, "organ")


def _lookup(text: str, choices: tuple[str, ...], what: str) -> str:
    wanted = fold(text)
    for choice in choices:
        if fold(choice) == wanted:
            return choice
    raise VocabularyError(
        f"'{shorten(text)}' är inget känt {what}.{did_you_mean(text, list(choices))}"
        f" Tillåtna värden är {quoted_list(list(choices))}."
    )
