"""The build and `tyreso check` read a report through one reader: the same findings, the same objects.

Hypothesis writes follow-up reports with objects at the top level and inside containers (note, admonition,
dropdown, tab-set, grid, card), references in running text, in titles, in fields, in comments, in fences and in
indented code, and odd characters in fields. Each report is built with Sphinx and checked with `tyreso check`:
the two give the same set of (file, line, code), and the build's open data holds the objects `tyreso export`
holds. The cases that once differed are fixed tests below.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import ROOTS, finding_keys, other_warnings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from tyreso_ext.model.settings import Settings
from tyreso_ext.outputs.open_data.records import export_data
from tyreso_ext.source.project import Project

ROOT = ROOTS / "test-equivalence"
REPORT = "reports/2023/T1/kommunstyrelsen.md"
FRONT = "---\nrapporttyp: delårsrapport\nperiod: 2023-T1\norgan: Kommunstyrelsen\n---\n\n# Delårsrapport T1 2023\n\n"

IDS = ["ordning-och-reda", "digital-service", "nojda-invanare", "personalbrist", "finns-inte", "webbplatsen", "akterna"]
KINDS = {
    "ordning-och-reda": "uppdrag",
    "digital-service": "uppdrag",
    "nojda-invanare": "mål",
    "personalbrist": "risk",
    "webbplatsen": "aktivitet",
    "akterna": "kontroll",
}
STATUSES = ["grön", "gul", "röd", "ej bedömd", "grönt?", "Gron", ""]
# Text that holds (or looks as if it held) a reference, and where MyST does or does not read one.
REFERENCES = [
    "Se {uppdrag}`digital-service` och {uppdrag}`finns-inte`.",
    "Målet {mal}`nojda-invanare@2023` och {mal}`nojda-invanare@2023-T9`.",
    "Skrivet {mål}`nojda-invanare`, som inte blir en hänvisning.",
    "<!-- {uppdrag}`finns-inte` i en kommentar -->",
    "~~~\n{uppdrag}`finns-inte` i ett kodblock\n~~~",
    "```text\n{risk}`finns-inte`\n```",
    "    {uppdrag}`finns-inte` i indragen kod",
    "Kod: `` {uppdrag}`finns-inte` `` i löptext.",
    "En rad\nmed {risk}`personalbrist` på andra raden.",
    "Aktiviteten {aktivitet}`webbplatsen` och kontrollen {kontroll}`akterna`.",
    "",
]
ODD_VALUES = ['Citat "inne" här', "<b>fet</b>", "{uppdrag}`finns-inte`", "Å Ä Ö – × …", "a: b", "50 %"]
CONTAINERS = ["note", "admonition", "dropdown", "tab-set", "grid", "card"]


def _object(object_id: str, kind: str, status: str, odd: str, body: str, title_reference: bool) -> str:
    title = "Rubrik {uppdrag}`finns-inte`" if title_reference else f"Rubrik för {object_id}"
    status_field = "bedömning" if kind in ("risk", "aktivitet") else "status"
    lines = [f":::{{{kind}}} {title}", f":id: {object_id}"]
    if status:
        lines.append(f":{status_field}: {status}")
    if kind in ("uppdrag", "aktivitet"):
        lines.append(f":ansvarig: {odd}")
    if kind == "kontroll":
        lines += [":risk: personalbrist", f":resultat: {odd}"]
    lines += ["", body, ":::"]
    return "\n".join(lines)


def _wrap(text: str, container: str) -> str:
    """``text`` inside a container whose fences are longer than any fence inside it."""
    inner = max((len(line) - len(line.lstrip(":")) for line in text.splitlines() if line.startswith(":::")), default=3)
    fence, outer = ":" * (inner + 1), ":" * (inner + 2)
    if container == "tab-set":
        return f"{outer}{{tab-set}}\n{fence}{{tab-item}} Flik\n{text}\n{fence}\n{outer}"
    if container == "grid":
        return f"{outer}{{grid}} 2\n{fence}{{grid-item-card}} Kort\n{text}\n{fence}\n{outer}"
    title = {"note": "", "admonition": " Att notera", "dropdown": " Visa mer", "card": " Kort"}[container]
    return f"{fence}{{{container}}}{title}\n{text}\n{fence}"


blocks = st.one_of(
    st.builds(
        lambda object_id, status, odd, body, title_reference, containers: _nest(
            _object(object_id, KINDS.get(object_id, "uppdrag"), status, odd, body, title_reference), containers
        ),
        st.sampled_from(IDS),
        st.sampled_from(STATUSES),
        st.sampled_from(ODD_VALUES),
        st.sampled_from(REFERENCES),
        st.booleans(),
        st.lists(st.sampled_from(CONTAINERS), max_size=2),
    ),
    st.builds(
        lambda text, containers: _nest(text, containers),
        st.sampled_from(REFERENCES),
        st.lists(st.sampled_from(CONTAINERS), max_size=2),
    ),
)


def _nest(text: str, containers: list[str]) -> str:
    for container in containers:
        text = _wrap(text, container)
    return text


def _build_and_check(tmp_path: Path, report: str) -> tuple[set, set, list, list, list[str]]:
    """Build the root with ``report`` as the T1 follow-up and check it: (build keys, check keys, the build's
    open-data objects, tyreso export's objects, the build's other warnings)."""
    srcdir = tmp_path / "src"
    shutil.rmtree(srcdir, ignore_errors=True)
    shutil.copytree(ROOT, srcdir)
    (srcdir / REPORT).parent.mkdir(parents=True, exist_ok=True)
    (srcdir / REPORT).write_text(report, encoding="utf-8")
    app = SphinxTestApp("html", srcdir=srcdir, builddir=tmp_path / "build", freshenv=True, status=None)
    try:
        app.build()
        built = json.loads((Path(app.outdir) / "data/tyreso-export.json").read_text(encoding="utf-8"))["objekt"]
        keys, others = finding_keys(app), other_warnings(app)
    finally:
        app.cleanup()
    project = Project.load(srcdir)
    checked = project.check()
    documents = [project.read(path) for path in project.report_files()]
    exported = export_data(
        [document.report for document in documents if document.report is not None],
        [obj for document in documents for obj in document.objects],
        {},
    )["objekt"]
    return keys, {(finding.path, finding.line, finding.code) for finding in checked}, built, exported, others


def _objects(records: list[dict]) -> list[tuple]:
    return sorted(
        (record["typ"], record["id"], record["titel"], record["status"] or "", record["plats"]["rad"]) for record in records
    )


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(blocks, min_size=1, max_size=5))
def test_the_build_and_tyreso_check_agree_on_any_report(tmp_path, parts):
    report = FRONT + "\n\n".join(parts) + "\n"
    build_keys, check_keys, built, exported, _ = _build_and_check(tmp_path, report)
    assert build_keys == check_keys, report
    assert _objects(built) == _objects(exported), report


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = [number for number, line in enumerate(text.splitlines(), start=1) if needle in line]
    return lines[occurrence - 1]


def test_objects_inside_containers_are_found_on_their_own_lines_by_both(tmp_path):
    """Once the build found these one line late and `tyreso check` not at all; the export lacked them."""
    report = (
        FRONT
        + "\n\n".join(
            [
                _wrap(_object("digital-service", "uppdrag", "grönt?", "x", "", False), "note"),
                _wrap(
                    _object("personalbrist", "risk", "gul", "x", "", False).replace(
                        ":id: personalbrist", ":id: personalbrist\n:sannolikhet: 9"
                    ),
                    "dropdown",
                ),
                _wrap(_object("finns-inte", "uppdrag", "grön", "x", "", False), "admonition"),
            ]
        )
        + "\n"
    )
    build_keys, check_keys, built, exported, others = _build_and_check(tmp_path, report)
    assert (REPORT, _line_of(report, ":status: grönt?"), "TY006") in build_keys
    assert (REPORT, _line_of(report, ":sannolikhet: 9"), "TY013") in build_keys
    assert (REPORT, _line_of(report, ":::{uppdrag} Rubrik för finns-inte"), "TY010") in build_keys
    assert build_keys == check_keys
    assert len(built) == len(exported) == 3 + 4  # the three above and the plan's four
    assert _objects(built) == _objects(exported)
    assert not [warning for warning in others if "tyreso" in warning]


def test_references_where_myst_reads_none_are_findings_in_neither(tmp_path):
    """Once `tyreso check` reported TY010 for each of these four; the build, rightly, none."""
    report = (
        FRONT
        + "\n\n".join(
            [
                "<!-- {uppdrag}`finns-inte` -->",
                "~~~\n{uppdrag}`finns-inte`\n~~~",
                "Stycke.\n\n    {uppdrag}`finns-inte`",
                _object("digital-service", "uppdrag", "grön", "x", "", True),
            ]
        )
        + "\n"
    )
    build_keys, check_keys, *_ = _build_and_check(tmp_path, report)
    assert not {key for key in build_keys if key[2] == "TY010"}
    assert build_keys == check_keys


def test_an_aggregation_inside_an_object_is_named_in_both(tmp_path):
    """A ':::' left out before a risk matrix draws the matrix inside the last risk: one finding, at the matrix."""
    report = FRONT + ":::{risk} Personalbrist\n:id: personalbrist\n:bedömning: grön\n\n:::{riskmatris}\n:::\n"
    build_keys, check_keys, *_ = _build_and_check(tmp_path, report)
    assert (REPORT, _line_of(report, ":::{riskmatris}"), "TY018") in build_keys
    assert build_keys == check_keys


@pytest.mark.parametrize("suppress", [[], ["tyreso.TY010"]])
def test_settings_read_from_conf_py_match_sphinx_config(tmp_path, suppress):
    """One Settings object, whether made from Sphinx's config or from conf.py run as plain Python."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"suppress_warnings = {suppress!r}\ntyreso_report_dirs = ['reports']\n")
    from tyreso_ext.sphinx_ext.config import settings as sphinx_settings

    app = SphinxTestApp("html", srcdir=srcdir, builddir=tmp_path / "build", status=None)
    try:
        from_sphinx = sphinx_settings(app.config)
    finally:
        app.cleanup()
    from_conf = Project.load(srcdir).settings
    assert from_sphinx == from_conf
    assert from_conf.is_suppressed("TY010") is bool(suppress)
    assert isinstance(from_conf, Settings) and from_conf.organs == ("Kommunstyrelsen", "Socialnämnden")
