"""The one test of whether a path lies inside the project (no Sphinx here).

Every place that reads a file a report names, follows a link or serves a file asks this: the reader's rule
on files (TY022), the financial tables' data files, the build's guard on linked sources, the PDF's fetcher.
"""

from __future__ import annotations

import os


def is_inside(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> bool:
    """Whether ``path``, symbolic links followed, is ``root`` itself or lies below it."""
    resolved, base = os.path.realpath(path), os.path.realpath(root)
    return resolved == base or resolved.startswith(base.rstrip(os.sep) + os.sep)
