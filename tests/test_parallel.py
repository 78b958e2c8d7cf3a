"""A parallel build shows exactly what a serial build shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import body, other_warnings, strip_colours, tyreso_warnings

from tyreso_ext.model.decision import HISTORY_CODES
from tyreso_ext.model.findings import CODES


def pages(app) -> dict[str, str]:
    """The main content of every HTML page of a build, by page name."""
    outdir = Path(app.outdir)
    return {
        path.relative_to(outdir).with_suffix("").as_posix(): str(body(app, path.relative_to(outdir).with_suffix("").as_posix()))
        for path in sorted(outdir.rglob("*.html"))
        if not path.name.startswith(("genindex", "search"))
    }


@pytest.mark.sphinx("html", testroot="domain", freshenv=True, parallel=2)
def test_parallel_build_equals_serial_build(app, app_params, make_app, tmp_path):
    app.build()
    assert app.parallel == 2
    assert app.is_parallel_allowed("read") and app.is_parallel_allowed("write")
    # A parallel read hands chunks of documents to workers and logs each chunk as "first .. last".
    reading = [line for line in strip_colours(app.status.getvalue()).splitlines() if line.startswith("reading sources...")]
    assert len(reading) >= 2 and all(" .. " in line for line in reading)

    args, kwargs = app_params
    serial = make_app(*args, **{**kwargs, "parallel": 1, "builddir": tmp_path / "serial"})
    serial.build()
    assert Path(serial.outdir) != Path(app.outdir)

    parallel_pages, serial_pages = pages(app), pages(serial)
    assert set(parallel_pages) == set(serial_pages)
    assert {"index", "oversikt", "lankar", "tyreso-uppdrag", "tyreso-risker", "reports/2023/T1/kommunstyrelsen"} <= set(
        serial_pages
    )
    for name in serial_pages:
        assert parallel_pages[name] == serial_pages[name], f"{name}.html differs between the parallel and the serial build"
    for built in (app, serial):
        assert tyreso_warnings(built) == []
        assert other_warnings(built) == []


@pytest.mark.sphinx("html", testroot="broken", freshenv=True, parallel=2)
def test_parallel_build_reports_the_same_findings(app, app_params, make_app, tmp_path):
    app.build()
    args, kwargs = app_params
    serial = make_app(*args, **{**kwargs, "parallel": 1, "builddir": tmp_path / "serial"})
    serial.build()
    assert sorted(tyreso_warnings(app)) == sorted(tyreso_warnings(serial))
    # The broken root has one finding per code, but for the codes that need Git history (not a repository here).
    assert len(tyreso_warnings(app)) == len(CODES) - len(HISTORY_CODES)
    assert {code for _, _, code, _ in tyreso_warnings(app)} == set(CODES) - set(HISTORY_CODES)
