"""The library's front door: ``async with tracker.open(url) as t: await t.items.list(...)``.

Every date argument of a read (``as_of``, ``since``, ``until``, ``due_before``, ``due_after``) takes a
:class:`datetime.date` or an ISO string ``"YYYY-MM-DD"``; anything else, a :class:`datetime.datetime`
included (pass its ``.date()``), raises :class:`~tracker.errors.InvalidInput` naming the argument.
"""

from __future__ import annotations

import asyncio
import builtins
import datetime as dt
import getpass
import re
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Collection, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, aclosing, asynccontextmanager
from enum import StrEnum
from importlib.resources import files
from pathlib import Path
from typing import IO, Any, Concatenate, ParamSpec, TypeVar

import msgspec
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from tracker.config import load_settings
from tracker.db import migrate
from tracker.db.engine import create_engine, read_engine
from tracker.db.models import DataVersionRow, StateRow
from tracker.db.reading import AsyncReader, Reader, ReadThreads
from tracker.db.writing import WriteSession, WriteThread
from tracker.domain.entities import (
    Action,
    ApiKey,
    Assessment,
    AuditEntry,
    Briefing,
    Candidate,
    Change,
    Decision,
    DecisionDetail,
    Document,
    DocumentDetail,
    FetchRun,
    Item,
    ItemDetail,
    Page,
    Source,
    StateOverview,
    StateSummary,
)
from tracker.domain.enums import ActionKind, AdapterName, Body, CandidateStatus, DocumentKind, ItemKind, Role, Status
from tracker.domain.schedules import parse_every
from tracker.domain.source_urls import may_hold_secrets, refuse_masked_urls, shown_urls
from tracker.domain.writes import (
    Acceptance,
    ActionChanges,
    NewAction,
    NewAssessment,
    NewCandidate,
    NewSource,
    Rejection,
    SourceChanges,
)
from tracker.errors import DatabaseUnavailable, InvalidInput
from tracker.exporting import export_records
from tracker.queries import resources
from tracker.queries import sources as source_queries
from tracker.queries.briefings import build_briefing
from tracker.queries.changes import describe_changes, list_changes
from tracker.queries.items import ItemFilter, get_item, item_labels, list_items
from tracker.queries.keys import active_key_named, key_for, list_keys
from tracker.queries.paging import MAX_LIMIT, check_states
from tracker.queries.triage import get_candidate, list_audit, list_candidates
from tracker.records import Record, decode_lines, encode_record, read_records
from tracker.services import inbox, keys, recording, sources
from tracker.services.loading import LoadReport, import_records, load_records
from tracker.services.sources import Removed, SourceCheck
from tracker.services.writing import advance_version, busy_as_database_busy, parse, write_transaction

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")
P = ParamSpec("P")
OneOrMany = str | Sequence[str] | None

#: Export lines encoded per hand-off to a read thread: few hand-offs, and the loop is never held long.
EXPORT_BATCH = 500

#: The bundled data files, loaded in this order by :meth:`Tracker.seed`.
SEED_FILES = ("states.ndjson", "kaz-tjk.ndjson")


def default_actor() -> str:
    """Who a write from the library is attributed to unless ``by`` says: ``library:`` and the OS user."""
    try:
        return f"library:{getpass.getuser()}"
    except (OSError, KeyError):
        return "library"


def _many(value: OneOrMany) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _enums(enum: type[E], value: OneOrMany, field: str) -> list[E]:
    chosen = []
    for raw in _many(value):
        try:
            chosen.append(enum(raw))
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            raise InvalidInput(f"{field}: {raw!r} is not one of {allowed}", field=field) from None
    return chosen


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _as_date(value: dt.date | str | None, field: str) -> dt.date | None:
    """A date argument of the library: a :class:`datetime.date` or an ISO string ``YYYY-MM-DD``.

    ``None`` stays ``None``. Anything else raises :class:`InvalidInput` naming ``field``: ``"2023"``, a
    ``"2023-02-30"`` that is no day, and a :class:`datetime.datetime`, which is refused rather than cut to
    its day (the day depends on its time zone, and a time would suggest a precision the read does not have);
    pass ``value.date()`` instead.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        raise InvalidInput(f"{field}: {value!r} is a datetime, not a date; pass its .date() or YYYY-MM-DD", field=field)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise InvalidInput(f"{field}: {value!r} is not a day of the calendar; use YYYY-MM-DD", field=field) from None
    raise InvalidInput(f"{field}: {value!r} is not a date; use YYYY-MM-DD or a datetime.date", field=field)


async def every(list_call: Callable[..., Awaitable[Page[T]]], /, **filters: Any) -> AsyncIterator[T]:
    """Every entry a list call finds, read a page at a time (the largest page a list serves) by
    following ``next_cursor``: ``async for action in tracker.every(t.actions.list, state="KAZ")``.

    ``filters`` are the call's own arguments; ``limit`` and ``cursor`` are this function's.
    """
    cursor = None
    while True:
        page = await list_call(**filters, limit=MAX_LIMIT, cursor=cursor)
        for entry in page:
            yield entry
        if (cursor := page.next_cursor) is None:
            return


def item_filter(
    *,
    state: OneOrMany = None,
    body: OneOrMany = None,
    kind: OneOrMany = None,
    status: OneOrMany = None,
    follow_up: bool | None = None,
    overdue: bool | None = None,
    document: str | None = None,
    decision: str | None = None,
    theme: OneOrMany = None,
    due_before: dt.date | str | None = None,
    due_after: dt.date | str | None = None,
    updated_since: dt.datetime | None = None,
    q: str | None = None,
) -> ItemFilter:
    """An item filter from plain values; a value outside its vocabulary, or a date that is not one
    (see :func:`_as_date`), raises :class:`InvalidInput`."""
    return ItemFilter(
        states=[code.upper() for code in _many(state)],
        bodies=_enums(Body, [b.upper() for b in _many(body)], "body"),
        kinds=_enums(ItemKind, kind, "kind"),
        statuses=_enums(Status, status, "status"),
        follow_up=follow_up,
        overdue=overdue,
        document=document,
        decision=decision,
        themes=_many(theme),
        due_before=_as_date(due_before, "due_before"),
        due_after=_as_date(due_after, "due_after"),
        updated_since=updated_since,
        q=q,
    )


class Items:
    """Follow-up items: ``await t.items.list(state="KAZ", overdue=True)``, ``await t.items.get(id)``."""

    def __init__(self, tracker: Tracker) -> None:
        self._tracker = tracker

    async def list(
        self,
        *,
        state: OneOrMany = None,
        body: OneOrMany = None,
        kind: OneOrMany = None,
        status: OneOrMany = None,
        follow_up: bool | None = None,
        overdue: bool | None = None,
        document: str | None = None,
        decision: str | None = None,
        theme: OneOrMany = None,
        due_before: dt.date | str | None = None,
        due_after: dt.date | str | None = None,
        updated_since: dt.datetime | None = None,
        q: str | None = None,
        sort: str = "id",
        limit: int = 50,
        cursor: str | None = None,
        as_of: dt.date | str | None = None,
        where: ItemFilter | None = None,
    ) -> Page[Item]:
        """Items matching every filter given (several values of one filter: any of them), or ``where``.

        ``theme`` takes a slug of the vocabulary (``redress_and_compensation``; see
        :data:`tracker.domain.themes.THEMES`) or a theme tag of the records.
        ``overdue`` is judged on ``as_of`` (today by default). Dates are a ``datetime.date`` or
        ``"YYYY-MM-DD"``; a ``datetime`` is refused with :class:`InvalidInput`. ``sort`` is ``id``, ``due_date``
        (soonest first), ``-updated_at`` (latest first) or ``relevance`` (with ``q``).
        Follow ``next_cursor`` for more.
        """
        where = where or item_filter(
            state=state,
            body=body,
            kind=kind,
            status=status,
            follow_up=follow_up,
            overdue=overdue,
            document=document,
            decision=decision,
            theme=theme,
            due_before=due_before,
            due_after=due_after,
            updated_since=updated_since,
            q=q,
        )
        return await self._tracker.read(list_items, where, limit=limit, cursor=cursor, as_of=_as_date(as_of, "as_of"), sort=sort)

    async def check(self, where: ItemFilter) -> None:
        """Raise :class:`InvalidInput` if ``where`` names a State that is not known."""
        await self._tracker.read(check_states, where.states)

    def each(self, where: ItemFilter | None = None, *, as_of: dt.date | str | None = None) -> AsyncIterator[Item]:
        """Every item ``where`` selects (see :func:`item_filter`), in ID order, read a page at a time."""
        day = _as_date(as_of, "as_of")

        async def uncounted(*, limit: int, cursor: str | None) -> Page[Item]:
            # Pages read to the end need no total; counting would read the whole selection once more per page.
            return await self._tracker.read(list_items, where, limit=limit, cursor=cursor, as_of=day, count=False)

        return every(uncounted)

    async def get(self, item_id: str, *, as_of: dt.date | str | None = None) -> ItemDetail:
        """One item with its source text, assessments, timeline of actions and status history.

        Raises :class:`~tracker.errors.NotFound` for an unknown ID.
        """
        return await self._tracker.look_up(get_item, item_id, as_of=_as_date(as_of, "as_of"))

    async def labels(self, item_ids: Iterable[str]) -> dict[str, str]:
        """The labels of the given items, as readers know them, by id (unknown ids are left out)."""
        return await self._tracker.read(item_labels, list(item_ids), dt.date.today())

    async def assess(self, item_id: str, assessment: NewAssessment | Mapping[str, Any], *, by: str | None = None) -> Assessment:
        """Add an assessment of an item (:class:`~tracker.domain.writes.NewAssessment`, or a dict of its
        fields); the item's status is re-derived in the same transaction.

        Raises :class:`~tracker.errors.NotFound` for an unknown item,
        :class:`~tracker.errors.InvalidInput` for a grade not on the scale, and
        :class:`~tracker.errors.Conflict` if the assessor already judged the item that day.
        """
        new = parse(NewAssessment, assessment)
        refuse_masked_urls(new)
        return await self._tracker.write(recording.assess_item, item_id, new, by=by or default_actor())


class States:
    """States: ``await t.states.list()`` (the tracked ones, with counts), ``await t.states.get("KAZ")``."""

    def __init__(self, tracker: Tracker) -> None:
        self._tracker = tracker

    async def list(self, *, as_of: dt.date | str | None = None) -> list[StateOverview]:
        """Every State that has follow-up items, with its counts by status and of overdue items."""
        return await self._tracker.read(resources.list_states, as_of=_as_date(as_of, "as_of"))

    async def get(self, code: str, *, as_of: dt.date | str | None = None) -> StateSummary:
        """One State's summary: counts by body and status, overdue items, upcoming deadlines, latest actions."""
        return await self._tracker.read(resources.state_summary, code.upper(), as_of=_as_date(as_of, "as_of"))


class Documents:
    """UN documents: ``await t.documents.list(state="KAZ")``, ``await t.documents.get("CAT/C/KAZ/CO/3")``."""

    def __init__(self, tracker: Tracker) -> None:
        self._tracker = tracker

    async def list(
        self,
        *,
        state: OneOrMany = None,
        body: OneOrMany = None,
        kind: OneOrMany = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[Document]:
        """Documents matching every filter given, in ID order."""
        return await self._tracker.read(
            resources.list_documents,
            states=[c.upper() for c in _many(state)],
            bodies=_enums(Body, [b.upper() for b in _many(body)], "body"),
            kinds=_enums(DocumentKind, kind, "kind"),
            limit=limit,
            cursor=cursor,
        )

    async def get(self, symbol: str, *, as_of: dt.date | str | None = None) -> DocumentDetail:
        """A document by symbol or ID, with its follow-up items."""
        return await self._tracker.read(resources.get_document, symbol, as_of=_as_date(as_of, "as_of"))


class Decisions:
    """Individual decisions: ``await t.decisions.list(state="TJK")``, ``await t.decisions.get("cat-433-2010")``."""

    def __init__(self, tracker: Tracker) -> None:
        self._tracker = tracker

    async def list(
        self, *, state: OneOrMany = None, body: OneOrMany = None, q: str | None = None, limit: int = 50, cursor: str | None = None
    ) -> Page[Decision]:
        """Decisions matching every filter given, in ID order. ``q`` looks in their titles, communication
        numbers, symbols, authors and victims, with the syntax of the items' full-text search (words,
        ``"phrases"``, ``OR``, ``-word``); a word matches the start of a word, in any case."""
        return await self._tracker.read(
            resources.list_decisions,
            states=[c.upper() for c in _many(state)],
            bodies=_enums(Body, [b.upper() for b in _many(body)], "body"),
            q=q,
            limit=limit,
            cursor=cursor,
        )

    async def get(self, decision_id: str, *, as_of: dt.date | str | None = None) -> DecisionDetail:
        """A decision with its remedies, each remedy's status, and every action on them (oldest first)."""
        return await self._tracker.read(resources.get_decision, decision_id, as_of=_as_date(as_of, "as_of"))

    async def cases(
        self, *, state: OneOrMany = None, body: OneOrMany = None, as_of: dt.date | str | None = None
    ) -> builtins.list[DecisionDetail]:
        """Every decision of the States and bodies given, in ID order, each as :meth:`get` reads it:
        with its remedies and every action on them."""
        return await self._tracker.read(
            resources.decision_details,
            states=[c.upper() for c in _many(state)],
            bodies=_enums(Body, [b.upper() for b in _many(body)], "body"),
            as_of=_as_date(as_of, "as_of"),
        )


class Actions:
    """What States did: ``await t.actions.list(state="KAZ", kind="court_ruling", since=date(2013, 1, 1))``."""

    def __init__(self, tracker: Tracker) -> None:
        self._tracker = tracker

    async def get(self, action_id: str) -> Action:
        """One action with its sources and the items it bears on."""
        return await self._tracker.look_up(resources.get_action, action_id)

    async def record(self, action: NewAction | Mapping[str, Any], *, by: str | None = None) -> Action:
        """Record an action (:class:`~tracker.domain.writes.NewAction`, or a dict of its fields) with its
        sources and item links; the linked items' statuses are re-derived in the same transaction.

        Raises :class:`~tracker.errors.InvalidInput` naming the field at fault,
        :class:`~tracker.errors.NotFound` for an unknown linked item, and
        :class:`~tracker.errors.Conflict` if the action is recorded already.
        """
        new = parse(NewAction, action)
        refuse_masked_urls(new)
        return await self._tracker.write(recording.record_action, new, by=by or default_actor())

    async def update(
        self,
        action_id: str,
        changes: ActionChanges | Mapping[str, Any],
        *,
        if_match: str | Collection[str] | None = None,
        by: str | None = None,
    ) -> Action:
        """Change some fields of an action; ``links`` or ``sources`` given replace the whole list.

        With ``if_match`` (an ETag from :func:`tracker.etag_of`), raises
        :class:`~tracker.errors.PreconditionFailed` if the action changed since.
        """
        parsed = parse(ActionChanges, changes)
        refuse_masked_urls(parsed)
        tags = [if_match] if isinstance(if_match, str) else if_match
        return await self._tracker.write(recording.update_action, action_id, parsed, if_match=tags, by=by or default_actor())

    async def verify(self, action_id: str, *, by: str | None = None) -> Action:
        """Confirm an action someone else recorded; from then on it counts toward its items' status.

        Raises :class:`~tracker.errors.NotFound`, :class:`~tracker.errors.NotAllowed` when ``by``
        recorded it, and :class:`~tracker.errors.Conflict` if it is verified already.
        """
        return await self._tracker.write(recording.verify_action, action_id, by=by or default_actor())

    async def list(
        self,
        *,
        state: OneOrMany = None,
        kind: OneOrMany = None,
        item: OneOrMany = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        q: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[Action]:
        """Actions matching every filter given (several values of one filter: any of them), latest first;
        ``item`` keeps those linked to the item. ``since`` and ``until`` are a ``datetime.date`` or
        ``"YYYY-MM-DD"`` (a ``datetime`` or another form raises :class:`InvalidInput`)."""
        return await self._tracker.read(
            resources.list_actions,
            states=[c.upper() for c in _many(state)],
            kinds=_enums(ActionKind, kind, "kind"),
            items=_many(item),
            since=_as_date(since, "since"),
            until=_as_date(until, "until"),
            q=q,
            limit=limit,
            cursor=cursor,
        )


class Assessments:
    """Assessments of items: ``await t.assessments.get(id)``, ``await t.assessments.verify(id, by=...)``.

    Add one with :meth:`Items.assess`."""

    def __init__(self, tracker: Tracker) -> None:
        self._tracker = tracker

    async def get(self, assessment_id: str) -> Assessment:
        """One assessment; raises :class:`~tracker.errors.NotFound`."""
        return await self._tracker.look_up(resources.get_assessment, assessment_id)

    async def verify(self, assessment_id: str, *, by: str | None = None) -> Assessment:
        """Confirm an assessment someone else recorded; from then on it counts toward the item's status.

        Raises :class:`~tracker.errors.NotFound`, :class:`~tracker.errors.NotAllowed` when ``by``
        recorded it, and :class:`~tracker.errors.Conflict` if it is verified already.
        """
        return await self._tracker.write(recording.verify_assessment, assessment_id, by=by or default_actor())


class Keys:
    """API keys: ``key, secret = await t.keys.create("ngo-x", "editor")``; only a digest of the secret is kept."""

    def __init__(self, tracker: Tracker) -> None:
        self._tracker = tracker

    async def create(self, name: str, role: Role | str, *, by: str | None = None) -> tuple[ApiKey, str]:
        """A new key and its secret, which cannot be shown again."""
        (chosen,) = _enums(Role, role, "role")
        return await self._tracker.write(keys.create_key, name, chosen, by=by or default_actor())

    async def list(self) -> list[ApiKey]:
        """Every key, active or revoked."""
        return await self._tracker.read(list_keys)

    async def revoke(self, name: str, *, by: str | None = None) -> ApiKey:
        """Refuse a key from now on."""
        return await self._tracker.write(keys.revoke_key, name, by=by or default_actor())

    async def authenticate(self, secret: str) -> ApiKey | None:
        """The active key with this secret, or None."""
        return await self._tracker.look_up(key_for, keys.digest(secret))

    async def active(self, name: str) -> ApiKey | None:
        """The key of this name unless it was revoked (or never made): how a signed-in session,
        which keeps the key's name and never its secret, is checked again on every request."""
        return await self._tracker.look_up(active_key_named, name)

    async def note_use(self, name: str, at: dt.datetime) -> None:
        """Remember when a key was last used."""
        # A key's last use shows in no public read: noting it leaves cached reads standing.
        async with self._tracker.writing(changes_reads=False) as session:
            await keys.note_use(session, name, at)


class Audit:
    """The audit trail: ``await t.audit.list(actor="key:ngo-x", entity="action")``."""

    def __init__(self, tracker: Tracker) -> None:
        self._tracker = tracker

    async def list(
        self,
        *,
        actor: str | None = None,
        entity: str | None = None,
        entity_id: str | None = None,
        operation: str | None = None,
        state: OneOrMany = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[AuditEntry]:
        """Entries, latest first, filtered by who (``key:NAME``, ``library:USER``), the entity, the
        operation (``create``, ``update``, ``accept``, ``reject``, ``revoke``; ``import`` and ``seed``
        for a records file loaded, entity ``file``) and time."""
        return await self._tracker.read(
            list_audit,
            actor=actor,
            entity=entity,
            entity_id=entity_id,
            operation=operation,
            states=[c.upper() for c in _many(state)],
            since=since,
            until=until,
            limit=limit,
            cursor=cursor,
        )


class Inbox:
    """Triage of what scrapers found: ``await t.inbox.list()``, ``accept``, ``reject``."""

    def __init__(self, tracker: Tracker) -> None:
        self._tracker = tracker

    async def propose(self, candidates: Iterable[NewCandidate | Mapping[str, Any]]) -> list[int]:
        """Add candidates, skipping entries their source proposed before; returns the new IDs."""
        parsed = [parse(NewCandidate, c) for c in candidates]
        return await self._tracker.write(inbox.propose, parsed)

    async def list(
        self,
        *,
        status: OneOrMany = "pending",
        state: OneOrMany = None,
        source: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page[Candidate]:
        """Candidates, oldest first; pending ones unless ``status`` says otherwise."""
        return await self._tracker.read(
            list_candidates,
            statuses=_enums(CandidateStatus, status, "status"),
            states=[c.upper() for c in _many(state)],
            source=source,
            limit=limit,
            cursor=cursor,
        )

    async def get(self, candidate_id: int) -> Candidate:
        """One candidate, whatever its status."""
        return await self._tracker.look_up(get_candidate, candidate_id)

    async def accept(
        self, candidate_id: int, acceptance: Acceptance | Mapping[str, Any], *, by: str | None = None
    ) -> tuple[Candidate, Action]:
        """Turn a pending candidate into an action (State, date, title and source default to the
        candidate's, and so do kind and legal reference where it proposes them; one from a State's
        official register of legal acts is verified by that source); raises
        :class:`~tracker.errors.Conflict` if it was triaged already."""
        parsed = parse(Acceptance, acceptance)
        refuse_masked_urls(parsed)
        return await self._tracker.write(inbox.accept, candidate_id, parsed, by=by or default_actor())

    async def reject(self, candidate_id: int, reason: str, *, by: str | None = None) -> Candidate:
        """Set a pending candidate aside, with the reason."""
        parsed = parse(Rejection, {"reason": reason})
        return await self._tracker.write(inbox.reject, candidate_id, parsed, by=by or default_actor())


class Sources:
    """Where the scrapers read: ``await t.sources.add("undl-cat-kaz", "undl-marcxml", url, params={...}, every="1d")``.

    The adapters that read sources live outside the library: a tracker opened with
    ``check_source`` (the scrapers' :func:`tracker_scrapers.registry.check_source`) passes every source's
    parameters through it when one is added, edited or seeded, so none is stored that its adapter
    cannot run; its exception (naming each problem) reaches the caller and nothing is stored.
    """

    def __init__(self, tracker: Tracker) -> None:
        self._tracker = tracker

    async def add(
        self,
        name: str,
        adapter: str,
        url: str,
        *,
        params: Mapping[str, str | Sequence[str]] | None = None,
        every: str | int | None = None,
        cron: str | None = None,
        enabled: bool = True,
        by: str | None = None,
    ) -> Source:
        """Add a source. ``every`` is seconds or ``30m``/``6h``/``1d``; ``cron`` five fields in UTC.
        Several values of a parameter: a list, or one string with commas (as sources store them).
        Raises :class:`~tracker.errors.Conflict` when the name is taken."""
        try:
            seconds = parse_every(every) if isinstance(every, str) else every
        except ValueError as exc:
            raise InvalidInput(str(exc), field="every") from None
        (known,) = _enums(AdapterName, adapter, "adapter")
        checked = (
            dict(params or {})
            if self._tracker.check_source is None
            else self._tracker.check_source(known.value, url, params or {})
        )
        new = parse(
            NewSource,
            {
                "name": name,
                "adapter": adapter,
                "url": url,
                "params": checked,
                "every_seconds": seconds,
                "cron": cron,
                "enabled": enabled,
            },
        )
        return await self._tracker.write(sources.add_source, new, by=by or default_actor())

    async def edit(
        self,
        name: str,
        changes: SourceChanges | Mapping[str, Any],
        *,
        if_match: str | Collection[str] | None = None,
        by: str | None = None,
    ) -> Source:
        """Change some fields of a source (:class:`~tracker.domain.writes.SourceChanges`, or a dict of
        its fields: ``url``, ``params`` (replaced whole), ``every_seconds``, ``cron``, ``enabled``).
        A new URL or new parameters are checked as :meth:`add` checks them; nothing changes if one is wrong.

        With ``if_match`` (an ETag from :func:`tracker.etag_of`), raises
        :class:`~tracker.errors.PreconditionFailed` if the source changed since.
        """
        tags = [if_match] if isinstance(if_match, str) else if_match
        return await self._tracker.write(
            sources.edit_source, name, changes, check=self._tracker.check_source, if_match=tags, by=by or default_actor()
        )

    async def remove(self, name: str, *, keep_runs: bool = False, by: str | None = None) -> Removed:
        """Remove a source; its runs (and the snapshots only they name, listed in the answer for the
        caller to delete) go with it unless ``keep_runs``. The records its runs loaded stay."""
        return await self._tracker.write(sources.remove_source, name, keep_runs=keep_runs, by=by or default_actor())

    async def list(self) -> list[Source]:
        """Every source with its health."""
        return await self._tracker.read(source_queries.list_sources)

    async def get(self, name: str) -> Source:
        """One source; raises :class:`~tracker.errors.NotFound`."""
        return await self._tracker.look_up(source_queries.get_source, name)

    async def runs(self, name: str, *, limit: int = 20, cursor: str | None = None) -> Page[FetchRun]:
        """A source's runs, latest first."""
        return await self._tracker.read(source_queries.list_runs, name, limit=limit, cursor=cursor)

    async def enable(self, name: str, *, by: str | None = None) -> Source:
        """Let the scheduler run the source again."""
        return await self._tracker.write(sources.set_enabled, name, True, by=by or default_actor())

    async def disable(self, name: str, *, by: str | None = None) -> Source:
        """Keep the scheduler from running the source (it can still be run by hand)."""
        return await self._tracker.write(sources.set_enabled, name, False, by=by or default_actor())

    def lease(self, name: str, holder: str) -> AbstractAsyncContextManager[bool]:
        """Hold the right to run ``name`` for a block; yields False when another runner holds it."""
        return sources.source_lease(self._tracker.engine, self._tracker._sessions, name, holder)

    async def lease_holder(self, name: str) -> sources.Lease | None:
        """Who holds ``name``'s lease now: runner, process, host and since when (SQLite; None when no
        one does, and always on PostgreSQL, whose advisory locks name no holder)."""
        async with self._tracker.reader() as reader:
            return await sources.lease_of(reader, name)

    async def add_defaults(self) -> int:
        """Add the bundled Kazakhstan and Tajikistan sources that are missing; returns how many were added.
        Every bundled source is checked (see :class:`Sources`) before any is added."""
        bundled = [
            parse(NewSource, entry) for entry in msgspec.json.decode(files("tracker.seed").joinpath("sources.json").read_bytes())
        ]
        check = self._tracker.check_source
        if check is not None:
            bundled = [msgspec.structs.replace(new, params=check(new.adapter.value, new.url, new.params)) for new in bundled]
        known = {source.name for source in await self.list()}
        missing = [new for new in bundled if new.name not in known]
        await self._tracker.write(sources.add_sources, missing, by="seed")
        return len(missing)


class Changes:
    """The change log: ``await t.changes.list(since=cursor_or_timestamp, state="KAZ")``."""

    def __init__(self, tracker: Tracker) -> None:
        self._tracker = tracker

    async def list(
        self,
        *,
        since: str | dt.datetime | None = None,
        state: OneOrMany = None,
        body: OneOrMany = None,
        item: str | None = None,
        limit: int = 100,
        latest_first: bool = False,
    ) -> Page[Change]:
        """Entries after ``since``, oldest first; keep ``next_cursor`` to read on later."""
        return await self._tracker.read(
            list_changes,
            since=since,
            states=[c.upper() for c in _many(state)],
            bodies=_enums(Body, [b.upper() for b in _many(body)], "body"),
            item=item,
            limit=limit,
            latest_first=latest_first,
        )

    async def describe(self, changes: Sequence[Change]) -> dict[int, str]:
        """What each change did, in words, by change id: "Status: no information → partially
        implemented (rule: …) — <item>", "Action recorded: <title>"."""
        return await self._tracker.read(describe_changes, changes)


class Briefings:
    """Dialogue briefings: ``await t.briefings.get("KAZ", since=date(2013, 1, 1))``."""

    def __init__(self, tracker: Tracker) -> None:
        self._tracker = tracker

    async def get(
        self,
        state: str,
        *,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        theme: OneOrMany = None,
        body: OneOrMany = None,
        as_of: dt.date | str | None = None,
    ) -> Briefing:
        """One State's briefing for a dialogue: a summary, what is new in the period, what the State
        did in it, status changes dated in it, what is outstanding (each item once) and the
        individual cases with a remedy still open; render it with :mod:`tracker.rendering`. ``theme``
        (vocabulary slugs) and ``body`` narrow it to those items (several values: any of them). ``since``, ``until`` and
        ``as_of`` are a ``datetime.date`` or ``"YYYY-MM-DD"`` (a ``datetime`` or another form raises
        :class:`InvalidInput`)."""
        return await self._tracker.read(
            build_briefing,
            state.upper(),
            since=_as_date(since, "since"),
            until=_as_date(until, "until"),
            themes=_many(theme),
            bodies=_enums(Body, [b.upper() for b in _many(body)], "body"),
            as_of=_as_date(as_of, "as_of"),
        )


class Tracker:
    """An open tracker database. Get one with :func:`tracker.open`."""

    def __init__(self, engine: AsyncEngine, *, check_source: SourceCheck | None = None) -> None:
        self.engine = engine
        #: What checks a source's parameters against its adapter (see :class:`Sources`).
        self.check_source = check_source
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        self._write_turn = asyncio.Lock()
        sync_engine = read_engine(engine)
        self._read_threads = ReadThreads(sync_engine) if sync_engine is not None else None
        self._write_thread = WriteThread(sync_engine) if sync_engine is not None else None
        self.items = Items(self)
        self.states = States(self)
        self.documents = Documents(self)
        self.decisions = Decisions(self)
        self.actions = Actions(self)
        self.assessments = Assessments(self)
        self.changes = Changes(self)
        self.briefings = Briefings(self)
        self.keys = Keys(self)
        self.audit = Audit(self)
        self.inbox = Inbox(self)
        self.sources = Sources(self)

    async def read(self, query: Callable[Concatenate[Reader, P], Awaitable[T]], *args: P.args, **kwargs: P.kwargs) -> T:
        """``await query(reader, *args, **kwargs)`` with a reader of its own (see :mod:`tracker.db.reading`).

        On a SQLite file the whole query runs in a worker thread, so the event loop serves
        other requests meanwhile; elsewhere it awaits an async connection."""
        if self._read_threads is not None:
            return await self._read_threads.read(query, *args, **kwargs)
        async with self.engine.connect() as connection:
            return await query(AsyncReader(connection), *args, **kwargs)

    async def look_up(self, query: Callable[Concatenate[Reader, P], Awaitable[T]], *args: P.args, **kwargs: P.kwargs) -> T:
        """Like :meth:`read`, for a query that reads a few rows by key (one item, one API key).

        On a SQLite file it runs right here, on the event loop: it takes less time than a
        hand-off to a read thread, and never waits behind the long reads those threads run."""
        async with self.reader() as reader:
            return await query(reader, *args, **kwargs)

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[Reader]:
        """A connection for reading (see :mod:`tracker.db.reading`); nothing it does is committed.

        On a SQLite file its statements run in the calling thread, on the event loop: for
        anything but a quick read prefer :meth:`read`, which runs the whole query in a worker thread."""
        if self._read_threads is not None:
            with self._read_threads.here() as reader:
                yield reader
        else:
            async with self.engine.connect() as connection:
                yield AsyncReader(connection)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """An ORM session; nothing it does is committed unless you commit it."""
        async with self._sessions() as session:
            yield session

    @asynccontextmanager
    async def writing(self, *, changes_reads: bool = True) -> AsyncIterator[AsyncSession]:
        """A session in a write transaction: committed when the block ends, rolled back on error.

        Writes of one process queue here in order of arrival: the database lets one writer in
        at a time anyway, and its own waiting is neither in order nor unbounded. The transaction
        also advances :meth:`version`, unless ``changes_reads=False`` says that nothing it writes
        shows in a read a cache may keep (a key's last-use stamp).
        """
        async with self._write_turn, write_transaction(self._sessions) as session:
            yield session
            if changes_reads:
                await advance_version(session)

    async def write(self, change: Callable[Concatenate[WriteSession, P], Awaitable[T]], *args: P.args, **kwargs: P.kwargs) -> T:
        """``await change(session, *args, **kwargs)`` in one write transaction, as in :meth:`writing`.

        On a SQLite file the whole transaction runs in the tracker's write thread, one hand-off from
        the event loop (see :mod:`tracker.db.writing`), so that reads running meanwhile slow it little:
        ``change`` may await only the session's ``execute`` and ``connection`` (and coroutines that do
        no more), or it raises RuntimeError there and nothing is written."""
        if self._write_thread is None:
            async with self.writing() as session:
                return await change(session, *args, **kwargs)
        async with self._write_turn:
            with busy_as_database_busy():
                return await self._write_thread.write(change, advance_version, *args, **kwargs)

    async def version(self) -> int:
        """The data's version: a number that every committed write that can change a read advances
        (edits, triage, sources, loads, imports, scrapers' runs and migrations), the same in every
        process on the database. A read kept while the number stays the same is still true.

        Writes that change no read a cache may keep do not advance it: a key's last-use stamp
        (:meth:`Keys.note_use`) and a scraper's lease on its source. Nor does what you commit
        yourself through :meth:`session`, or by other means than the library: write in
        :meth:`writing`."""
        async with self.reader() as reader:
            return (await reader.execute(select(DataVersionRow.version))).scalar_one()

    async def load(self, records: Iterable[Record], *, fill_only: bool = False) -> LoadReport:
        """Upsert records by natural key in one transaction: all of them, or none on error.

        With ``fill_only`` a record never erases what is stored: fields it leaves empty keep
        their stored values (scrapers load this way)."""
        return await self.write(load_records, records, fill_only=fill_only)

    async def import_file(self, path: str | Path, *, by: str | None = None) -> LoadReport:
        """Load a records file (a ``tracker export`` dump or a hand-made one), all of it or nothing;
        the audit trail says who loaded it (``by``), its name and the counts (operation ``import``)."""
        path = Path(path)
        records = read_records(path)
        return await self.write(import_records, records, files=[path.name], operation="import", by=by or default_actor())

    async def seed(self, *, only_if_empty: bool = False, by: str | None = None) -> LoadReport | None:
        """Load the bundled Kazakhstan/Tajikistan data; with ``only_if_empty``, skip a database
        that already holds States (so edits made since are never overwritten). The audit trail
        says who (``by``) and what it loaded (operation ``seed``)."""
        if only_if_empty and await self.is_seeded():
            return None
        records: list[Record] = []
        for name in SEED_FILES:
            data = files("tracker.seed").joinpath(name).read_bytes()
            records.extend(decode_lines(data.splitlines(), name=name))
        report = await self.write(import_records, records, files=SEED_FILES, operation="seed", by=by or default_actor())
        await self.sources.add_defaults()
        return report

    async def is_seeded(self) -> bool:
        return await self.look_up(_holds_states)

    async def export(self, out: IO[bytes], *, description: str | None = None) -> int:
        """Write every record as NDJSON to ``out``; returns the number of records written."""
        count = 0
        # Closed here, not whenever the garbage collector gets to it: a failed write (a full disk)
        # must give its read connection back before the tracker closes.
        async with aclosing(self.export_lines(description=description)) as lines:
            async for line in lines:
                out.write(line)
                count += 1
        return count

    async def export_lines(
        self,
        where: ItemFilter | None = None,
        *,
        description: str | None = None,
        url_base: str | None = None,
        masked: bool = False,
    ) -> AsyncGenerator[bytes, None]:
        """NDJSON lines of every record, or of the items ``where`` selects and what they refer to.

        With ``masked`` every URL's secret query parameters are masked, as public reads show them
        (:func:`~tracker.domain.source_urls.shown_urls`); without, the export loses nothing."""

        async def lines(reader: Reader) -> AsyncGenerator[bytes, None]:
            async for record in export_records(reader, where=where, description=description, url_base=url_base):
                line = encode_record(record)
                if masked and may_hold_secrets(line):
                    line = encode_record(shown_urls(record))
                yield line + b"\n"

        if self._read_threads is not None:
            async with aclosing(self._read_threads.stream(lines, EXPORT_BATCH)) as streamed:
                async for line in streamed:
                    yield line
        else:
            async with self.engine.connect() as connection:
                async for line in lines(AsyncReader(connection)):
                    yield line

    async def upgrade(self) -> None:
        """Bring the schema up to date with the code."""
        revision = await migrate.current_revision(self.engine)
        if revision is not None and revision not in migrate.known_revisions():
            raise DatabaseUnavailable(_newer(revision))
        await migrate.upgrade(self.engine)
        if revision != await migrate.current_revision(self.engine):
            # A migration may rewrite what reads show (statuses derived again, parameters renamed).
            async with self.writing():
                pass

    async def check(self) -> None:
        """Raise :class:`DatabaseUnavailable` unless the database answers and is at the current schema."""
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            revision = await migrate.current_revision(self.engine)
        except (OperationalError, DBAPIError, OSError) as exc:
            raise DatabaseUnavailable(f"cannot reach the database: {_reason(exc)}") from None
        head = migrate.head_revision()
        if revision is not None and revision not in migrate.known_revisions():
            raise DatabaseUnavailable(_newer(revision))
        if revision != head:
            raise DatabaseUnavailable(
                f"the database schema is at {revision or 'nothing'}, the code needs {head}: run `tracker db upgrade`"
            )

    async def close(self) -> None:
        if self._write_thread is not None:
            self._write_thread.close()
        if self._read_threads is not None:
            self._read_threads.close()
        await self.engine.dispose()


def _reason(exc: Exception) -> str:
    """What the database driver said, without SQLAlchemy's wrapping (its class name and a link to its docs)."""
    return str(getattr(exc, "orig", None) or exc)


async def _holds_states(reader: Reader) -> bool:
    return (await reader.execute(select(func.count()).select_from(StateRow))).scalar_one() > 0


def _newer(revision: str) -> str:
    return f"the database schema is at {revision}, which this version of tracker does not know: it was made by a newer version"


@asynccontextmanager
async def open(  # noqa: A001
    url: str | None = None, *, upgrade: bool = False, check: bool = True, check_source: SourceCheck | None = None
) -> AsyncIterator[Tracker]:
    """Open a tracker database; ``url`` defaults to ``TRACKER_DATABASE_URL`` or ``./tracker.db``.

    With ``upgrade=True`` the schema is brought up to date first; otherwise a database that
    is not at the current schema raises :class:`~tracker.errors.DatabaseUnavailable`.
    ``check_source`` checks the parameters of every source added, edited or seeded (see :class:`Sources`).
    """
    engine = create_engine(url or load_settings().database_url)
    opened = Tracker(engine, check_source=check_source)
    try:
        if upgrade:
            try:
                await opened.upgrade()
            except (OperationalError, DBAPIError, OSError) as exc:
                raise DatabaseUnavailable(f"cannot reach the database: {_reason(exc)}") from None
        if check:
            await opened.check()
        yield opened
    finally:
        await opened.close()
