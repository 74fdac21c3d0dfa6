"""RSS and Atom feeds (NGOs, courts, ministries, news sites), read into inbox candidates.

Each entry with a link becomes a :class:`~tracker.domain.writes.NewCandidate` whose
``matches`` are the items it may concern, found by a :class:`MatchIndex`:

* a communication number (``433/2010``, ``No. 433/2010``, ``сообщение № 433/2010``) names a
  decision: its remedies score 0.9 (0.8 for a bare number, which could be something else);
* a document symbol (``CAT/C/KAZ/CO/3``, spaces and case aside) names a document: its
  follow-up items score 0.85; a document without follow-up items gives all its items, at 0.6;
* a name of a decision's author or victim gives its remedies: the full name 0.7, the surname
  alone (Latin, or a Cyrillic rendering in any case ending) 0.5;
* words of a theme of :data:`tracker.domain.themes.THEMES` give the items of the State in that
  theme, at 0.2 to 0.4; only the best five of those matches are kept when nothing else matched
  the item, but on an item named otherwise they rank it (a "compensation" word raises the
  compensation remedy above the investigation one).

An item's signals are combined by noisy-or, ``1 - Π(1 - score)``, one signal of each kind at
most: independent hints add up, a score stays below 1, and a strong signal is never pulled
down by a weak one. Matches are sorted best first, at most twenty.

An entry that matches no item is skipped ("matches no item"), unless it names a known decision
or document, or the source sets ``unmatched=keep`` (a State's NGO feed, say, whose every entry
an editor wants to see). A feed of general news would otherwise fill the inbox.

Source parameters: ``state`` (ISO 3166-1 alpha-3 code of the State the feed is about: the
candidates' State, and the State whose items themes are looked up in; without it, the State
of the best match), ``language`` (used when neither the entry nor the feed says), ``unmatched``
and ``source`` (the candidates' source, set by the runner).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, BinaryIO, Literal
from urllib.parse import urljoin

import feedparser
import lxml.html
import msgspec
from lxml.etree import ParserError
from msgspec import Meta, Struct

from tracker import every
from tracker.domain.entities import CandidateMatch, Decision, Document, Item
from tracker.domain.themes import THEMES
from tracker.domain.writes import NewCandidate
from tracker_scrapers.harvest import Harvest, Params, ParseContext, ParseError, StateCode, read_params

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
EXCERPT_LENGTH = 500

#: Charsets to try when feedparser had to override the declared one and the titles it read are
#: mojibake: the feeds this tracker follows are Russian, Kazakh and Tajik ones besides English.
FALLBACK_CHARSETS = ("windows-1251",)


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

    def match(self, text: str, state: str | None = None) -> Matching:
        """The items ``text`` may concern; theme words look among the items of ``state``, or
        of the State of the best match when no State is given."""
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
        for item_id, score, reason in self._theme_signals(text, state, named=set(signals)):
            signal(item_id, "theme", score, reason)

        matches = [_combined(item_id, kinds.values()) for item_id, kinds in signals.items()]
        matches.sort(key=lambda match: (-match.score, match.item))
        return Matching(matches=matches[:MATCH_LIMIT], state=state, named=bool(named_states))

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
            if _CYRILLIC.search(word):
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
        return score, f"mentions {', '.join(mentioned)} ({label} {', '.join(shared)})"


#: A language tag: ``en``, ``ru``, ``en-US``.
LanguageTag = Annotated[
    str, Meta(pattern=r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]+)*$", extra={"must": "a language tag such as en or ru"})
]


class FeedParams(Params, frozen=True, kw_only=True):
    """The parameters of a ``feed`` source."""

    state: Annotated[
        StateCode | None, Meta(description="The State the feed is about: its entries are matched to this State's items.")
    ] = None
    language: Annotated[
        LanguageTag | None,
        Meta(description=("The language of entries that do not say theirs, when the feed does not say it either (en, ru …).")),
    ] = None
    unmatched: Annotated[
        Literal["drop", "keep"],
        Meta(
            description=("What to do with an entry that matches no item: drop it, or keep it in the inbox for a person to place.")
        ),
    ] = "drop"


class Feed:
    """An RSS 2.0, RSS 1.0 or Atom 1.0 feed: each entry becomes an inbox candidate, matched to items."""

    name = "feed"
    Params = FeedParams

    def url(self, base_url: str, params: Mapping[str, str]) -> str:
        """A feed is fetched at its own address."""
        return base_url

    async def prepare(self, tracker: Any) -> MatchIndex:
        """The index of every decision, document and item, for matching entries to items."""
        decisions = [KnownDecision.of(d) async for d in every(tracker.decisions.list)]
        documents = [KnownDocument.of(d) async for d in every(tracker.documents.list)]
        items = [KnownItem.of(item) async for item in tracker.items.each()]
        return MatchIndex(items=items, decisions=decisions, documents=documents)

    def parse(self, body: BinaryIO, context: ParseContext) -> Harvest:
        """The feed's entries as candidates; entries that cannot be proposed are skipped with the
        reason. Without the index ``prepare`` made (``context.known``), no entry matches an item."""
        params = read_params(FeedParams, context.params, adapter=self.name)
        parsed = _read(body.read(), context.content_type)
        if not parsed.entries:
            if parsed.bozo:
                raise ParseError(f"not a readable feed: {parsed.get('bozo_exception')}")
            if not parsed.get("version"):
                raise ParseError("not an RSS or Atom feed: no rss, RDF or feed element")
            return Harvest()
        default_language = _language(parsed.feed.get("language")) or _language(params.language)
        index = context.known if isinstance(context.known, MatchIndex) else MatchIndex()
        harvest = Harvest()
        for number, entry in enumerate(parsed.entries, start=1):
            outcome = _candidate(
                entry,
                index=index,
                source=context.source or "feed",
                state=params.state,
                language=default_language,
                base_url=context.url,
                keep_unmatched=params.unmatched == "keep",
                encoding=parsed.get("encoding"),
            )
            if isinstance(outcome, str):
                harvest.skipped.append(f"entry {number} ({_label(entry)}): {outcome}")
            else:
                harvest.candidates.append(outcome)
        return harvest


def _candidate(
    entry: Any,
    *,
    index: MatchIndex,
    source: str,
    state: str | None,
    language: str | None,
    base_url: str | None,
    keep_unmatched: bool,
    encoding: str | None,
) -> NewCandidate | str:
    """The candidate an entry makes, or why it makes none."""
    link = (entry.get("link") or "").strip()
    if not link:
        return "has no link"
    url = urljoin(base_url or "", link)
    if not re.match(r"https?://", url):
        return f"link {link!r} is not an http(s) address"
    summary = _plain(entry.get("summary_detail"))
    content = " ".join(_plain(part) for part in entry.get("content", ()))
    title = _plain(entry.get("title_detail")) or _cut(summary, 120)
    if not title:
        return "has neither title nor summary"
    if _garbled(title):
        return f"title {title[:60]!r} is mojibake, not readable text (read as {encoding})"
    matching = index.match(f"{title}\n{summary}\n{content}", state)
    if not (matching.matches or matching.named or keep_unmatched):
        return "matches no item"
    candidate = NewCandidate(
        source=source,
        entry=(entry.get("id") or "").strip() or url,
        url=url,
        title=_cut(title, 500),
        published_on=_published_on(entry),
        excerpt=_cut(summary or content, EXCERPT_LENGTH) or None,
        language=_entry_language(entry) or language,
        state=state or matching.state,
        matches=matching.matches,
    )
    try:
        return msgspec.json.decode(msgspec.json.encode(candidate), type=NewCandidate)
    except msgspec.ValidationError as exc:
        return f"cannot be proposed: {exc}"


def _read(data: bytes, content_type: str | None) -> Any:
    """The feed as feedparser reads it, read again in a fallback charset if its titles came out as mojibake."""
    declared = content_type or "application/xml"
    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-type": declared})
    if not isinstance(parsed.get("bozo_exception"), feedparser.CharacterEncodingOverride) or not _titles_garbled(parsed):
        return parsed
    media_type = declared.split(";")[0].strip()
    for charset in FALLBACK_CHARSETS:
        again = feedparser.parse(io.BytesIO(data), response_headers={"content-type": f"{media_type}; charset={charset}"})
        if again.entries and not _titles_garbled(again):
            return again
    return parsed


def _titles_garbled(parsed: Any) -> bool:
    return any(_garbled(entry.get("title", "")) for entry in parsed.entries)


def _garbled(text: str) -> bool:
    """Mojibake: replacement characters, words mixing Latin and Cyrillic letters, or words mostly
    of accented Latin letters (Cyrillic read as windows-1252, UTF-8 read as Latin-1)."""
    if "\ufffd" in text:
        return True
    for word in re.findall(r"[^\W\d_]{3,}", text):
        accented = sum("\u00c0" <= char <= "\u024f" for char in word)
        latin = any(char.isascii() or "\u00c0" <= char <= "\u024f" for char in word)
        if accented * 2 > len(word) or (latin and _CYRILLIC.search(word)):
            return True
    return False


def _plain(detail: Mapping[str, Any] | None) -> str:
    """A text construct's value as plain text, whitespace collapsed."""
    if not detail or not detail.get("value"):
        return ""
    value = detail["value"].replace("\x00", "")
    if "html" in (detail.get("type") or ""):
        try:
            tree = lxml.html.fragment_fromstring(value, create_parent="div")
        except ParserError:
            return ""
        for element in tree.iter():
            # Block elements separate words; text_content() alone would glue "a</p><p>b" into "ab".
            if element.tag in _BLOCKS:
                element.tail = " " + (element.tail or "")
        value = tree.text_content()
    return " ".join(value.split())


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut) + "…"


def _published_on(entry: Mapping[str, Any]) -> dt.date | None:
    """The date the entry gives, in its own time zone (feedparser's parsed dates are UTC, which
    moves a ministry's 01:00 Astana time news to the day before)."""
    for key in ("published", "updated"):
        raw = (entry.get(key) or "").strip()
        if not raw:
            continue
        for read in (email.utils.parsedate_to_datetime, dt.datetime.fromisoformat):
            try:
                return read(raw).date()
            except (TypeError, ValueError, IndexError):
                pass
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return dt.date(*parsed[:3])
    return None


def _entry_language(entry: Mapping[str, Any]) -> str | None:
    """The entry's own language: ``dc:language`` in RSS, ``xml:lang`` in Atom."""
    for value in (
        entry.get("language"),
        (entry.get("title_detail") or {}).get("language"),
        (entry.get("summary_detail") or {}).get("language"),
    ):
        if code := _language(value):
            return code
    return None


def _language(value: str | None) -> str | None:
    """The ISO 639 code of a language tag (``en-US`` → ``en``), or None."""
    primary = re.split(r"[-_]", (value or "").strip())[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def _label(entry: Mapping[str, Any]) -> str:
    return (entry.get("id") or entry.get("link") or entry.get("title") or "no id")[:120]


def _combined(item_id: str, signals: Iterable[tuple[float, str]]) -> CandidateMatch:
    ranked = sorted(signals, key=lambda signal: -signal[0])
    remaining = 1.0
    for score, _ in ranked:
        remaining *= 1 - score
    reason = "; ".join(reason for _, reason in ranked)
    return CandidateMatch(item=item_id, score=round(1 - remaining, 3), reason=_cut(reason, 500))


# Communication numbers: "433/2010" but not the tail of "1433/2010", of a date "03/12/2015"
# or of a symbol other than a decision's "CAT/C/48/D/433/2010".
_NUMBER = re.compile(r"(?:(?<=/D/)|(?<![\d/]))(\d{1,5}/\d{4})(?!\d)")
_NUMBER_MARKER = re.compile(r"(?:communication|complaint|views|no\.?|№|сообщени\w*|жалоб\w*|/d/)\W*$")
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "blockquote"}

_STEM_THEMES: dict[str, list[str]] = defaultdict(list)
for _theme in THEMES:
    for _stem in _theme.stems:
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
