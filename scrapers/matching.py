"""Which items a text may concern: the one matcher of the feeds and of the legal acts registers.

A :class:`MatchIndex` holds every item, decision and document; :meth:`MatchIndex.match` finds
the items a text names or speaks of:

* a communication number (``433/2010``, ``No. 433/2010``, ``сообщение № 433/2010``) names a
  decision: its remedies score 0.9 (0.8 for a bare number, which could be something else);
* a document symbol (``CAT/C/KAZ/CO/3``, spaces and case aside) names a document: its
  follow-up items score 0.85; a document without follow-up items gives all its items, at 0.6;
* a name of a decision's author or victim gives its remedies: the full name 0.7, the surname
  alone (Latin, or a Cyrillic rendering in any case ending) 0.5;
* an article of a code that the text amends (:class:`Amended`): the items whose text names the
  same article score 0.85; the items of a theme that article is about (article 146 of
  Kazakhstan's Criminal Code, torture) 0.6; the items of a theme the code or law is about 0.3;
* words of a theme of :data:`tracker.domain.themes.THEMES` (and the Russian and Kazakh words of
  :data:`MORE_STEMS`) give the items of the State in that theme, at 0.2 to 0.4; only the best
  five of those matches are kept when nothing else matched the item, but on an item named
  otherwise they rank it (a "compensation" word raises the compensation remedy above the
  investigation one).

An item's signals are combined by noisy-or, ``1 - Π(1 - score)``, one signal of each kind at
most: independent hints add up, a score stays below 1, and a strong signal is never pulled
down by a weak one. Matches are sorted best first, at most twenty.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from msgspec import Struct

from tracker import every
from tracker.domain.entities import CandidateMatch, Decision, Document, Item
from tracker.domain.themes import BY_SLUG, THEMES

COMMUNICATION = 0.9
BARE_NUMBER = 0.8
FOLLOW_UP_ITEM = 0.85
DOCUMENT_ITEM = 0.6
FULL_NAME = 0.7
SURNAME = 0.5
THEME = 0.2
THEME_MAX = 0.4
THEME_ONLY_LIMIT = 5
MATCH_LIMIT = 20
#: An amended article the item names; an amended article of the item's theme; an amended code or law of it.
ARTICLE = 0.85
ARTICLE_THEME = 0.6
LAW_THEME = 0.3

#: Russian and Kazakh words of the themes beside the vocabulary's own stems, for the official
#: texts of the Central Asian States (Kazakh "азаптау" is torture, "өтемақы" compensation).
MORE_STEMS: dict[str, tuple[str, ...]] = {
    "definition_and_criminalisation": ("азапта", "жестокое обращ", "жестокого обращ", "жестокому обращ"),
    "redress_and_compensation": ("өтемақ", "возмещение вред", "возмещения вред"),
    "fundamental_legal_safeguards": ("под страж", "задержан", "қамауда"),
}


class KnownItem(Struct, frozen=True, kw_only=True):
    """An item as matching sees it: what names it and what it is about."""

    id: str
    state: str
    document: str | None = None
    decision: str | None = None
    follow_up: bool = False
    themes: tuple[str, ...] = ()
    text: str = ""

    @classmethod
    def of(cls, item: Item) -> KnownItem:
        return cls(
            id=item.id,
            state=item.state,
            document=item.document,
            decision=item.decision,
            follow_up=item.follow_up,
            themes=tuple(item.vocabulary_themes),
            text=f"{item.title or ''} {item.text}",
        )


class KnownDecision(Struct, frozen=True, kw_only=True):
    """A decision as matching sees it: its communication number and the people it names."""

    id: str
    body: str
    communication: str
    state: str
    title: str = ""
    people: tuple[str, ...] = ()

    @classmethod
    def of(cls, decision: Decision) -> KnownDecision:
        return cls(
            id=decision.id,
            body=str(decision.body),
            communication=decision.communication,
            state=decision.state,
            title=decision.title,
            people=(*decision.authors, *decision.victims),
        )


class KnownDocument(Struct, frozen=True, kw_only=True):
    """A document as matching sees it."""

    symbol: str
    state: str | None = None

    @classmethod
    def of(cls, document: Document) -> KnownDocument:
        return cls(symbol=document.symbol, state=document.state)


class AmendedArticle(Struct, frozen=True, kw_only=True):
    """An article of a code or law that a text (a legal act) amends, or the whole law when
    ``article`` is None, and the themes it is about."""

    #: The code or law in words, as reasons say it: "Criminal Code".
    law: str
    article: str | None = None
    #: What the article is about, in words ("torture"), when it is one the tracker follows.
    about: str | None = None
    themes: tuple[str, ...] = ()


class Matching(Struct, frozen=True, kw_only=True):
    """What one text matched: the items, best first; the State given, else that of the decision
    or document it names most surely; whether it named one (which may have no item)."""

    matches: list[CandidateMatch] = []
    state: str | None = None
    named: bool = False


class _Person(Struct, frozen=True):
    decision: KnownDecision
    first_names: tuple[str, ...]
    surname: str

    @property
    def case(self) -> str:
        return f"{self.decision.body} {self.decision.communication}"


class MatchIndex:
    """Finds the items a text may concern; built by :meth:`Feed.prepare` from the database, or
    from plain values (``MatchIndex(items=[KnownItem(...)], decisions=[...], documents=[...])``)."""

    def __init__(
        self,
        *,
        items: Iterable[KnownItem] = (),
        decisions: Iterable[KnownDecision] = (),
        documents: Iterable[KnownDocument] = (),
    ) -> None:
        self._items = {item.id: item for item in items}
        self._stems = {item.id: frozenset(_stems(item.text)) for item in self._items.values()}
        self._remedies: dict[str, list[str]] = defaultdict(list)
        self._by_document: dict[str, list[KnownItem]] = defaultdict(list)
        self._by_theme: dict[tuple[str, str], list[str]] = defaultdict(list)
        for item in self._items.values():
            if item.decision:
                self._remedies[item.decision].append(item.id)
            if item.document:
                self._by_document[item.document].append(item)
            for theme in item.themes:
                self._by_theme[item.state, theme].append(item.id)
        self._decisions: dict[str, list[KnownDecision]] = defaultdict(list)
        self._surnames: dict[str, list[_Person]] = defaultdict(list)
        self._cyrillic: dict[str, list[_Person]] = defaultdict(list)
        for decision in decisions:
            self._decisions[decision.communication].append(decision)
            for person in _people(decision):
                self._surnames[person.surname.casefold()].append(person)
                for rendering in cyrillic_renderings(person.surname):
                    self._cyrillic[_cyrillic_stem(rendering)].append(person)
        self._document_states = {doc.symbol: doc.state for doc in documents}
        for symbol, document_items in self._by_document.items():
            self._document_states.setdefault(symbol, document_items[0].state)
        self._symbols = {_spaceless(symbol): symbol for symbol in self._document_states}
        self._symbol_pattern = _symbol_pattern(self._document_states)

    def match(self, text: str, state: str | None = None, amended: Iterable[AmendedArticle] = ()) -> Matching:
        """The items ``text`` may concern; theme words look among the items of ``state``, or
        of the State of the best match when no State is given; ``amended`` are the articles of
        codes and laws the text amends, looked for among the items of ``state``."""
        signals: dict[str, dict[str, tuple[float, str]]] = defaultdict(dict)
        named_states: list[tuple[float, str | None]] = []

        def signal(item_id: str, kind: str, score: float, reason: str) -> None:
            if score > signals[item_id].get(kind, (0.0, ""))[0]:
                signals[item_id][kind] = (score, reason)

        for decision, score in self._communications(text):
            named_states.append((score, decision.state))
            for item_id in self._remedies.get(decision.id, ()):
                signal(item_id, "communication", score, f"names communication {decision.communication}")
        for symbol in self._named_symbols(text):
            document_items = self._by_document.get(symbol, [])
            follow_up = [item for item in document_items if item.follow_up]
            score = FOLLOW_UP_ITEM if follow_up else DOCUMENT_ITEM
            named_states.append((score, self._document_states.get(symbol)))
            for item in follow_up or document_items:
                signal(item.id, "document", score, f"names {symbol}")
        for person, score, shown in self._named_people(text):
            named_states.append((score, person.decision.state))
            for item_id in self._remedies.get(person.decision.id, ()):
                signal(item_id, "name", score, f"names {shown}")

        named_states.sort(key=lambda pair: -pair[0])
        state = state or next((code for _, code in named_states if code), None)
        for item_id, kind, score, reason in self._amended_signals(amended, state):
            signal(item_id, kind, score, reason)
        for item_id, score, reason in self._theme_signals(text, state, named=set(signals)):
            signal(item_id, "theme", score, reason)

        matches = [_combined(item_id, kinds.values()) for item_id, kinds in signals.items()]
        matches.sort(key=lambda match: (-match.score, match.item))
        return Matching(matches=matches[:MATCH_LIMIT], state=state, named=bool(named_states))

    def _amended_signals(self, amended: Iterable[AmendedArticle], state: str | None) -> Iterable[tuple[str, str, float, str]]:
        """Items of ``state`` that name an amended article, or whose theme an amended article or law is about."""
        if state is None:
            return
        items = [item for item in self._items.values() if item.state == state]
        for change in amended:
            if change.article is not None:
                named = _article_pattern(change.article)
                for item in items:
                    if named.search(item.text):
                        yield item.id, "article", ARTICLE, f"amends article {change.article} of the {change.law}, which it names"
            for item in items:
                shared = [theme for theme in item.themes if theme in change.themes]
                if not shared:
                    continue
                if change.article is not None:
                    about = f" ({change.about})" if change.about else ""
                    reason = f"amends article {change.article} of the {change.law}{about}, on its theme: {_named(shared[:1])}"
                    yield item.id, "article", ARTICLE_THEME, reason
                else:
                    yield item.id, "law", LAW_THEME, f"amends the {change.law}, on its theme: {_named(shared[:1])}"

    def _communications(self, text: str) -> Iterable[tuple[KnownDecision, float]]:
        for found in _NUMBER.finditer(text):
            before = text[max(0, found.start() - 30) : found.start()].casefold()
            score = COMMUNICATION if _NUMBER_MARKER.search(before) else BARE_NUMBER
            for decision in self._decisions.get(found.group(1), ()):
                yield decision, score

    def _named_symbols(self, text: str) -> set[str]:
        if self._symbol_pattern is None:
            return set()
        return {self._symbols[_spaceless(found.group(0))] for found in self._symbol_pattern.finditer(text)}

    def _named_people(self, text: str) -> Iterable[tuple[_Person, float, str]]:
        """Each person named, with the score and how the reason shows them."""
        written = _WORD.findall(text)
        words = [word.casefold().replace("ё", "е") for word in written]
        for position, word in enumerate(words):
            for person in self._surnames.get(word, ()):
                first = person.first_names
                if first and tuple(words[max(0, position - len(first)) : position]) == tuple(n.casefold() for n in first):
                    yield person, FULL_NAME, f"{' '.join((*first, person.surname))} ({person.case})"
                else:
                    yield person, SURNAME, f"{person.surname} ({person.case})"
            if CYRILLIC.search(word):
                stems = {word[: len(word) - cut] for cut in range(4) if len(word) - cut >= 4}
                for person in dict.fromkeys(person for stem in stems for person in self._cyrillic.get(stem, ())):
                    yield person, SURNAME, f"{written[position]} ({person.surname}, {person.case})"

    def _theme_signals(self, text: str, state: str | None, named: set[str]) -> list[tuple[str, float, str]]:
        """Theme signals for the items named otherwise, and for the best few others of ``state``."""
        words = _theme_words(text)
        entry_stems = frozenset(_stems(text))
        looked_at = set(named)
        if state:
            looked_at.update(item_id for theme in words for item_id in self._by_theme.get((state, theme), ()))
        found = [
            (item_id, *signal) for item_id in looked_at if (signal := self._theme_signal(item_id, words, entry_stems)) is not None
        ]
        found.sort(key=lambda signal: (-signal[1], signal[0]))
        theme_only = [signal for signal in found if signal[0] not in named][:THEME_ONLY_LIMIT]
        return [signal for signal in found if signal[0] in named] + theme_only

    def _theme_signal(
        self, item_id: str, words: Mapping[str, list[str]], entry_stems: frozenset[str]
    ) -> tuple[float, str] | None:
        item = self._items[item_id]
        shared = [theme for theme in item.themes if theme in words]
        if not shared:
            return None
        score = min(THEME_MAX, THEME + 0.1 * (len(shared) - 1) + 0.05 * len(entry_stems & self._stems[item_id]))
        mentioned = list(dict.fromkeys(word for theme in shared for word in words[theme]))[:6]
        label = "theme" if len(shared) == 1 else "themes"
        return score, f"mentions {', '.join(mentioned)} ({label}: {_named(shared)})"


def _named(themes: Iterable[str]) -> str:
    """Themes by their names, as an editor reads them (names may hold commas)."""
    return "; ".join(BY_SLUG[theme].label for theme in themes)


def cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a word, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut) + "…"


def _combined(item_id: str, signals: Iterable[tuple[float, str]]) -> CandidateMatch:
    ranked = sorted(signals, key=lambda signal: -signal[0])
    remaining = 1.0
    for score, _ in ranked:
        remaining *= 1 - score
    reason = "; ".join(reason for _, reason in ranked)
    return CandidateMatch(item=item_id, score=round(1 - remaining, 3), reason=cut(reason, 500))


# Communication numbers: "433/2010" but not the tail of "1433/2010", of a date "03/12/2015"
# or of a symbol other than a decision's "CAT/C/48/D/433/2010".
_NUMBER = re.compile(r"(?:(?<=/D/)|(?<![\d/]))(\d{1,5}/\d{4})(?!\d)")
_NUMBER_MARKER = re.compile(r"(?:communication|complaint|views|no\.?|№|сообщени\w*|жалоб\w*|/d/)\W*$")
_WORD = re.compile(r"[^\W\d_]+")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")

_STEM_THEMES: dict[str, list[str]] = defaultdict(list)
for _theme in THEMES:
    for _stem in (*_theme.stems, *MORE_STEMS.get(_theme.slug, ())):
        _STEM_THEMES[_stem].append(_theme.slug)
# The vocabulary's stems are word beginnings: "media" must not be found in "immediately".
_STEM = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(_STEM_THEMES, key=len, reverse=True))) + r")[\w-]*")


def _stems(text: str) -> Iterable[str]:
    return (found.group(1) for found in _STEM.finditer(text.casefold()))


def _theme_words(text: str) -> dict[str, list[str]]:
    """The themes ``text`` speaks of, each with the words that say so, in order of appearance."""
    words: dict[str, list[str]] = defaultdict(list)
    for found in _STEM.finditer(text.casefold()):
        for theme in _STEM_THEMES[found.group(1)]:
            if (word := found.group(0).rstrip("-")) not in words[theme]:
                words[theme].append(word)
    return words


def _article_pattern(number: str) -> re.Pattern[str]:
    """An article named by number: "article 146", "art. 146", "статья 146", "ст. 146", "146-бап"."""
    digits = re.escape(number)
    marker = r"(?:articles?|arts?\.?|стат(?:ья|ьи|ью|ье|ей|ьям)|ст\.)"
    return re.compile(
        rf"(?:(?<!\w){marker}\s*(?:\d[\d.-]*\s*(?:,|и|and)\s*)*{digits}(?![\d-])|(?<![\d-]){digits}-?\s*ба(?:п|бы))",
        re.IGNORECASE,
    )


def _people(decision: KnownDecision) -> list[_Person]:
    """The people a decision names, with a surname long enough to look for: its authors and
    victims, and the party its title names ("Kurbanov v. Tajikistan")."""
    party = decision.title.split(" v. ")[0] if " v. " in decision.title else ""
    people: dict[str, _Person] = {}
    for name in (*decision.people, party):
        name = re.sub(r"\([^)]*\)|\band \d+ others?\b", " ", name)
        words = name.split()
        if not words or not re.fullmatch(r"[^\W\d_]{4,}", words[-1]):
            continue  # initials ("N.Z.") would match anything
        person = _Person(decision, tuple(words[:-1]), words[-1])
        known = people.get(person.surname.casefold())
        if known is None or len(person.first_names) > len(known.first_names):
            people[person.surname.casefold()] = person
    return list(people.values())


def _spaceless(symbol: str) -> str:
    return re.sub(r"\s+", "", symbol).casefold()


def _symbol_pattern(symbols: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for every known symbol, longest first so that ``CO/3/Add.1`` wins over ``CO/3``."""
    alternatives = [
        r"\s*/\s*".join(re.escape(part) for part in symbol.split("/")) for symbol in sorted(symbols, key=len, reverse=True)
    ]
    if not alternatives:
        return None
    return re.compile(r"(?<![\w/])(?:" + "|".join(alternatives) + r")(?![\w/])", re.IGNORECASE)


# Latin to Cyrillic, as Russian names are romanized in UN documents; each spelling may stand for
# several letters, and every combination is tried.
_SPELLINGS = (
    ("shch", ("щ",)),
    ("dzh", ("дж",)),
    ("zh", ("ж",)),
    ("kh", ("х",)),
    ("ch", ("ч",)),
    ("sh", ("ш",)),
    ("ts", ("ц",)),
    ("yu", ("ю",)),
    ("ya", ("я",)),
    ("yo", ("е",)),
    ("ye", ("е",)),
    ("x", ("кс",)),
)
_LETTERS = {
    "a": "а",
    "b": "б",
    "c": "к",
    "d": "д",
    "e": "е",
    "f": "ф",
    "g": "г",
    "h": "х",
    "i": "и",
    "j": "дж",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "q": "к",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "w": "в",
    "z": "з",
}
_VOWELS = set("aeiouy")


def cyrillic_renderings(surname: str) -> set[str]:
    """Cyrillic spellings a romanized surname may have, lower case: ``Gerasimov`` → ``герасимов``,
    ``Bairamov`` → ``баирамов`` and ``байрамов``, ``Evloev`` → ``евлоев`` and ``эвлоев``."""
    latin = surname.casefold()
    if not re.fullmatch(r"[a-z]+", latin):
        return set()
    choices: list[tuple[str, ...]] = []
    position = 0
    while position < len(latin):
        previous = latin[position - 1] if position else ""
        spelled = next(
            (
                (size, letters)
                for spelling, letters in _SPELLINGS
                if latin.startswith(spelling, position)
                for size in (len(spelling),)
            ),
            None,
        )
        if spelled:
            size, letters = spelled
        else:
            size, letter = 1, latin[position]
            if letter == "e" and not previous:
                letters = ("е", "э")
            elif letter == "i" and previous in _VOWELS:
                letters = ("и", "й")
            elif letter == "y":
                letters = ("й",) if previous in _VOWELS else ("ий", "ы") if position == len(latin) - 1 else ("ы", "й")
            else:
                letters = (_LETTERS[letter],)
        choices.append(letters)
        position += size
    return {"".join(parts) for parts in itertools.islice(itertools.product(*choices), 16)}


def _cyrillic_stem(rendering: str) -> str:
    """What is left of a surname in every case ending: Герасимов(а, у, ым), Торегожин(а, ой)."""
    return rendering[:-1] if rendering[-1] in "ая" else rendering


async def build_index(tracker: Any) -> MatchIndex:
    """The index of every decision, document and item the tracker holds."""
    decisions = [KnownDecision.of(d) async for d in every(tracker.decisions.list)]
    documents = [KnownDocument.of(d) async for d in every(tracker.documents.list)]
    items = [KnownItem.of(item) async for item in tracker.items.each()]
    return MatchIndex(items=items, decisions=decisions, documents=documents)
