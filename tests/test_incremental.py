"""An incremental build: one report edited, only it re-read, every page that shows it up to date."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import body, caption, register_entries, table_rows, text, tyreso_warnings

T1 = "reports/2023/T1/kommunstyrelsen"

BEFORE = """:id: trygg-skolvag
:målområde: Leverans
:ansvarig: Kommunstyrelsen
:status: gul
"""
AFTER = BEFORE.replace(":status: gul", ":status: grön")


def table(app, docname: str, name: str):
    for candidate in body(app, docname).select("table.tyreso-table"):
        if caption(candidate) == name:
            return candidate
    raise AssertionError(f"no table {name!r} on {docname}")


def row_of(rows: list[list[str]], title: str) -> list[str]:
    return next(row for row in rows if row[0] == title)


def index_status(app, title: str, period_label: str) -> str:
    """The status the register gives one object in one period."""
    for period, status, _ in register_entries(app, "tyreso-uppdrag")[title]["periods"]:
        if period == period_label:
            return status
    raise AssertionError(f"{title} / {period_label} not in the register")


def what_shows_trygg_skolvag_in_t1(app) -> dict[str, str]:
    status_table = table_rows(table(app, "oversikt", "Leverans – uppdrag, 2023-T1"))
    matrix = table_rows(table(app, "oversikt", "Status per period – uppdrag, Kommunstyrelsen"))
    in_report = table_rows(table(app, T1, "Leverans – uppdrag, 2023-T1, Kommunstyrelsen"))
    summary = table_rows(table(app, "oversikt", "Måluppfyllelse per målområde – uppdrag, mål, 2023-T1, Kommunstyrelsen"))
    reference = next(p for p in body(app, "lankar").find_all("p") if text(p).startswith("Tertial 1:"))
    return {
        "statustabell": row_of(status_table, "Trygg skolväg")[-1],
        "statustabell i rapporten": row_of(in_report, "Trygg skolväg")[-1],
        "periodmatris T1": row_of(matrix, "Trygg skolväg")[3],
        "målområdesöversikt Leverans grön/gul/röd": "/".join(row_of(summary, "Leverans")[2:5]),
        "index": index_status(app, "Trygg skolväg", "2023-T1"),
        "hänvisning": text(reference.select_one(".tyreso-badge")),
        "objektet": text(body(app, T1).find(id="uppdrag-trygg-skolvag").select_one(".tyreso-badge")),
    }


def touch_after_the_build(app, source: Path) -> None:
    """Make an edit newer than the first read whatever the file system's timestamp resolution."""
    stamp = max(os.stat(source).st_mtime, Path(app.doctreedir, "environment.pickle").stat().st_mtime) + 2
    os.utime(source, (stamp, stamp))


def build_again(app_params, make_app):
    """The same sources, output and doctree folders and settings, reusing the saved environment; with the
    documents read and the pages written."""
    args, kwargs = app_params
    again = make_app(*args, **{**kwargs, "freshenv": False})
    read: list[str] = []
    written: list[str] = []
    again.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    again.connect("html-page-context", lambda _app, pagename, *_: written.append(pagename))
    again.build()
    return again, read, written


@pytest.mark.sphinx("html", testroot="domain", srcdir="incremental-domain", freshenv=True)
def test_editing_one_report_rereads_only_it_and_updates_every_page_that_shows_it(app, app_params, make_app):
    app.build()
    assert what_shows_trygg_skolvag_in_t1(app) == {
        "statustabell": "Gul",
        "statustabell i rapporten": "Gul",
        "periodmatris T1": "Gul",
        "målområdesöversikt Leverans grön/gul/röd": "0/1/1",
        "index": "Gul",
        "hänvisning": "Gul",
        "objektet": "Gul",
    }

    # The test's own copy of the sources: edit the T1 report (gul → grön).
    source = Path(app.srcdir) / f"{T1}.md"
    original = source.read_text(encoding="utf-8")
    assert original.count(BEFORE) == 1
    source.write_text(original.replace(BEFORE, AFTER), encoding="utf-8")
    touch_after_the_build(app, source)

    again, read, written = build_again(app_params, make_app)
    assert (Path(again.srcdir), Path(again.outdir), Path(again.doctreedir)) == (
        Path(app.srcdir),
        Path(app.outdir),
        Path(app.doctreedir),
    )

    assert read == [T1]
    assert tyreso_warnings(again) == []
    # Pages that show the object were written again although their own sources did not change.
    assert {"index", "oversikt", "lankar", T1, "tyreso-uppdrag"} <= set(written)
    assert what_shows_trygg_skolvag_in_t1(again) == {
        "statustabell": "Grön",
        "statustabell i rapporten": "Grön",
        "periodmatris T1": "Grön",
        "målområdesöversikt Leverans grön/gul/röd": "1/0/1",
        "index": "Grön",
        "hänvisning": "Grön",
        "objektet": "Grön",
    }


@pytest.mark.sphinx("html", testroot="domain", srcdir="incremental-text-only", freshenv=True)
def test_editing_only_an_objects_text_rewrites_no_page_that_shows_it_elsewhere(app, app_params, make_app):
    app.build()
    source = Path(app.srcdir) / f"{T1}.md"
    original = source.read_text(encoding="utf-8")
    written_text = "Arbetet med skolvägen har påbörjats."
    assert original.count(written_text) == 1
    # A new sentence in the object's text: its record (id, title, status, fields) stays the same.
    source.write_text(original.replace(written_text, written_text + " En ny mening i texten."), encoding="utf-8")
    touch_after_the_build(app, source)

    again, read, written = build_again(app_params, make_app)

    assert read == [T1]
    assert T1 in written
    # The aggregations, the references and the registers show nothing of the text: left as they were.
    assert not {"oversikt", "lankar", "tyreso-uppdrag", "tyreso-mal", "tyreso-risker", "tyreso-indikatorer"} & set(written)
    assert "En ny mening i texten." in text(body(again, T1).find(id="uppdrag-trygg-skolvag"))
    assert what_shows_trygg_skolvag_in_t1(again)["statustabell"] == "Gul"


def cache_file(app) -> Path:
    return Path(app.doctreedir) / "tyreso-collection.pickle"


@pytest.mark.sphinx("html", testroot="domain", srcdir="incremental-collection-rules", freshenv=True)
def test_the_rules_across_documents_are_kept_through_a_status_edit_and_run_again_when_an_id_changes(app, app_params, make_app):
    source = Path(app.srcdir) / f"{T1}.md"
    original = source.read_text(encoding="utf-8")
    # An id no plan defines, where the plan has one of that title: a finding of the rules across documents (TY010).
    source.write_text(original.replace(":id: kompetens-for-framtiden", ":id: kompetens-for-framtid"), encoding="utf-8")
    app.build()
    codes = sorted(code for _, _, code, _ in tyreso_warnings(app))
    assert codes == ["TY010"]
    kept = cache_file(app).stat().st_mtime_ns

    # A status edit: nothing these rules see changed, so their kept findings are given again, without running them.
    source.write_text(source.read_text(encoding="utf-8").replace(BEFORE, AFTER), encoding="utf-8")
    touch_after_the_build(app, source)
    again, read, _ = build_again(app_params, make_app)
    assert read == [T1]
    assert sorted(code for _, _, code, _ in tyreso_warnings(again)) == codes  # the findings last as long as their cause
    assert cache_file(again).stat().st_mtime_ns == kept
    assert index_status(again, "Trygg skolväg", "2023-T1") == "Grön"

    # The id put right: the rules run again, and both findings are gone.
    source.write_text(
        source.read_text(encoding="utf-8").replace("kompetens-for-framtid\n", "kompetens-for-framtiden\n"), encoding="utf-8"
    )
    touch_after_the_build(again, source)
    third, read, _ = build_again(app_params, make_app)
    assert read == [T1]
    assert tyreso_warnings(third) == []
    assert cache_file(third).stat().st_mtime_ns != kept

    # A kept file that cannot be read is no loss: the rules run.
    cache_file(third).write_bytes(b"not a pickle")
    source.write_text(
        source.read_text(encoding="utf-8").replace(":id: kompetens-for-framtiden", ":id: kompetens-x"), encoding="utf-8"
    )
    touch_after_the_build(third, source)
    fourth, _, _ = build_again(app_params, make_app)
    assert [(code, "'kompetens-x' följs upp" in message) for _, _, code, message in tyreso_warnings(fourth)] == [("TY010", True)]


@pytest.mark.sphinx("html", testroot="domain", srcdir="incremental-registers-lazy", freshenv=True)
def test_a_register_is_made_and_written_only_when_what_it_lists_changed(app, app_params, make_app):
    app.build()
    source = Path(app.srcdir) / f"{T1}.md"
    text_before = source.read_text(encoding="utf-8")
    lines_added = text_before.replace("## Uppdrag\n", "## Uppdrag\n\nEn ny rad.\n\nOch en till.\n")
    source.write_text(lines_added, encoding="utf-8")  # lines added above the objects: no register shows a line
    touch_after_the_build(app, source)
    again, read, written = build_again(app_params, make_app)
    assert read == [T1]
    assert not {"tyreso-uppdrag", "tyreso-mal", "tyreso-risker", "tyreso-indikatorer"} & set(written)
    assert index_status(again, "Trygg skolväg", "2023-T1") == "Gul"

    source.write_text(lines_added.replace(BEFORE, AFTER), encoding="utf-8")  # an uppdrag's status: its register only
    touch_after_the_build(again, source)
    third, read, written = build_again(app_params, make_app)
    assert {"tyreso-uppdrag"} == {"tyreso-uppdrag", "tyreso-mal", "tyreso-risker", "tyreso-indikatorer"} & set(written)
    assert index_status(third, "Trygg skolväg", "2023-T1") == "Grön"


@pytest.mark.sphinx("html", testroot="domain", srcdir="incremental-collector", freshenv=True)
def test_a_build_leaves_the_garbage_collector_as_it_found_it(app):
    import gc

    # The extension collects less during the build (sphinx_ext/collector.py), and gives it back when it ends.
    app.build()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold()[0] < 50_000
