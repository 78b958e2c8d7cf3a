"""Read one object's fields into the model and check the rules that concern it alone."""

from __future__ import annotations

import dataclasses
import decimal

from tyreso_ext.model.fields import FieldSpec, ValueType
from tyreso_ext.model.findings import Finding
from tyreso_ext.model.ids import IdError, parse_id, slugify
from tyreso_ext.model.kinds import KindSpec
from tyreso_ext.model.kolada_data import KoladaContext, apply_measure, is_kpi_id, parse_kpi_id
from tyreso_ext.model.numbers import NumberError, Point, format_number, parse_point, parse_series
from tyreso_ext.model.objects import Kind, Report, SteeringObject
from tyreso_ext.model.status import Status, StatusError, parse_status
from tyreso_ext.model.text import did_you_mean, fold, other_digits_message, quoted_list, shorten
from tyreso_ext.model.text import upper_first as _upper_first
from tyreso_ext.model.vocabulary import Vocabulary, VocabularyError

# Objects inside objects (TY018) deeper than this are shown as text, not read: nothing real nests so deep,
# and a hostile file nesting hundreds of them would otherwise exhaust Python's stack in the parser.
MAX_NESTING = 20


@dataclasses.dataclass(frozen=True)
class ObjectSource:
    """What the reader (tyreso_ext.source.reader) found in the text of one directive."""

    kind: Kind
    title: str
    options: dict[str, str]
    option_lines: dict[str, int]
    body: str
    docname: str
    path: str
    line: int


def anchor_for(kind: Kind, object_id: str) -> str:
    """The HTML anchor of an object within its document."""
    return f"{slugify(kind.value)}-{object_id}"


def read_object(
    source: ObjectSource, report: Report | None, vocabulary: Vocabulary, kolada: KoladaContext | None = None
) -> tuple[SteeringObject, list[Finding]]:
    """Build the record for one directive and list every problem found in it.

    ``kolada`` (the reader's, when it knows the project folder) lets an indicator with ``:kolada:`` take its
    numbers from the measure's data file (:mod:`tyreso_ext.model.kolada_data`).
    """
    reader = _ObjectReader(source, report, vocabulary, kolada)
    return reader.read(), reader.findings


class _ObjectReader:
    def __init__(
        self, source: ObjectSource, report: Report | None, vocabulary: Vocabulary, kolada: KoladaContext | None = None
    ) -> None:
        self.source = source
        self.report = report
        self.vocabulary = vocabulary
        self.kolada = kolada
        self.findings: list[Finding] = []
        kind = source.kind
        self.spec: KindSpec = vocabulary.kinds.spec(kind)
        self.obj = SteeringObject(
            kind=kind,
            id="",
            title=" ".join(source.title.split()),
            docname=source.docname,
            path=source.path,
            line=source.line,
            anchor="",
            body=source.body,
            period=report.period if report else None,
            organ=report.organ if report else "",
            in_plan=bool(report and report.is_plan),
            status_field=self.spec.status_field,
        )

    def add(self, code: str, message: str, key: str | None = None) -> None:
        line = self.source.option_lines.get(key, self.source.line) if key else self.source.line
        self.findings.append(Finding(self.source.path, line, code, message))

    def read(self) -> SteeringObject:
        kind = self.source.kind
        what = f"{kind.label.lower()} '{self.obj.title}'" if self.obj.title else kind.label.lower()
        if not self.obj.title:
            self.add("TY004", f"{kind.label} saknar rubrik. Skriv rubriken efter direktivets namn: ':::{{{kind.value}}} Rubrik'.")
        seen_id = False
        for key, raw in self.source.options.items():
            spec = self.spec.find_field(key)
            if spec is None:
                self._unknown_field(key)
                continue
            value = (raw or "").strip()
            if not value:
                if spec.name == "id":
                    seen_id = True
                    self.add(
                        "TY017", f"Id för {what} är tomt. Skriv till exempel ':id: {slugify(self.obj.title) or 'mitt-id'}'.", key
                    )
                continue
            if spec.name == "id":
                seen_id = True
            self._read_field(spec, key, value, what)
        if not seen_id:
            hint = slugify(self.obj.title) or "mitt-id"
            self.add("TY004", f"{_upper_first(what)} saknar fältet 'id'. Lägg till en rad ':id: {hint}' under rubriken.")
        self.obj.anchor = anchor_for(kind, self.obj.id or f"rad-{self.source.line}")
        self._check_required_status(what)
        self._check_required(what)
        self._check_explanation(what)
        self._check_risk(what)
        self._apply_kolada(what)
        self._check_indicator(what)
        return self.obj

    def _unknown_field(self, key: str) -> None:
        kind = self.source.kind
        names = self.spec.field_names
        alias = self.spec.alias(key)
        hint = f" Menade du '{alias}'?" if alias else did_you_mean(key, names)
        self.add("TY005", f"Okänt fält '{key}' för {kind.label.lower()}.{hint} Tillåtna fält är {quoted_list(names)}.", key)

    def _read_field(self, spec: FieldSpec, key: str, value: str, what: str) -> None:
        obj = self.obj
        try:
            if spec.value_type is ValueType.ID:
                parsed_id = parse_id(value)
                if spec.name == "id":
                    obj.id = parsed_id
                else:
                    obj.fields[spec.name] = parsed_id
                return
            if spec.value_type is ValueType.STATUS:
                status = parse_status(value)
                if spec.name == self.spec.status_field and status not in self.spec.statuses:
                    allowed = [allowed.value for allowed in self.spec.statuses]
                    raise StatusError(
                        f"'{shorten(value)}' är ingen tillåten status här. Tillåtna värden är {quoted_list(allowed)}."
                    )
                if spec.name == self.spec.status_field or not self.spec.status_field:
                    obj.status = status
                obj.fields[spec.name] = status.value
                return
            if spec.value_type is ValueType.GOAL_AREA:
                obj.goal_area = self.vocabulary.goal_area(value)
                obj.fields[spec.name] = obj.goal_area
                return
            if spec.value_type is ValueType.KOLADA:
                obj.fields[spec.name] = parse_kpi_id(value)
                return
            if spec.value_type is ValueType.CHOICE:
                obj.fields[spec.name] = _choice(value, spec.choices)
                return
            if spec.value_type is ValueType.INTEGER:
                obj.numbers[spec.name] = _integer(value)
                obj.fields[spec.name] = str(obj.numbers[spec.name])
                return
            if spec.value_type in (ValueType.LEVEL_1_5, ValueType.LEVEL_1_25):
                obj.numbers[spec.name] = _level(value, spec)
                obj.fields[spec.name] = str(obj.numbers[spec.name])
                return
            if spec.value_type is ValueType.POINT:
                obj.series[spec.name] = (parse_point(value),)
            elif spec.value_type is ValueType.SERIES:
                obj.series[spec.name] = parse_series(value)
            elif spec.value_type is ValueType.LABELLED_SERIES:
                obj.series[spec.name] = parse_series(value, labelled=True)
            obj.fields[spec.name] = " ".join(value.split())
        except IdError as error:
            self.add("TY017", f"Fältet '{spec.name}' för {what}: {error}", key)
        except StatusError as error:
            self.add("TY006", f"Fältet '{spec.name}' för {what}: {error}", key)
            obj.fields[spec.name] = value
        except _LevelError as error:
            self.add(error.code, f"Fältet '{spec.name}' för {what}: {error}", key)
            obj.fields[spec.name] = value
        except (VocabularyError, NumberError, ValueError) as error:
            self.add("TY016", f"Fältet '{spec.name}' för {what}: {error}", key)
            obj.fields[spec.name] = value

    def _check_required_status(self, what: str) -> None:
        field = self.spec.status_field
        if not field or not self.spec.status_in_follow_up:
            return
        if self.report is None or self.report.is_plan or self.report.kind is None:
            return
        if field not in self.obj.fields:
            self.add(
                "TY004",
                f"{_upper_first(what)} saknar fältet '{field}' i en uppföljning. Skriv ':{field}: grön', "
                "'gul', 'röd' eller 'ej bedömd'.",
            )

    def _check_required(self, what: str) -> None:
        """TY004: the fields the kind's declaration requires always."""
        for requirement in self.spec.requirements:
            if requirement.statuses:
                continue
            for name in requirement.fields:
                if not self.obj.fields.get(name) and not (name == "id" and self.obj.id):
                    self.add(
                        "TY004", f"{_upper_first(what)} saknar fältet '{name}'. Lägg till en rad ':{name}: …' under rubriken."
                    )

    def _check_explanation(self, what: str) -> None:
        """TY008: the fields the kind's declaration requires at some statuses (gul and röd: orsak and åtgärder)."""
        status = self.obj.status
        if status is None:
            return
        for requirement in self.spec.requirements:
            if status not in requirement.statuses:
                continue
            missing = [name for name in requirement.fields if not self.obj.fields.get(name)]
            if not missing:
                continue
            lines = " och ".join(f"':{name}:'" for name in missing)
            field = self.spec.status_field or "status"
            if requirement.fields == ("orsak", "åtgärder") and set(requirement.statuses) == {Status.GUL, Status.ROD}:
                why = "Vid gul och röd status ska orsaken och de vidtagna åtgärderna beskrivas."
            else:
                words = " och ".join(status.value for status in requirement.statuses)
                names = " och ".join(f"'{name}'" for name in requirement.fields)
                why = f"Vid {field} {words} ska {names} fyllas i."
            self.add("TY008", f"{_upper_first(what)} har {field} {status.value} men saknar {lines}. {why}", field)

    def _check_risk(self, what: str) -> None:
        """Sannolikhet and konsekvens come together, and risknivå is their product: for any kind that has them."""
        if self.spec.field("sannolikhet") is None or self.spec.field("konsekvens") is None:
            return
        numbers = self.obj.numbers
        written = self.obj.fields
        has_probability = "sannolikhet" in written
        has_consequence = "konsekvens" in written
        if has_probability != has_consequence:
            missing = "konsekvens" if has_probability else "sannolikhet"
            self.add("TY004", f"{_upper_first(what)} anger bara den ena av sannolikhet och konsekvens. Lägg till ':{missing}:'.")
        if {"sannolikhet", "konsekvens", "risknivå"} <= numbers.keys():
            product = numbers["sannolikhet"] * numbers["konsekvens"]
            if product != numbers["risknivå"]:
                self.add(
                    "TY012",
                    f"{_upper_first(what)} har risknivå {numbers['risknivå']}, men sannolikhet {numbers['sannolikhet']} "
                    f"× konsekvens {numbers['konsekvens']} = {product}. Rätta risknivån till {product} eller ändra "
                    "sannolikhet eller konsekvens.",
                    "risknivå",
                )

    def _apply_kolada(self, what: str) -> None:
        """Outcomes and comparisons from the measure's data file, and the rules on it (TY034–TY036)."""
        obj = self.obj
        kpi = obj.fields.get("kolada")
        if self.source.kind is not Kind.INDIKATOR or not kpi or self.kolada is None or not is_kpi_id(kpi):
            return  # an id that is none has its TY016 already
        written = {spec.name: key for key in self.source.options if (spec := self.spec.find_field(key)) is not None}

        def finding(code: str, field: str, message: str) -> Finding:
            line = self.source.option_lines.get(written.get(field, ""), self.source.line)
            return Finding(self.source.path, line, code, message)

        year = obj.period.year if obj.period is not None else None
        obj.kolada, found = apply_measure(obj.series, obj.fields, year, kpi, _upper_first(what), self.kolada, finding)
        self.findings += found

    def _check_indicator(self, what: str) -> None:
        obj = self.obj
        if self.source.kind is not Kind.INDIKATOR or obj.status is None:
            return
        expected = expected_indicator_status(obj)
        if expected is None or expected is obj.status:
            return
        if obj.status is Status.EJ_BEDOMD:
            return
        target = obj.series["målvärde"][0]
        latest = latest_outcome(obj)
        assert latest is not None
        direction = "minst" if obj.fields.get("riktning") == "högre" else "högst"
        if expected is Status.GRON:
            verdict = "att målvärdet är nått, så status ska vara grön"
        else:
            verdict = "att målvärdet inte är nått, så status kan inte vara grön (skriv gul eller röd)"
        self.add(
            "TY015",
            f"{_upper_first(what)} har status {obj.status.value}, men utfallet {format_number(latest.value)} ({latest.period}) "
            f"mot målvärdet {direction} {format_number(target.value)} ({target.period}) betyder {verdict}. "
            "Rätta status eller siffrorna.",
            "status",
        )


def latest_outcome(obj: SteeringObject) -> Point | None:
    """The outcome of the latest period, if the indicator has any."""
    outcomes = obj.series.get("utfall", ())
    return max(outcomes, key=lambda point: point.period) if outcomes else None


def expected_indicator_status(obj: SteeringObject) -> Status | None:
    """What the numbers say: grön when the latest outcome reaches the target, else not grön.

    Grön means *uppfyllt* for a mål or an indikator, so a target not reached cannot be grön,
    whatever year the target is set for (7,4 % sick leave against a target of at most 4 % by
    2018 is not grön in 2016). A target not reached may be gul (delvis) or röd: the numbers
    cannot tell those apart, so the stated one is returned. Only a contradiction is flagged: a
    reached target stated as gul or röd, or a target not reached stated as grön. None when
    target, direction or outcome is missing.
    """
    direction = obj.fields.get("riktning")
    target_points = obj.series.get("målvärde")
    latest = latest_outcome(obj)
    if direction not in ("högre", "lägre") or not target_points or latest is None:
        return None
    target = target_points[0]
    reached = latest.value >= target.value if direction == "högre" else latest.value <= target.value
    if reached:
        return Status.GRON
    return Status.ROD if obj.status is Status.GRON else obj.status


class _LevelError(ValueError):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def _level(value: str, spec: FieldSpec) -> int:
    high, code = (5, "TY013") if spec.value_type is ValueType.LEVEL_1_5 else (25, "TY011")
    foreign = other_digits_message(value)
    if foreign is not None:  # Decimal('４') is 4: a level is written with 0–9 (TY016, as every number)
        raise _LevelError(foreign, "TY016")
    try:
        number = decimal.Decimal(value.replace("\u2212", "-").replace(",", "."))
    except decimal.InvalidOperation:
        raise _LevelError(f"'{shorten(value)}' är inget heltal. Skriv ett heltal från 1 till {high}.", code) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise _LevelError(f"'{shorten(value)}' är inget heltal. Skriv ett heltal från 1 till {high}.", code)
    if not 1 <= number <= high:
        raise _LevelError(f"{shorten(value)} ligger utanför 1–{high}. Skriv ett heltal från 1 till {high}.", code)
    return int(number)


def _integer(value: str) -> int:
    foreign = other_digits_message(value)
    if foreign is not None:
        raise ValueError(foreign)
    text = value.replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    digits = text.removeprefix("-")
    if not digits.isascii() or not digits.isdigit() or len(digits) > 15:
        raise ValueError(f"'{shorten(value)}' är inget heltal. Skriv ett heltal, till exempel 12 eller 12000.")
    return int(text)


def _choice(value: str, choices: tuple[str, ...]) -> str:
    folded = fold(value)
    for choice in choices:
        if fold(choice) == folded or folded.startswith(fold(choice) + " "):
            return choice
    raise ValueError(
        f"'{shorten(value)}' är inget tillåtet värde.{did_you_mean(value, list(choices))} Tillåtna värden är {quoted_list(list(choices))}."
    )
