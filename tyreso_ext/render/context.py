"""What a renderer needs to know about the page it fills."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from tyreso_ext.model.aggregate import Catalogue, Selection
from tyreso_ext.model.kinds import BUILTIN_KINDS, Kinds
from tyreso_ext.model.objects import Report, SteeringObject
from tyreso_ext.model.period import Period
from tyreso_ext.render.pdf_files import PdfFile


@dataclasses.dataclass
class RenderContext:
    docname: str
    catalogue: Catalogue  # every object of the site
    reports: list[Report]  # every report of the site
    goal_areas: tuple[str, ...]
    ungrouped_label: str
    pdfs: Mapping[str, PdfFile] = dataclasses.field(default_factory=dict)  # docname -> the report's published PDF
    kinds: Kinds = BUILTIN_KINDS  # the kinds the site declares

    def newest_period(self, selection: Selection) -> Period | None:
        """The newest follow-up period among the objects the selection would show."""
        return self.catalogue.newest_follow_up_period(selection)

    def describe(self, selection: Selection) -> str:
        """Words for a selection, used in captions: 'uppdrag, 2023-T1, Kommunstyrelsen'."""
        parts = [", ".join(kind.plural.lower() for kind in selection.kinds)] if selection.kinds else []
        if selection.period:
            parts.append(selection.period.code)
        if selection.organ:
            parts.append(selection.organ)
        if selection.goal_area:
            parts.append(f"målområde {selection.goal_area}")
        return ", ".join(part for part in parts if part)


def sorted_by_title(objects: list[SteeringObject]) -> list[SteeringObject]:
    return sorted(objects, key=lambda obj: (obj.title.casefold(), obj.id))
