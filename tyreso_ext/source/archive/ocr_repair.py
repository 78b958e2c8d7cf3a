"""Swedish repair of OCR'd text: a real dictionary, word frequencies, a model of OCR's confusions and context.

The dictionary is the sv_SE Hunspell dictionary that spylls ships; the frequencies are wordfreq's Swedish
list (both inside their PyPI packages: nothing is fetched at run time); the project's own reports add their
words (names, terms such as *ledartröjor*). The confusion model says how likely OCR is to have written what
it wrote for a Swedish letter: an OCR model that does not know Swedish writes *ö* as *o*, *6* or *é*, *ä* as
*i*, *a* or *d*, *å* as *a* or *i* (measured on seed 003 against seed 001: see the table below), and one that
does know Swedish rarely does. Which of the two read a text is seen in the text itself: almost no å, ä and ö
in a long Swedish text means a model that did not know them (:func:`ocr_profile`).

Each word is scored as ``frequency − cost of the confusions``; context adds a little (the word's neighbours:
*1-2 år* after a number; the same word written elsewhere in the document). A repair is made only when one
candidate clearly wins, over the word as written too when that is a word. A word that is no word and has no
clear winner is left as written and returned as a :class:`Doubt`: the draft marks it for review. Nothing is
dropped: only words are replaced, every other character of a line stays.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import heapq
import importlib.resources
import itertools
import math
import re
from collections.abc import Iterable

# Costs are log10 of P(OCR wrote the letters as they are | the word was written so) relative to the letters
# read right: 0.3 means OCR does this about half as often as it reads the letter right. (written, meant,
# cost without a Swedish model, cost with one). Measured on seeds 001/003 (Tesseract without Swedish):
# ö → o 103, 6 35, é 27, O 6, oé 5, d 3, 6é 2, G 1, oO 1; ä → i 95, a 34, d 17, é 3, ia 2, ai 1, éd 1, 4 1;
# å → a 85, i 11, d 2, é 1; i → 1 6; l → 1 3; r → t 2; f → t 2, { 1; Ö → O 1. Tesseract's English model on
# the project's own reports, rendered, writes ä → a more often than → i.
CONFUSIONS: tuple[tuple[str, str, float, float], ...] = (
    ("o", "ö", 0.25, 1.8),
    ("6", "ö", 0.1, 0.4),
    ("é", "ö", 0.25, 1.0),
    ("ó", "ö", 0.3, 0.8),
    ("ò", "ö", 0.5, 0.8),
    ("ô", "ö", 0.5, 0.8),
    ("0", "ö", 1.2, 1.5),
    ("oé", "ö", 0.6, 1.2),
    ("6é", "ö", 0.5, 1.0),
    ("oo", "ö", 1.2, 2.0),
    ("d", "ö", 1.2, 3.0),
    ("g", "ö", 2.0, 3.0),
    ("aé", "ä", 0.6, 1.5),
    ("éa", "ä", 0.8, 1.5),
    ("ié", "ä", 0.8, 1.5),
    ("dé", "ä", 0.9, 1.5),
    ("G", "ö", 1.0, 2.0),
    ("i", "ä", 0.35, 1.8),
    ("i", "ö", 1.5, 3.0),
    ("a", "ä", 0.35, 1.8),
    ("d", "ä", 0.8, 2.5),
    ("é", "ä", 0.6, 1.2),
    ("á", "ä", 0.6, 1.0),
    ("ia", "ä", 1.2, 2.0),
    ("ai", "ä", 1.3, 2.0),
    ("éd", "ä", 1.2, 2.0),
    ("4", "ä", 0.9, 1.2),
    ("e", "ä", 2.0, 2.5),
    ("a", "å", 0.1, 1.8),
    ("i", "å", 0.7, 2.2),
    ("d", "å", 1.8, 2.5),
    ("é", "å", 1.5, 2.0),
    ("á", "å", 0.6, 1.0),
    ("à", "å", 0.6, 1.0),
    ("1", "l", 0.3, 0.3),
    ("1", "i", 0.3, 0.3),
    ("|", "l", 0.3, 0.3),
    ("t", "r", 2.0, 2.5),
    ("t", "f", 2.0, 2.5),
    ("{", "f", 0.2, 0.2),
    ("f", "fö", 1.8, 2.5),
    ("rn", "m", 1.5, 1.5),
    ("vv", "w", 2.0, 2.0),
)
_BY_FIRST: dict[str, list[tuple[str, str, float, float]]] = collections.defaultdict(list)
for _entry in CONFUSIONS:
    _BY_FIRST[_entry[0][0]].append(_entry)

SWEDISH_LETTERS = "abcdefghijklmnopqrstuvwxyzåäöéü"
MAX_EDITS = 4
MAX_COST = 4.5
MAX_STATES = 3000
HUNSPELL_TRIES = 10  # candidates not in the frequency list looked up in Hunspell, cheapest first
CLEAR = 0.5  # log10: the winner is at least ~3 times as likely as the next candidate
REAL_WORD_MARGIN = 0.6  # log10: and 4 times as likely as the word as written, when that is a word
FLOOR = -0.8  # a winner scored below this is no winner (rare words reached by unlikely confusions)
HUNSPELL_ZIPF = 1.2  # the frequency given to a word Hunspell knows but wordfreq does not (most compounds)
COMPOUND_ZIPF = 0.8  # a compound of two words wordfreq knows well ('kommun' + 'planen')
PAIR_BONUS = 1.0  # the word with its neighbour is a pair the project's reports use
DOMAIN_ZIPF = 3.5  # a word the project's reports use
IN_DOCUMENT_BONUS = 0.5
INFINITIVE_BONUS = 1.0  # a verb's infinitive after 'att' or a modal verb
INSERT_COST = (1.0, 3.0)  # an ö or ä OCR did not write at all ('ver' for 'över'): blind, Swedish
BLIND_SHARE = 0.008  # share of å, ä, ö among the letters below which the OCR model did not know them
SWEDISH_SHARE = 0.04  # their share in ordinary Swedish text
_WORD = re.compile(r"[^\W_]+|\{[^\W\d_]+", re.UNICODE)
_NUMBER = re.compile(r"^\d+(?:[-–]\d+)?$")
_ENDINGS = ("en", "et", "n", "t", "na", "ar", "er", "or", "s", "ens", "ets", "ns", "nas", "arna", "erna", "orna")
# Not prose: a web or e-mail address, a file name, an id ('tyreso.se', 'resultatrakning.csv', 'a-b-c-d').
_TECHNICAL = re.compile(
    r"\S*(?:://|@|www\.|\w\.(?:se|nu|com|org|net|eu|csv|md|pdf|docx?|xlsx?|txt|html?)\b)\S*"
    r"|(?<!\S)[a-z0-9]+(?:-[a-z0-9]+){2,}(?=[.,;:]?(?:\s|$))"
)
# Swedish syntax around the commonest real-word confusions: a noun after a numeral or a determiner ('varje år',
# 'ett sätt'), never the verb 'är' or the possessive 'sitt'; an infinitive after 'att' and the modal verbs.
_BEFORE_YEAR = frozenset(
    [
        "ett",
        "två",
        "tre",
        "fyra",
        "fem",
        "sex",
        "sju",
        "åtta",
        "nio",
        "tio",
        "elva",
        "tolv",
        "per",
        "varje",
        "förra",
        "nästa",
        "samma",
        "sista",
        "första",
        "senaste",
        "kommande",
        "innevarande",
        "i",
    ]
)
_BEFORE_MANNER = frozenset(
    [
        "ett",
        "nytt",
        "annat",
        "samma",
        "vilket",
        "olika",
        "nya",
        "bästa",
        "bättre",
        "detta",
        "enkelt",
        "effektivt",
        "konkret",
        "tydligt",
        "hållbart",
        "likartat",
        "gemensamt",
        "strukturerat",
        "systematiskt",
    ]
)
_BEFORE_INFINITIVE = frozenset(
    ["att", "ska", "skall", "kan", "kunna", "måste", "bör", "vill", "får", "behöver", "brukar", "kommer"]
)
_SMALL_NUMBER = re.compile(r"^\d{1,2}(?:[-–]\d{1,2})?$")  # 'inom 1-2 år', '10 år'
_SWEDISH_ONLY = re.compile(f"[{SWEDISH_LETTERS}]+")
_CODE = re.compile(r"[A-ZÅÄÖ]{0,3}\d+")  # T2, 2023, KF4: no word to repair
_UNITS_AFTER_ONE = {
    "år",
    "ar",
    "procent",
    "st",
    "kr",
    "tkr",
    "mnkr",
    "person",
    "timme",
    "dag",
    "vecka",
    "månad",
    "gång",
    "av",
    "och",
    "eller",
    "till",
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
}


# The product's own vocabulary: the words of its labels, statuses, fields, report kinds and periods, and the
# fixed phrases of the reports it reads and writes. Always known, whatever the project's reports say.
PRODUCT_VOCABULARY = """
Tyresö kommun Tyresö kommuns Tyresöbo Tyresöbor Tyresöborna Tyresöbornas kommunkoncern kommunkoncernen
Politiskt uppdrag Politiska uppdrag Uppdraget Uppdragen Nämndmål Nämndmålet Nämndmålen Kommunmål Kommunmålet
Kommunmålen Förvaltningsmål Målområde Målområdet Målområden Målområdena Målet kan anses uppfyllt Målet kan inte
anses uppfyllt Målet är delvis uppfyllt Målet bedöms som uppfyllt Måluppfyllelse Måluppfyllelsen Indikator
Indikatorn Indikatorer Indikatorerna Startläge Startläget Målvärde Målvärdet Utfall Utfallet Jämförelse Risk
Risken Risker Riskerna Risknivå Risknivån Grön Grönt Gul Gult Röd Rött Ej bedömd Status Bedömning Nuläge Nuläget
Nyläge Nyläget Önskat nyläge Genomförandeplan Genomförande Uppföljning Uppföljningen Analys Kommentar Orsak
Åtgärd Åtgärder Vidtagna åtgärder Åtgärd och kontrollinsats Aktiviteter Resultat Delår Delåret Delårsrapport
Delårsrapporten Delårsbokslut Helår Helåret Tertial Årsredovisning Årsredovisningen Verksamhetsberättelse
Kommunplan Kommunplanen Nämndplan Nämndplanen Verksamhetsplan Verksamhetsplanen Budget Prognos Avvikelse
Driftredovisning Resultaträkning Nettokostnad Nettokostnader Intäkter Kostnader Helårsprognos Politisk inriktning
Kommunfullmäktige Kommunstyrelsen Nämnden Nämnderna Förvaltningen Förvaltningarna
"""


@dataclasses.dataclass(frozen=True)
class Repair:
    line: int  # 1-based, in the lines given
    original: str
    repaired: str


@dataclasses.dataclass(frozen=True)
class Doubt:
    line: int
    word: str
    suggestions: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Candidate:
    word: str
    score: float


class Lexicon:
    """Swedish words with their frequencies: wordfreq, Hunspell's sv_SE and the project's own words."""

    def __init__(self, extra_words: Iterable[str] = (), pairs: Iterable[tuple[str, str]] = (), names: Iterable[str] = ()) -> None:
        product = [PRODUCT_VOCABULARY, *names]  # the product's own words and the project's organs: always known
        product_tokens = [[token.casefold() for token in _WORD.findall(text)] for text in product]
        self.domain = {word.casefold() for word in extra_words if len(word) > 1}
        self.domain.update(token for tokens in product_tokens for token in tokens if len(token) > 1)
        self.pairs = set(pairs)  # pairs of words (lower case) the project's own texts use
        self.pairs.update(pair for tokens in product_tokens for pair in itertools.pairwise(tokens))
        self._hunspell_cache: dict[str, bool] = {}
        self._verb_cache: dict[str, bool] = {}

    @classmethod
    def from_texts(cls, texts: Iterable[str], names: Iterable[str] = ()) -> Lexicon:
        """A lexicon that knows the words and the word pairs of the project's own reports (and its organs' names)."""
        words: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        for text in texts:
            for line in text.splitlines():
                if re.match(r"\s*:(id|mål|mal|fil|kolumner|summor):", line):
                    continue  # ids and file names are no words
                line = re.sub(r"`[^`]*`|\([^()\s]*\.(?:md|csv)\)", " ", line)  # references, links
                tokens = [token.casefold() for token in _WORD.findall(line)]
                words.update(token for token in tokens if token.isalpha() and len(token) > 2)
                pairs.update(itertools.pairwise(tokens))
        return cls(words, pairs, names)

    @functools.cached_property
    def _zipf(self) -> dict[str, float]:
        from wordfreq import get_frequency_dict

        frequencies = get_frequency_dict("sv", wordlist="large")
        return {word: math.log10(frequency) + 9 for word, frequency in frequencies.items() if frequency > 0}

    @functools.cached_property
    def _hunspell(self) -> object:
        from spylls.hunspell import Dictionary

        base = importlib.resources.files("spylls.hunspell") / "data" / "sv" / "sv_SE"
        return Dictionary.from_files(str(base))

    def zipf(self, word: str) -> float:
        """wordfreq's Zipf frequency (0 when the list does not have the word)."""
        return self._zipf.get(word, 0.0)

    def in_hunspell(self, word: str) -> bool:
        known = self._hunspell_cache.get(word)
        if known is None:
            lookup = getattr(self._hunspell, "lookup")  # noqa: B009 - spylls is untyped
            known = bool(lookup(word))
            self._hunspell_cache[word] = known
        return known

    def frequency(self, word: str, *, slow: bool = True) -> float | None:
        """How common a (lower-case) word is, as a Zipf value; None when no list knows it."""
        zipf = self.zipf(word)
        if word in self.domain:
            return max(zipf, DOMAIN_ZIPF)
        if zipf >= 1.0:
            return zipf
        compound = self._compound(word)
        if compound is not None:
            return compound
        if slow and self.in_hunspell(word):
            return HUNSPELL_ZIPF
        return None

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one lexicon per command, kept for its life
    def _compound(self, word: str) -> float | None:
        """A compound of two words the frequency list has (with or without a linking s): 'kommunplan'."""
        if len(word) < 7:
            return None
        if any(word[: -len(ending)] in self.domain for ending in _ENDINGS if len(word) - len(ending) >= 6):
            return COMPOUND_ZIPF  # an inflection of one of the product's or the project's words: 'delårsrapporten'
        for cut in range(2, len(word) - 2):
            head, tail = word[:cut], word[cut:]
            if self.zipf(tail) < 3.0:
                continue
            if len(head) >= 5 and head in self.domain:
                return COMPOUND_ZIPF  # 'nämndmål' + 'arbete'
            needed = 5.0 if len(head) < 3 else 3.0  # 'ny' + 'läge'
            head_zipf = max(self.zipf(head), self.zipf(head[:-1]) if len(head) > 3 and head.endswith("s") else 0.0)
            if head_zipf >= needed:
                return COMPOUND_ZIPF
        return None

    def is_verb(self, word: str) -> bool:
        """Whether a word is (also) a verb's infinitive: its present tense is a common word ('ställa' → 'ställer')."""
        known = self._verb_cache.get(word)
        if known is None:
            forms: tuple[str, ...]
            if word.endswith("a") and len(word) >= 4:
                forms = (word[:-1] + "er", word + "r")
            elif word.endswith(("å", "ö", "e")) and len(word) >= 3:
                forms = (word + "r",)
            else:
                forms = ()
            known = any(self.zipf(form) >= 2.5 for form in forms)  # not Hunspell: 'förs' + 'tar' is no 'förstar'
            self._verb_cache[word] = known
        return known

    def known(self, word: str) -> bool:
        return self.frequency(word.casefold()) is not None


def ocr_profile(text: str) -> str:
    """'blind' when the text has (almost) no å, ä and ö for its length: read by an OCR model without them."""
    letters = sum(1 for char in text if char.isalpha())
    swedish = sum(1 for char in text if char in "åäöÅÄÖ")
    if letters >= 300 and swedish / letters < BLIND_SHARE:
        return "blind"
    return "swedish"


def looks_ocr(text: str, lexicon: Lexicon) -> bool:
    """Whether a text (a text layer or a text file) was OCR'd: too few å, ä, ö, or words broken by digits."""
    if ocr_profile(text) == "blind":
        return True
    words = _WORD.findall(text)
    if not words:
        return False
    broken = [word for word in words if _broken(word)]
    return len(broken) >= 3 and len(broken) / len(words) >= 0.005


def _broken(word: str) -> bool:
    """A token that mixes letters with digits or OCR's stray characters the way no Swedish word does."""
    letters = sum(1 for char in word if char.isalpha())
    if letters == 0:
        return False
    if _CODE.fullmatch(word):
        return False
    return any(char.isdigit() or char in "{|" for char in word) or any(char in "éóòôáà" for char in word[1:-1])


@dataclasses.dataclass
class RepairResult:
    lines: list[str]
    repairs: list[Repair]
    doubts: list[Doubt]


@dataclasses.dataclass(frozen=True)
class _Reading:
    """What the lexicon says of one written word, whatever its neighbours: cached per document."""

    written: float | None  # the word's own frequency when it is a word
    broken: bool
    candidates: tuple[Candidate, ...]  # best first


class Repairer:
    """Repairs the words of one document, with its profile ('blind' or 'swedish') and its own words as context."""

    def __init__(self, lexicon: Lexicon, profile: str, document_text: str = "") -> None:
        self.lexicon = lexicon
        self.blind = profile == "blind"
        self.document_words = collections.Counter(word.casefold() for word in _WORD.findall(document_text))
        self._readings: dict[tuple[str, bool], _Reading] = {}

    def repair(self, lines: list[str]) -> RepairResult:
        out: list[str] = []
        repairs: list[Repair] = []
        doubts: list[Doubt] = []
        for number, line in enumerate(lines, start=1):
            new, line_repairs, line_doubts = self.repair_line(line, number, lines[number] if number < len(lines) else "")
            out.append(new)
            repairs += line_repairs
            doubts += line_doubts
        return RepairResult(out, repairs, doubts)

    def repair_line(self, line: str, number: int = 1, following: str = "") -> tuple[str, list[Repair], list[Doubt]]:
        """One line; ``following`` (the next line) gives the last word its right-hand neighbour."""
        tokens = list(_WORD.finditer(line))
        technical = [match.span() for match in _TECHNICAL.finditer(line)]
        next_word = _WORD.search(following)
        pieces: list[str] = []
        repairs: list[Repair] = []
        doubts: list[Doubt] = []
        end = 0
        before = ""  # the previous word as repaired: the context of the next
        for index, match in enumerate(tokens):
            word = match.group()
            after = tokens[index + 1].group() if index + 1 < len(tokens) else (next_word.group() if next_word else "")
            hyphen_after = line[match.end() : match.end() + 1] == "-"
            repaired: str | None
            suggestions: tuple[str, ...]
            if any(start <= match.start() < stop for start, stop in technical):
                repaired, suggestions = word, ()  # an address, a file name or an id: no prose to repair
            else:
                repaired, suggestions = self.decide(word, before, after, hyphen_after, line, match.start(), match.end())
            pieces.append(line[end : match.start()])
            if (
                repaired is not None
                and repaired[:1].isupper()
                and word[:1] in "O6"
                and not (len(word) > 1 and word.isupper())
                and _mid_sentence(line, match.start(), before)
            ):
                repaired = repaired[:1].lower() + repaired[1:]  # 'att arbeta Over gränserna': a capital O read for ö
            if repaired is not None and repaired != word:
                pieces.append(repaired)
                repairs.append(Repair(number, word, repaired))
            else:
                pieces.append(word)
                if repaired is None:
                    doubts.append(Doubt(number, word, suggestions))
            before = repaired or word
            end = match.end()
        pieces.append(line[end:])
        return "".join(pieces), repairs, doubts

    def decide(
        self, word: str, before: str, after: str, hyphen_after: bool, line: str, start: int, stop: int
    ) -> tuple[str | None, tuple[str, ...]]:
        """The word to write (itself when it stays), or None and suggestions when it is doubtful."""
        if word == "1":
            return self._one(line, start, stop, before, after), ()
        if len(word) < 2 or _NUMBER.match(word) or re.fullmatch(r"\d+[.,]?\d*", word):
            return word, ()
        if re.fullmatch(r"[A-ZÅÄÖ]{2,5}", word) or _CODE.fullmatch(word):
            return word, ()  # IOP, KSK, T2, 2023-T1
        key = (word.casefold(), hyphen_after)
        reading = self._readings.get(key)
        if reading is None:
            reading = self._readings[key] = self._read(key[0], hyphen_after)
        choice, suggestions = self._choose(key[0], reading, before.casefold(), after.casefold())
        if choice is None:
            return None, tuple(_cased(suggestion, word) for suggestion in suggestions)
        return _cased(choice, word), ()

    def _one(self, line: str, start: int, stop: int, before: str, after: str) -> str:
        """A lone '1' between two lower-case words is the word 'i' read as a digit ('mitt 1 arbetet')."""
        spaced = line[start - 1 : start] == " " and line[stop : stop + 1] in (" ", "")
        words = any(char.isalpha() for char in before) and after.isalpha() and after[:1].islower()
        return "i" if spaced and words and after.casefold() not in _UNITS_AFTER_ONE else "1"

    def _read(self, word: str, hyphen_after: bool) -> _Reading:
        broken = _broken(word)
        written = None if broken else self._fast_score(word, hyphen_after)
        if written is not None and not self.blind:
            return _Reading(written, broken, ())  # a word, read by a model that knows Swedish: trusted
        candidates = self._candidates(word, hyphen_after)
        clear = bool(candidates) and (len(candidates) == 1 or candidates[0].score - candidates[1].score >= CLEAR)
        settled = clear and candidates[0].score >= 2.0
        if written is None and not broken and not settled and self.lexicon.in_hunspell(word):
            written = HUNSPELL_ZIPF  # a word after all (most often a compound): the slow look-up
        if written is None and not candidates:
            candidates = self._slow_candidates(word)
        return _Reading(written, broken, tuple(candidates))

    def _choose(self, word: str, reading: _Reading, before: str, after: str) -> tuple[str | None, tuple[str, ...]]:
        """The decision for one occurrence: the reading, and the words around it."""
        if reading.written is not None and not self.blind:
            return word, ()
        written = reading.written
        if written is not None:
            written += self._context(word, before, after)
        scored = sorted(
            (
                (candidate.score + self._context(candidate.word, before, after), candidate.word)
                for candidate in reading.candidates
            ),
            reverse=True,
        )
        best = scored[0] if scored else None
        second = scored[1][0] if len(scored) > 1 else -math.inf
        clear = best is not None and best[0] - second >= CLEAR
        if written is not None:
            if best is not None and clear and best[0] >= written + REAL_WORD_MARGIN:
                return best[1], ()
            return word, ()
        if best is not None and best[0] >= FLOOR and clear:
            return best[1], ()
        if best is None:
            split = self._split(word)
            if split is not None:
                return split, ()
            if not self._doubtful_unknown(word):
                return word, ()
        return None, tuple(candidate for _, candidate in scored[:3])

    def _context(self, word: str, before: str, after: str) -> float:
        """What the neighbours say: 'inom 1-2 år'; a pair of words the project's reports use ('ställa om')."""
        bonus = 0.0
        if _SMALL_NUMBER.match(before) or before in _BEFORE_YEAR:
            bonus += {"år": 1.5, "är": -1.0}.get(word, 0.0)
        if before in _BEFORE_MANNER or after == "att":
            bonus += {"sätt": 1.5, "sitt": -1.0}.get(word, 0.0)  # 'ett nytt sätt', 'sätt att arbeta'
        if before in _BEFORE_INFINITIVE and self.lexicon.is_verb(word):
            bonus += INFINITIVE_BONUS  # 'att förstå', 'ska vara' rather than 'att första', 'ska våra'
        pairs = self.lexicon.pairs
        if pairs and ((before, word) in pairs or (word, after) in pairs):
            bonus += PAIR_BONUS
        return bonus

    def _doubtful_unknown(self, word: str) -> bool:
        """An unknown word with no candidate: doubtful when it looks broken, or when the OCR knew no Swedish."""
        return _broken(word) or (self.blind and len(word) >= 3)

    def _candidates(self, word: str, hyphen_after: bool) -> list[Candidate]:
        """The spellings the confusion model reaches that the frequency list, the project or a compound knows."""
        scored = []
        for insert in (False, True):  # the letters as OCR wrote them, then with a letter it lost
            for variant, cost in _variants(word, self.blind, insert).items():
                if variant == word or not _SWEDISH_ONLY.fullmatch(variant):
                    continue
                frequency = self._fast_score(variant, hyphen_after)
                if frequency is not None:
                    scored.append(Candidate(variant, frequency - cost))
        best: dict[str, Candidate] = {}
        for candidate in scored:
            if candidate.word not in best or best[candidate.word].score < candidate.score:
                best[candidate.word] = candidate
        return sorted(best.values(), key=lambda item: (-item.score, item.word))

    def _slow_candidates(self, word: str) -> list[Candidate]:
        """The cheapest few spellings looked up in Hunspell, when nothing faster knows any."""
        variants = [(cost, variant) for variant, cost in _variants(word, self.blind, False).items() if variant != word]
        scored = [
            Candidate(variant, HUNSPELL_ZIPF - cost) for cost, variant in sorted(variants) if _SWEDISH_ONLY.fullmatch(variant)
        ][:HUNSPELL_TRIES]
        found = [candidate for candidate in scored if self.lexicon.in_hunspell(candidate.word)]
        return sorted(found, key=lambda item: (-item.score, item.word))

    def _fast_score(self, word: str, hyphen_after: bool) -> float | None:
        lexicon = self.lexicon
        frequency = lexicon.frequency(word, slow=False)
        if frequency is None and hyphen_after and word.endswith("s"):
            frequency = lexicon.frequency(word[:-1], slow=False)
        if frequency is None:
            return None
        if self.document_words.get(word, 0) > 0 and _has_swedish(word):
            frequency += IN_DOCUMENT_BONUS
        return frequency

    def _split(self, word: str) -> str | None:
        """Two common words OCR ran together ('hurkan' → 'hur kan'), when exactly one split is clearly best."""
        if not word.isalpha() or len(word) < 5:
            return None
        splits = []
        for cut in range(2, len(word) - 1):
            head, tail = word[:cut], word[cut:]
            score = min(self.lexicon.zipf(head), self.lexicon.zipf(tail))
            if score >= 4.5:
                splits.append((score, f"{head} {tail}"))
        splits.sort(reverse=True)
        if splits and (len(splits) == 1 or splits[0][0] - splits[1][0] >= CLEAR):
            return splits[0][1]
        return None


def _mid_sentence(line: str, start: int, before: str) -> bool:
    """Whether a word stands inside a sentence: after a lower-case word, with no full stop between."""
    between = line[:start].rstrip()
    return bool(before) and before[:1].islower() and between[-1:] not in (".", "!", "?", ":")


def _has_swedish(word: str) -> bool:
    return any(char in "åäö" for char in word)


@functools.lru_cache(maxsize=65536)
def _variants(word: str, blind: bool, insert: bool = False) -> dict[str, float]:
    """Every spelling the confusion model can turn ``word`` into, with its cost (cheapest first)."""
    column = 2 if blind else 3
    insert_cost, allow_insert = INSERT_COST[0 if blind else 1], insert
    results: dict[str, float] = {}
    heap: list[tuple[float, int, str, int, bool]] = [(0.0, 0, "", 0, False)]
    seen = 0
    while heap and seen < MAX_STATES:
        cost, index, built, edits, inserted = heapq.heappop(heap)
        seen += 1
        if allow_insert and edits < MAX_EDITS and not inserted and cost + insert_cost <= MAX_COST:
            for lost in ("ö", "ä"):  # a letter OCR lost: 'ver' → 'över', 'kat' → 'ökat', 'Tyres' → 'Tyresö'
                step = insert_cost if lost == "ö" else insert_cost + 1.0
                heapq.heappush(heap, (cost + step, index, built + lost, edits + 1, True))
        if index == len(word):
            if built not in results:
                results[built] = cost
            continue
        heapq.heappush(heap, (cost, index + 1, built + word[index], edits, inserted))
        if edits >= MAX_EDITS:
            continue
        for entry in _BY_FIRST.get(word[index], ()):
            written, meant = entry[0], entry[1]
            step = float(entry[column])
            if word.startswith(written, index) and cost + step <= MAX_COST:
                heapq.heappush(heap, (cost + step, index + len(written), built + meant, edits + 1, inserted))
    return results


def _cased(choice: str, original: str) -> str:
    """The repair in the case the original was written in: 'Over' → 'Över', 'TYRES6' → 'TYRESÖ'."""
    letters = [char for char in original if char.isalpha()]
    if len(letters) > 1 and all(char.isupper() for char in letters):
        return choice.upper()
    first = original[:1]
    if first.isupper() or (first.isdigit() and original[1:2].isupper()):
        return choice[:1].upper() + choice[1:]
    return choice


def word_shares(text: str) -> float:
    """The share of å, ä and ö among a text's letters (about 0.04 in ordinary Swedish)."""
    letters = sum(1 for char in text if char.isalpha())
    return sum(1 for char in text if char in "åäöÅÄÖ") / letters if letters else 0.0
