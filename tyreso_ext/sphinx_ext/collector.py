"""The pace of Python's cyclic garbage collector during a build.

By default the collector looks at young container objects after every 700 new ones, and now and then walks
every object alive. A build of a large site keeps the saved environment alive throughout (tens of thousands
of records, Sphinx's tables of contents), so each of those walks goes over all of it again: at 2,000
reports, loading the environment took 1.05 s with the collector and 0.14 s without, and a build after one
edit spent a third of its time in the collector (benchmarks/ATGARDER.md).

So a build collects less often (:data:`THRESHOLDS`, set as the extension is set up, before Sphinx loads
the environment), and once the environment is loaded, what is alive then is set aside with
:func:`gc.freeze`: later collections do not walk it. Both are undone when the build ends, so a process
that builds several times (the tests, ``tyreso pdf``) collects as usual in between. Collections still run,
so the doctrees a build drops are freed as before.
"""

from __future__ import annotations

import gc

from sphinx.application import Sphinx

THRESHOLDS = (50_000, 20, 10)  # new objects before a young collection; young collections before an older one
_found: dict[str, tuple[int, int, int]] = {}  # the thresholds the process had before its first build


def collect_less(app: Sphinx) -> None:
    """At setup: fewer collections while the environment is loaded and the build runs."""
    gc.unfreeze()  # what an earlier build in this process set aside and did not give back (it never built)
    found = _found.setdefault("thresholds", gc.get_threshold())
    gc.set_threshold(*(max(mine, theirs) for mine, theirs in zip(THRESHOLDS, found, strict=True)))


def set_aside_environment(app: Sphinx) -> None:
    """``builder-inited`` (the environment is loaded): later collections do not walk what is alive now."""
    gc.freeze()


def collect_as_before(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the collector as it was (it walks what was set aside again)."""
    gc.unfreeze()
    if "thresholds" in _found:
        gc.set_threshold(*_found["thresholds"])


def setup(app: Sphinx) -> None:
    collect_less(app)
    app.connect("builder-inited", set_aside_environment)
    app.connect("build-finished", collect_as_before, priority=900)
