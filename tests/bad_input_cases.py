"""The corpus of bad inputs: one small report per case, and what the build must make of it.

Each case is ``tests/bad_inputs/<name>.md``, or made at run time from one of those (an encoding, line
ends, a 5 MB file: nothing generated is committed). Per case:

- ``findings``: every finding the case file must give, as (code, text on the line); ``None`` is line 1.
  The build and ``tyreso check`` must give exactly these, at these lines, and nothing in other files.
- ``keep``: anchors of objects that must still be rendered on the page (the undamaged ones). The
  uppdrag ``trygg-skolvag`` that every case carries is always checked.
- ``shown``: hostile or odd text that must appear on the page as text (so it was escaped, not run).
- ``allowed``: parts of warnings by Sphinx, MyST or docutils themselves that the case may cause.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from pathlib import Path

from tyreso_ext.source.text_rules import decode_lenient, normalized_text

FOLDER = Path(__file__).parent / "bad_inputs"
LINK_OUT = b"<a link to utanfor/hemlig.md>"  # badinput.LINK_OUT: the case is a symbolic link out of the project
KEEPER = "uppdrag-trygg-skolvag"


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    findings: tuple[tuple[str, str | None], ...] = ()
    keep: tuple[str, ...] = ()
    shown: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()
    make: Callable[[], bytes] | None = None  # the file's bytes, when made at run time
    keeper: bool = True  # whether the case carries the undamaged uppdrag trygg-skolvag
    page: bool = True  # whether the case becomes a page (a link out of the project does not)

    def data(self) -> bytes:
        return self.make() if self.make is not None else (FOLDER / f"{self.name}.md").read_bytes()

    def text(self) -> str:
        """The file as the build reads it: what is not UTF-8 as Windows-1252, line ends as Python's text mode
        makes them."""
        return normalized_text(decode_lenient(self.data()))

    def line(self, needle: str | None) -> int:
        if needle is None:
            return 1
        lines = self.text().split("\n")
        hits = [number for number, line in enumerate(lines, start=1) if needle in line]
        if len(hits) > 1:  # a needle that is a whole line: the line that is exactly it
            hits = [number for number in hits if lines[number - 1].strip() == needle]
        assert len(hits) == 1, f"{needle!r} is on lines {hits} of the case {self.name}"
        return hits[0]

    def expected(self) -> set[tuple[int, str]]:
        return {(self.line(needle), code) for code, needle in self.findings}


# --- cases made at run time ---------------------------------------------------------------------------


def _base() -> bytes:
    return (FOLDER / "status-gront.md").read_bytes()


def _latin1() -> bytes:
    text = (
        "---\nrapporttyp: uppfoljning\nperiod: 2023-T1\norgan: Kommunstyrelsen\n---\n\n# Sparad i Latin-1\n\n"
        ":::{uppdrag} Trygg skolvag\n:id: trygg-skolvag\n:status: gron\n\nVår text om skolvägen.\n:::\n"
    )
    return text.encode("latin-1")


def _windows_1252() -> bytes:
    """A report saved by an older Windows program: å, ä and ö in field names and values, curly quotes, a euro sign,
    an en dash. Read as Windows-1252 it gives TY026 alone (once 32 findings: every field name with å was unknown)."""
    text = (
        "---\nrapporttyp: delårsrapport\nperiod: 2023-T1\norgan: Kommunstyrelsen\nmåluppfyllelse:\n  Kvalitet: grön\n"
        "---\n\n# Sparad i Windows-1252 – ”citat” och 5 €\n\n"
        ":::{uppdrag} Trygg skolväg\n:id: trygg-skolvag\n:målområde: Leverans\n:status: grön\n\nVår text om skolvägen.\n:::\n\n"
        ":::{risk} Brand i skollokaler\n:id: brand\n:sannolikhet: 2\n:konsekvens: 3\n:bedömning: ej bedömd\n:::\n\n"
        ":::{mål} Nöjda invånare\n:id: nojda-invanare\n:målområde: Kvalitet\n:status: grön\n:::\n"
    )
    return text.encode("cp1252")


def _mixed_line_ends() -> bytes:
    """CRLF on some lines, LF on others (a file edited on two machines): every finding still at its line."""
    lines = _base().decode().split("\n")
    return "".join(line + ("\r\n" if number % 2 else "\n") for number, line in enumerate(lines[:-1])).encode()


def _binary() -> bytes:
    noise = random.Random(4711).randbytes(4096)
    return noise.replace(b"\n", b"\x00")


def _control_characters() -> bytes:
    text = _base().decode()
    return text.replace("Texten om skolvägen", "Texten \x00om\x01 \x1b[31mskolvägen\x1b[0m\x7f\x0b\x0c").encode()


def _five_megabytes() -> bytes:
    text = _base().decode()
    paragraph = ("Ett långt stycke om kommunens verksamhet, med siffror som 1 234,5 tkr och 58 %. " * 12).strip() + "\n\n"
    filler = paragraph * (5_000_000 // len(paragraph.encode()) + 1)
    tail = ":::{risk} Personalbrist\n:id: personalbrist\n:risknivå: 9\n:bedömning: grön\n:::\n"
    return (text + "\n" + filler + tail).encode()


def _deeply_nested(depth: int = 120) -> bytes:
    """Objects inside objects, 120 levels deep: the first 20 are read (each a TY018), the rest shown as text."""
    opening = "".join(
        ":" * (4 + depth - level) + f"{{uppdrag}} Nivå {level} av {depth}\n:id: niva-{level}\n:status: grön\n\n"
        for level in range(depth)
    )
    closing = "".join(":" * (5 + level) + "\n" for level in range(depth))
    return (_base().decode().split(":::{uppdrag} Digital service")[0] + opening + closing).encode()


def _control_characters_in_schemes() -> bytes:
    """Links whose scheme hides control characters (not kept in a file of the corpus: editors show them badly)."""
    lines = (
        "Kontroll [kontroll](<java\x01script:alert('kontroll')>) här.",
        "Bar [bar](java\x1fscript:alert('bar')) här.",
        "Radera [radera](<\x7fjavascript:alert('radera')>) här.",
    )
    return (_base().decode() + "\n" + "\n\n".join(lines) + "\n").encode()


# --- the corpus -------------------------------------------------------------------------------------

MYST_BAD_OPTIONS = "Invalid options format"
CASES: tuple[Case, ...] = (
    # Front matter missing, not YAML, of the wrong shape, with unknown keys, a period that is no period.
    Case("fm-saknas", (("TY001", None),)),
    Case("fm-inte-yaml", (("TY002", "organ: [Kommunstyrelsen"),)),
    Case("fm-lista", (("TY002", "- rapporttyp: delårsrapport"),)),
    Case("fm-text", (("TY002", "Delårsrapport för tertial 1"),)),
    Case("fm-okanda-falt", (("TY003", "författare:"), ("TY003", "html_meta:"), ("TY003", "myst:")), shown=("{{ hej }}",)),
    Case("fm-period-ogiltig", (("TY007", "period:"),)),
    Case("fm-period-lista", (("TY007", "period:"),)),
    Case("fm-period-passar-inte", (("TY007", "period:"),)),
    Case("fm-stora-tal", (("TY007", "period:"), ("TY016", "datum:"))),
    Case("fm-ostangd", (("TY001", None),), allowed=("may not begin with a transition",)),
    Case("fm-datum", (("TY016", "datum: 2023-13-45"), ("TY016", "beslutsdatum: igår"))),
    Case("fm-rapporttyp", (("TY016", "rapporttyp:"),)),
    Case("fm-organ-html", (("TY016", "organ:"),), shown=("<script>alert('organ')</script>",)),
    Case(
        "fm-yaml-bomb",
        (
            *(("TY003", f"{key}: &{key}") for key in "abcdefg"),
            ("TY016", "titel:"),
            ("TY016", "diarienummer:"),
            ("TY016", "datum:"),
            ("TY006", "måluppfyllelse:"),
        ),
    ),
    Case("fm-djup-yaml", (("TY002", "titel:"),)),
    Case("fm-maluppfyllelse", (("TY006", "måluppfyllelse:"), ("TY016", "måluppfyllelse:"))),
    Case("fm-titel-html", shown=("<script>alert('titel')</script>",)),
    # Every kind of field with a wrong type or value.
    Case("status-gront", (("TY006", ":status: grönt"),), keep=("uppdrag-digital-service",), shown=("Ogiltig status: grönt",)),
    Case("status-tom", (("TY004", ":::{uppdrag} Digital service"),), keep=("uppdrag-digital-service",)),
    Case("risk-niva-30", (("TY011", ":risknivå: 30"),), keep=("risk-personalbrist",)),
    Case("risk-niva-minus-1", (("TY011", ":risknivå: -1"),), keep=("risk-personalbrist",)),
    Case("risk-sannolikhet-fem", (("TY013", ":sannolikhet: fem"),), keep=("risk-brand",)),
    Case("risk-nan", (("TY013", ":sannolikhet: NaN"), ("TY013", ":konsekvens: Infinity")), keep=("risk-brand",)),
    Case("risk-400-siffror", (("TY011", ":risknivå: 999"),), keep=("risk-personalbrist",)),
    Case("risk-exponent", (("TY013", ":sannolikhet: 2,5"), ("TY013", ":konsekvens: 1e999999999")), keep=("risk-brand",)),
    Case("risk-produkt", (("TY012", ":risknivå: 12"),), keep=("risk-brand",)),
    Case(
        "indikator-nan",
        (("TY016", ":målvärde: 2023: Infinity"), ("TY016", ":utfall: 2023-T1: NaN")),
        keep=("indikator-andel-nojda-invanare",),
    ),
    Case("indikator-400-siffror", (("TY016", ":utfall: 2023-T1: 111"),), keep=("indikator-andel-nojda-invanare",)),
    Case("indikator-motsager-siffrorna", (("TY015", ":status: röd"),), keep=("indikator-andel-nojda-invanare",)),
    Case(
        "mal-fel-varden",
        (("TY016", ":målområde: Trygghet"), ("TY016", ":nivå: region"), ("TY016", ":riktning: uppåt")),
        keep=("mal-nojda-invanare", "indikator-andel-nojda-invanare"),
    ),
    Case("okant-falt", (("TY005", ":ansvarigt:"),), keep=("uppdrag-digital-service",)),
    Case("gul-utan-orsak", (("TY008", ":status: gul"),), keep=("uppdrag-digital-service",)),
    Case("platshallare", (("TY019", "[Att skriva"),), keep=("uppdrag-digital-service",)),
    Case("mal-roll-med-a", (("TY020", "{mål}"),)),
    Case(
        "citattecken-i-falt",
        (("TY016", ":orsak:"),),
        keep=("uppdrag-digital-service",),
        shown=('"Budget" saknas, se " onmouseover="alert(\'orsak\')', "Texten efter fälten finns kvar."),
        allowed=(MYST_BAD_OPTIONS,),
    ),
    # Ids: empty, missing, duplicated, differing only in case or by a look-alike letter, defined nowhere.
    Case("id-tomt", (("TY017", ":id:"),)),
    Case("id-saknas", (("TY004", ":::{uppdrag} Digital service"),)),
    Case("id-dubblett", (("TY009", "Digital service igen"),), keep=("uppdrag-digital-service",)),
    Case("id-versaler", (("TY017", ":id: Digital-Service"),)),
    Case("id-skiljer-bara-i-versaler", (("TY017", ":id: Trygg-skolvag"),)),
    Case("id-kyrilliska-bokstaver", (("TY017", "skolv\u0430g"), ("TY017", ":id: br"), ("TY017", "igital-service"))),
    Case("id-odefinierat", (("TY010", "Ett uppdrag som ingen plan känner"),), keep=("uppdrag-finns-inte-i-planen",)),
    Case("hanvisning-odefinierad", (("TY010", "{uppdrag}`finns-inte`"), ("TY007", "{uppdrag}`finns-inte`"))),
    Case("id-html", (("TY017", ":id: <script>"),), shown=("<script>alert('id')</script>",)),
    Case("id-for-langt", (("TY017", ":id: digital-digital"),)),
    # Structure: a directive inside another, fences never closed, a misspelt directive.
    Case("nastlat-objekt", (("TY018", ":::{risk} Personalbrist"),), keep=("uppdrag-digital-service", "risk-personalbrist")),
    Case(
        "ostangt-objekt",
        (("TY025", ":::{uppdrag} Digital service"),),
        keep=("uppdrag-digital-service",),
        shown=("Sista stycket.",),
    ),
    Case("ostangt-kodblock", (("TY025", "```text"),), shown=("Ett exempel som aldrig avslutas.",)),
    Case("okant-direktiv", allowed=("Unknown directive type: 'uppdragg'",)),
    Case(
        "nastlat-120-nivaer",
        tuple((code, f"}} Nivå {level} av") for level in range(21) for code in ("TY010", "TY018") if level or code == "TY010"),
        make=_deeply_nested,
        keep=tuple(f"uppdrag-niva-{level}" for level in range(21)),
        shown=(":::::{uppdrag} Nivå 119 av 120",),
    ),
    # Files: not UTF-8, with a byte order mark, CRLF and CR line ends, empty, blank, binary, control
    # characters, 5 MB.
    Case("inte-utf8", (("TY026", "Vår text"),), make=_latin1, shown=("Vår text om skolvägen.",)),
    # Careless input (issue 14): each case one clear finding at its line, or none when nothing is wrong.
    Case(
        "windows-1252",
        (("TY026", "rapporttyp: delårsrapport"),),
        keep=("risk-brand", "mal-nojda-invanare"),
        shown=("Vår text om skolvägen.", "Sparad i Windows-1252 – ”citat” och 5 €"),
        make=_windows_1252,
    ),
    Case("crlf-blandat", (("TY006", ":status: grönt"),), keep=("uppdrag-digital-service",), make=_mixed_line_ends),
    Case("bom-mitt-i-filen", keep=("uppdrag-digital-service",)),
    Case("fm-tabb", (("TY002", "Kvalitet: grön"),)),
    Case("fm-kolon-utan-mellanslag", (("TY002", "organ:Kommunstyrelsen"),)),
    Case("fm-kolon-saknas", (("TY002", "organ Kommunstyrelsen"),)),
    Case("fm-ostangt-citat", (("TY002", "titel:"),)),
    Case("fm-indrag", (("TY002", "  organ: Kommunstyrelsen"),)),
    Case("fm-kolon-i-vardet", (("TY002", "titel:"),)),
    Case("fm-dubbel-nyckel", (("TY002", "organ: Kommunstyrelsen"),)),
    Case("fm-nyckel-utan-indrag", (("TY003", "Kvalitet: grön"),)),
    Case("fm-hart-mellanslag-indrag", (("TY003", "Kvalitet: grön"),)),
    Case("fm-osynligt-i-nyckel", (("TY003", "period: 2023-T1"),)),
    Case("fm-period-mellanslag"),
    Case("fm-organ-mellanslag"),
    Case("fm-period-andra-siffror", (("TY007", "period:"),)),
    Case("id-bytt-namn", (("TY010", ":::{uppdrag} Digital service"),), keep=("uppdrag-digitala-tjanster",)),
    Case("uppfoljning-fore-planen", (("TY030", ":::{uppdrag} Trygg skolväg"),)),
    Case("uppfoljning-annat-organ", (("TY030", ":::{uppdrag} Hemtjänst"),), keep=("uppdrag-hemtjanst-med-kontinuitet",)),
    Case("status-osynligt-tecken", (("TY006", "grön\u200b"),), keep=("uppdrag-digital-service",), shown=("grön⟨U+200B⟩",)),
    Case("status-punkt", (("TY006", ":status: Grön."),), keep=("uppdrag-digital-service",)),
    Case("id-mjukt-bindestreck", (("TY017", ":id: digital-ser"),)),
    Case("risk-helbreddssiffror", (("TY016", ":sannolikhet:"),), keep=("risk-brand",)),
    Case("indikator-arabiska-siffror", (("TY016", ":utfall:"),), keep=("indikator-andel-nojda-invanare",)),
    Case("tal-hart-mellanslag", keep=("indikator-andel-nojda-invanare",)),
    Case("tal-nollbreddstecken", (("TY016", ":utfall:"),), keep=("indikator-andel-nojda-invanare",)),
    Case("bom", (("TY006", ":status: grönt"),), keep=("uppdrag-digital-service",), make=lambda: b"\xef\xbb\xbf" + _base()),
    Case("crlf", (("TY006", ":status: grönt"),), keep=("uppdrag-digital-service",), make=lambda: _base().replace(b"\n", b"\r\n")),
    Case("cr", (("TY006", ":status: grönt"),), keep=("uppdrag-digital-service",), make=lambda: _base().replace(b"\n", b"\r")),
    Case("tom", (("TY001", None),), make=lambda: b"", keeper=False, allowed=("doesn't have a title",)),
    Case("blanksteg", (("TY001", None),), make=lambda: b" \n\t\n \r\n\n", keeper=False, allowed=("doesn't have a title",)),
    Case("binar", (("TY001", None), ("TY026", None)), make=_binary, keeper=False, allowed=("doesn't have a title",)),
    Case("kontrolltecken", (("TY006", ":status: grönt"),), keep=("uppdrag-digital-service",), make=_control_characters),
    Case(
        "stor-5mb", (("TY006", ":status: grönt"),), keep=("uppdrag-digital-service", "risk-personalbrist"), make=_five_megabytes
    ),
    # HTML and script in every text field and in titles, javascript: links, quotes that break out of attributes.
    Case(
        "html-i-rubriker",
        keep=("uppdrag-digital-service", "mal-nojda-invanare", "indikator-andel-nojda-invanare", "risk-brand"),
        shown=(
            "Rubrik <img src=x onerror=alert('rubrik')>",
            "<script>alert('uppdrag')</script> Digital \"service\" '><svg onload=alert('svg')>",
            "Brand </td><script>alert('risk')</script>",
            "Andel \" onerror=\"alert('alt') nöjda",
        ),
    ),
    Case(
        "html-i-falt",
        (("TY016", ":kommentar:"),),
        keep=("uppdrag-digital-service", "indikator-andel-nojda-invanare", "risk-personalbrist"),
        shown=(
            "<script>alert('ansvarig')</script>",
            "<img src=x onerror=alert('orsak')>",
            "javascript:alert('åtgärder')",
            "<i>%</i>",
            "<a href=\"javascript:alert('källa')\">KKiK</a>",
            "<style>body{display:none}</style>",
            "<iframe src=\"javascript:alert('åtgärd')\"></iframe>",
            "'\"><script>alert('kommentar')</script>",
        ),
        allowed=(MYST_BAD_OPTIONS,),
    ),
    Case(
        "html-i-texten",
        (
            ("TY024", "<script>alert('block')"),
            ("TY024", "<b onclick"),
            ("TY024", "<iframe"),
            ("TY024", "<svg"),
            ("TY024", "<b>cell</b>"),
        ),
        keep=("uppdrag-digital-service",),
        shown=(
            "<script>alert('block')</script>",
            "<b onclick=\"alert('inline')\">",
            '<iframe src="https://example.org">',
            "<svg onload=alert('notis')>",
        ),
    ),
    Case(
        "javascript-lankar",
        (
            ("TY027", "[klicka](javascript:alert('a'))"),
            ("TY027", "och <javascript:alert('d')>"),
            ("TY027", "och [referens][j]"),
            ("TY027", "[j]: javascript:alert('h')"),
            ("TY027", "Se [länk](javascript:alert('objekt'))"),
        ),
        keep=("uppdrag-digital-service",),
        shown=("[klicka](javascript:alert('a'))", "[länk](javascript:alert('objekt'))"),
    ),
    Case(
        "citat-bryter-attribut",
        keep=("indikator-andel-nojda-invanare",),
        shown=("Andel nöjda invånare\" onerror=\"alert('alt')", "%\"><script>alert('enhet')</script>"),
    ),
    Case(
        "html-i-tabeller-och-urval",
        (("TY016", ":organ: <script>"),),
        shown=("<script>alert('tabell')</script>", "<img src=x onerror=alert(1)>", "<script>alert('rad')</script>", "<b>tkr</b>"),
    ),
    Case(
        "raw-direktiv",
        (("TY024", "```{raw} html"), ("TY028", "```{eval-rst}"), ("TY024", ".. raw:: html")),
        shown=("<script>alert('raw')</script>", "<script>alert('rst')</script>"),
    ),
    Case("html-kommentarer", (("TY024", "<!-- a --!>"),), shown=("<script>alert('kommentar')</script>",)),
    # Files named by options and directives that lead out of the source folder.
    Case("fil-utanfor", (("TY022", ":fil:"),)),
    Case("fil-absolut", (("TY022", ":fil: /etc/passwd"), ("TY022", ":fil: {UTANFOR}"))),
    Case("fil-etc-passwd", (("TY022", ":fil:"),)),
    Case("fil-genvag", (("TY022", ":fil: genvag.csv"),)),
    Case(
        "fil-standarddirektiv",
        (
            ("TY022", "{include}"),
            ("TY022", "{literalinclude}"),
            ("TY022", ":file: ../"),
            ("TY024", "{raw} html"),
            ("TY022", ":file: {UTANFOR}"),
            ("TY022", "{image}"),
            ("TY022", "{figure}"),
            ("TY022", "Bild ![hemlig]"),
        ),
    ),
    Case("fil-adress", (("TY022", ":url:"),)),
    Case("rapport-genvag-ut", (("TY022", None),), make=lambda: LINK_OUT, keeper=False, page=False),
    Case(
        "fil-fler-varianter",
        (
            ("TY022", ":fil: ~/.bashrc"),
            ("TY022", ":fil: /proc/self/environ"),
            ("TY022", ":fil: file:///"),
            ("TY022", ":fil: ."),
            ("TY022", "dev/zero"),
            ("TY022", ":fil: %2e"),
            ("TY022", "![x]"),
            ("TY022", "{literalinclude}"),
            ("TY022", "{include}"),
        ),
    ),
    # Links, buttons, cards and pictures that lead to javascript: and the like (TY027), reStructuredText (TY028)
    # and files of types a report may not publish (TY029): the link becomes text, the file is not published.
    Case(
        "lank-forkladd",
        tuple(
            ("TY027", needle)
            for needle in ("Entitet", "Tabb-entitet", "Radbrytning", "Procent", "Mellanslag", "Helbredd", "Dubbel")
        ),
        shown=("[entitet](javascript:alert('entitet'))",),
    ),
    Case(
        "lank-kontrolltecken",
        (("TY006", ":status: grönt"), ("TY027", "Kontroll [kontroll]"), ("TY027", "Bar [bar]"), ("TY027", "Radera [radera]")),
        keep=("uppdrag-digital-service",),
        make=_control_characters_in_schemes,
    ),
    Case(
        "lank-versaler-och-scheman",
        tuple(("TY027", needle) for needle in ("Versaler", "Visual Basic", "Data [data]", "Fil [lösenord]", "FTP [ftp]")),
        shown=("[versaler](JAVASCRIPT:alert('versaler'))", "<JAVASCRIPT:alert('autolänk')>", "ftp", "ssh"),
    ),
    Case(
        "lank-referensdefinition",
        (("TY027", "Se [ond länk]"), ("TY027", "[ond]:"), ("TY027", "[vinkel]:"), ("TY027", "[inne]:")),
        keep=("uppdrag-digital-service",),
        shown=("[ond]: javascript:alert('referens')", "ftp-länk"),
    ),
    Case(
        "knapp-i-uppdrag",
        (
            ("TY027", "{button-link} javascript:alert('knapp-i-uppdrag')"),
            ("TY027", "{button-link} JaVaScRiPt"),
            ("TY027", "{bdg-link-primary}"),
        ),
        keep=("uppdrag-digital-service",),
        shown=("Knapp i uppdraget", "Knapp utanför", "Märkestext", "Tillåten knapp"),
    ),
    Case(
        "kort-med-lank",
        (("TY027", ":link: javascript"), ("TY029", ":img-top: kort.svg"), ("TY027", ":link: data:")),
        shown=("Text i rutnätskortet.", "Läs mer", "Text i det tillåtna kortet."),
    ),
    Case(
        "bild-med-mal",
        (
            ("TY027", ":target: javascript"),
            ("TY027", ":target: vbscript"),
            ("TY027", "![datapng]"),
            ("TY024", "![datahtml]"),
            ("TY027", "![datahtml]"),
            ("TY027", "Länkad bild"),
        ),
        shown=("Figurens bildtext.", "datapng"),
    ),
    Case(
        "eval-rst-huvud",
        (("TY028", "```{eval-rst}"), ("TY028", "````{eval-rst}")),
        keep=("uppdrag-digital-service",),
        shown=(":http-equiv=refresh: 0; url=javascript:alert('meta')", "`länk i rst <javascript:alert('rst')>`_"),
    ),
    Case(
        "nedladdning-html",
        (("TY029", "Ladda ner"), ("TY029", "Med path:"), ("TY027", "Nedladdning av adress")),
        shown=("sidan", "skriptet", "sidan igen", "ond"),
    ),
    Case(
        "svg-bild",
        (
            ("TY029", "Diagram ![diagram]"),
            ("TY029", "{image} bild.svg"),
            ("TY029", "{figure} figur.svgz"),
            ("TY029", "Vilken som"),
        ),
        shown=("diagram", "Bild i SVG", "Figur i SVG."),
    ),
    Case(
        "lank-i-rubriker-och-tabeller",
        (("TY027", "## Avsnitt"), ("TY027", "[tabellänk]"), ("TY027", "Notis med"), ("TY027", "Djupt ner")),
        shown=("Avsnitt med ftp-rubrik", "Notis med ssh-titel"),
    ),
    Case("toctree-lank", (("TY027", "Ond sida"), ("TY027", "Ftp-sida"))),
    Case("fm-substitutions", (("TY003", "substitutions:"),), shown=("{{ hej }}",)),
)
