"""Idempotent loading of records: upsert by natural key, then re-derive what depends on them.

Loading the same records twice changes nothing and creates nothing. A load is all or
nothing: any broken rule raises before the transaction commits.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import msgspec
from msgspec import Struct
from sqlalchemy import BindParameter, Row, Select, Table, Update, bindparam, delete, insert, select, tuple_, update

from tracker.db.bulk import insert_rows
from tracker.db.models import (
    ActionItemRow,
    ActionRow,
    AssessmentRow,
    Base,
    DecisionRow,
    DocumentRow,
    ItemRow,
    ReviewRow,
    StateRow,
    utcnow,
)
from tracker.db.search import bulk_indexing, search_stems
from tracker.db.writing import WriteSession
from tracker.domain import ids
from tracker.domain.actions import action_problems
from tracker.domain.deadlines import Deadline
from tracker.domain.enums import DECISION_BODIES, Body, ItemKind
from tracker.domain.source_urls import refuse_masked_urls
from tracker.domain.status import UnknownGrade, canonical_grade, normalize_grade
from tracker.domain.themes import themes_of
from tracker.errors import Conflict, InvalidInput, NotFound
from tracker.records import (
    NUL_ESCAPE,
    ActionRecord,
    AnyRecord,
    AssessmentRecord,
    DecisionRecord,
    DocumentRecord,
    MetaRecord,
    RecommendationRecord,
    Record,
    RemedyRecord,
    ReviewRecord,
    StateRecord,
    field_of,
)
from tracker.services.audit import record_audit
from tracker.services.changes import append_changes
from tracker.services.deriving import ItemClock, refresh_items

CHUNK = 500
#: Keys per IN (...) lookup: large enough to save round trips, within both backends' parameter limits.
KEY_CHUNK = 5000
T = TypeVar("T")


class Counts(Struct, kw_only=True):
    """Records created, updated and found unchanged."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


class LoadReport(Struct, kw_only=True):
    """How many records of each type were created, updated or found unchanged."""

    counts: dict[str, Counts] = {}

    def total(self, what: str) -> int:
        return sum(getattr(c, what) for c in self.counts.values())


def chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most ``size`` values."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _json(value: Any) -> Any:
    return msgspec.to_builtins(value)


def _check_id(given: str | None, derived: str, what: str) -> str:
    if given is not None and given != derived:
        raise InvalidInput(f"{what} id {given!r} does not match its natural key (expected {derived!r})", field="id")
    return derived


#: How far past today an event may be dated: one day, for time zones ahead of the server's.
FUTURE_MARGIN = dt.timedelta(days=1)


def _check_happened(record: Any, *fields: str, what: str) -> None:
    """Refuse a record dating an event (adoption, publication, an action) after tomorrow: it cannot have happened."""
    latest = dt.date.today() + FUTURE_MARGIN
    for field in fields:
        value = getattr(record, field)
        if value is not None and value > latest:
            raise InvalidInput(
                f"{what} is dated {value.isoformat()} ({field}), after {latest.isoformat()}: only what has happened is recorded",
                field=field,
            )


def _valid(what: str, make: Any, *args: Any, field: str) -> str:
    try:
        return make(*args)
    except ValueError as exc:
        raise InvalidInput(f"{what}: {exc}", field=field) from None


def content_hash(row: dict[str, Any]) -> str:
    """A digest of a row as loading builds it, to tell changed rows apart.

    Rows of one table are built with their keys in one order, so equal rows encode equally.
    """
    return hashlib.blake2b(_encode(row), digest_size=16).hexdigest()


_encode = msgspec.json.Encoder().encode


async def _upsert(
    session: WriteSession,
    model: type[Base],
    rows: Sequence[dict[str, Any]],
    counts: Counts,
    *,
    in_key_order: bool = True,
    complete: Callable[[dict[str, Any]], None] | None = None,
    now: dt.datetime | None = None,
    fill_only: bool = False,
) -> set[str]:
    """Insert new rows and update changed ones, by primary key; returns the keys written.

    A stored row is unchanged when its ``content_hash`` matches, so a re-load reads only keys
    and digests, not whole rows. ``complete`` adds derived columns to the rows to be written,
    after the digest is taken. Rows go in key order (fast appends to the primary-key index)
    unless their order matters. The row dicts are completed in place.
    """
    if not rows:
        return set()
    table = model.__table__
    key = table.primary_key.columns[0].name
    seen: dict[Any, dict[str, Any]] = {}
    for row in rows:
        row["content_hash"] = content_hash(row)
        held = seen.get(row[key])
        if held is not None and held["content_hash"] != row["content_hash"]:
            raise InvalidInput(f"two different records for {model.__tablename__} {row[key]!r} in one load")
        seen[row[key]] = row
    written: set[str] = set()
    now = now or utcnow()
    timestamped = "updated_at" in table.c
    ordered = [seen[k] for k in sorted(seen)] if in_key_order else list(seen.values())
    for chunk in chunks(ordered, KEY_CHUNK):
        if table.name not in _DIGESTS:
            _DIGESTS[table.name] = _keys_in(table.c[key], table.c.content_hash)
        stored = dict((await session.execute(_DIGESTS[table.name], {"keys": [row[key] for row in chunk]})).all())
        if fill_only:
            await _fill_from_stored(
                session, table, key, [row for row in chunk if row[key] in stored and stored[row[key]] != row["content_hash"]]
            )
        new: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        for row in chunk:
            if row[key] not in stored:
                if timestamped:
                    row["created_at"] = row["updated_at"] = now
                new.append(row)
            elif stored[row[key]] != row["content_hash"]:
                if timestamped:
                    row["updated_at"] = now
                changed.append(row)
        if complete is not None:
            for row in new + changed:
                complete(row)
        await insert_rows(session, table, new)
        if changed:
            await session.execute(_update_by_key(table, key, changed[0].keys()), _keyed(changed, key))
        counts.created += len(new)
        counts.updated += len(changed)
        counts.unchanged += len(chunk) - len(new) - len(changed)
        written.update(row[key] for row in new + changed)
    return written


async def _fill_from_stored(session: WriteSession, table: Any, key: str, rows: list[dict[str, Any]]) -> None:
    """Where a row leaves a column unknown, keep the stored value, and merge a mapping (an item's
    texts by language) into the stored one key by key; the digest is taken again."""
    if not rows:
        return
    columns = [c for c in rows[0] if c in table.c and c not in (key, "content_hash", "created_at", "updated_at")]
    result = await session.execute(
        select(table.c[key], *(table.c[c] for c in columns)).where(table.c[key].in_([r[key] for r in rows]))
    )
    held = {r[0]: r for r in result}
    for row in rows:
        stored = held[row[key]]
        for index, column in enumerate(columns, 1):
            if _is_unknown(row[column]) and not _is_unknown(stored[index]):
                row[column] = stored[index]
            elif isinstance(row[column], dict) and stored[index]:
                row[column] = dict(sorted({**stored[index], **row[column]}.items()))
        del row["content_hash"]
        row["content_hash"] = content_hash(row)


def _is_unknown(value: Any) -> bool:
    """Whether a value in a row as loading builds it says "not known": with ``fill_only`` it never erases a stored one."""
    if value is None or value is False:
        return True
    if isinstance(value, (str, list, dict, tuple)) and not value:
        return True
    return isinstance(value, str) and value == "unverified"


def _check_texts(item_id: str, record: RecommendationRecord | RemedyRecord) -> None:
    """``texts`` holds the item in other languages than its own, whose text is ``text``."""
    if record.language in record.texts:
        raise InvalidInput(
            f"{item_id}: texts.{record.language} repeats the item's own language ({record.language!r}), whose text is 'text'",
            field=f"texts.{record.language}",
        )


def _deadline_of(clock: ItemClock, *, field: str) -> Deadline | None:
    try:
        return clock.deadline()
    except (ValueError, OverflowError):
        raise InvalidInput(f"the {field}'s dates put the deadline outside the calendar", field=field) from None


def _update_by_key(table: Table, key: str, columns: Iterable[str]) -> Update:
    """An UPDATE of ``columns`` for many rows by primary key, run as one executemany."""
    values: dict[str, BindParameter[Any]] = {name: bindparam(name) for name in columns if name != key}
    return update(table).where(table.c[key] == bindparam("_key")).values(values)


def _keyed(rows: Sequence[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    return [{**row, "_key": row[key]} for row in rows]


def _check_appeal(
    appeal: str,
    state: str,
    date_key: str,
    ruling: str,
    ruling_state: str,
    ruling_kind: str,
    ruling_date_key: str,
    *,
    field: str = "court.appeal_of",
) -> None:
    """An appeal reviews another court ruling of its State, made no later than itself."""
    if (ruling_state, ruling_kind) != (state, "court_ruling") or ruling == appeal:
        if field == "court.appeal_of":
            raise InvalidInput(f"appeal_of {ruling!r} is not another court ruling of {state}", field=field)
        raise InvalidInput(f"{ruling!r} is appealed by {appeal!r}, so it must stay a court ruling of {state}", field=field)
    # Dates are compared as far as both are known: an appeal of "2014" may follow a ruling of "2014-01-23".
    known = min(len(date_key), len(ruling_date_key))
    if date_key[:known] < ruling_date_key[:known]:
        raise InvalidInput(
            f"{appeal!r} ({date_key}) would be dated before the ruling it appeals, {ruling!r} ({ruling_date_key})",
            field="date" if field == "kind" else field,
        )


def free_action_id(derived: str, taken: Container[str]) -> str:
    """``derived``, or the first of ``derived-2``, ``derived-3`` … that no stored action holds."""
    candidate, n = derived, 1
    while candidate in taken:
        n += 1
        candidate = f"{derived}-{n}"
    return candidate


def _keys_in(column: Any, *columns: Any) -> Select[*tuple[Any, ...]]:
    """``column`` (and ``columns``) of the rows whose ``column`` is among the ``keys`` parameter.

    The look-ups of a load are built once: building a statement costs more than running it on
    the few rows of a recorded action."""
    return select(column, *columns).where(column.in_(bindparam("keys", expanding=True)))


async def _rows_of(
    session: WriteSession, statement: Select[*tuple[Any, ...]], keys: Iterable[Any], size: int = KEY_CHUNK
) -> list[Any]:
    """The rows of a statement of :func:`_keys_in` for ``keys``, asked ``size`` keys at a time."""
    rows: list[Any] = []
    for chunk in chunks(sorted(set(keys)), size):
        rows.extend(await session.execute(statement, {"keys": list(chunk)}))
    return rows


async def _existing(session: WriteSession, statement: Select[*tuple[Any, ...]], keys: Iterable[Any]) -> set[Any]:
    """Which of ``keys`` a statement of :func:`_keys_in` finds."""
    return {row[0] for row in await _rows_of(session, statement, keys)}


_STATES = _keys_in(StateRow.code)
_ITEMS = _keys_in(ItemRow.id)
_ITEM_STATES = _keys_in(ItemRow.id, ItemRow.state)
_ITEMS_LINKED = _keys_in(ActionItemRow.item)
_ITEMS_ASSESSED = _keys_in(AssessmentRow.item)
_LINKS_OF_ACTIONS = _keys_in(ActionItemRow.action, ActionItemRow.item, ActionItemRow.effect, ActionItemRow.note)
_ACTIONS_NAMED = _keys_in(ActionRow.id, ActionRow.state, ActionRow.date_key, ActionRow.kind, ActionRow.title_key)
_ACTIONS_BY_NATURAL_KEY = select(ActionRow.id, ActionRow.state, ActionRow.date_key, ActionRow.kind, ActionRow.title_key).where(
    tuple_(ActionRow.state, ActionRow.date_key, ActionRow.kind, ActionRow.title_key).in_(bindparam("keys", expanding=True))
)
_ACTIONS_NUMBERED = select(ActionRow.id, ActionRow.state, ActionRow.date_key, ActionRow.kind, ActionRow.title_key).where(
    ActionRow.id.like(bindparam("numbered"))
)
_RULINGS_APPEALED = _keys_in(ActionRow.id, ActionRow.state, ActionRow.kind, ActionRow.appeal_of, ActionRow.date_key)
_APPEALS_OF = select(ActionRow.id, ActionRow.state, ActionRow.date_key, ActionRow.appeal_of).where(
    ActionRow.appeal_of.in_(bindparam("keys", expanding=True)), ActionRow.id.not_in(bindparam("keys", expanding=True))
)
#: Per table, its keys and digests among the ``keys`` parameter (:func:`_upsert`).
_DIGESTS: dict[str, Select[*tuple[Any, ...]]] = {}


class _Loader:
    def __init__(self, session: WriteSession, *, fill_only: bool = False) -> None:
        self.session = session
        self.fill_only = fill_only
        self.report = LoadReport()
        self.touched_items: set[str] = set()
        # One instant for the whole load: the change log finds what was written by it.
        self.now = utcnow()
        self._deadlines: dict[tuple[Any, ...], Deadline | None] = {}

    def counts(self, what: str) -> Counts:
        return self.report.counts.setdefault(what, Counts())

    async def require_states(self, codes: Iterable[str | None], field: str = "state") -> None:
        wanted = {c for c in codes if c is not None}
        missing = wanted - await _existing(self.session, _STATES, wanted)
        if missing:
            raise InvalidInput(f"unknown State code {min(missing)!r}", field=field)

    async def states(self, records: list[StateRecord]) -> None:
        rows = [{"code": r.code, "names": dict(r.names), "region": r.region} for r in records]
        await _upsert(self.session, StateRow, rows, self.counts("state"))

    async def reviews(self, records: list[ReviewRecord]) -> None:
        await self.require_states(r.state for r in records)
        rows = [
            {
                "id": _check_id(r.id, ids.review_id(r.body, r.state, r.cycle), "review"),
                "body": r.body.value,
                "state": r.state,
                "cycle": r.cycle,
                "reviewed_on": r.reviewed_on,
                "adopted_on": r.adopted_on,
                "session": r.session,
                "document": r.document,
                "summary": r.summary,
                "counts": dict(r.counts),
                "recommendation_groups": _json(r.recommendation_groups),
                "sources": _json(r.sources),
                "verification": r.verification.value,
                "notes": r.notes,
            }
            for r in records
        ]
        await _upsert(self.session, ReviewRow, rows, self.counts("review"), fill_only=self.fill_only)

    async def documents(self, records: list[DocumentRecord]) -> None:
        await self.require_states(r.state for r in records)
        for r in records:
            _check_happened(r, "adopted_on", "published_on", what=f"document {r.symbol}")
        reviews: dict[str, tuple[str, str]] = {}
        for chunk in chunks(sorted({r.review for r in records if r.review}), KEY_CHUNK):
            result = await self.session.execute(
                select(ReviewRow.id, ReviewRow.body, ReviewRow.state).where(ReviewRow.id.in_(chunk))
            )
            reviews.update({row.id: (row.body, row.state) for row in result})
        for r in records:
            if r.review is None:
                continue
            if r.review not in reviews:
                raise NotFound("review", r.review, field="review")
            if reviews[r.review] != (r.body, r.state):
                raise InvalidInput(f"document {r.symbol!r} is not of review {r.review!r} (another body or State)", field="review")
        rows = [
            {
                "id": _check_id(r.id, _valid(f"document {r.symbol!r}", ids.slug, r.symbol, field="symbol"), "document"),
                "symbol": r.symbol.strip(),
                "body": r.body.value,
                "state": r.state,
                "kind": r.kind.value,
                "title": r.title,
                "adopted_on": r.adopted_on,
                "published_on": r.published_on,
                "session": r.session,
                "review": r.review,
                "follow_up_due": r.follow_up_due,
                "follow_up_due_basis": r.follow_up_due_basis,
                "languages": _json(r.languages),
                "library_ids": dict(r.library_ids),
                "summary": r.summary,
                "sources": _json(r.sources),
                "verification": r.verification.value,
                "notes": r.notes,
            }
            for r in records
        ]
        await self._check_symbols_keep_their_ids(rows)
        changed = await _upsert(self.session, DocumentRow, rows, self.counts("document"), now=self.now, fill_only=self.fill_only)
        for chunk in chunks(sorted(changed)):
            self.touched_items.update(
                (await self.session.execute(select(ItemRow.id).where(ItemRow.document.in_(chunk)))).scalars()
            )

    async def _check_symbols_keep_their_ids(self, rows: list[dict[str, Any]]) -> None:
        """Two symbols that differ only in punctuation have one ID; the second must not rename the first."""
        stored: dict[str, str] = {}
        for chunk in chunks(sorted(row["id"] for row in rows), KEY_CHUNK):
            result = await self.session.execute(select(DocumentRow.id, DocumentRow.symbol).where(DocumentRow.id.in_(chunk)))
            stored.update(dict(result.all()))
        for row in rows:
            held = stored.get(row["id"])
            if held is not None and held != row["symbol"]:
                raise InvalidInput(
                    f"symbol {row['symbol']!r} has the same id {row['id']!r} as the stored document {held!r}", field="symbol"
                )

    async def decisions(self, records: list[DecisionRecord]) -> None:
        await self.require_states(r.state for r in records)
        for r in records:
            _check_happened(r, "submitted_on", "adopted_on", "transmitted_on", what=f"decision {r.title!r}")
            if r.body not in DECISION_BODIES:
                raise InvalidInput(f"{r.body.value} does not decide individual complaints", field="body")
        rows = []
        for r in records:
            communication = _valid(f"decision {r.title!r}", ids.normalize_communication, r.communication, field="communication")
            rows.append(
                {
                    "id": _check_id(r.id, ids.decision_id(r.body, communication), "decision"),
                    "body": r.body.value,
                    "communication": communication,
                    "state": r.state,
                    "symbol": r.symbol,
                    "title": r.title,
                    "authors": list(r.authors),
                    "victims": list(r.victims),
                    "counsel": r.counsel,
                    "submitted_on": r.submitted_on,
                    "adopted_on": r.adopted_on,
                    "transmitted_on": r.transmitted_on,
                    "outcome": r.outcome.value if r.outcome else None,
                    "articles_violated": list(r.articles_violated),
                    "reply_days": r.reply_days,
                    "summary": r.summary,
                    "sources": _json(r.sources),
                    "verification": r.verification.value,
                    "notes": r.notes,
                }
            )
        changed = await _upsert(self.session, DecisionRow, rows, self.counts("decision"), fill_only=self.fill_only)
        for chunk in chunks(sorted(changed)):
            self.touched_items.update(
                (await self.session.execute(select(ItemRow.id).where(ItemRow.decision.in_(chunk)))).scalars()
            )

    async def items(self, recommendations: list[RecommendationRecord], remedies: list[RemedyRecord]) -> None:
        documents = await self._documents_by_symbol({r.document.strip() for r in recommendations})
        decisions = await self._decisions_by_id({r.decision for r in remedies})
        rows: list[dict[str, Any]] = []
        dues: dict[str, Deadline | None] = {}
        for r in recommendations:
            doc = documents.get(r.document.strip())
            if doc is None:
                raise NotFound("document", r.document, field="document")
            if doc.state is None:
                raise InvalidInput(
                    f"document {doc.symbol!r} names no State, so it cannot carry recommendations", field="document"
                )
            upr = doc.body == Body.UPR.value
            normalize = ids.normalize_upr_number if upr else ids.normalize_paragraph
            paragraph = _valid(f"recommendation of {doc.symbol}", normalize, r.paragraph, field="paragraph")
            item_id = ids.item_in_document(doc.id, paragraph, upr=upr)
            covers = [_valid(f"recommendation {item_id}", normalize, ref, field="covers") for ref in r.covers]
            if covers and (paragraph not in covers or len(set(covers)) != len(covers) or len(covers) < 2):
                raise InvalidInput(
                    f"recommendation {item_id}: covers lists the paragraphs followed together as this item,"
                    f" its own ({paragraph}) among them, each once",
                    field="covers",
                )
            due = self._deadline(doc, r)
            dues[item_id] = due
            _check_texts(item_id, r)
            rows.append(
                {
                    "id": _check_id(r.id, item_id, "recommendation"),
                    "kind": ItemKind.RECOMMENDATION,
                    "state": doc.state,
                    "body": doc.body,
                    "document": doc.id,
                    "decision": None,
                    "paragraph": paragraph,
                    "remedy_kind": None,
                    "ordinal": None,
                    "title": r.title,
                    "text": r.text,
                    "language": r.language,
                    "texts": dict(sorted(r.texts.items())),
                    "themes": r.themes,
                    "affected_groups": r.affected_groups,
                    "follow_up": r.follow_up,
                    "recommending_states": r.recommending_states,
                    "response": r.response,
                    "cycle": r.cycle,
                    "covers": covers,
                    "stated_due_date": r.due_date,
                    "stated_due_basis": r.due_date_basis,
                    # Lists, enums and Structs go in as they are: the JSON encoder and the drivers take them.
                    "sources": r.sources,
                    "verification": r.verification,
                    "notes": r.notes,
                }
            )
        for remedy in remedies:
            decision = decisions.get(remedy.decision)
            if decision is None:
                raise NotFound("decision", remedy.decision, field="decision")
            clock = ItemClock(
                kind=ItemKind.REMEDY,
                body=Body(decision.body),
                follow_up=True,
                stated_due_date=remedy.due_date,
                stated_due_basis=remedy.due_date_basis,
                adopted=decision.adopted_on,
                transmitted=decision.transmitted_on,
                reply_days=decision.reply_days,
            )
            due = _deadline_of(clock, field="decision")
            item_id = _check_id(remedy.id, ids.remedy_id(decision.id, remedy.kind.value, remedy.ordinal), "remedy")
            _check_texts(item_id, remedy)
            rows.append(
                {
                    "id": item_id,
                    "kind": ItemKind.REMEDY.value,
                    "state": decision.state,
                    "body": decision.body,
                    "document": None,
                    "decision": decision.id,
                    "paragraph": None,
                    "remedy_kind": remedy.kind.value,
                    "ordinal": remedy.ordinal,
                    "title": remedy.title,
                    "text": remedy.text,
                    "language": remedy.language,
                    "texts": dict(sorted(remedy.texts.items())),
                    "themes": list(remedy.themes),
                    "affected_groups": [],
                    "follow_up": False,
                    "recommending_states": [],
                    "response": None,
                    "cycle": None,
                    "covers": [],
                    "stated_due_date": remedy.due_date,
                    "stated_due_basis": remedy.due_date_basis,
                    "sources": _json(remedy.sources),
                    "verification": remedy.verification.value,
                    "notes": remedy.notes,
                }
            )
            dues[rows[-1]["id"]] = due
        counts = self.counts("item")
        created_before = counts.created

        # Deadlines, vocabulary themes and search stems are derived: they stay out of the digest,
        # which speaks of the records only. The stems follow the texts as a fill-only load merged them.
        def add_derived(row: dict[str, Any]) -> None:
            due = dues[row["id"]]
            row["due_date"], row["due_date_basis"] = (due.date, due.basis) if due else (None, None)
            row["vocabulary_themes"] = themes_of([*row["themes"], row["title"], row["text"]], remedy_kind=row["remedy_kind"])
            row["search_stems"] = search_stems((row["title"], row["text"]), row["texts"].values())

        written = await _upsert(self.session, ItemRow, rows, counts, complete=add_derived, now=self.now, fill_only=self.fill_only)
        created = {row["id"] for row in rows if "created_at" in row} if counts.created > created_before else set()
        # Status and reply date only move with links and assessments, which are refreshed
        # separately; an item updated in place may already have them and needs them re-derived.
        self.touched_items.update(await self._items_with_record(written - created))

    def _deadline(self, doc: Row[*tuple[Any, ...]], record: RecommendationRecord) -> Deadline | None:
        # Recommendations of one document mostly share a deadline; computing it once each saves time on large loads.
        key = (doc.id, record.follow_up, record.response, record.due_date, record.due_date_basis)
        if key not in self._deadlines:
            self._deadlines[key] = _deadline_of(
                ItemClock(
                    kind=ItemKind.RECOMMENDATION,
                    body=Body(doc.body),
                    follow_up=record.follow_up,
                    response=record.response,
                    stated_due_date=record.due_date,
                    stated_due_basis=record.due_date_basis,
                    adopted=doc.adopted_on,
                    stated_by_document=doc.follow_up_due,
                    stated_by_document_basis=doc.follow_up_due_basis,
                ),
                field="document",
            )
        return self._deadlines[key]

    async def _items_with_record(self, item_ids: set[str]) -> set[str]:
        linked = await _existing(self.session, _ITEMS_LINKED, item_ids)
        assessed = await _existing(self.session, _ITEMS_ASSESSED, item_ids)
        return linked | assessed

    async def _documents_by_symbol(self, symbols: set[str]) -> dict[str, Row[*tuple[Any, ...]]]:
        """What items need of their documents, as plain rows (cheap to read 50,000 times)."""
        d = DocumentRow
        columns = (d.id, d.symbol, d.body, d.state, d.adopted_on, d.follow_up_due, d.follow_up_due_basis)
        found: dict[str, Row[*tuple[Any, ...]]] = {}
        for chunk in chunks(sorted(symbols), KEY_CHUNK):
            for row in await self.session.execute(select(*columns).where(d.symbol.in_(chunk))):
                found[row.symbol] = row
        return found

    async def _decisions_by_id(self, decision_ids: set[str]) -> dict[str, Row[*tuple[Any, ...]]]:
        d = DecisionRow
        columns = (d.id, d.body, d.state, d.adopted_on, d.transmitted_on, d.reply_days)
        found: dict[str, Row[*tuple[Any, ...]]] = {}
        for chunk in chunks(sorted(decision_ids), KEY_CHUNK):
            for row in await self.session.execute(select(*columns).where(d.id.in_(chunk))):
                found[row.id] = row
        return found

    async def actions(self, records: list[ActionRecord]) -> None:
        await self.require_states(r.state for r in records)
        rows: list[dict[str, Any]] = []
        links: dict[str, list[dict[str, Any]]] = {}
        id_given: list[bool] = []
        for r in records:
            _check_happened(r, "date", what=f"action {r.title!r}")
            derived = ids.action_id(r.state, r.date, r.date_precision, r.kind.value, r.title)
            action_id = derived if r.id is None else _valid(f"action {r.title!r}", ids.given_action_id, r.id, field="id")
            for field, message in action_problems(r.kind, r.court, r.amounts, date=r.date, addressed_to=r.addressed_to):
                raise InvalidInput(f"action {r.title!r}: {message}", field=field)
            court, amounts = r.court, r.amounts
            rows.append(
                {
                    "id": action_id,
                    "state": r.state,
                    "kind": r.kind.value,
                    "date": r.date,
                    "date_precision": r.date_precision.value,
                    "date_key": ids.partial_date(r.date, r.date_precision),
                    "title": r.title,
                    "title_key": ids.normalize_title(r.title),
                    "description": r.description,
                    "language": r.language,
                    "actor": r.actor,
                    "place": r.place,
                    "legal_reference": r.legal_reference,
                    "court_name": court.name if court else None,
                    "court_instance": court.instance.value if court and court.instance else None,
                    "case_number": court.case_number if court else None,
                    "claimant": court.claimant if court else None,
                    "defendant": court.defendant if court else None,
                    "court_outcome": court.outcome.value if court and court.outcome else None,
                    "appeal_of": court.appeal_of if court else None,
                    "currency": amounts.currency if amounts else None,
                    "amount_claimed": amounts.claimed if amounts else None,
                    "amount_awarded": amounts.awarded if amounts else None,
                    "amount_recommended": amounts.recommended if amounts else None,
                    "amount_paid": amounts.paid if amounts else None,
                    "outcome": r.outcome,
                    "addressed_to": r.addressed_to.value if r.addressed_to else None,
                    "sources": _json(r.sources),
                    "verification": r.verification.value,
                    "recorded_by": r.recorded_by,
                    "verified_by": r.verified_by,
                    "verified_at": r.verified_at,
                    "notes": r.notes,
                }
            )
            id_given.append(r.id is not None)
            item_links = {}
            for link in r.links:
                if link.item in item_links:
                    raise InvalidInput(f"action {r.title!r} links item {link.item!r} twice", field="links")
                item_links[link.item] = {"action": action_id, "item": link.item, "effect": link.effect.value, "note": link.note}
            links[action_id] = list(item_links.values())
        await self._keep_stored_action_ids(rows, id_given, links)
        await self._check_appeals(rows)
        await self._check_linked_items(rows, links)
        # Rulings under appeal before their appeals, so that every appeal_of points at a stored row.
        depth = self._appeal_depths(rows)
        rows.sort(key=lambda row: (depth[row["id"]], row["date"], row["id"]))
        written = await _upsert(
            self.session, ActionRow, rows, self.counts("action"), in_key_order=False, now=self.now, fill_only=self.fill_only
        )
        await self._replace_links(links, written)

    async def _keep_stored_action_ids(
        self, rows: list[dict[str, Any]], id_given: list[bool], links: dict[str, list[dict[str, Any]]]
    ) -> None:
        """An action without an ID is the stored one with its natural key, whatever that one's ID;
        an action with an ID may not take the natural key of another."""

        def natural(row: dict[str, Any]) -> tuple[str, str, str, str]:
            return (row["state"], row["date_key"], row["kind"], row["title_key"])

        stored = {
            (r.state, r.date_key, r.kind, r.title_key): r.id
            for r in await _rows_of(self.session, _ACTIONS_BY_NATURAL_KEY, map(natural, rows), CHUNK)
        }
        # A derived ID may be held by a stored action whose title or date was corrected since: it is not this one.
        derived_ids = sorted(
            {row["id"] for row, given in zip(rows, id_given, strict=True) if not given and natural(row) not in stored}
        )
        taken = {
            r.id: (r.state, r.date_key, r.kind, r.title_key)
            for r in await _rows_of(self.session, _ACTIONS_NAMED, derived_ids, CHUNK)
        }
        for held_id in [i for i in derived_ids if i in taken]:
            result = await self.session.execute(_ACTIONS_NUMBERED, {"numbered": f"{held_id}-%"})
            taken.update({r.id: (r.state, r.date_key, r.kind, r.title_key) for r in result})
        in_load: dict[tuple[str, str, str, str], str] = {}
        for row, given in zip(rows, id_given, strict=True):
            held = stored.get(natural(row))
            if held is not None and held != row["id"]:
                if given:
                    raise Conflict(
                        f"action {row['id']!r} would have the State, date, kind and title of the stored action {held!r}",
                        existing=held,
                    )
                self._rename_action(row, held, links)
            elif held is None and not given and row["id"] in taken and taken[row["id"]] != natural(row):
                self._rename_action(row, free_action_id(row["id"], taken), links)
                taken[row["id"]] = natural(row)
            if in_load.setdefault(natural(row), row["id"]) != row["id"]:
                raise InvalidInput(
                    f"two actions of one load have the State, date, kind and title of {row['title']!r}", field="title"
                )

    @staticmethod
    def _rename_action(row: dict[str, Any], action_id: str, links: dict[str, list[dict[str, Any]]]) -> None:
        action_links = links.pop(row["id"])
        row["id"] = action_id
        links[action_id] = [{**link, "action": action_id} for link in action_links]

    async def _check_linked_items(self, rows: list[dict[str, Any]], links: dict[str, list[dict[str, Any]]]) -> None:
        """Every linked item exists and is an item of the action's State."""
        wanted = [link["item"] for action_links in links.values() for link in action_links]
        item_states: dict[str, str] = dict(await _rows_of(self.session, _ITEM_STATES, wanted))
        for row in rows:
            for link in links[row["id"]]:
                state = item_states.get(link["item"])
                if state is None:
                    raise NotFound("item", link["item"], field="links.item")
                if state != row["state"]:
                    raise InvalidInput(
                        f"item {link['item']!r} is an item of {state}, not of {row['state']}, the State of action {row['title']!r}",
                        field="links.item",
                    )

    @staticmethod
    def _appeal_depths(rows: list[dict[str, Any]]) -> dict[str, int]:
        """How many rulings of this load each ruling's appeal chain goes through; refuses cycles."""
        appeal_of = {row["id"]: row["appeal_of"] for row in rows}
        depth: dict[str, int] = {}
        for start in appeal_of:
            chain: list[str] = []
            current: str | None = start
            while current is not None and current in appeal_of and current not in depth:
                if current in chain:
                    raise InvalidInput(f"court rulings {sorted(chain)} appeal each other in a circle", field="court.appeal_of")
                chain.append(current)
                current = appeal_of[current]
            below = depth.get(current, -1) if current is not None and current in appeal_of else -1
            for ruling in reversed(chain):
                below += 1
                depth[ruling] = below
        return depth

    async def _check_appeals(self, rows: list[dict[str, Any]]) -> None:
        in_load = {row["id"]: row for row in rows}
        wanted = {row["appeal_of"] for row in rows if row["appeal_of"]}
        stored: dict[str, tuple[str, str, str]] = {}
        for r in await _rows_of(self.session, _RULINGS_APPEALED, wanted - in_load.keys(), CHUNK):
            if r.appeal_of in in_load and in_load[r.appeal_of]["appeal_of"] == r.id:
                raise InvalidInput(f"court rulings {r.id!r} and {r.appeal_of!r} would appeal each other", field="court.appeal_of")
            stored[r.id] = (r.state, r.kind, r.date_key)
        for row in rows:
            target = row["appeal_of"]
            if target is None:
                continue
            ruling = in_load[target] if target in in_load else None
            found = (ruling["state"], ruling["kind"], ruling["date_key"]) if ruling else stored.get(target)
            if found is None:
                raise NotFound("court ruling", target, field="court.appeal_of")
            _check_appeal(row["id"], row["state"], row["date_key"], target, *found)
        # Rulings of this load that stored rulings appeal must stay rulings of their State, and earlier.
        for chunk in chunks(sorted(in_load)):
            for r in await self.session.execute(_APPEALS_OF, {"keys": list(chunk)}):
                if r.id in in_load:
                    continue
                ruling = in_load[r.appeal_of]
                _check_appeal(
                    r.id, r.state, r.date_key, ruling["id"], ruling["state"], ruling["kind"], ruling["date_key"], field="kind"
                )

    async def _replace_links(self, links: dict[str, list[dict[str, Any]]], written: set[str]) -> None:
        counts = self.counts("link")
        stored = {(r.action, r.item): (r.effect, r.note) for r in await _rows_of(self.session, _LINKS_OF_ACTIONS, links, CHUNK)}
        # An action's date and kind bear on its items' status and reply date, even when its links stay as they were.
        self.touched_items.update(item for action, item in stored if action in written)
        wanted = {(link["action"], link["item"]): link for action_links in links.values() for link in action_links}
        gone = [key for key in stored if key not in wanted]
        new = [link for key, link in wanted.items() if key not in stored]
        changed = [link for key, link in wanted.items() if key in stored and stored[key] != (link["effect"], link["note"])]
        for pairs in chunks(gone):
            await self.session.execute(delete(ActionItemRow).where(tuple_(ActionItemRow.action, ActionItemRow.item).in_(pairs)))
        if new:
            await self.session.execute(insert(ActionItemRow.__table__), new)
        if changed:
            table = ActionItemRow.__table__
            statement = (
                update(table)
                .where(table.c.action == bindparam("_action"), table.c.item == bindparam("_item"))
                .values(effect=bindparam("effect"), note=bindparam("note"))
            )
            await self.session.execute(
                statement, [{**link, "_action": link["action"], "_item": link["item"]} for link in changed]
            )
        counts.created += len(new)
        counts.updated += len(changed) + len(gone)
        counts.unchanged += len(wanted) - len(new) - len(changed)
        self.touched_items.update(item for _, item in gone)
        self.touched_items.update(link["item"] for link in new + changed)

    async def assessments(self, records: list[AssessmentRecord]) -> None:
        for r in records:
            _check_happened(r, "date", what=f"assessment of {r.item}")
        wanted = {r.item for r in records}
        missing = wanted - await _existing(self.session, _ITEMS, wanted)
        if missing:
            raise NotFound("item", min(missing), field="item")
        rows = []
        for r in records:
            try:
                grade = canonical_grade(r.scale, r.grade)
            except UnknownGrade as exc:
                raise InvalidInput(str(exc), field="grade") from None
            status = normalize_grade(r.scale, grade)
            rows.append(
                {
                    "id": _check_id(r.id, ids.assessment_id(r.item, r.assessor, r.date), "assessment"),
                    "item": r.item,
                    "date": r.date,
                    "assessor_kind": r.assessor_kind.value,
                    "assessor": r.assessor,
                    "assessor_key": ids.normalize_title(r.assessor),
                    "scale": r.scale.value,
                    "grade": grade,
                    "status": status.value if status else None,
                    "rationale": r.rationale,
                    "sources": _json(r.sources),
                    "verification": r.verification.value,
                    "recorded_by": r.recorded_by,
                    "verified_by": r.verified_by,
                    "verified_at": r.verified_at,
                }
            )
        written = await _upsert(self.session, AssessmentRow, rows, self.counts("assessment"), now=self.now)
        by_id = {row["id"]: row["item"] for row in rows}
        self.touched_items.update(by_id[i] for i in written)


def _validated(record: Record) -> Record:
    """Records built in Python skip decoding; checking them here applies the same rules."""
    encoded = _encode(record)
    if NUL_ESCAPE in encoded:
        raise InvalidInput(f"{type(record).__name__}: text may not contain NUL characters")
    refuse_masked_urls(record, encoded)
    try:
        return _record_decoder.decode(encoded)
    except msgspec.ValidationError as exc:
        raise InvalidInput(f"{type(record).__name__}: {exc}", field=field_of(exc)) from None


_record_decoder = msgspec.json.Decoder(AnyRecord)


async def load_records(
    session: WriteSession, records: Iterable[Record], *, as_of: dt.date | None = None, fill_only: bool = False
) -> LoadReport:
    """Upsert ``records`` by natural key in the session's transaction and re-derive the
    deadlines and statuses that depend on them.

    With ``fill_only`` (what scrapers load), a record updates a stored entity but never erases
    what is known of it: a field it leaves empty (None, empty, false, unverified) keeps the
    stored value, so a library record does not wipe a document's follow-up deadline; an item's
    texts in other languages merge into the stored ones language by language.
    """
    with _cyclic_gc_paused():
        return await _load(session, records, fill_only=fill_only)


async def import_records(
    session: WriteSession, records: Iterable[Record], *, files: Sequence[str], operation: str, by: str
) -> LoadReport:
    """Load ``records`` read from ``files`` as :func:`load_records` does, with one entry in the
    audit trail, in the same transaction: who loaded which files, and what each type of record did."""
    report = await load_records(session, records)
    await record_audit(
        session,
        actor=by,
        operation=operation,
        entity="file",
        entity_id=", ".join(files)[:220],
        after={"files": list(files), "counts": report.counts},
    )
    return report


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    # A large load allocates millions of short-lived objects and no cycles; the cyclic
    # collector would scan them again and again (about a fifth of the load's time).
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


async def _load(session: WriteSession, records: Iterable[Record], *, fill_only: bool = False) -> LoadReport:
    grouped: dict[type, list[Any]] = defaultdict(list)
    for record in records:
        if not isinstance(record, MetaRecord):
            grouped[type(record)].append(_validated(record))
    loader = _Loader(session, fill_only=fill_only)
    async with bulk_indexing(session, rows=sum(map(len, grouped.values()))):
        await loader.states(grouped[StateRecord])
        await loader.reviews(grouped[ReviewRecord])
        await loader.documents(grouped[DocumentRecord])
        await loader.decisions(grouped[DecisionRecord])
        await loader.items(grouped[RecommendationRecord], grouped[RemedyRecord])
        await loader.actions(grouped[ActionRecord])
        await loader.assessments(grouped[AssessmentRecord])
        await refresh_items(session, loader.touched_items, now=loader.now)
    await append_changes(session, loader.now)
    return loader.report
