"""Kazakhstan's register of legal acts (the legal information system of zan.gov.kz, published as
Әділет at adilet.zan.kz): the new laws, codes, decrees and normative resolutions of the Supreme and
Constitutional Courts that bear on the tracker's items, proposed in the inbox.

A run pages the register's search, newest first (``POST <url>/api/documents/search`` with
``{"page": n, "pageSize": size}``), back to the newest act the last successful run saw (the
source's ``cursor``), or ``pages`` pages on a first run. An act is read further only if it is of a
type the source follows (``types``) and not issued locally (an akim's or a maslikhat's decision, by
its type or its requisites). Its Russian text (``GET <url>/api/documents/<id>/rus``) is then matched
to the State's items by :class:`~tracker_scrapers.matching.MatchIndex`, with the codes and laws it
amends (:data:`LAWS`) and their articles; an act that amends a followed code or law, or matches an
item, becomes a candidate of kind ``legislation_amended`` or ``legislation_adopted``, its entry the
act's id, so that it is never proposed twice.

The format is assumed from third-party code, no response having been recorded: field names that
vary are read under each name known (``list`` or ``items``; ``titleRus`` or ``title.rus``), and
``docs/sources.md`` says what is assumed. A search page that cannot be read, an empty first page
or an HTTP error fails the run, which writes nothing; the cursor moves only with a successful run.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, NamedTuple
from urllib.parse import quote

import msgspec
from msgspec import Meta
from sqlalchemy.ext.asyncio import AsyncSession

import tracker
from tracker import LoadReport
from tracker.domain.entities import FetchRun, Source
from tracker.domain.enums import ActionKind
from tracker.domain.writes import NewCandidate
from tracker.ingest import propose
from tracker_scrapers.harvest import Params, ParseError, StateCode, Text, read_params
from tracker_scrapers.http import Fetcher, FetchError
from tracker_scrapers.matching import AmendedArticle, MatchIndex, build_index, cut
from tracker_scrapers.runner import Loaded
from tracker_scrapers.sources.feeds import html_text

#: Where an act's public page is: ``<site>/rus/docs/<code>``.
ADILET = "https://adilet.zan.kz"
SEARCH_PATH = "/api/documents/search"
EXCERPT_LENGTH = 500

#: Act types followed by default: laws, constitutional laws, codes, decrees, normative resolutions of courts.
DEFAULT_TYPES = ("ЗАК", "КЗАК", "КОД", "УКАЗ", "НПОС")
#: Types that only local bodies issue (an akim's or a maslikhat's decision).
LOCAL_TYPES = frozenset({"РЕШ"})
#: Types that mark an act as amending others.
AMENDING_TYPES = frozenset({"ИЗМ", "ДОП"})
#: The type of an act whose record gives none, from the first words of its requisites.
TYPE_BY_NAME = (
    ("конституционный закон", "КЗАК"),
    ("нормативное постановление", "НПОС"),
    ("закон", "ЗАК"),
    ("кодекс", "КОД"),
    ("указ", "УКАЗ"),
    ("постановление", "ПОСТ"),
    ("приказ", "ПРИК"),
    ("решение", "РЕШ"),
)
#: Words of requisites that name a local issuer: an akim, an akimat, a maslikhat, a rural district, a district, a region.
_LOCAL_ISSUER = re.compile(
    r"(?<!\w)(?:акима|акимата|маслихата|сельского\s+округа|района|области|аким|маслихат|ауданы|облысы|әкімі|әкімдігі|мәслихаты)(?!\w)",
    re.IGNORECASE,
)


class Law(NamedTuple):
    """A code or law the tracker's items are about: how acts name it (Russian and Kazakh), the
    themes it bears on, and the articles of it the tracker follows with what each is about."""

    key: str
    name: str
    pattern: str
    themes: tuple[str, ...]
    articles: Mapping[str, tuple[str, tuple[str, ...]]] = {}


LAWS = (
    Law(
        "criminal-code",
        "Criminal Code",
        r"уголовн\w*\s+кодекс\w*|қылмыстық\s+кодекс\w*",
        ("definition_and_criminalisation",),
        {"146": ("torture", ("definition_and_criminalisation",)), "347-1": ("torture", ("definition_and_criminalisation",))},
    ),
    Law(
        "criminal-procedure-code",
        "Code of Criminal Procedure",
        r"уголовно-процессуальн\w*\s+кодекс\w*|қылмыстық-процестік\s+кодекс\w*",
        ("fundamental_legal_safeguards", "investigation_and_prosecution"),
    ),
    Law(
        "penal-enforcement-code",
        "Penal Enforcement Code",
        r"уголовно-исполнительн\w*\s+кодекс\w*|қылмыстық-атқару\s+кодекс\w*",
        ("npm_and_monitoring",),
    ),
    Law(
        "ombudsman",
        "Law on the Human Rights Commissioner",
        r"уполномоченн\w*\s+по\s+правам\s+человека|адам\s+құқықтары\s+жөніндегі\s+уәкіл\w*",
        ("npm_and_monitoring",),
    ),
    Law(
        "npm",
        "provisions on the national preventive mechanism",
        r"национальн\w*\s+превентивн\w*\s+механизм\w*|ұлттық\s+алдын\s+алу\s+тетіг\w*",
        ("npm_and_monitoring",),
    ),
)
LAW_KEYS = tuple(law.key for law in LAWS)
#: An article named in an amending act: "статья 146", "в статьях 145, 146 и 147", "146-бап".
_ARTICLES = re.compile(
    r"(?<!\w)(?:стать(?:я|и|ю|е|ей|ям|ями|ях)|ст\.)\s*(\d+(?:-\d+)?(?:\s*(?:,|и)\s*\d+(?:-\d+)?)*)"
    r"|(?<![\d-])(\d+(?:-\d+)?)-?\s*ба(?:п|бы|бына|бында)(?!\w)",
    re.IGNORECASE,
)
_HEADING = re.compile(r"Статья\s")
# A law is amended where the act says "в <law>" (Russian accusative) or "<law>-не/-на" (Kazakh dative).
_AMENDING_MENTION = r"(?<!\w)в\s+(?:{law})|(?:{law})(?:не|на|ге|ке)(?!\w)"

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"),
        start=1,
    )
}


class KzLegalActsParams(Params, frozen=True, kw_only=True):
    """The parameters of a ``kz-legal-acts`` source."""

    state: Annotated[
        StateCode, Meta(description="The State of the register: the candidates' State, whose items acts are matched to.")
    ] = "KAZ"
    types: Annotated[
        tuple[str, ...],
        Meta(
            min_length=1,
            description=(
                "Act types to read (the register's codes): ЗАК law, КЗАК constitutional law, КОД code, УКАЗ decree,"
                " НПОС normative resolution of the Supreme or Constitutional Court, ПОСТ resolution, ПРИК order."
                " Decisions of akims and maslikhats are never read."
            ),
        ),
    ] = DEFAULT_TYPES
    laws: Annotated[
        tuple[Literal["criminal-code", "criminal-procedure-code", "penal-enforcement-code", "ombudsman", "npm"], ...],
        Meta(
            description=(
                "Codes and laws whose amendment is proposed even when the act's words match no item: the Criminal Code,"
                " the Code of Criminal Procedure, the Penal Enforcement Code, the law on the Ombudsman, the national"
                " preventive mechanism."
            )
        ),
    ] = LAW_KEYS
    unmatched: Annotated[
        Literal["drop", "keep"],
        Meta(description="What to do with a followed type of act that amends no followed law and matches no item."),
    ] = "drop"
    pages: Annotated[
        int,
        Meta(
            ge=1,
            le=100,
            description="The most search pages one run reads, newest first; a first run (no cursor yet) reads this many.",
        ),
    ] = 5
    page_size: Annotated[int, Meta(ge=1, le=100, description="Acts per search page.")] = 10
    ca_bundle: Annotated[
        Text | None,
        Meta(
            description="A PEM file of the certificates to trust for this server (Kazakhstan's national root), instead of the system's."
        ),
    ] = None
    site: Annotated[Text, Meta(description="Where the acts' public pages are: <site>/rus/docs/<code>.")] = ADILET


@dataclass
class Gathered:
    """What a run read of the register, before anything is written."""

    source: str
    candidates: list[NewCandidate] = field(default_factory=list)
    faults: list[str] = field(default_factory=list)
    cursor: str | None = None
    previous: str | None = None
    bytes: int = 0


class KzLegalActs:
    """Kazakhstan's register of legal acts; the source's URL is the register's (``https://zan.gov.kz``)."""

    name = "kz-legal-acts"
    Params = KzLegalActsParams

    def url(self, base_url: str, params: Mapping[str, str]) -> str:
        """The search's address, once the parameters are checked."""
        read_params(KzLegalActsParams, params, adapter=self.name)
        return base_url.rstrip("/") + SEARCH_PATH

    async def gather(self, opened: tracker.Tracker, fetcher: Fetcher, source: Source) -> Gathered:
        """Page the register back to the cursor, read the acts that pass the filter; nothing is written."""
        params = read_params(KzLegalActsParams, source.params, adapter=self.name)
        index = await build_index(opened)
        if params.ca_bundle is None:
            return await self._gather(index, fetcher, source, params)
        async with fetcher.trusting(params.ca_bundle) as trusting:
            return await self._gather(index, trusting, source, params)

    async def _gather(self, index: MatchIndex, fetcher: Fetcher, source: Source, params: KzLegalActsParams) -> Gathered:
        base = source.url.rstrip("/")
        gathered = Gathered(source=source.name, previous=source.cursor)
        acts = await self._new_acts(fetcher, base + SEARCH_PATH, source.cursor, params, gathered)
        for act in acts:
            if not is_followed(act, params.types):
                continue  # most of the register: not a fault, not worth a line
            text = await self._text(fetcher, base, act, gathered)
            if text is None:
                continue
            url = f"{params.site.rstrip('/')}/rus/docs/{quote(act.code, safe='')}" if act.code else _text_url(base, act)
            outcome = _candidate(act, text, index=index, source=source.name, url=url, params=params)
            if isinstance(outcome, str):
                if outcome != "matches no item":
                    gathered.faults.append(f"act {act.key}: {outcome}")
            else:
                gathered.candidates.append(outcome)
        return gathered

    async def _new_acts(
        self, fetcher: Fetcher, url: str, cursor: str | None, params: KzLegalActsParams, gathered: Gathered
    ) -> list[Act]:
        """The acts newer than ``cursor``, newest first; raises :class:`ParseError` for a page that cannot be read."""
        acts: list[Act] = []
        for number in range(1, params.pages + 1):
            got = await fetcher.post_json(url, {"page": number, "pageSize": params.page_size})
            gathered.bytes += got.size
            body = fetcher.store.path(got.snapshot or "").read_bytes()
            entries, page_count = _search_page(body, number)
            if not entries:
                if number == 1:
                    raise ParseError("page 1 of the register's search lists no act: the register answered an empty page")
                return acts
            for position, entry in enumerate(entries, start=1):
                act = _act(entry)
                if act is None:
                    gathered.faults.append(f"page {number}, entry {position}: no id or code")
                    continue
                if gathered.cursor is None:
                    gathered.cursor = act.key
                if act.key == cursor:
                    return acts
                acts.append(act)
            if page_count is not None and number >= page_count:
                return acts
        if cursor is not None:
            gathered.faults.append(
                f"act {cursor}, where the last run stopped, is not within the {params.pages} pages read: older acts were not read"
            )
        return acts

    async def _text(self, fetcher: Fetcher, base: str, act: Act, gathered: Gathered) -> ActText | None:
        """The act's Russian text and titles; None (with a fault) for an act the register no longer has."""
        try:
            got = await fetcher.get(_text_url(base, act))
        except FetchError as exc:
            if exc.status == 404:
                gathered.faults.append(f"act {act.key}: its text is not in the register (HTTP 404)")
                return None
            raise FetchError(f"the text of act {act.key}: {exc}", status=exc.status) from None
        gathered.bytes += got.size
        return _act_text(fetcher.store.path(got.snapshot or "").read_bytes(), act)

    async def load(self, session: AsyncSession, gathered: Gathered) -> Loaded:
        """Propose the candidates, in the run's transaction; an act proposed before is not proposed again."""
        created = await propose(session, gathered.candidates)
        return Loaded(
            report=LoadReport(),
            faults=gathered.faults,
            changed=bool(created) or gathered.cursor != gathered.previous,
            candidates=len(created),
            cursor=gathered.cursor,
        )

    async def remember(self, session: AsyncSession, gathered: Gathered, run: FetchRun) -> None:
        """Nothing beside the cursor, which the runner keeps with the run."""


class Act(NamedTuple):
    """An act as the search lists it."""

    id: str | None
    code: str | None
    types: tuple[str, ...]
    requisites: dict[str, str]
    summary: dict[str, str]
    approved_on: dt.date | None
    published_on: dt.date | None
    status: str | None

    @property
    def key(self) -> str:
        """What names the act for good: its id, else its code."""
        return self.id or self.code or ""


class ActText(NamedTuple):
    """What an act's text gives: its titles by language and its words."""

    titles: dict[str, str]
    text: str


def _text_url(base: str, act: Act) -> str:
    return f"{base}/api/documents/{quote(act.key, safe='')}/rus"


def _search_page(body: bytes, number: int) -> tuple[list[Any], int | None]:
    """A search page's entries and the number of pages it announces; raises :class:`ParseError`."""
    try:
        page = msgspec.json.decode(body)
    except msgspec.DecodeError as exc:
        raise ParseError(f"page {number} of the register's search is not JSON: {exc}") from None
    if isinstance(page, list):
        return page, None
    if not isinstance(page, dict):
        raise ParseError(f"page {number} of the register's search is not an object but {type(page).__name__}")
    listed = next((page[name] for name in ("list", "items", "documents", "content", "results") if name in page), None)
    if listed is None:
        raise ParseError(
            f"page {number} of the register's search holds no list of acts (keys: {', '.join(sorted(page)) or 'none'})"
        )
    if not isinstance(listed, list):
        raise ParseError(f"page {number} of the register's search: its list of acts is a {type(listed).__name__}")
    count = page.get("pageCount", page.get("totalPages"))
    return listed, count if isinstance(count, int) else None


def _act(entry: Any) -> Act | None:
    if not isinstance(entry, dict):
        return None
    identifier, code = _text_of(entry.get("id")), _text_of(entry.get("code") or entry.get("ngr"))
    if not identifier and not code:
        return None
    types = entry.get("actTypes") or entry.get("types") or ()
    if isinstance(types, str):
        types = [types]
    return Act(
        id=identifier,
        code=code,
        types=tuple(str(t).strip().upper() for t in types if isinstance(t, (str, int))),
        requisites=_by_language(entry.get("requisites")),
        summary=_by_language(entry.get("summary")),
        approved_on=_date(entry.get("stateAgencyApprovalDate") or entry.get("approvalDate") or entry.get("adoptedOn")),
        published_on=_date(entry.get("initialPublicationDate") or entry.get("publicationDate")),
        status=_text_of(entry.get("status")),
    )


def _text_of(value: Any) -> str | None:
    if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    return None


def _by_language(value: Any) -> dict[str, str]:
    """``{"rus": …, "kaz": …}`` (or ``ru``/``kk``, or a bare string, Russian) as ``{"ru": …, "kk": …}``."""
    if isinstance(value, str):
        return {"ru": value.strip()} if value.strip() else {}
    if not isinstance(value, dict):
        return {}
    found = {}
    for language, names in (("ru", ("rus", "ru")), ("kk", ("kaz", "kk", "kz"))):
        text = next((value[name] for name in names if isinstance(value.get(name), str) and value[name].strip()), None)
        if text:
            found[language] = " ".join(text.split())
    return found


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value[:10], pattern).date()
        except ValueError:
            pass
    return None


def _requisites_date(requisites: str) -> dt.date | None:
    """The date requisites give: "… от 18 марта 2026 года № 2"."""
    found = re.search(r"от\s+(\d{1,2})\s+([а-я]+)\s+(\d{4})", requisites.casefold())
    if found and found.group(2) in _MONTHS:
        try:
            return dt.date(int(found.group(3)), _MONTHS[found.group(2)], int(found.group(1)))
        except ValueError:
            return None
    return None


def act_type(act: Act) -> str | None:
    """The act's main type: the first of its types that is not an amendment's mark, else what its requisites begin with."""
    main = [t for t in act.types if t not in AMENDING_TYPES]
    if main:
        return main[0]
    requisites = act.requisites.get("ru", "").casefold()
    return next((code for name, code in TYPE_BY_NAME if requisites.startswith(name)), None)


def is_local(act: Act) -> bool:
    """Whether a local body issued the act (an akim, an akimat, a maslikhat): by its type, or by the
    issuer its requisites name before the date ("Решение акима села … от …")."""
    if LOCAL_TYPES & set(act.types):
        return True
    issuer = re.split(r"\s+от\s+\d", act.requisites.get("ru", ""), maxsplit=1)[0]
    return _LOCAL_ISSUER.search(issuer) is not None


def is_followed(act: Act, types: Iterable[str]) -> bool:
    """Whether the act is read further: issued nationally, of one of ``types``."""
    return not is_local(act) and act_type(act) in set(types)


def _act_text(body: bytes, act: Act) -> ActText:
    """An act's titles and words from ``GET /api/documents/<id>/rus``; raises :class:`ParseError`."""
    try:
        document = msgspec.json.decode(body)
    except msgspec.DecodeError as exc:
        raise ParseError(f"the text of act {act.key} is not JSON: {exc}") from None
    if not isinstance(document, dict):
        raise ParseError(f"the text of act {act.key} is not an object but {type(document).__name__}")
    metadata = document.get("metadata") if isinstance(document.get("metadata"), dict) else {}
    titles = _by_language(metadata.get("title") or document.get("title"))
    for language, names in (("ru", ("titleRus", "titleRu")), ("kk", ("titleKaz", "titleKz"))):
        for name in names:
            if isinstance(metadata.get(name), str) and metadata[name].strip():
                titles.setdefault(language, " ".join(metadata[name].split()))
    content = document.get("content")
    if isinstance(content, str):
        parts = [content]
    elif isinstance(content, list):
        parts = [part.get("text") if isinstance(part, dict) else part for part in content]
    else:
        parts = []
    text = "\n".join(html_text(part) for part in parts if isinstance(part, str))
    return ActText(titles=titles, text=text)


def amended_laws(title: str, text: str, followed: Iterable[str] = LAW_KEYS) -> list[AmendedArticle]:
    """The followed codes and laws an act amends (named in its title, or "в <law>" in its text) and
    the articles of each its text names after naming the law."""
    wanted = [law for law in LAWS if law.key in followed]
    amended: dict[str, list[str]] = {}
    mentions: list[tuple[int, Law]] = []
    for law in wanted:
        if re.search(law.pattern, title, re.IGNORECASE):
            amended.setdefault(law.key, [])
        for found in re.finditer(_AMENDING_MENTION.format(law=law.pattern), text, re.IGNORECASE):
            amended.setdefault(law.key, [])
            mentions.append((found.start(), law))
    mentions.sort(key=lambda mention: mention[0])
    if not mentions and len(amended) == 1:
        # An act that amends one law names its articles without naming the law again.
        mentions = [(0, next(law for law in wanted if law.key in amended))]
    for found in _ARTICLES.finditer(text):
        if _HEADING.match(found.group(0)) and text[found.end() : found.end() + 1] == ".":
            continue  # "Статья 1." heads an article of the act itself, or of a new wording it quotes
        before = [law for position, law in mentions if position < found.start()]
        if not before:
            continue
        numbers = re.findall(r"\d+(?:-\d+)?", found.group(1) or found.group(2))
        articles = amended[before[-1].key]
        articles.extend(number for number in numbers if number not in articles)
    changes = []
    for law in wanted:
        if law.key not in amended:
            continue
        changes.append(AmendedArticle(law=law.name, themes=law.themes))
        for number in amended[law.key]:
            about, themes = law.articles.get(number, (None, ()))
            changes.append(AmendedArticle(law=law.name, article=number, about=about, themes=themes))
    return changes


def _candidate(
    act: Act, text: ActText, *, index: MatchIndex, source: str, url: str, params: KzLegalActsParams
) -> NewCandidate | str:
    """The candidate an act makes, or why it makes none."""
    title = text.titles.get("ru") or act.summary.get("ru") or act.requisites.get("ru")
    if not title:
        return "has no Russian title"
    requisites = act.requisites.get("ru")
    amended = amended_laws(title, text.text, params.laws)
    words = "\n".join(
        part for part in (title, act.summary.get("ru"), text.text, text.titles.get("kk"), act.summary.get("kk")) if part
    )
    matching = index.match(words, params.state, amended)
    if not (matching.matches or amended or params.unmatched == "keep"):
        return "matches no item"
    amends = bool(AMENDING_TYPES & set(act.types)) or re.search(
        r"внесении\s+изменени|изменени\w*\s+и\s+дополнени", title, re.IGNORECASE
    )
    others = {language: cut(value, 500) for language, value in text.titles.items() if language != "ru"}
    if not others and act.summary.get("kk"):
        others = {"kk": cut(act.summary["kk"], 500)}
    candidate = NewCandidate(
        source=source,
        entry=act.key,
        url=url,
        title=cut(title, 500),
        published_on=act.approved_on or (_requisites_date(requisites) if requisites else None) or act.published_on,
        excerpt=cut(act.summary.get("ru") or text.text, EXCERPT_LENGTH) or None,
        language="ru",
        state=params.state,
        matches=matching.matches,
        kind=ActionKind.LEGISLATION_AMENDED if amends else ActionKind.LEGISLATION_ADOPTED,
        legal_reference=requisites,
        titles=others,
    )
    try:
        return msgspec.json.decode(msgspec.json.encode(candidate), type=NewCandidate)
    except msgspec.ValidationError as exc:
        return f"cannot be proposed: {exc}"
