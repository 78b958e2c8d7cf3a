"""The four statuses and their forgiving parser."""

from __future__ import annotations

import enum

from tyreso_ext.model.text import did_you_mean, fold, invisible_note, quoted_list, shorten


class Status(str, enum.Enum):
    """A traffic-light status; the value is the Swedish word users write."""

    GRON = "grön"
    GUL = "gul"
    ROD = "röd"
    EJ_BEDOMD = "ej bedömd"

    @property
    def label(self) -> str:
        """The word shown next to the colour: 'Grön', 'Ej bedömd'."""
        return self.value.capitalize()

    @property
    def needs_explanation(self) -> bool:
        """Gul and röd must carry orsak and åtgärder."""
        return self in (Status.GUL, Status.ROD)


ALLOWED_STATUS_WORDS = [status.value for status in Status]
_BY_FOLDED = {fold(status.value): status for status in Status}


_PUNCTUATION = " .,;:!?"


class StatusError(ValueError):
    """A status word outside the allowed values."""


def parse_status(text: str) -> Status:
    """Parse a status forgivingly about case and diacritics, strictly about anything else."""
    if not isinstance(text, str) or not text.strip():
        raise StatusError(f"Status saknar värde. Tillåtna värden är {quoted_list(ALLOWED_STATUS_WORDS)}.")
    status = _BY_FOLDED.get(fold(text))
    if status is None:
        word = text.rstrip(_PUNCTUATION)
        bare = _BY_FOLDED.get(fold(word))
        if bare is not None and not invisible_note(text):  # 'Gul.': the word, and a dot or a comma after it
            mark = text.strip()[len(word.strip()) :].strip()
            raise StatusError(
                f"'{shorten(text)}' är ingen giltig status: ta bort '{shorten(mark)}' efter ordet och skriv '{bare.value}'."
            )
        raise StatusError(
            f"'{shorten(text)}' är ingen giltig status."
            f"{did_you_mean(text, ALLOWED_STATUS_WORDS)}"
            f" Tillåtna värden är {quoted_list(ALLOWED_STATUS_WORDS)}."
        )
    return status
