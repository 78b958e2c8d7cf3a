"""Properties of the model's parsers, for any input (Hypothesis): periods, statuses, numbers in Swedish
notation, ids, front matter and the source rules. Whatever is thrown at them, they return a value or
raise their own documented error, never anything else."""

from __future__ import annotations

import contextlib
import decimal
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tyreso_ext.model.findings import CODES
from tyreso_ext.model.frontmatter import neutralize_front_matter, read_report, shown, split_front_matter
from tyreso_ext.model.ids import MAX_ID_LENGTH, IdError, parse_id, slugify
from tyreso_ext.model.numbers import MAX_DIGITS, NumberError, format_number, parse_number, parse_point, parse_series
from tyreso_ext.model.period import Period, PeriodError, parse_period
from tyreso_ext.model.settings import Settings
from tyreso_ext.model.status import Status, StatusError, parse_status
from tyreso_ext.model.text import source_lines, source_lines_with_ends
from tyreso_ext.model.vocabulary import Vocabulary
from tyreso_ext.source.options import read_option_block
from tyreso_ext.source.reader import read_document
from tyreso_ext.source.text_rules import decode_source

PROPERTIES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like what people write, with the characters that break naive parsers mixed in.
_TRICKY = "0123456789 -–−,.:;'\"`*_#[]{}()<>/\\|!?&%=+\t\r\n\x00\x0b\x0c\u00a0\u2009\u202f\u2028\ufeffåäöÅÄÖéüаеοΑ٣𝟘ß"
texts = st.one_of(st.text(), st.text(alphabet=_TRICKY, max_size=60))
anything = st.one_of(
    texts,
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.binary(max_size=8),
)
periods = st.builds(Period, st.integers(min_value=1900, max_value=2999), st.integers(min_value=0, max_value=3))


# --- periods ------------------------------------------------------------------------------------------


@PROPERTIES
@given(periods)
def test_a_period_code_reads_back_as_the_same_period(period):
    assert parse_period(period.code) == period
    assert parse_period(period.code.lower().replace("-", " – ")) == period
    assert parse_period(period.slug) == period
    assert period.description and str(period) == period.code


@PROPERTIES
@given(periods, periods)
def test_periods_sort_in_time_and_their_codes_keep_that_order(first, second):
    assert (first < second) == ((first.year, first.part) < (second.year, second.part))
    assert (parse_period(first.code) < parse_period(second.code)) == (first < second)


@PROPERTIES
@given(anything)
@example("2023-T7")
@example("٢٠٢٣-T1")
@example(["2023"])
@example(True)
@example(10**400)
@example(int("f" * 5000, 16))  # YAML reads 0xfff… as an integer too long for str()
def test_a_period_parser_raises_only_period_errors(value):
    try:
        period = parse_period(value)
    except PeriodError as error:
        assert len(str(error)) < 400  # the message quotes the value, shortened
    else:
        assert isinstance(period, Period) and 1900 <= period.year <= 2999


# --- statuses ----------------------------------------------------------------------------------------


@PROPERTIES
@given(st.sampled_from(list(Status)), st.sampled_from([str.upper, str.lower, str.title, lambda word: f"  {word}\t"]))
def test_a_status_reads_back_forgiving_case_diacritics_and_space(status, spelling):
    written = spelling(status.value)
    assert parse_status(written) is status
    assert parse_status(written.replace("ö", "o").replace("Ö", "O")) is status


@PROPERTIES
@given(anything)
@example("grönt")
@example("g" * 100_000)
def test_a_status_parser_raises_only_status_errors(value):
    try:
        status = parse_status(value)
    except StatusError as error:
        assert len(str(error)) < 400
    else:
        assert isinstance(status, Status)


# --- numbers in Swedish notation -----------------------------------------------------------------------

decimals = st.decimals(min_value=-(10**12), max_value=10**12, places=4, allow_nan=False, allow_infinity=False)


@PROPERTIES
@given(decimals)
def test_a_number_in_swedish_notation_reads_back_exactly(value):
    written = format_number(value)
    assert parse_number(written) == value
    assert parse_number(written.replace("\u00a0", " ").replace("\u2212", "-")) == value
    assert parse_number(written.replace(",", ".").replace("\u00a0", "")) == value


@PROPERTIES
@given(anything)
@example("NaN")
@example("Infinity")
@example("1e5")
@example("9" * 400)
@example("٣,٥")
def test_a_number_parser_raises_only_number_errors(value):
    try:
        number = parse_number(value)
    except NumberError as error:
        assert len(str(error)) < 400
    else:
        assert number.is_finite()
        digits = number.as_tuple().digits
        assert len(digits) <= MAX_DIGITS


@PROPERTIES
@given(texts, st.booleans())
@example("2023-T1: NaN", False)
@example("riket 2021: 58; ; länet 2021-T9: 3", True)
def test_points_and_series_raise_only_number_errors(text, labelled):
    for parser in (parse_point, parse_series):
        with contextlib.suppress(NumberError):
            parser(text, labelled=labelled)


# --- ids ----------------------------------------------------------------------------------------------


@PROPERTIES
@given(anything)
@example("trygg-skolvаg")  # a Cyrillic а
@example("Trygg-Skolvag")
@example("<script>alert(1)</script>")
@example("a" * 200)
def test_an_id_parser_returns_a_slug_or_raises_only_id_errors(value):
    try:
        parsed = parse_id(value)
    except IdError as error:
        assert len(str(error)) < 600
    else:
        assert parsed == value.strip() and slugify(parsed) == parsed and len(parsed) <= MAX_ID_LENGTH


@PROPERTIES
@given(texts)
def test_slugify_gives_an_id_that_the_parser_takes_unchanged(title):
    slug = slugify(title)
    assert slug == "" or parse_id(slug) == slug


@PROPERTIES
@given(st.from_regex(r"[a-z0-9]+(-[a-z0-9]+){0,4}", fullmatch=True), st.sampled_from(["а", "е", "о", "р", "с", "ο", "Α", "ß"]))
def test_an_id_that_differs_by_a_look_alike_letter_or_case_is_refused(object_id, foreign):
    for variant in (
        object_id[:1] + foreign + object_id[1:],
        object_id.upper() if object_id.upper() != object_id else object_id + "X",
    ):
        try:
            parse_id(variant)
        except IdError:
            continue
        raise AssertionError(f"{variant!r} was taken as an id")


# --- front matter and the source rules ----------------------------------------------------------------

yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(alphabet=_TRICKY, max_size=20)),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(alphabet="abcåäöperiodrgntyp", max_size=12), children, max_size=4)
    ),
    max_leaves=10,
)
keys = st.sampled_from(
    [
        "rapporttyp",
        "period",
        "organ",
        "titel",
        "diarienummer",
        "datum",
        "beslutsdatum",
        "måluppfyllelse",
        "myst",
        "html_meta",
        "okänt",
        "Period",
        "ORGAN",
    ]
)


@PROPERTIES
@given(st.dictionaries(keys, yaml_values, max_size=6), texts)
def test_any_front_matter_gives_a_report_and_findings_never_an_exception(data, body):
    source = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + body
    report, findings = read_report(source, "r", "r.md", Vocabulary(organs=("Kommunstyrelsen",)))
    assert report.docname == "r"
    for finding in findings:
        assert finding.line >= 1 and len(finding.message) < 1000
    neutral = neutralize_front_matter(source)
    assert len(source_lines(neutral)) == len(source_lines(source))  # line numbers stay where they were
    remaining = split_front_matter(neutral)
    if remaining is not None and isinstance(loaded := _load(remaining.text), dict):
        assert not {"myst", "html_meta"} & {shown(key) for key in loaded}


def _load(text: str):
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None


@PROPERTIES
@given(texts)
@example("---\nrapporttyp: [\n---\n")
@example("---\n" + "[" * 5000 + "\n---\n")
@example("---\nperiod: 0x" + "f" * 5000 + "\ntitel: 0x" + "f" * 5000 + "\ndatum: 0x" + "f" * 5000 + "\n---\n")
def test_any_text_is_read_as_a_report_without_an_exception(text):
    read_report(text, "r", "r.md", Vocabulary())
    assert "".join(source_lines_with_ends(neutralize_front_matter(text))).count("\n") == text.count("\n")


markdown = st.lists(
    st.sampled_from(
        [
            ":::{uppdrag} Titel\n",
            ":id: x\n",
            ':status: "gul\n',
            "```{raw} html\n",
            "```\n",
            ":::\n",
            "<b>x</b>\n",
            "<!-- x -->\n",
            "![b](../../x.png)\n",
            "{download}`y <../../z>`\n",
            "```{include} /etc/passwd\n",
            ":file: ../a\n",
            "> :::{note}\n",
            "\n",
            "text\x0c\n",
            "- ```\n",
            "    :::\n",
        ]
    ),
    max_size=12,
).map("".join)


@PROPERTIES
@given(st.one_of(markdown, texts))
def test_the_source_rules_never_raise(text):
    for finding in _read(text).findings:
        assert finding.code in CODES and finding.line >= 1


def _read(text: str):
    """A report at reports/r.md in the project /p/src, read as the build and tyreso check read it."""
    return read_document(text, "reports/r", "reports/r.md", Settings(), root=Path("/p/src"))
    read_option_block(source_lines(text), 1)


# A finding written inside directives, as (text, code, its line within the text): the rules skip a body with
# no trace of HTML, a file or a link, so every kind must still be found at any depth.
_DEEP_FINDINGS = [
    ("Text <b>x</b>", "TY024", 0),
    ("```{raw} html\n<i>\n```", "TY024", 0),
    ("```{eval-rst}\n.. raw:: html\n```", "TY024", 1),
    ("![b](../../../../x.png)", "TY022", 0),
    ("{download}`../../../../y`", "TY022", 0),
    ("```{image} ../../../../x.png\n```", "TY022", 0),
    ("```{csv-table}\n:file: ../../../../a.csv\n```", "TY022", 1),
    ("```{eval-rst}\n.. include:: ../../../../x.md\n```", "TY022", 1),
    ("[x](javascript:alert(1))", "TY027", 0),
    ("```{button-link} javascript:alert(1)\nKnapp\n```", "TY027", 0),
    ("```{eval-rst}\nText\n```", "TY028", 0),
    ("![b](b.svg)", "TY029", 0),
]


@PROPERTIES
@given(
    st.sampled_from(_DEEP_FINDINGS),
    st.lists(st.sampled_from(["note", "uppdrag", "tyreso:mål", "admonition Titel"]), max_size=5),
    st.booleans(),
)
def test_a_finding_inside_nested_directives_is_found_on_its_line(finding, names, with_option):
    snippet, code, line = finding
    text = snippet
    for level, name in enumerate(names):  # the innermost directive first, each fence longer than the one inside
        colons = ":" * (4 + level)
        option = ":class: x\n" if with_option else ""
        text = f"{colons}{{{name}}}\n{option}\n{text}\n{colons}\n"
        line += 2 + bool(option)
    text = f"# Rubrik\n\n{text}"
    line += 3
    found = _read(text).findings
    assert (line, code) in {(finding.line, finding.code) for finding in found}


@PROPERTIES
@given(st.binary(max_size=200))
def test_any_bytes_decode_and_the_first_bad_byte_is_located(data):
    text, line, byte = decode_source(data)
    assert isinstance(text, str)
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        assert line is not None and 1 <= line <= len(source_lines(text)) + 1 and byte is not None
    else:
        assert line is None


def test_decimal_context_is_untouched():
    """The parsers never change the process-wide decimal context."""
    assert decimal.getcontext().prec == 28


# --- directive options -------------------------------------------------------------------------------

# Option lines as people write them, and every way one can leave the plain form: quotes, block marks,
# comments, colons, tabs, odd line breaks, indentation, a YAML block.
_OPTION_KEYS = st.sampled_from(["id", "status", "målområde", "rapporteras till", "a  b", "x:y", "#k", "'q'", " id", ""])
_OPTION_VALUES = st.one_of(
    st.sampled_from(["", " ", "grön", "  Arbetet pågår  ", "a: b", "a #b", "a#b", "'citat'", '"x"', "| x", "> y", "# c"]),
    st.text(alphabet=_TRICKY, max_size=30),
)
_OPTION_LINES = st.one_of(
    st.builds(lambda key, value, pad: f"{pad}:{key}:{value}", _OPTION_KEYS, _OPTION_VALUES, st.sampled_from(["", " ", "\t"])),
    st.sampled_from(["", "   ", "Brödtext.", ":::{uppdrag} inre", "---", ":", "  fortsättning"]),
)
directive_contents = st.lists(_OPTION_LINES, max_size=8).map("\n".join)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["", "U-1", "  Ett argument  med mellanslag "]), directive_contents)
@example("", ":id: U-1\n:status: gul\n\nBrödtext.")
@example("", ":id: U-1\n:orsak: Budget # saknas")
@example("", ":id:U-1")
@example("", ":id: 'U-1'")
@example("", "\n:id: U-1")
def test_plain_options_are_read_exactly_as_myst_reads_them(first_line, content):
    from docutils.parsers.rst.states import MarkupError
    from myst_parser.parsers.directives import parse_directive_text

    from tyreso_ext.source.options import AnyDirective, parse_directive

    try:
        expected = parse_directive_text(AnyDirective, first_line.strip(), content, line=3)
    except MarkupError:
        expected = None
    try:
        read = parse_directive(first_line.strip(), content, 3)
    except MarkupError:
        read = None
    if expected is None or read is None:
        assert expected is read
        return
    assert (read.arguments, read.options, read.body, read.body_offset) == (
        expected.arguments,
        expected.options,
        expected.body,
        expected.body_offset,
    )


_YAML_LINES = st.one_of(
    st.builds(
        lambda key, value: f"{key}: {value}",
        st.sampled_from(["rapporttyp", "period", "organ", "titel", "beslut", "- x", "? k", "&a", "'k'"]),
        st.one_of(
            st.sampled_from(["2023-T1", "2023-13-45", "2024-06-03", "Kommunstyrelsen", "*a", "&a x", "[1, 2", "{a: 1}", "'x"]),
            st.text(alphabet=_TRICKY, max_size=20),
        ),
    ),
    st.sampled_from(["", "  - datum: 2024-06-03", "  nämnd: KS", "---", "...", "%YAML 1.1", "\ufeffperiod: 2023"]),
    st.text(alphabet=_TRICKY, max_size=30),
)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_YAML_LINES, max_size=6).map("\n".join))
@example("period: 2023-13-45\norgan: KS")
@example("a: \x85b")
def test_front_matter_yaml_is_read_as_the_python_parser_reads_it(text):
    from tyreso_ext.model.frontmatter import _Loader, load_yaml

    try:
        expected = ("data", yaml.load(text, Loader=_Loader))
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        expected = ("error", str(error))
    try:
        read = ("data", load_yaml(text))
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        read = ("error", str(error))
    assert read == expected
