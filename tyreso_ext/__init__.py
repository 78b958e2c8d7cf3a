"""tyreso_ext: Sphinx extension for Swedish municipal plans and follow-up reports.

The package imports nothing of Sphinx itself: the ``tyreso`` command (``tyreso check`` in a
pre-commit hook, on every save) starts without it. Sphinx calls :func:`setup`, which loads the
extension (:mod:`tyreso_ext.extension`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    from tyreso_ext.extension import setup as setup_extension

    return setup_extension(app)
