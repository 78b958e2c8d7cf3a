"""`tyreso importera`: old reports (Word, a PDF with a text layer, a scan, badly OCR'd text) made into drafts.

Each test makes its own inputs and its own project (a plan that defines the objects the old report follows
up), runs the real command, and looks at the draft: the front matter, the objects with their ids (the plan's)
and statuses, the marks for review, `tyreso check` of the draft (TY037) and the Sphinx build, which fails
strictly until the marks are removed and passes after.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tyreso_ext.cli import main
from tyreso_ext.source.archive.extract import Line
from tyreso_ext.source.archive.ocr_repair import Lexicon, Repairer, ocr_profile
from tyreso_ext.source.archive.recognise import recognise

CONF = """\
project = "Testkommun"
extensions = ["myst_parser", "tyreso_ext"]
myst_enable_extensions = ["colon_fence"]
language = "sv"
root_doc = "index"
exclude_patterns = ["_build"]
tyreso_organs = ["Kommunstyrelsen", "Socialnämnden"]
"""
INDEX = "# Testkommun\n\n```{toctree}\n:glob:\n\nreports/*/*/*\n```\n"
PLAN = """\
---
rapporttyp: kommunplan
period: "2023"
organ: Kommunstyrelsen
---

# Kommunplan 2023

Planen gäller för Tyresöborna och för alla förvaltningar.

:::{uppdrag} Ordning och reda i ekonomin
:id: ordning-och-reda-i-ekonomin
:målområde: Ekonomi och hållbarhet

Kommunen ska ha förmågan att anpassa verksamheten till förändrade förutsättningar.
:::

:::{mål} Invånarna är nöjda med kommunens service
:id: nojda-invanare
:målområde: Kvalitet
:nivå: nämnd

Målet gäller servicen i hela kommunen.
:::

:::{risk} Brist på personal
:id: brist-pa-personal
:risknivå: 16
:::
"""
SWEDISH = """\
Uppföljning T2 2023 Kommunstyrelsen

Politiskt uppdrag: Ordning och reda i ekonomin

Arbetet med att förbättra den ekonomiska styrningen har fortsatt under året.
Förvaltningarna följer upp sina kostnader varje månad och åtgärder sätts in
när det behövs. Det är ett nytt sätt att arbeta för hela kommunen och för
Tyresöborna, som ska få bättre service för pengarna. Xq6zt.

Uppdraget genomförs enligt plan och kommer levereras i tid = Grönt
"""
FONT = Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf")
needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="Tesseract saknas (make test-deps installerar det)"
)


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "projekt"
    (root / "reports/2023/plan").mkdir(parents=True)
    (root / "conf.py").write_text(CONF, encoding="utf-8")
    (root / "index.md").write_text(INDEX, encoding="utf-8")
    (root / "reports/2023/plan/kommunstyrelsen.md").write_text(PLAN, encoding="utf-8")
    (root / "arkiv").mkdir()
    monkeypatch.chdir(root)
    return root


def importera(capsys, *arguments: str) -> tuple[int, str]:
    status = main(["importera", *arguments])
    return status, capsys.readouterr().out


def check(capsys, path: Path) -> tuple[int, list[tuple[int, str]]]:
    status = main(["check", str(path)])
    out = capsys.readouterr().out
    return status, [(int(line), code) for line, code in re.findall(r"^[^:]+:(\d+):\d+: (TY\d{3}) ", out, re.MULTILINE)]


def objects(draft: str) -> dict[str, dict[str, str]]:
    """Each object of a draft by id: its kind, title and fields."""
    found = {}
    for kind, title, fields in re.findall(
        r"^:::\{(uppdrag|mål|indikator|risk)\} (.+)\n((?::[^:\n]+:.*\n)+)", draft, re.MULTILINE
    ):
        values = dict(re.findall(r"^:([^:\n]+): (.*)$", fields, re.MULTILINE))
        found[values["id"]] = {"kind": kind, "title": title, **values}
    return found


def front_matter(draft: str) -> dict[str, str]:
    block = draft.split("---\n")[1]
    return dict(line.split(": ", 1) for line in block.splitlines())


def build(root: Path, *strict: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", *strict, str(root), str(root / "_build")],
        capture_output=True,
        text=True,
        check=False,
    )


def _docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Uppföljning T2 2023 – Kommunstyrelsen", style="Title")
    document.add_heading("Politiska uppdrag", level=1)
    document.add_heading("Politiskt uppdrag: Ordning och reda i ekonomin", level=2)
    document.add_paragraph("Arbetet med att effektivisera den centrala förvaltningen fortsätter.")
    document.add_paragraph("Systematisk uppföljning från analys till förflyttning", style="List Bullet")
    document.add_paragraph("Kommungemensamma principer för planering", style="List Bullet")
    document.add_paragraph("Uppdraget genomförs enligt plan och kommer levereras i tid = Grönt")
    document.add_heading("Mål", level=1)
    document.add_paragraph("Nämndmål: Invånarna är nöjda med kommunens service")
    document.add_paragraph("Andelen nöjda invånare har minskat. Målet kan inte anses uppfyllt.")
    document.add_paragraph("Orsak: Fler ärenden än väntat.")
    document.add_paragraph("Åtgärder: Fler handläggare anställs.")
    document.add_heading("Risker", level=1)
    document.add_paragraph("Risk: Brist på personal (16)")
    document.add_paragraph("Åtgärd: Rekrytering och introduktion av nya medarbetare.")
    document.add_paragraph("Bedömning: Gul")
    document.add_heading("Ekonomi", level=1)
    document.add_paragraph("Driftredovisning per verksamhet")
    rows = [
        ("Tkr", "Budget 2023", "Utfall 2023", "Avvikelse"),
        ("Kommunledning", "-100", "-90", "10"),
        ("Ekonomi", "-50", "-55", "-5"),
        ("Totalt", "-150", "-145", "5"),
    ]
    table = document.add_table(rows=len(rows), cols=4)
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.save(str(path))


def test_a_word_document_becomes_a_draft_with_the_plans_ids_statuses_and_a_financial_table(project, capsys):
    source = project / "arkiv/kommunstyrelsen-uppfoljning-t2-2023.docx"
    _docx(source)
    status, out = importera(capsys, str(source))
    assert status == 0, out
    draft_path = project / "reports/2023/T2/kommunstyrelsen.md"
    draft = draft_path.read_text(encoding="utf-8")
    assert front_matter(draft) == {
        "rapporttyp": "uppföljning",
        "period": "2023-T2",
        "organ": "Kommunstyrelsen",
        "titel": "Uppföljning T2 2023 – Kommunstyrelsen",
    }
    found = objects(draft)
    assert found["ordning-och-reda-i-ekonomin"]["kind"] == "uppdrag"
    assert found["ordning-och-reda-i-ekonomin"]["status"] == "grön"
    assert found["nojda-invanare"]["status"] == "röd"
    assert found["nojda-invanare"]["orsak"] == "Fler ärenden än väntat."
    assert found["nojda-invanare"]["åtgärder"] == "Fler handläggare anställs."
    assert found["brist-pa-personal"]["bedömning"] == "gul"
    assert found["brist-pa-personal"]["risknivå"] == "16"
    assert "- Systematisk uppföljning från analys till förflyttning" in draft
    # The table: a CSV beside the draft, its roles guessed from the headers and its sums checked.
    csv = (draft_path.parent / "kommunstyrelsen-driftredovisning-per-verksamhet.csv").read_text(encoding="utf-8")
    assert csv.splitlines()[0] == "Tkr;Budget 2023;Utfall 2023;Avvikelse"
    assert ":fil: kommunstyrelsen-driftredovisning-per-verksamhet.csv" in draft
    assert ":kolumner: Budget 2023 = budget; Utfall 2023 = utfall; Avvikelse = Utfall 2023 - Budget 2023" in draft
    assert ":summor: Totalt = ovanför" in draft
    # Typed text is never 'repaired'; the summary is printed and written.
    assert "0 ord lagade" in out
    summary = (project / "importsammanfattning.txt").read_text(encoding="utf-8")
    assert "objekt: 1 mål, 1 risk, 1 uppdrag (3 med id från projektet)" in summary
    assert "statusar: 1 grön, 1 gul, 1 röd" in summary
    # Every mark is a TY037 at its line, and nothing else is wrong with the draft.
    status, findings = check(capsys, draft_path)
    assert status == 1
    marks = [number for number, line in enumerate(draft.splitlines(), start=1) if line.startswith("% granska:")]
    assert marks and findings == [(line, "TY037") for line in marks]


def test_the_draft_fails_a_strict_build_until_its_marks_are_removed(project, capsys):
    source = project / "arkiv/kommunstyrelsen-uppfoljning-t2-2023.docx"
    _docx(source)
    assert importera(capsys, str(source))[0] == 0
    draft_path = project / "reports/2023/T2/kommunstyrelsen.md"
    strict = build(project, "-W", "--keep-going")
    assert strict.returncode != 0
    warnings = re.findall(r"WARNING: (TY\d{3})", strict.stderr)
    assert warnings and set(warnings) == {"TY037"}, strict.stderr
    reviewed = "\n".join(
        line for line in draft_path.read_text(encoding="utf-8").splitlines() if not line.startswith("% granska:")
    )
    draft_path.write_text(reviewed + "\n", encoding="utf-8")
    again = build(project, "-W", "--keep-going")
    assert again.returncode == 0, again.stderr
    page = (project / "_build/reports/2023/T2/kommunstyrelsen.html").read_text(encoding="utf-8")
    assert "Ordning och reda i ekonomin" in page and "granska" not in page


def test_a_pdf_with_a_text_layer(project, capsys):
    weasyprint = pytest.importorskip("weasyprint")
    html = (
        "<html lang='sv'><body><h1>Uppföljning T2 2023 Kommunstyrelsen</h1>"
        "<h2>Politiskt uppdrag: Ordning och reda i ekonomin</h2>"
        "<p>Arbetet fortsätter enligt plan och alla förvaltningar deltar i det gemensamma arbetet.</p>"
        "<p>Uppdraget genomförs enligt plan och kommer levereras i tid = Gult</p>"
        "<p>Risk: Brist på personal (16)</p><p>Bedömning: Grön</p></body></html>"
    )
    source = project / "arkiv/kommunstyrelsen-uppfoljning-t2-2023.pdf"
    weasyprint.HTML(string=html).write_pdf(str(source))
    status, out = importera(capsys, str(source))
    assert status == 0, out
    draft = (project / "reports/2023/T2/kommunstyrelsen.md").read_text(encoding="utf-8")
    assert re.search(
        r"^% granska: utkast importerat från kommunstyrelsen-uppfoljning-t2-2023.pdf \(PDF med textlager", draft, re.MULTILINE
    )
    found = objects(draft)
    assert found["ordning-och-reda-i-ekonomin"]["status"] == "gul"
    assert found["brist-pa-personal"]["bedömning"] == "grön"
    assert "Arbetet fortsätter enligt plan och alla förvaltningar deltar" in draft
    assert "0 ord lagade" in out


@needs_tesseract
def test_a_scan_read_by_an_ocr_model_without_swedish_is_repaired(project, capsys):
    from PIL import Image, ImageDraw, ImageFont

    if not FONT.exists():
        pytest.skip("typsnittet Liberation Serif saknas")
    lines = SWEDISH.replace(" Xq6zt.", "").splitlines()
    font = ImageFont.truetype(str(FONT), 40)
    image = Image.new("L", (1800, 80 + 60 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((80, 40 + 60 * number), line, font=font, fill=0)
    source = project / "arkiv/skanning.png"
    image.save(source)
    status, out = importera(
        capsys,
        str(source),
        "--ocr-sprak",
        "eng",
        "--period",
        "2023-T2",
        "--rapporttyp",
        "uppföljning",
        "--organ",
        "kommunstyrelsen",
    )
    assert status == 0, out
    draft = (project / "reports/2023/T2/kommunstyrelsen.md").read_text(encoding="utf-8")
    assert front_matter(draft)["organ"] == "Kommunstyrelsen"
    assert objects(draft)["ordning-och-reda-i-ekonomin"]["status"] == "grön"
    # The English model writes 'forbattra', 'aret', 'atgarder', 'nar': the repair gives the Swedish back.
    for word in ("förbättra", "året", "åtgärder", "när", "behövs", "Förvaltningarna"):
        assert word in draft, word
    assert re.search(r"\d+ ord lagade", out) and "0 ord lagade" not in out


def _badly_ocrd(text: str) -> str:
    """Swedish text as an OCR model without å, ä and ö writes it: the confusion model read in reverse."""
    out = []
    counts = {"ö": 0, "ä": 0}
    for char in text:
        if char in "öä":
            counts[char] += 1
            choices = {"ö": ("o", "6", "o", "é"), "ä": ("a", "i", "a", "d")}[char]
            out.append(choices[counts[char] % 4])
        else:
            out.append({"å": "a", "Å": "A", "Ö": "O", "Ä": "A"}.get(char, char))
    return "".join(out)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text)


def test_badly_ocrd_text_is_repaired_where_one_word_clearly_wins_and_the_rest_is_marked(project, capsys):
    source = project / "arkiv/kommunstyrelsen-uppfoljning-t2-2023.txt"
    source.write_text(_badly_ocrd(SWEDISH), encoding="utf-8")
    status, out = importera(capsys, str(source))
    assert status == 0, out
    draft_path = project / "reports/2023/T2/kommunstyrelsen.md"
    draft = draft_path.read_text(encoding="utf-8")
    assert objects(draft)["ordning-och-reda-i-ekonomin"]["status"] == "grön"
    body = draft.split("Ordning och reda i ekonomin\n", 1)[1]
    expected = _words(SWEDISH.split("ekonomin\n", 1)[1])
    got = [word for word in _words(body) if word in set(expected) | set(_words(_badly_ocrd(SWEDISH)))]
    right = sum(1 for word in set(expected) if word in got)
    assert right / len(set(expected)) >= 0.9, sorted(set(expected) - set(got))
    # Nothing is dropped, and the word no dictionary knows is left as written and marked.
    assert "Xq6zt" in draft
    assert re.search(r"^% granska: osäkra ord efter OCR: 'Xq6zt'", draft, re.MULTILINE)
    _, findings = check(capsys, draft_path)
    assert {code for _, code in findings} == {"TY037", "TY014"}  # TY014: the plan's risk is not in this report


def test_repair_leaves_real_words_and_trusts_a_swedish_model():
    lexicon = Lexicon()
    blind = Repairer(lexicon, "blind")
    fixed, repairs, doubts = blind.repair_line("Det ar viktigt att uppna malen for kommunen i ritt riktning.")
    assert fixed == "Det är viktigt att uppnå målen för kommunen i rätt riktning."
    assert {repair.original for repair in repairs} == {"ar", "uppna", "malen", "for", "ritt"}
    assert doubts == []
    swedish = Repairer(lexicon, "swedish")
    assert swedish.repair_line("Det var bra för kommunen.")[0] == "Det var bra för kommunen."
    assert ocr_profile(_badly_ocrd(PLAN * 3)) == "blind" and ocr_profile(PLAN * 3) == "swedish"


def test_one_bad_file_never_stops_the_others_and_what_cannot_be_known_is_asked_for(project, capsys):
    broken = project / "arkiv/trasig.pdf"
    broken.write_bytes(b"%PDF-1.4 inte en riktig pdf")
    unknown = project / "arkiv/gammal.doc"
    unknown.write_bytes(b"\xd0\xcf\x11\xe0")
    no_period = project / "arkiv/anteckningar.txt"
    no_period.write_text("Politiskt uppdrag: Ordning och reda i ekonomin\n\nArbetet går bra.\n", encoding="utf-8")
    good = project / "arkiv/kommunstyrelsen-uppfoljning-t2-2023.txt"
    good.write_text(SWEDISH, encoding="utf-8")
    status, out = importera(capsys, str(broken), str(unknown), str(no_period), str(good))
    assert status == 2
    assert "[1/4] trasig.pdf: kunde inte importeras" in out
    assert "Spara dokumentet som .docx eller PDF" in out
    assert "rapporttypen, perioden och organet framgår inte" in out and "Ange --rapporttyp, --period och --organ" in out
    assert "[4/4] kommunstyrelsen-uppfoljning-t2-2023.txt: skrev reports/2023/T2/kommunstyrelsen.md" in out
    assert (project / "reports/2023/T2/kommunstyrelsen.md").is_file()
    summary = (project / "importsammanfattning.txt").read_text(encoding="utf-8")
    assert summary.count("kunde inte importeras") == 3
    # A second import of the same report never overwrites the first.
    status, out = importera(capsys, str(good))
    assert status == 0 and (project / "reports/2023/T2/kommunstyrelsen-import.md").is_file()


def test_the_command_is_listed_and_its_flags_are_checked(project, capsys):
    assert main(["importera", "finns-inte.pdf"]) == 2
    assert "Filen finns inte" in capsys.readouterr().err
    source = project / "arkiv/a.txt"
    source.write_text(SWEDISH, encoding="utf-8")
    assert main(["importera", str(source), "--organ", "Fritidsnämnden"]) == 2
    assert "inget känt organ" in capsys.readouterr().err
    assert main(["importera", str(source), "--period", "2023", "--rapporttyp", "uppföljning"]) == 2
    assert "passar inte perioden" in capsys.readouterr().err
    assert json.loads(json.dumps({"ok": True}))  # the module imports without Sphinx: see test_architecture


def _recognised_objects(text: str) -> dict[tuple[str, str], str]:
    lines = [Line(line) for line in text.split("\n")]
    return {(obj.kind.value, obj.title): obj.status.value if obj.status else "" for obj in recognise(lines).objects()}


def test_an_objects_title_broken_across_lines_by_ocr_is_one_title():
    # Tesseract writes a wrapped line as two lines with an empty one between them.
    text = (
        "Namndmal: Samverkan och standiga forbattringar sakerstaller att medborgare ges\n\n"
        "ratt stod i ratt tid\n\n"
        "Enheterna har nya mal for 2023 med fokus pa samverkan och utvecklingsarbetet pagar enligt plan.\n\n"
        "Status: Gront\n\n"
        "Politiskt uppdrag: Insatserna for sarskilt utsatta grupper langt fran\n"
        "arbetsmarknaden\n\n"
        "Arbetet har inte kommit igang under perioden och bedoms darfor inte an.\n\n"
        "Status: Ej bedomd\n"
    )
    found = _recognised_objects(text)
    title = "Samverkan och standiga forbattringar sakerstaller att medborgare ges ratt stod i ratt tid"
    assert found == {
        ("mål", title): "grön",
        ("uppdrag", "Insatserna for sarskilt utsatta grupper langt fran arbetsmarknaden"): "ej bedömd",
    }


def test_a_paragraph_after_a_short_title_is_no_part_of_it():
    found = _recognised_objects("Risk: Kompetensforsorjning (12)\nsom beskrivs nedan.\n\nStatus: Gult\n")
    assert found == {("risk", "Kompetensforsorjning"): "gul"}


def test_status_words_and_labels_as_ocr_misreads_them_are_recognised():
    text = (
        "Na&mndmal: Alla barn ska ha en trygg uppvaxt\n\nArbetet gar enligt plan = Gr6nt\n\n"
        "Na mndmal: Ekonomin ar i balans\n\nStatus: Gu1t\n\n"
        "Politiskt uppdrag: Starkt samverkan\n\nStatus: R0tt\n\n"
        "Kommunmal: Tyreso ar en attraktiv kommun\n\nStatus: Ej bedémd\n"
    )
    assert _recognised_objects(text) == {
        ("mål", "Alla barn ska ha en trygg uppvaxt"): "grön",
        ("mål", "Ekonomin ar i balans"): "gul",
        ("uppdrag", "Starkt samverkan"): "röd",
        ("mål", "Tyreso ar en attraktiv kommun"): "ej bedömd",
    }


def test_a_status_line_wins_over_a_status_read_from_a_goals_prose():
    text = "Nämndmål: Öppettiderna ses över\n\nUnderlaget bedömer inte om målet är uppfyllt.\n\nStatus: Ej bedömd\n"
    assert _recognised_objects(text) == {("mål", "Öppettiderna ses över"): "ej bedömd"}
    prose = "Nämndmål: Öppettiderna ses över\n\nMålet kan inte anses uppfyllt.\n"
    assert _recognised_objects(prose) == {("mål", "Öppettiderna ses över"): "röd"}


def test_repair_puts_back_letters_ocr_lost_and_reads_the_words_around_a_real_word():
    blind = Repairer(Lexicon(), "blind")
    # An ö OCR did not write at all.
    assert blind.repair_line("Det har gatt ver forvantan och vi nskar mer")[0] == (
        "Det har gått över förväntan och vi önskar mer"
    )
    # The word's neighbours: a noun after 'ett nytt' and before 'att', a year after 'varje'.
    assert blind.repair_line("Vi hittar ett nytt sitt att arbeta")[0] == "Vi hittar ett nytt sätt att arbeta"
    assert blind.repair_line("Det ar viktigt varje ar")[0] == "Det är viktigt varje år"
    # The product's own words: labels, periods and the kommun's name.
    assert blind.repair_line("Namndmal for helar i Delarsrapporten for Tyresoborna")[0] == (
        "Nämndmål för helår i Delårsrapporten för Tyresöborna"
    )


def test_repair_leaves_addresses_file_names_ids_and_capitals_alone():
    blind = Repairer(Lexicon(), "blind")
    line = "Se tyreso.se och resultatrakning.csv, malet tyreso-kommun-driver-en-verksamhet, enkaten OSA 2022"
    fixed, repairs, _ = blind.repair_line(line)
    assert fixed == "Se tyreso.se och resultatrakning.csv, målet tyreso-kommun-driver-en-verksamhet, enkäten OSA 2022"
    assert {repair.original for repair in repairs} == {"malet", "enkaten"}
    # A doubtful word is left as written and returned for review, with its candidates.
    fixed, repairs, doubts = blind.repair_line("Det finns vigar framat")
    assert "vigar" in fixed and [doubt.word for doubt in doubts] == ["vigar"]
