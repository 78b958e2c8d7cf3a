"""The kinds of steering object as declarations: the built-in ones, and those a kommun declares in conf.py (no Sphinx).

A kind is one :class:`KindSpec`: its directive and role, its label, its fields with their types, which field is its
status, which fields are required and when. Every rule, table, register and export reads the declaration, so a kind
declared in ``conf.py`` (``tyreso_kinds``, see :func:`kinds_from_conf` and the handbook's page *Egna objekttyper*)
works as the built-in ones do. The built-in declarations are Python data here, not a data file: they are typed
and checked by mypy with the code that reads them, and need no file to be found at run time; ``conf.py`` is the
kommun's data-file form of the same declaration.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from typing import Any

from tyreso_ext.model.fields import FieldSpec, ValueType
from tyreso_ext.model.ids import slugify
from tyreso_ext.model.objects import Kind
from tyreso_ext.model.status import Status, StatusError, parse_status
from tyreso_ext.model.text import did_you_mean, fold, quoted_list, shorten

KINDS_CONFIG = "tyreso_kinds"  # the setting of conf.py that declares a kommun's own kinds
ALL_STATUSES = (Status.GRON, Status.GUL, Status.ROD, Status.EJ_BEDOMD)
EXPLAINED_STATUSES = (Status.GUL, Status.ROD)


@dataclasses.dataclass(frozen=True)
class Requirement:
    """Fields an object must have: always (TY004), or when its status is one of ``statuses`` (TY008)."""

    fields: tuple[str, ...]
    statuses: tuple[Status, ...] = ()


@dataclasses.dataclass(frozen=True)
class KindSpec:
    """One kind of steering object, declared."""

    name: str  # the directive's name, as written: 'uppdrag', 'mål', 'aktivitet'
    role: str  # the role that refers to it (ASCII: MyST reads no other role names): 'mal'
    label: str  # 'Mål'
    plural: str  # 'Mål', 'Indikatorer'
    fields: tuple[FieldSpec, ...]
    status_field: str = ""  # the field read as the object's status ('' : the kind has none)
    statuses: tuple[Status, ...] = ALL_STATUSES  # the status words it accepts
    status_in_follow_up: bool = True  # the status is required in every follow-up (TY004)
    requirements: tuple[Requirement, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()  # keys written out of habit (folded) and the field meant
    secondary: tuple[str, ...] = ()  # fields shown folded, with the id
    period_fields: tuple[str, ...] = ()  # fields of one period only: tyreso ny leaves them out of the next period
    register: str = ""  # the register page: tyreso-<register>.html
    article: str = "en"  # 'ett uppdrag', 'en risk'
    in_plan: bool = True  # an object followed up must be defined in a plan (TY010)
    followed_up: bool = False  # a plan's object must be in every follow-up of its organ and year (TY014)
    builtin: bool = False

    @property
    def kind(self) -> Kind:
        return Kind(self.name)

    @property
    def field_names(self) -> list[str]:
        return [spec.name for spec in self.fields]

    def field(self, name: str) -> FieldSpec | None:
        return next((spec for spec in self.fields if spec.name == name), None)

    def find_field(self, key: str) -> FieldSpec | None:
        """The field a written option key names, forgiving about case and diacritics."""
        folded = fold(key)
        return next((spec for spec in self.fields if fold(spec.name) == folded), None)

    def alias(self, key: str) -> str | None:
        return dict(self.aliases).get(fold(key))

    @property
    def number_fields(self) -> tuple[str, ...]:
        """The fields the open data gives as numbers."""
        numeric = (ValueType.LEVEL_1_5, ValueType.LEVEL_1_25, ValueType.INTEGER)
        return tuple(spec.name for spec in self.fields if spec.value_type in numeric)

    @property
    def register_title(self) -> str:
        return f"Alla {self.plural.lower()} över perioder"

    @property
    def words(self) -> tuple[str, ...]:
        """The words (folded) that name it in an aggregation's ``typ``."""
        return tuple(dict.fromkeys((fold(self.name), fold(self.plural), fold(self.role), fold(self.label))))


class Kinds:
    """The kinds of one site, in order: the built-in ones, then the site's own."""

    def __init__(self, specs: tuple[KindSpec, ...]) -> None:
        self.specs = specs
        self._by_name = {spec.name: spec for spec in specs}
        self._by_role = {spec.role: spec for spec in specs}
        self._by_word = {word: spec for spec in reversed(specs) for word in spec.words}
        for spec in specs:
            Kind.describe(spec.name, spec.label, spec.plural)

    def __iter__(self) -> Iterator[Kind]:
        return (spec.kind for spec in self.specs)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Kinds) and other.specs == self.specs

    def __hash__(self) -> int:
        return hash(self.specs)

    def __reduce__(self) -> tuple[type[Kinds], tuple[tuple[KindSpec, ...]]]:
        return (Kinds, (self.specs,))  # unpickled in a worker process: the labels of the kinds are described there too

    def __repr__(self) -> str:
        return f"Kinds({', '.join(spec.name for spec in self.specs)})"

    def spec(self, kind: str) -> KindSpec:
        return self._by_name[kind]

    def get(self, kind: str) -> KindSpec | None:
        return self._by_name.get(kind)

    def by_role(self, role: str) -> KindSpec | None:
        return self._by_role.get(role)

    def by_word(self, word: str) -> KindSpec | None:
        return self._by_word.get(fold(word))

    @property
    def names(self) -> list[str]:
        return [spec.name for spec in self.specs]


# --- the built-in kinds ------------------------------------------------------------------------------------------

_ID = FieldSpec("id", "Stabilt id, samma i plan och alla uppföljningar.", ValueType.ID, example="ordning-och-reda-i-ekonomin")
_STATUS = FieldSpec("status", "Status i perioden: grön, gul, röd eller ej bedömd.", ValueType.STATUS, example="grön")
_GOAL_AREA = FieldSpec("målområde", "Målområdet objektet hör till.", ValueType.GOAL_AREA, example="Ekonomi och hållbarhet")
_OWNER = FieldSpec("ansvarig", "Ansvarig nämnd, förvaltning eller funktion.", example="Kommunstyrelsen")
_CAUSE = FieldSpec("orsak", "Orsaken till gul eller röd status.", example="Upphandlingen blev försenad.")
_ACTIONS = FieldSpec("åtgärder", "Vidtagna åtgärder vid gul eller röd status.", example="Ny tidplan är beslutad.")
_EXPLAINED = Requirement(("orsak", "åtgärder"), EXPLAINED_STATUSES)

UPPDRAG = KindSpec(
    name="uppdrag",
    role="uppdrag",
    label="Uppdrag",
    plural="Uppdrag",
    fields=(_ID, _GOAL_AREA, _OWNER, _STATUS, _CAUSE, _ACTIONS),
    status_field="status",
    requirements=(_EXPLAINED,),
    aliases=(("atgard", "åtgärder"), ("bedomning", "status")),
    period_fields=("status", "orsak", "åtgärder"),
    register="uppdrag",
    article="ett",
    followed_up=True,
    builtin=True,
)
MAL = KindSpec(
    name="mål",
    role="mal",
    label="Mål",
    plural="Mål",
    fields=(
        _ID,
        _GOAL_AREA,
        FieldSpec("nivå", "Kommunmål eller nämndmål.", ValueType.CHOICE, ("kommun", "nämnd"), "nämnd"),
        _OWNER,
        _STATUS,
        _CAUSE,
        _ACTIONS,
    ),
    status_field="status",
    requirements=(_EXPLAINED,),
    aliases=(("atgard", "åtgärder"), ("utfall", "status"), ("bedomning", "status")),
    secondary=("nivå",),
    period_fields=("status", "orsak", "åtgärder"),
    register="mal",
    article="ett",
    builtin=True,
)
INDIKATOR = KindSpec(
    name="indikator",
    role="indikator",
    label="Indikator",
    plural="Indikatorer",
    fields=(
        _ID,
        FieldSpec("mål", "Id för målet som indikatorn mäter.", ValueType.ID, example="delaktiga-medborgare", refers_to="mål"),
        _GOAL_AREA,
        FieldSpec("enhet", "Enhet för värdena: %, dagar, antal, kr …", example="%"),
        FieldSpec("riktning", "Om högre eller lägre värden är bättre.", ValueType.CHOICE, ("högre", "lägre"), "högre"),
        FieldSpec("startläge", "Startläget: period: värde.", ValueType.POINT, example="2021: 58"),
        FieldSpec("målvärde", "Målvärdet: period: värde.", ValueType.POINT, example="2026: 60"),
        FieldSpec("utfall", "Utfall per period, åtskilda med semikolon.", ValueType.SERIES, example="2022: 60; 2023-T1: 61"),
        FieldSpec("jämförelse", "Jämförelser: namn period: värde; …", ValueType.LABELLED_SERIES, example="riket 2021: 58"),
        FieldSpec("källa", "Var siffrorna kommer ifrån.", example="Medborgarundersökningen"),
        FieldSpec(
            "kolada",
            "Nyckeltalets id i Kolada: utfall och jämförelser läses ur datafilen som tyreso kolada hämtar.",
            ValueType.KOLADA,
            example="N00090",
        ),
        _STATUS,
    ),
    status_field="status",
    status_in_follow_up=False,
    secondary=("mål", "enhet", "riktning", "källa", "kolada"),
    period_fields=("status",),
    register="indikatorer",
    builtin=True,
)
RISK = KindSpec(
    name="risk",
    role="risk",
    label="Risk",
    plural="Risker",
    fields=(
        _ID,
        FieldSpec("typ", "Typ av risk, till exempel Medarbetare, Kvalitet, Leverans, Ekonomi.", example="Leverans"),
        FieldSpec("sannolikhet", "Sannolikhet 1–5.", ValueType.LEVEL_1_5, example="4"),
        FieldSpec("konsekvens", "Konsekvens 1–5.", ValueType.LEVEL_1_5, example="5"),
        FieldSpec("risknivå", "Risknivå 1–25 (sannolikhet × konsekvens).", ValueType.LEVEL_1_25, example="20"),
        FieldSpec("åtgärd", "Åtgärden som ska minska risken.", example="Ny tidplan med leverantören."),
        FieldSpec("bedömning", "Bedömning av åtgärden: grön, gul, röd eller ej bedömd.", ValueType.STATUS, example="gul"),
        FieldSpec("kommentar", "Kommentar till bedömningen.", example="Tidplanen har ännu inte gett resultat."),
        _OWNER,
    ),
    status_field="bedömning",
    aliases=(("status", "bedömning"), ("atgarder", "åtgärd"), ("niva", "risknivå")),
    secondary=("sannolikhet", "konsekvens"),
    period_fields=("bedömning", "kommentar"),
    register="risker",
    followed_up=True,
    builtin=True,
)
AKTIVITET = KindSpec(
    name="aktivitet",
    role="aktivitet",
    label="Aktivitet",
    plural="Aktiviteter",
    fields=(
        _ID,
        FieldSpec("plan", "Planen aktiviteten hör till.", example="Tillgänglighetsplanen"),
        _GOAL_AREA,
        _OWNER,
        FieldSpec("tidplan", "När aktiviteten ska vara genomförd.", example="2023"),
        FieldSpec("bedömning", "Bedömning i perioden: grön, gul, röd eller ej bedömd.", ValueType.STATUS, example="grön"),
        FieldSpec(
            "kommentar", "Vad som har gjorts, och vid gul eller röd bedömning varför.", example="Arbetet pågår enligt plan."
        ),
    ),
    status_field="bedömning",
    requirements=(Requirement(("kommentar",), EXPLAINED_STATUSES),),
    aliases=(("status", "bedömning"), ("aktivitet", "plan")),
    secondary=("plan",),
    period_fields=("bedömning", "kommentar"),
    register="aktiviteter",
    in_plan=False,  # a handlingsplan's activities are written in the follow-up itself, not in the nämndplan
    builtin=True,
)
KONTROLL = KindSpec(
    name="kontroll",
    role="kontroll",
    label="Kontroll",
    plural="Kontroller",
    fields=(
        _ID,
        FieldSpec(
            "risk", "Id för risken som kontrollen ska hantera.", ValueType.ID, example="bristande-dokumentation", refers_to="risk"
        ),
        FieldSpec("kontrollmoment", "Vad som kontrolleras.", example="Stickprov på tio akter"),
        FieldSpec("metod", "Hur kontrollen görs.", example="Granskning mot rutinen"),
        FieldSpec("frekvens", "Hur ofta kontrollen görs.", example="Två gånger per år"),
        _OWNER,
        FieldSpec("rapporteras till", "Vem resultatet rapporteras till.", example="Socialnämnden"),
        FieldSpec("resultat", "Vad kontrollen visade i perioden.", example="Nio av tio akter var kompletta."),
        FieldSpec("avvikelse", "Avvikelser som kontrollen fann.", example="En akt saknade genomförandeplan."),
        FieldSpec("åtgärd", "Åtgärd med anledning av avvikelsen.", example="Rutinen har gåtts igenom i arbetsgruppen."),
        _STATUS,
    ),
    status_field="status",
    requirements=(Requirement(("avvikelse", "åtgärd"), EXPLAINED_STATUSES),),
    aliases=(("bedomning", "status"), ("atgarder", "åtgärd"), ("rapporteras", "rapporteras till")),
    secondary=("metod", "frekvens", "rapporteras till"),
    period_fields=("resultat", "avvikelse", "åtgärd", "status"),
    register="kontroller",
    followed_up=True,
    builtin=True,
)

BUILTIN_SPECS = (UPPDRAG, MAL, INDIKATOR, RISK, AKTIVITET, KONTROLL)
BUILTIN_KINDS = Kinds(BUILTIN_SPECS)


# --- kinds declared in conf.py -------------------------------------------------------------------------------------

# The names a kommun writes in conf.py, and what they mean (see docs/egna-objekttyper.md).
TYPE_WORDS: dict[str, ValueType] = {
    "text": ValueType.TEXT,
    "id": ValueType.ID,
    "status": ValueType.STATUS,
    "val": ValueType.CHOICE,
    "heltal": ValueType.INTEGER,
    "målområde": ValueType.GOAL_AREA,
    "nivå 1-5": ValueType.LEVEL_1_5,
    "nivå 1-25": ValueType.LEVEL_1_25,
}
KIND_KEYS = ("etikett", "plural", "roll", "register", "fält", "status", "krav", "definieras i plan", "följs upp")
BUILTIN_EXTENSIBLE = ("etikett", "plural", "fält", "krav")
FIELD_KEYS = ("typ", "beskrivning", "värden", "objekttyp", "exempel")
REQUIREMENT_KEYS = ("fält", "när")
# Directive names the extension already uses for something else: no kind may take them.
RESERVED_NAMES = (
    # the extension's own (model.aggregate.AGGREGATES, model.finance.DIRECTIVE, sphinx_ext.directives.overview)
    "statustabell",
    "målområdesöversikt",
    "periodmatris",
    "riskmatris",
    "rapportlista",
    "statusandringar",
    "ekonomitabell",
    "lägesbild",
    "senaste-rapporter",
    # the directives of Sphinx, MyST and sphinx-design that reports use
    *("admonition", "note", "tip", "warning", "important", "attention", "caution", "danger", "error", "hint"),
    *("seealso", "topic", "sidebar", "table", "list-table", "csv-table", "figure", "image", "include"),
    *("literalinclude", "raw", "math", "code", "code-block", "toctree", "only", "dropdown", "card"),
    *("grid", "grid-item", "grid-item-card", "tab-set", "tab-item", "eval-rst"),
)
_NAME = re.compile(r"^[a-zåäö][a-zåäö0-9-]{0,39}$")
_ROLE = re.compile(r"^[a-z][a-z0-9-]{0,39}$")


@dataclasses.dataclass(frozen=True)
class KindProblem:
    """One problem in ``tyreso_kinds``: the key it is found at (for its line in conf.py) and what to do."""

    key: str
    message: str


def kinds_from_conf(value: Any) -> tuple[Kinds, tuple[KindProblem, ...]]:
    """The site's kinds: the built-in ones, extended or added to by ``tyreso_kinds``; and what is wrong in it.

    A declaration with a problem is left out (or, for a built-in kind, left as it is), so the build and the check
    go on with the kinds they can read.
    """
    if value is None or value == {}:
        return BUILTIN_KINDS, ()
    problems: list[KindProblem] = []
    if not isinstance(value, Mapping):
        problems.append(KindProblem(KINDS_CONFIG, f"{KINDS_CONFIG} ska vara en ordlista (dict): {{'namn': {{...}}, ...}}."))
        return BUILTIN_KINDS, tuple(problems)
    specs = {spec.name: spec for spec in BUILTIN_SPECS}
    for raw_name, declaration in value.items():
        name = str(raw_name).strip()
        before = len(problems)
        spec = _declared_kind(name, declaration, specs.get(name), specs, problems)
        if spec is not None and len(problems) == before:
            specs[name] = spec
    return Kinds(tuple(specs.values())), tuple(problems)


def _declared_kind(
    name: str, declaration: Any, builtin: KindSpec | None, specs: dict[str, KindSpec], problems: list[KindProblem]
) -> KindSpec | None:
    what = f"Objekttypen '{shorten(name)}' i {KINDS_CONFIG}"

    def problem(key: str, message: str) -> None:
        problems.append(KindProblem(key, f"{what}: {message}"))

    if not isinstance(declaration, Mapping):
        problem(name, "ska vara en ordlista (dict) med till exempel 'etikett', 'plural' och 'fält'.")
        return None
    if builtin is None and not _NAME.match(name):
        problem(name, "namnet ska börja med en liten bokstav och bara innehålla a–ö, siffror och bindestreck.")
        return None
    if builtin is None and name in RESERVED_NAMES:
        problem(name, f"namnet '{name}' är redan ett direktiv i verktyget, Sphinx eller MyST. Välj ett annat namn.")
        return None
    allowed = BUILTIN_EXTENSIBLE if builtin is not None else KIND_KEYS
    for key in declaration:
        if str(key) not in allowed:
            hint = did_you_mean(str(key), list(allowed))
            if builtin is not None and str(key) in KIND_KEYS:
                problem(
                    str(key),
                    f"'{key}' kan inte ändras för en inbyggd objekttyp. Det som går att ändra är {quoted_list(list(allowed))}.",
                )
            else:
                problem(str(key), f"okänd nyckel '{shorten(str(key))}'.{hint} Tillåtna nycklar är {quoted_list(list(allowed))}.")
    label = _text(declaration, "etikett", builtin.label if builtin else name.capitalize(), problem)
    plural = _text(declaration, "plural", builtin.plural if builtin else label, problem)
    if builtin is not None:
        role, register = builtin.role, builtin.register
    else:
        role = _text(declaration, "roll", slugify(name), problem)
        if not _ROLE.match(role):
            problem(
                "roll",
                f"rollen '{shorten(role)}' får bara innehålla a–z, siffror och bindestreck (MyST läser inga andra rollnamn).",
            )
        register = _text(declaration, "register", role, problem)
        if not _ROLE.match(register):
            problem("register", f"registret '{shorten(register)}' får bara innehålla a–z, siffror och bindestreck.")
        for other in specs.values():
            if other.name != name and other.role == role:
                problem("roll", f"rollen '{role}' används redan av {other.label.lower()}. Skriv en annan under 'roll'.")
            if other.name != name and other.register == register:
                problem(
                    "register",
                    f"registret '{register}' används redan av {other.label.lower()}. Skriv ett annat under 'register'.",
                )
    fields = list(builtin.fields) if builtin else [_ID]
    raw_fields = declaration.get("fält", {})
    if not isinstance(raw_fields, Mapping):
        problem("fält", "'fält' ska vara en ordlista: {'ansvarig': 'text', 'kostnad': {'typ': 'heltal'}}.")
        raw_fields = {}
    for raw_field, field_declaration in raw_fields.items():
        field_name = " ".join(str(raw_field).split())
        if any(fold(existing.name) == fold(field_name) for existing in fields):
            problem(field_name, f"fältet '{field_name}' finns redan.")
            continue
        field = _declared_field(field_name, field_declaration, specs, problem)
        if field is not None:
            fields.append(field)
    status_field = builtin.status_field if builtin else ""
    if builtin is None and "status" in declaration:
        status_field = _text(declaration, "status", "", problem)
        existing_status = next((field for field in fields if field.name == status_field), None)
        if existing_status is None and status_field:
            fields.append(FieldSpec(status_field, "Status i perioden: grön, gul, röd eller ej bedömd.", ValueType.STATUS))
        elif existing_status is not None and existing_status.value_type is not ValueType.STATUS:
            problem("status", f"fältet '{status_field}' är statusfältet och ska ha typen 'status'.")
    requirements = list(builtin.requirements) if builtin else []
    raw_requirements = declaration.get("krav", [])
    if not isinstance(raw_requirements, list | tuple):
        problem("krav", "'krav' ska vara en lista: [{'fält': ['orsak'], 'när': ['gul', 'röd']}].")
        raw_requirements = []
    names = [field.name for field in fields]
    for raw_requirement in raw_requirements:
        requirement = _declared_requirement(raw_requirement, names, status_field, problem)
        if requirement is not None:
            requirements.append(requirement)
    in_plan = builtin.in_plan if builtin else _flag(declaration, "definieras i plan", True, problem)
    followed_up = builtin.followed_up if builtin else _flag(declaration, "följs upp", False, problem)
    if builtin is not None:
        return dataclasses.replace(builtin, label=label, plural=plural, fields=tuple(fields), requirements=tuple(requirements))
    period_fields = tuple(field.name for field in fields if field.value_type is ValueType.STATUS)
    return KindSpec(
        name=name,
        role=role,
        label=label,
        plural=plural,
        fields=tuple(fields),
        status_field=status_field,
        status_in_follow_up=bool(status_field),
        requirements=tuple(requirements),
        period_fields=period_fields,
        register=register,
        in_plan=in_plan,
        followed_up=followed_up,
    )


def _text(declaration: Mapping[str, Any], key: str, default: str, problem: Any) -> str:
    value = declaration.get(key, default)
    if not isinstance(value, str) or not value.strip():
        problem(key, f"'{key}' ska vara en text.")
        return default
    return " ".join(value.split())


def _flag(declaration: Mapping[str, Any], key: str, default: bool, problem: Any) -> bool:
    value = declaration.get(key, default)
    if not isinstance(value, bool):
        problem(key, f"'{key}' ska vara True eller False.")
        return default
    return value


def _declared_field(name: str, declaration: Any, specs: dict[str, KindSpec], problem: Any) -> FieldSpec | None:
    if not re.match(r"^[a-zåäö][a-zåäö0-9 -]{0,39}$", name):
        problem(
            name,
            f"fältnamnet '{shorten(name)}' ska börja med en liten bokstav och bara innehålla a–ö, siffror, mellanslag och bindestreck.",
        )
        return None
    if isinstance(declaration, str):
        declaration = {"typ": declaration}
    if not isinstance(declaration, Mapping):
        problem(name, f"fältet '{name}' ska anges med sin typ, till exempel 'text', eller som en ordlista {{'typ': 'heltal'}}.")
        return None
    for key in declaration:
        if str(key) not in FIELD_KEYS:
            problem(
                str(key),
                f"okänd nyckel '{shorten(str(key))}' för fältet '{name}'.{did_you_mean(str(key), list(FIELD_KEYS))} Tillåtna nycklar är {quoted_list(list(FIELD_KEYS))}.",
            )
    type_word = str(declaration.get("typ", "text")).strip()
    value_type = TYPE_WORDS.get(fold(type_word).replace("–", "-")) or TYPE_WORDS.get(type_word)
    if value_type is None:
        allowed = list(TYPE_WORDS)
        problem(
            name,
            f"fältet '{name}' har den okända typen '{shorten(type_word)}'.{did_you_mean(type_word, allowed)} Tillåtna typer är {quoted_list(allowed)}.",
        )
        return None
    choices: tuple[str, ...] = ()
    if value_type is ValueType.CHOICE:
        raw_choices = declaration.get("värden")
        if (
            not isinstance(raw_choices, list | tuple)
            or not raw_choices
            or not all(isinstance(choice, str) for choice in raw_choices)
        ):
            problem(name, f"fältet '{name}' har typen 'val' och behöver 'värden': en lista med de tillåtna orden.")
            return None
        choices = tuple(" ".join(choice.split()) for choice in raw_choices)
    refers_to = ""
    if "objekttyp" in declaration:
        refers_to = str(declaration["objekttyp"]).strip()
        if value_type is not ValueType.ID:
            problem(name, f"fältet '{name}' anger 'objekttyp' och ska då ha typen 'id'.")
            return None
        if refers_to not in specs:
            problem(
                name,
                f"fältet '{name}' pekar på objekttypen '{shorten(refers_to)}', som inte finns.{did_you_mean(refers_to, list(specs))}",
            )
            return None
    description = str(declaration.get("beskrivning", "")).strip() or name.capitalize() + "."
    return FieldSpec(name, description, value_type, choices, str(declaration.get("exempel", "")), refers_to)


def _declared_requirement(raw: Any, names: list[str], status_field: str, problem: Any) -> Requirement | None:
    if not isinstance(raw, Mapping) or "fält" not in raw:
        problem("krav", "varje krav ska vara en ordlista med 'fält' (och 'när'): {'fält': ['orsak'], 'när': ['gul', 'röd']}.")
        return None
    for key in raw:
        if str(key) not in REQUIREMENT_KEYS:
            problem(
                "krav",
                f"okänd nyckel '{shorten(str(key))}' i ett krav.{did_you_mean(str(key), list(REQUIREMENT_KEYS))} Tillåtna nycklar är {quoted_list(list(REQUIREMENT_KEYS))}.",
            )
    raw_fields = raw["fält"]
    fields = (raw_fields,) if isinstance(raw_fields, str) else tuple(raw_fields) if isinstance(raw_fields, list | tuple) else ()
    if not fields:
        problem("krav", "'fält' i ett krav ska vara ett fältnamn eller en lista med fältnamn.")
        return None
    for field in fields:
        if field not in names:
            problem(
                "krav",
                f"kravet gäller fältet '{shorten(str(field))}', som inte finns.{did_you_mean(str(field), names)} Fälten är {quoted_list(names)}.",
            )
            return None
    statuses: list[Status] = []
    raw_statuses = raw.get("när", [])
    raw_statuses = [raw_statuses] if isinstance(raw_statuses, str) else raw_statuses
    if raw_statuses and not status_field:
        problem("krav", "ett krav med 'när' behöver ett statusfält: ange 'status'.")
        return None
    for word in raw_statuses if isinstance(raw_statuses, list | tuple) else ():
        try:
            statuses.append(parse_status(str(word)))
        except StatusError as error:
            problem("krav", f"'när' i ett krav: {error}")
            return None
    return Requirement(tuple(str(field) for field in fields), tuple(statuses))


def problem_line(conf_text: str, key: str) -> int:
    """The line of conf.py a problem in ``tyreso_kinds`` is found at: the key's, else the setting's, else 1."""
    lines = conf_text.splitlines()
    start = next((index for index, line in enumerate(lines) if line.lstrip().startswith(KINDS_CONFIG)), None)
    if start is None:
        return 1
    for index in range(start, len(lines)):
        if f'"{key}"' in lines[index] or f"'{key}'" in lines[index]:
            return index + 1
    return start + 1
