"""RSS and Atom feeds (NGOs, courts, ministries, news sites), read into inbox candidates.

Each entry with a link becomes a :class:`~tracker.domain.writes.NewCandidate` whose
``matches`` are the items it may concern, found by :class:`tracker_scrapers.matching.MatchIndex`
(communication numbers, document symbols, names of authors and victims, theme words).

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
import re
from collections.abc import Mapping
from typing import Annotated, Any, BinaryIO, Literal
from urllib.parse import urljoin

import feedparser
import lxml.html
import msgspec
from lxml.etree import ParserError
from msgspec import Meta

from tracker.domain.writes import NewCandidate
from tracker_scrapers.harvest import Harvest, Params, ParseContext, ParseError, StateCode, read_params
from tracker_scrapers.matching import CYRILLIC, MatchIndex, build_index, cut

EXCERPT_LENGTH = 500

#: Charsets to try when feedparser had to override the declared one and the titles it read are
#: mojibake: the feeds this tracker follows are Russian, Kazakh and Tajik ones besides English.
FALLBACK_CHARSETS = ("windows-1251",)


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
        return await build_index(tracker)

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
    title = _plain(entry.get("title_detail")) or cut(summary, 120)
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
        title=cut(title, 500),
        published_on=_published_on(entry),
        excerpt=cut(summary or content, EXCERPT_LENGTH) or None,
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
        if accented * 2 > len(word) or (latin and CYRILLIC.search(word)):
            return True
    return False


def _plain(detail: Mapping[str, Any] | None) -> str:
    """A text construct's value as plain text, whitespace collapsed."""
    if not detail or not detail.get("value"):
        return ""
    value = detail["value"].replace("\x00", "")
    if "html" in (detail.get("type") or ""):
        return html_text(value)
    return " ".join(value.split())


def html_text(value: str) -> str:
    """A fragment of HTML as plain text, whitespace collapsed; empty when it cannot be parsed."""
    if not value.strip():
        return ""
    try:
        tree = lxml.html.fragment_fromstring(value.replace("\x00", ""), create_parent="div")
    except ParserError:
        return ""
    for element in tree.iter():
        # Block elements separate words; text_content() alone would glue "a</p><p>b" into "ab".
        if element.tag in _BLOCKS:
            element.tail = " " + (element.tail or "")
    return " ".join(tree.text_content().split())


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


_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "blockquote"}
