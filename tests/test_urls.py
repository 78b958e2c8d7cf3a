"""The one URL policy (tyreso_ext.model.urls): which addresses a page or a PDF may link to, and which files a
report may bring along; with the reader's findings for them (TY027, TY028, TY029)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from helpers import ROOTS, finding_keys, other_warnings
from hypothesis import given
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from tyreso_ext.model.findings import CODES
from tyreso_ext.model.frontmatter import FOREIGN_KEYS, neutralize_front_matter, split_front_matter
from tyreso_ext.model.settings import Settings
from tyreso_ext.model.urls import (
    file_problem,
    is_remote,
    looks_like_url,
    markdown_link_problem,
    refused_file_finding,
    refused_url_finding,
    scheme_of,
    url_key,
    url_problem,
)
from tyreso_ext.source.link_rules import neutralize_eval_rst, refused_in_text, role_target
from tyreso_ext.source.project import Project
from tyreso_ext.source.reader import read_document

ALLOWED = [
    "https://www.tyreso.se/",
    "http://example.org/a?b=1&c=2#d",
    "HTTPS://WWW.TYRESO.SE",
    "mailto:kommun@tyreso.se",
    "MailTo:kommun@tyreso.se",
    "tel:+46 8 578 291 00",
    "#rubrik",
    "",
    "bilaga.pdf",
    "../2022/T2/kommunstyrelsen.md",
    "/reports/2023/plan.html#mal",
    "./bilder/diagram.png",
    "//cdn.example.org/x.png",
    "?sida=2",
    "rapport 2023.pdf",
    "mapp/fil:med-kolon.pdf",
]

REFUSED = {
    "javascript:alert(1)": "javascript:",
    "JAVASCRIPT:alert(1)": "javascript:",
    "JaVaScRiPt:alert(1)": "javascript:",
    "  javascript:alert(1)": "javascript:",
    "\x01\x02javascript:alert(1)": "javascript:",
    "java\nscript:alert(1)": "javascript:",
    "java\tscript:alert(1)": "javascript:",
    "java\rscript:alert(1)": "javascript:",
    "java script:alert(1)": "javascript:",
    "java\x00script:alert(1)": "javascript:",
    "java\u200bscript:alert(1)": "javascript:",  # a zero-width space
    "java\u00adscript:alert(1)": "javascript:",  # a soft hyphen
    "javascript\t:alert(1)": "javascript:",
    "&#106;avascript:alert(1)": "javascript:",
    "&#x6A;avascript:alert(1)": "javascript:",
    "&#x6a&#x61vascript:alert(1)": "javascript:",  # entities without their semicolons
    "&#0000106;avascript:alert(1)": "javascript:",
    "javascript&colon;alert(1)": "javascript:",
    "java&Tab;script:alert(1)": "javascript:",
    "java&NewLine;script:alert(1)": "javascript:",
    "&amp;#106;avascript:alert(1)": "javascript:",  # entities twice over
    "%6Aavascript:alert(1)": "javascript:",
    "java%73cript:alert(1)": "javascript:",
    "javascript%3Aalert(1)": "javascript:",
    "%256Aavascript:alert(1)": "javascript:",  # percent-encoding twice over
    "ｊａｖａｓｃｒｉｐｔ：alert(1)": "javascript:",  # full-width letters
    "javascript://%0aalert(1)": "javascript:",
    "vbscript:msgbox(1)": "vbscript:",
    "VBScript:msgbox(1)": "vbscript:",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==": "data:",
    "data:image/png;base64,iVBORw0KGgo=": "data:",
    "DATA:text/html,<script>alert(1)</script>": "data:",
    "file:///etc/passwd": "file:",
    "FILE://server/share": "file:",
    "ftp://ftp.example.org/": "ftp:",
    "ssh://server": "ssh:",
    "C:\\Windows\\system32": "c:",
    "livescript:x": "livescript:",
    "blob:https://example.org/1": "blob:",
}


@pytest.mark.parametrize("url", ALLOWED)
def test_addresses_on_the_web_mail_telephone_and_inside_the_site_are_allowed(url):
    assert url_problem(url) is None


@pytest.mark.parametrize(("url", "scheme"), sorted(REFUSED.items()))
def test_other_schemes_are_refused_however_they_are_disguised(url, scheme):
    assert url_problem(url) == scheme


def test_myst_schemes_for_the_project_are_allowed_in_markdown_only():
    assert markdown_link_problem("project:../plan.md#mal") is None
    assert markdown_link_problem("path:bilaga.pdf") is None
    assert url_problem("path:bilaga.pdf") == "path:"
    assert markdown_link_problem("javascript:x") == "javascript:"
    assert markdown_link_problem("inv:sphinx#x") == "inv:"


def test_the_key_reads_the_address_as_a_browser_could():
    assert url_key(" Java&#x53;cript:Alert(1)") == "javascript:alert(1)"
    assert url_key("java%20script:x") == url_key("java script:x") == "javascript:x"
    assert url_key("a%252Fb") == "a/b"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("javascript:alert(1)", True),
        ("JaVa&#x53;cript:x", True),
        ("data:text/html,x", True),
        ("ftp://example.org", True),
        ("https://www.tyreso.se", True),
        ("Obs: se nedan", False),
        ("eq:pythagoras", False),
        ("T1:58", False),
        ("grön", False),
        ("javascript: alert(1)", False),  # two words: text, not an address
    ],
)
def test_an_option_is_an_address_when_it_is_one_word_with_a_scheme_that_is_never_text(value, expected):
    assert looks_like_url(value) is expected


def test_remote_addresses_are_not_files_of_the_project():
    assert is_remote("https://example.org/x.svg") and is_remote("//example.org/x.svg") and is_remote(" HTTP://x")
    assert not is_remote("bild.svg") and not is_remote("javascript:x") and not is_remote("mailto:a@b.se")


@pytest.mark.parametrize(
    "name", ["bilaga.pdf", "data.csv", "ekonomi.xlsx", "bild.png", "foto.jpg", "foto.JPEG", "a/b.pdf#page=2"]
)
def test_a_report_brings_along_pdf_csv_xlsx_png_and_jpeg(name):
    assert file_problem(name, image=False) is None


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("sida.html", ".html"),
        ("sida.HTM", ".htm"),
        ("skript.js", ".js"),
        ("bild.svg", ".svg"),
        ("bild.SVG", ".svg"),
        ("bild.svgz", ".svgz"),
        ("sida.xhtml", ".xhtml"),
        ("makro.xlsm", ".xlsm"),
        ("run.sh", ".sh"),
        ("README", "utan filändelse"),
        ("mapp/", "utan filändelse"),
        ("bild.png.html", ".html"),
        ("bild.png%00.html", ".html"),
        ("bild.png%23.html", ".html"),  # '#' only once decoded: as written, the file ends in .html
        ("bild.*", ".*"),  # Sphinx would pick any picture, an SVG too
    ],
)
def test_other_files_are_refused(name, kind):
    assert file_problem(name, image=False) == kind


def test_a_picture_is_png_or_jpeg():
    assert file_problem("bild.png", image=True) is None and file_problem("bild.jpg", image=True) is None
    assert file_problem("bild.svg", image=True) == ".svg"
    assert file_problem("tabell.pdf", image=True) == ".pdf"


def test_the_findings_quote_the_address_with_control_characters_spelt_out():
    finding = refused_url_finding("r.md", 4, "java\x1b[2Jscript:x", "javascript:")
    assert finding.code == "TY027" and "\x1b" not in finding.message and "\\x1b" in finding.message
    assert refused_file_finding("r.md", 5, "bild.svg", ".svg", image=True).code == "TY029"
    assert {"TY027", "TY028", "TY029"} <= set(CODES)


@given(st.text(max_size=80))
def test_the_policy_never_raises_and_an_allowed_address_has_an_allowed_scheme_or_none(url):
    problem = url_problem(url)
    if problem is None:
        assert scheme_of(url) in (None, "http", "https", "mailto", "tel")
    else:
        assert url_key(url).startswith(problem) and problem.removesuffix(":") not in ("http", "https", "mailto", "tel")


@given(st.sampled_from(sorted(REFUSED)), st.sampled_from(["", " ", "\t", "\n", "&#10;", "%09"]))
def test_padding_never_hides_a_refused_scheme(url, padding):
    assert url_problem(padding + url) == REFUSED[url]


# --- the reader ----------------------------------------------------------------------------------------------

FRONT = "---\nrapporttyp: delårsrapport\nperiod: 2023-T1\norgan: Kommunstyrelsen\n---\n\n# Rapport\n\n"


def _read(body: str, root: Path | None = None, docname: str = "reports/2023/T1/r"):
    text = FRONT + body
    return read_document(text, docname, f"{docname}.md", Settings(), root=root), text


def _lines(document, code: str) -> list[int]:
    return sorted(finding.line for finding in document.findings if finding.code == code)


def _line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), start=1) if needle in line)


@pytest.mark.parametrize(
    "snippet",
    [
        "[klicka](javascript:alert(1))",
        "[klicka]( JAVASCRIPT:alert(1) )",
        "[klicka](<javascript:alert(1)>)",
        "[klicka](java&#x73;cript:alert(1))",
        "[tab](java\tscript:alert(1))",
        "<javascript:alert(1)>",
        "<vbscript:msgbox(1)>",
        "[data](data:text/html;base64,PHNjcmlwdD4=)",
        "![bild](data:image/png;base64,iVBORw0KGgo=)",
        "![bild](javascript:alert(1))",
        "[fil](file:///etc/passwd)",
        "[ftp](ftp://ftp.example.org/)",
        "[u](<java script:x>)",
        "{bdg-link-primary}`märke <javascript:alert(1)>`",
        "{download}`ladda ner <javascript://%0aalert(1)>`",
    ],
)
def test_the_reader_reports_a_refused_link_on_its_line(snippet):
    document, text = _read(f"Första raden.\nText {snippet} text.\n")
    assert _lines(document, "TY027") == [_line_of(text, "Text ")]
    assert document.refused


def test_a_reference_definition_is_reported_where_it_is_defined():
    document, text = _read("Se [referens][j].\n\n[j]: javascript:alert('h')\n")
    assert _lines(document, "TY027") == [_line_of(text, "[j]:")]


def test_allowed_links_give_no_finding():
    document, _ = _read(
        "[a](https://www.tyreso.se) [b](mailto:a@tyreso.se) [c](tel:+4685782910) [d](#rubrik) [e](../plan.md)\n"
        "<https://www.tyreso.se> ![f](https://example.org/bild.png) [g](project:../plan.md)\n\n"
        "[h]: https://www.tyreso.se\n\n"
        "```{button-link} https://www.tyreso.se\nKnapp\n```\n"
    )
    assert [finding for finding in document.findings if finding.code in ("TY027", "TY028", "TY029")] == []


def test_directive_options_and_arguments_that_are_addresses():
    body = (
        "```{button-link} javascript:alert('knapp')\nKnapp\n```\n\n"
        "::::{grid} 2\n:::{grid-item-card} Kort\n:link: javascript:alert('kort')\n\nText\n:::\n::::\n\n"
        "```{image} https://example.org/bild.png\n:alt: Bild\n:target: JAVASCRIPT:alert('bild')\n```\n\n"
        ":::{note}\n:class: javascript:alert('klass')\nText\n:::\n\n"
        ":::{admonition} Rubrik med [länk](ftp://example.org)\nText\n:::\n"
    )
    document, text = _read(body)
    assert _lines(document, "TY027") == sorted(
        _line_of(text, needle) for needle in ("{button-link}", ":link:", ":target:", ":class: javascript", "{admonition} Rubrik")
    )


def test_links_inside_objects_and_containers_are_found():
    body = (
        ":::{uppdrag} Trygg skolväg\n:id: trygg-skolvag\n:status: grön\n\n"
        "```{button-link} javascript:alert('i uppdrag')\nKnapp\n```\n:::\n\n"
        "::::{note}\n:::{tip}\nSe [länk](javascript:alert('djupt')).\n:::\n::::\n"
    )
    document, text = _read(body)
    assert _lines(document, "TY027") == [_line_of(text, "{button-link}"), _line_of(text, "Se [länk]")]


def test_an_objects_fields_are_text_not_links():
    document, _ = _read(":::{uppdrag} Trygg skolväg\n:id: trygg-skolvag\n:status: grön\n:ansvarig: javascript:alert(1)\n:::\n")
    assert _lines(document, "TY027") == []


def test_eval_rst_is_a_finding_in_a_report_only():
    body = "```{eval-rst}\n.. meta::\n   :http-equiv=refresh: 0; url=javascript:alert(1)\n```\n"
    document, text = _read(body)
    assert _lines(document, "TY028") == [_line_of(text, "{eval-rst}")] == document.eval_rst_lines
    handbook = read_document(f"# Handboken\n\n{body}", "docs/handbok", "docs/handbok.md", Settings())
    assert handbook.findings == [] and handbook.eval_rst_lines == []


def test_eval_rst_is_turned_into_a_code_block_on_the_same_lines():
    text = "# R\n\n:::{note}\n```{eval-rst}\n.. meta::\n```\n:::\n\n````text\n```{eval-rst}\n````\n"
    document = read_document(FRONT + text, "reports/r", "reports/r.md", Settings())
    neutral = neutralize_eval_rst(FRONT + text, document.eval_rst_lines)
    assert neutral.count("{eval-rst}") == 1  # the example inside the code block stays as written
    assert len(neutral.split("\n")) == len((FRONT + text).split("\n"))
    assert "```rst\n.. meta::" in neutral


def test_pictures_and_downloads_of_refused_types(tmp_path):
    folder = tmp_path / "reports" / "2023" / "T1"
    folder.mkdir(parents=True)
    (folder / "sida.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (folder / "bilaga.pdf").write_bytes(b"%PDF-1.4")
    body = (
        "![diagram](diagram.svg)\n\n"
        "{download}`sidan <sida.html>`\n\n"
        "[sidan igen](sida.html) och [bilagan](bilaga.pdf) och [planen](../plan.md)\n\n"
        "[med path](path:skript.js)\n\n"
        "```{figure} figur.svg\nText\n```\n\n"
        "```{image} bild.*\n```\n\n"
        ":::{card} Kort\n:img-top: kort.svg\nText\n:::\n\n"
        "![ok](bild.png) {download}`ok <bilaga.pdf>` ![webb](https://example.org/x.svg)\n"
    )
    document, text = _read(body, root=tmp_path)
    needles = ("![diagram]", "{download}`sidan", "[sidan igen]", "[med path]", "{figure}", "{image} bild.*", ":img-top:")
    assert _lines(document, "TY029") == sorted(_line_of(text, needle) for needle in needles)


def test_a_file_outside_the_project_is_ty022_only(tmp_path):
    (tmp_path / "reports").mkdir()
    document, _ = _read("![x](../../../../../hemlig.svg)\n", root=tmp_path)
    assert _lines(document, "TY029") == [] and len(_lines(document, "TY022")) == 1


def test_the_text_scan_finds_each_form():
    text = "a [x](javascript:a(1)) b ![y]( <data:x> ) c <vbscript:x> d\n[r]: file:///etc\n[z](\njavascript:b)"
    assert {address for _, address in refused_in_text(text)} == {
        "javascript:a(1)",
        "data:x",
        "javascript:b",
        "vbscript:x",
        "file:///etc",
    }
    assert role_target("text <javascript:x>") == "javascript:x" and role_target(" a ") == "a"


# --- the page head: only Sphinx's own keys of a report's front matter reach MyST --------------------------------

# Every key MyST or Sphinx reads from front matter: MyST's settings, <meta> tags, substitutions (Jinja templates),
# the title, notebook keys, Sphinx's metadata (which themes may print in the page head) and a disguised key.
MYST_KEYS = {
    "myst": "myst:\n  html_meta:\n    http-equiv=refresh: 0;url=javascript:alert(1)\n",
    "html_meta": 'html_meta:\n  "http-equiv=refresh": "0;url=javascript:alert(1)"\n',
    "substitutions": 'substitutions:\n  hej: "{{ env.config }}"\n',
    "mystnb": "mystnb:\n  execution_mode: force\n",
    "title": "title: <script>alert(1)</script>\n",
    "description": "description: Ett påhittat sidhuvud\n",
    "jupytext": "jupytext:\n  formats: md\n",
    "kernelspec": "kernelspec:\n  name: python3\n",
    "html_theme.sidebar_secondary.remove": "html_theme.sidebar_secondary.remove: true\n",
    '"html_meta"': '"html_meta": {"http-equiv=refresh": "0"}\n',
    "'myst'": "'myst': {}\n",
    "html\\x5fmeta": '"html\\x5fmeta": {"http-equiv=refresh": "0"}\n',
    "orphan-with-a-map": "orphan: {html_meta: x}\ntocdepth: 2\n",
}


@pytest.mark.parametrize("key", sorted(MYST_KEYS))
def test_no_key_myst_reads_reaches_myst_from_a_report(key):
    text = f"---\nrapporttyp: delårsrapport\nperiod: 2023-T1\norgan: Kommunstyrelsen\n{MYST_KEYS[key]}---\n\n# R\n"
    neutral = neutralize_front_matter(text)
    assert len(neutral.split("\n")) == len(text.split("\n"))
    block = split_front_matter(neutral)
    assert block is not None
    data = yaml.safe_load(block.text) or {}
    assert isinstance(data, dict) and set(data) <= set(FOREIGN_KEYS)
    for line in block.text.splitlines():  # what MyST could still see: no key but Sphinx's own
        assert line.startswith("#") or line == "{}" or line.split(":", 1)[0] in FOREIGN_KEYS, line


def test_sphinx_own_keys_pass_and_substitutions_are_refused():
    text = "---\nrapporttyp: delårsrapport\nperiod: 2023-T1\norgan: Kommunstyrelsen\norphan: true\nsubstitutions:\n  a: b\n---\n"
    assert "\norphan: true\n" in neutralize_front_matter(text)
    assert "substitutions" not in neutralize_front_matter(text)
    document = read_document(text + "\n# R\n", "reports/r", "reports/r.md", Settings())
    assert [finding.line for finding in document.findings if finding.code == "TY003"] == [6]


# --- the build: the policy where links are made ------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
SCRIPTED_SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert("svg")</script></svg>'
REPORT = """---
rapporttyp: delårsrapport
period: 2023-T1
organ: Kommunstyrelsen
---

# Filer och länkar

![svg-bilden](diagram.svg) och ![png-bilden](bild.png)

{download}`html-sidan <sida.html>` och {download}`pdf-bilagan <bilaga.pdf>` och [html-länken](sida.html)

```{image} diagram.svg
:alt: svg-direktivet
```

```{include} bilaga.txt
```
"""
HANDBOOK = """# Handbok

```{eval-rst}
`rst-länken <javascript:alert('rst')>`_
```

[ftp-länken](ftp://ftp.example.org) och ![handbokens-svg](diagram.svg)
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("policy")
    srcdir = base / "src"
    shutil.copytree(ROOTS / "test-bad-inputs", srcdir)
    folder = srcdir / "reports" / "2023" / "T1"
    folder.mkdir(parents=True)
    (folder / "filer.md").write_text(REPORT, encoding="utf-8")
    (folder / "bilaga.txt").write_text("Inkluderad [ftp-inkluderad](ftp://inkluderad.example.org).\n", encoding="utf-8")
    for where in (folder, srcdir / "docs"):
        where.mkdir(parents=True, exist_ok=True)
        (where / "diagram.svg").write_text(SCRIPTED_SVG, encoding="utf-8")
    (folder / "sida.html").write_text("<script>alert('sida')</script>", encoding="utf-8")
    (folder / "bild.png").write_bytes(PNG)
    (folder / "bilaga.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (srcdir / "docs" / "handbok.md").write_text(HANDBOOK, encoding="utf-8")
    with (srcdir / "index.md").open("a", encoding="utf-8") as index:
        index.write("\n```{toctree}\ndocs/handbok\n```\n")
    app = SphinxTestApp("html", srcdir=srcdir, builddir=base / "_build", freshenv=True, status=None)
    try:
        app.build()
        result = (Path(app.outdir), finding_keys(app), other_warnings(app), srcdir)
    finally:
        app.cleanup()
    return result


def test_a_report_publishes_no_file_of_a_refused_type(built):
    outdir, _, others, _ = built
    assert others == []
    published = sorted(
        path.name for folder in ("_images", "_downloads") for path in (outdir / folder).rglob("*") if path.is_file()
    )
    assert "sida.html" not in published and published.count("diagram.svg") == 1  # the handbook's only
    assert "bild.png" in published and "bilaga.pdf" in published


def test_the_build_gives_the_readers_findings_and_its_own_for_what_the_reader_cannot_see(built):
    _, keys, _, srcdir = built
    report = "reports/2023/T1/filer.md"
    lines = REPORT.split("\n")

    def line(needle: str) -> int:
        return next(number for number, text in enumerate(lines, start=1) if needle in text)

    assert {key for key in keys if key[0] == report} == {
        (report, line("![svg-bilden]"), "TY029"),
        (report, line("{download}`html-sidan"), "TY029"),
        (report, line("{image} diagram.svg"), "TY029"),
    }
    assert ("reports/2023/T1/bilaga.txt", 1, "TY027") in keys  # included: only the build sees it
    assert ("docs/handbok.md", 7, "TY027") in keys and any(key[0] == "docs/handbok.md" and key[1] in (3, 4) for key in keys)
    checked = {(f.path, f.line, f.code) for f in Project.load(srcdir).check() if f.path == report}
    assert checked == {key for key in keys if key[0] == report}


def test_refused_links_become_text_and_the_handbook_keeps_its_pictures(built):
    outdir = built[0]
    report = BeautifulSoup((outdir / "reports/2023/T1/filer.html").read_bytes(), "html.parser").select_one("div.body")
    text = " ".join(report.get_text(" ").split())
    for shown in ("svg-bilden", "html-sidan", "html-länken", "svg-direktivet", "ftp-inkluderad"):
        assert shown in text
    hrefs = [a.get("href", "") for a in report.find_all("a")]
    assert not any(href.endswith(("sida.html", ".svg")) or href.startswith("ftp:") for href in hrefs), hrefs
    assert any(href.endswith("bilaga.pdf") for href in hrefs)
    handbook = BeautifulSoup((outdir / "docs/handbok.html").read_bytes(), "html.parser").select_one("div.body")
    assert [a for a in handbook.find_all("a") if a.get("href", "").startswith(("javascript", "ftp"))] == []
    assert "rst-länken" in handbook.get_text() and handbook.find("img", alt="handbokens-svg") is not None
