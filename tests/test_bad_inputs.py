"""Bad and hostile input, case by case (tests/bad_input_cases.py): the build and `tyreso check` finish
without a traceback, name the expected codes at the expected lines (both the same), inject nothing into
the HTML, lose no object, and never read a file outside the source folder."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bad_input_cases import CASES, KEEPER, Case
from badinput import SECRET, Result, build
from bs4 import BeautifulSoup

from tyreso_ext.source.project import Project

_FINDING = re.compile(r"^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<code>TY\d{3}) ")
_PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL|SEVERE)\b")
# Sphinx says so when a second application in one process registers the same nodes again.
_REREGISTERED = re.compile(r"is already registered, its visitors will be overridden|is already registered, it will be overridden")
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset", "cite")
_FORBIDDEN_TAGS = (
    "iframe",
    "object",
    "embed",
    "applet",
    "frame",
    "frameset",
    "base",
    "svg",
    "math",
    "template",
    "portal",
    "style",
)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "″": '"', "‘": "'", "’": "'", "‚": "'", "′": "'"})


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Result:
    """The test site with a report that has nothing wrong: the theme's own scripts and tags."""
    return build(
        tmp_path_factory.mktemp("ren"),
        "ren",
        (Path(__file__).parent / "bad_inputs" / "status-gront.md").read_bytes().replace(b"gr\xc3\xb6nt", b"gr\xc3\xb6n"),
    )


@pytest.fixture(scope="module")
def theme_scripts(clean) -> set[str]:
    """Inline scripts and script sources of the pages when nothing is wrong."""
    found = set()
    for path in clean.outdir.rglob("*.html"):
        for script in BeautifulSoup(path.read_bytes(), "html.parser").find_all("script"):
            found.add(_script_key(script, path, clean.outdir))
    return found


def _script_key(script, path: Path, outdir: Path) -> str:
    if script.get("src"):
        target = (path.parent / script["src"].split("?")[0]).resolve()
        return (
            f"src:{target.relative_to(outdir.resolve()).as_posix()}"
            if target.is_relative_to(outdir.resolve())
            else f"src:{script['src']}"
        )
    return "inline:" + " ".join(script.get_text().split())


def _findings(result: Result) -> list[tuple[str, int, str]]:
    found = []
    for line in result.warnings.splitlines():
        match = _FINDING.match(line)
        if match:
            path = Path(match["path"])
            relative = path.relative_to(result.srcdir).as_posix() if path.is_absolute() else path.as_posix()
            found.append((relative, int(match["line"]), match["code"]))
    return sorted(found)


def _squeezed(text: str) -> str:
    """Text without white space and with plain quotes, as Sphinx's smart quotes and markup spacing vary them."""
    return "".join(text.translate(_QUOTES).split())


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[str, Result]:
    return {}


@pytest.fixture
def result(case: Case, results, tmp_path_factory) -> Result:
    if case.name not in results:
        results[case.name] = build(tmp_path_factory.mktemp(case.name), case.name, case.data())
    return results[case.name]


def pytest_generate_tests(metafunc) -> None:
    if "case" in metafunc.fixturenames:
        metafunc.parametrize("case", CASES, ids=[case.name for case in CASES])


def test_the_corpus_is_large_and_every_file_is_a_case():
    names = [case.name for case in CASES]
    assert len(names) == len(set(names)) >= 40
    files = {path.stem for path in (Path(__file__).parent / "bad_inputs").glob("*.md")}
    assert files <= set(names), files - set(names)


def test_the_build_and_the_check_finish_without_a_traceback(case, result):
    assert result.build_error == "", result.build_error
    for output in (result.status, result.warnings, result.check_stdout, result.check_stderr):
        assert "Traceback" not in output and "Exception occurred" not in output, output[-2000:]
    assert result.check_exit in (0, 1), result.check_stderr
    assert (result.outdir / "index.html").is_file() and result.page.is_file() == case.page


def test_the_expected_codes_are_named_at_their_lines_by_the_build_and_the_check(case, result):
    found = _findings(result)
    assert {(path, line, code) for path, line, code in found if path != result.case_path} == set(), found
    assert {(line, code) for _, line, code in found} == case.expected(), found
    checked = sorted((entry["fil"], entry["rad"], entry["kod"]) for entry in result.check_findings)
    assert checked == found
    assert result.check_exit == (1 if case.findings else 0)


def test_no_other_warning_than_those_the_case_may_cause(case, result):
    unexpected = [
        line
        for line in result.warnings.splitlines()
        if _PROBLEM.search(line)
        and not _FINDING.match(line)
        and not _REREGISTERED.search(line)
        and not any(allowed in line for allowed in case.allowed)
    ]
    assert unexpected == []


def test_nothing_is_injected_into_the_html(case, result, theme_scripts):
    pages = sorted(result.outdir.rglob("*.html"))
    assert pages
    for path in pages:
        soup = BeautifulSoup(path.read_bytes(), "html.parser")
        where = path.relative_to(result.outdir).as_posix()
        for script in soup.find_all("script"):
            assert _script_key(script, path, result.outdir) in theme_scripts, (where, str(script)[:200])
        for name in _FORBIDDEN_TAGS:
            assert soup.find(name) is None, (where, str(soup.find(name))[:200])
        for meta in soup.find_all("meta"):
            assert not meta.get("http-equiv"), (where, str(meta))
        for form in soup.find_all("form"):
            assert form.get("action", "") in ("", "search.html") or form["action"].endswith("/search.html"), (
                where,
                str(form)[:200],
            )
        for element in soup.find_all(True):
            for attribute, value in element.attrs.items():
                assert not attribute.lower().startswith("on"), (where, str(element)[:200])
                if attribute.lower() in _URL_ATTRIBUTES:
                    url = _CONTROL.sub("", " ".join(value) if isinstance(value, list) else value).lower()
                    assert not url.startswith(("javascript:", "vbscript:", "data:", "file:")), (where, str(element)[:200])
    for picture in (result.outdir / "_images").glob("*.svg") if (result.outdir / "_images").is_dir() else ():
        for element in ElementTree.parse(picture).iter():  # the chart's title is text in the SVG, never markup
            assert element.tag.rsplit("}", 1)[-1] not in ("script", "foreignObject", "iframe"), picture.name
            for attribute, value in element.attrib.items():
                assert not attribute.rsplit("}", 1)[-1].lower().startswith("on"), (picture.name, attribute)
                assert not _CONTROL.sub("", value).lower().startswith(("javascript:", "data:text")), (picture.name, value)


def test_hostile_and_odd_text_is_shown_as_text(case, result):
    text = "".join(
        BeautifulSoup(path.read_bytes(), "html.parser").select_one("div.body").get_text(" ")
        for path in (result.page, result.outdir / "index.html")
        if path.is_file()
    )
    for shown in case.shown:
        assert _squeezed(shown) in _squeezed(text), shown


def test_every_other_object_is_still_rendered(case, result):
    anchors = set(case.keep) | ({KEEPER} if case.keeper else set())
    if not anchors:
        return
    page = BeautifulSoup(result.page.read_bytes(), "html.parser")
    for anchor in anchors:
        box = page.find(id=anchor)
        assert box is not None and "tyreso-object" in box.get("class", []), anchor
    project = Project.find(result.srcdir)
    scanned = {obj.anchor for obj in project.read(result.srcdir / result.case_path).objects}
    assert anchors <= scanned, anchors - scanned


def test_no_file_outside_the_source_folder_is_read(case, result):
    secret = SECRET.encode()
    for folder in (result.outdir, result.doctreedir):
        for path in folder.rglob("*"):
            assert not path.is_file() or secret not in path.read_bytes(), path
    for output in (result.status, result.warnings, result.check_stdout, result.check_stderr):
        assert SECRET not in output
    outside = str(result.outside.resolve())
    opened = [Path(path).resolve() for path in result.opened]
    assert [path for path in opened if str(path).startswith(outside) or str(path) == "/etc/passwd"] == []


def test_a_folder_that_links_out_of_the_project_is_left_out(tmp_path):
    """A report folder that is a symbolic link to a folder outside: nothing in it is read, by either."""
    data = (Path(__file__).parent / "bad_inputs" / "status-gront.md").read_bytes()
    result = build(
        tmp_path,
        "status-gront",
        data,
        prepare=lambda srcdir: (srcdir / "reports" / "2023" / "T2").symlink_to(srcdir.parent / "utanfor"),
    )
    assert result.build_error == "" and "Traceback" not in result.check_stderr
    found = [entry for entry in _findings(result) if entry[0] != result.case_path]
    assert found == [("reports/2023/T2", 1, "TY022")]
    checked = sorted(
        (entry["fil"], entry["rad"], entry["kod"]) for entry in result.check_findings if entry["fil"] != result.case_path
    )
    assert checked == found
    assert not (result.outdir / "reports" / "2023" / "T2").exists()
    for path in result.outdir.rglob("*"):
        assert not path.is_file() or SECRET.encode() not in path.read_bytes(), path
    outside = str(result.outside.resolve())
    assert [path for path in result.opened if str(Path(path).resolve()).startswith(outside)] == []
