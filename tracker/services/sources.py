"""Sources as data: adding and switching them, recording each run and the source's health, the lease
that keeps a source to one runner at a time, and what was read of each document's text."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
from collections.abc import AsyncIterator, Callable, Collection, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import msgspec
from apscheduler.triggers.cron import CronTrigger
from msgspec import UNSET, Struct
from sqlalchemy import delete, insert, select, text, tuple_, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from tracker.db.models import DocumentRow, DocumentTextRow, FetchRunRow, SourceLeaseRow, SourceRow, utcnow
from tracker.db.reading import Reader
from tracker.db.writing import WriteSession
from tracker.domain import ids
from tracker.domain.entities import FetchRun, Source
from tracker.domain.enums import RunOutcome
from tracker.domain.source_urls import check_source_url, shown
from tracker.domain.versions import etag_of
from tracker.domain.writes import NewSource, SourceChanges
from tracker.errors import Conflict, InvalidInput, PreconditionFailed
from tracker.queries import convert
from tracker.queries import sources as source_queries
from tracker.services.audit import record_audit
from tracker.services.writing import parse, reader_of, write_transaction

#: How long a lease on a source holds when no one can tell whether its runner is alive (a runner of
#: another host that died, or a lease from before leases named their process).
LEASE_TTL = dt.timedelta(hours=1)
#: How much later than its lease a holder's process may seem to have started: the wall clock may
#: have been stepped between the two readings.
_CLOCK_SLACK = dt.timedelta(seconds=2)
#: The first key of the PostgreSQL advisory locks on sources ("sc").
_LEASE_SPACE = 0x7363


def check_cron(expression: str) -> str:
    """``expression`` if it is a five-field cron expression; raises :class:`InvalidInput` otherwise."""
    try:
        CronTrigger.from_crontab(expression, timezone=dt.UTC)
    except ValueError as exc:
        raise InvalidInput(
            f"{expression!r} is not a cron expression (five fields: minute hour day month weekday): {exc}", field="cron"
        ) from None
    return expression


#: Checks a source's parameters against what its adapter declares: called with the adapter's name,
#: the URL and the parameters (a value may be a list), it returns the parameters as the source stores
#: them, or raises an exception naming each problem (the scrapers' ``check_source`` raises their ``BadParams``).
SourceCheck = Callable[[str, str, Mapping[str, str | Sequence[str]]], dict[str, str]]


async def add_source(session: WriteSession, new: NewSource, *, by: str) -> Source:
    """Store a new source; raises :class:`Conflict` if the name is taken."""
    if new.every_seconds is not None and new.cron is not None:
        raise InvalidInput("a source runs every so often or on a cron schedule, not both", field="cron")
    if new.cron is not None:
        check_cron(new.cron)
    check_source_url(new.url)
    params = dict(new.params)
    if (await session.execute(select(SourceRow.name).where(SourceRow.name == new.name))).first() is not None:
        raise Conflict(f"a source named {new.name!r} exists already", existing=new.name)
    await session.execute(
        insert(SourceRow.__table__).values(
            name=new.name,
            adapter=new.adapter.value,
            url=new.url,
            params=params,
            every_seconds=new.every_seconds,
            cron=new.cron,
            enabled=new.enabled,
            consecutive_failures=0,
            created_at=utcnow(),
        )
    )
    source = await get_source(session, new.name)
    await record_audit(session, actor=by, operation="create", entity="source", entity_id=new.name, after=source)
    return source


async def edit_source(
    session: WriteSession,
    name: str,
    changes: SourceChanges | Mapping[str, Any],
    *,
    check: SourceCheck | None = None,
    if_match: Collection[str] | None = None,
    by: str,
) -> Source:
    """Change the given fields of a source (:class:`SourceChanges`, or a dict of its fields); a new URL
    or new parameters pass through ``check`` first, which may also take several values of a parameter as a list.
    With ``if_match`` (ETags, or ``*``), raises :class:`PreconditionFailed` unless the stored source is
    still the version one of them names, as stored or as :func:`shown`. Raises :class:`NotFound` and
    :class:`InvalidInput`."""
    before = await get_source(session, name)
    if if_match is not None and "*" not in if_match and not {etag_of(before), etag_of(shown(before))} & set(if_match):
        raise PreconditionFailed(f"source {name!r} has changed since that version was read; read it again")
    given = (
        dict(changes)
        if isinstance(changes, Mapping)
        else {f: v for f, v in msgspec.structs.asdict(changes).items() if v is not UNSET}
    )
    if "url" in given and isinstance(given["url"], str):
        check_source_url(given["url"])
    if check is not None and ("url" in given or "params" in given):
        given["params"] = check(before.adapter.value, given.get("url", before.url), given.get("params", before.params))
    given = {field: value for field, value in msgspec.structs.asdict(parse(SourceChanges, given)).items() if value is not UNSET}
    every_seconds, cron = given.get("every_seconds"), given.get("cron")
    if every_seconds is not None and cron is not None:
        raise InvalidInput("a source runs every so often or on a cron schedule, not both", field="cron")
    if "every_seconds" in given:
        given.setdefault("cron", None)
    if "cron" in given:
        given.setdefault("every_seconds", None)
        if cron is not None:
            check_cron(cron)
    changed = {field: value for field, value in given.items() if value != getattr(before, field)}
    if not changed:
        return before
    await session.execute(update(SourceRow).where(SourceRow.name == name).values(**changed))
    after = await get_source(session, name)
    await record_audit(session, actor=by, operation="update", entity="source", entity_id=name, before=before, after=after)
    return after


class Removed(Struct, frozen=True, kw_only=True):
    """What removing a source took with it."""

    source: Source
    #: Whether its runs were kept, under its name (a source added again under that name shows them).
    kept_runs: bool
    #: How many of its runs were removed (0 when they were kept).
    runs: int = 0
    #: The snapshots (SHA-256) only its removed runs used: no run, source or document text names them now.
    snapshots: list[str] = []


async def add_sources(session: WriteSession, news: Iterable[NewSource], *, by: str) -> None:
    """Store each of the new sources (see :func:`add_source`)."""
    for new in news:
        await add_source(session, new, by=by)


async def remove_source(session: WriteSession, name: str, *, keep_runs: bool = False, by: str) -> Removed:
    """Remove a source; its runs go with it unless ``keep_runs`` (then they stay under its name, and a
    source added again under that name shows them). Raises :class:`NotFound`."""
    source = await get_source(session, name)
    removed = Removed(source=source, kept_runs=keep_runs)
    if not keep_runs:
        used = {
            snapshot
            for snapshot in (await session.execute(select(FetchRunRow.snapshot).where(FetchRunRow.source == name))).scalars()
            if snapshot is not None
        }
        runs = await session.execute(delete(FetchRunRow).where(FetchRunRow.source == name))
        still = set((await session.execute(select(FetchRunRow.snapshot).where(FetchRunRow.snapshot.in_(used)))).scalars())
        still |= set(
            (
                await session.execute(
                    select(SourceRow.last_snapshot).where(SourceRow.last_snapshot.in_(used), SourceRow.name != name)
                )
            ).scalars()
        )
        still |= set(
            (await session.execute(select(DocumentTextRow.snapshot).where(DocumentTextRow.snapshot.in_(used)))).scalars()
        )
        removed = Removed(source=source, kept_runs=False, runs=runs.rowcount or 0, snapshots=sorted(used - still))  # type: ignore[attr-defined]  # an INSERT/DELETE gives a CursorResult; the stubs say Result
    await session.execute(delete(SourceLeaseRow).where(SourceLeaseRow.source == name))
    await session.execute(delete(SourceRow).where(SourceRow.name == name))
    await record_audit(session, actor=by, operation="delete", entity="source", entity_id=name, before=source)
    return removed


async def get_source(session: WriteSession, name: str) -> Source:
    """A source as the session's transaction sees it."""
    return await source_queries.get_source(await reader_of(session), name)


async def set_enabled(session: WriteSession, name: str, enabled: bool, *, by: str) -> Source:
    """Switch a source on or off; the scheduler picks the change up."""
    before = await get_source(session, name)
    if before.enabled != enabled:
        await session.execute(update(SourceRow).where(SourceRow.name == name).values(enabled=enabled))
        after = await get_source(session, name)
        await record_audit(
            session,
            actor=by,
            operation="enable" if enabled else "disable",
            entity="source",
            entity_id=name,
            before=before,
            after=after,
        )
        return after
    return before


async def record_run(
    session: WriteSession,
    *,
    source: str,
    started_at: dt.datetime,
    trigger: str,
    outcome: RunOutcome,
    error: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    cursor: str | None = None,
    **details: Any,
) -> FetchRun:
    """Enter a finished run and update the source's health; a successful run also keeps what the
    server said of its version (``ETag``, ``Last-Modified``) and the snapshot's hash, and the
    ``cursor`` a paged register's run stopped at, when it gives one."""
    now = utcnow()
    result = await session.execute(
        insert(FetchRunRow.__table__).values(
            source=source,
            started_at=started_at,
            finished_at=now,
            trigger=trigger,
            outcome=outcome.value,
            error=error,
            **{"created": 0, "updated": 0, "unchanged": 0, "candidates": 0, "skipped": 0, **details},
        )
    )
    if outcome is RunOutcome.FAILED:
        health: dict[str, Any] = {
            "last_error_at": now,
            "last_error": error,
            "consecutive_failures": SourceRow.consecutive_failures + 1,
        }
    elif outcome is RunOutcome.CANCELLED:
        health = {}
    else:
        health = {"last_success_at": now, "consecutive_failures": 0}
        if cursor is not None:
            health["cursor"] = cursor
        if outcome is RunOutcome.OK:
            health.update(etag=etag, last_modified=last_modified, last_snapshot=details.get("snapshot"))
    if health:
        await session.execute(update(SourceRow).where(SourceRow.name == source).values(**health))
    run_id = result.inserted_primary_key[0]  # type: ignore[attr-defined]  # an INSERT/DELETE gives a CursorResult; the stubs say Result
    row = (await session.execute(select(FetchRunRow).where(FetchRunRow.id == run_id))).scalar_one()
    return convert.fetch_run(row)


class Lease(Struct, frozen=True, kw_only=True):
    """Who holds a source's lease (SQLite): the runner's name, its process and host, and since when."""

    holder: str
    host: str | None = None
    pid: int | None = None
    since: dt.datetime | None = None
    expires_at: dt.datetime

    def __str__(self) -> str:
        process = f" (process {self.pid} on {self.host})" if self.pid is not None else ""
        since = f" since {self.since:%Y-%m-%d %H:%M:%S} UTC" if self.since is not None else ""
        return f"{self.holder}{process}{since}"


@asynccontextmanager
async def source_lease(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], name: str, holder: str
) -> AsyncIterator[bool]:
    """Hold the right to run source ``name`` for the block; yields False if another runner holds it.

    PostgreSQL: a session advisory lock on a connection kept for the block, released however the
    process ends. SQLite: a lease row naming this process and host. A runner on the same host takes
    over the lease of a process that is gone; one from another host waits for :data:`LEASE_TTL`.
    """
    if engine.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=4).digest(), "big", signed=True)
        async with engine.connect() as connection:
            held = (
                await connection.execute(text("SELECT pg_try_advisory_lock(:space, :key)"), {"space": _LEASE_SPACE, "key": key})
            ).scalar_one()
            await connection.commit()
            try:
                yield bool(held)
            finally:
                if held:
                    await connection.execute(text("SELECT pg_advisory_unlock(:space, :key)"), {"space": _LEASE_SPACE, "key": key})
                    await connection.commit()
        return
    held = await _take_lease(sessions, name, holder)
    try:
        yield held
    finally:
        if held:
            async with sessions() as session, session.begin():
                await session.execute(
                    delete(SourceLeaseRow).where(
                        SourceLeaseRow.source == name, SourceLeaseRow.holder == holder, SourceLeaseRow.pid == os.getpid()
                    )
                )


async def lease_of(reader: Reader, name: str) -> Lease | None:
    """Who holds source ``name``'s lease row, if anyone does (always None on PostgreSQL, whose
    advisory locks keep no row)."""
    row = (await reader.execute(select(SourceLeaseRow.__table__).where(SourceLeaseRow.source == name))).first()
    if row is None:
        return None
    return Lease(holder=row.holder, host=row.host, pid=row.pid, since=row.taken_at, expires_at=row.expires_at)


def _gone(lease: SourceLeaseRow, host: str, now: dt.datetime) -> bool:
    """Whether a lease's holder can no longer be running: the lease expired, or its process is not
    alive on this host, or the process alive under its pid started after the lease was taken (the
    holder died and its pid went to another process). A process of another host is known only by
    the expiry."""
    if lease.expires_at < now:
        return True
    if lease.pid is None or lease.host != host:
        return False
    if lease.pid == os.getpid():
        return False
    try:
        os.kill(lease.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, under another user
        pass
    started = _process_started_at(lease.pid)
    return started is not None and lease.taken_at is not None and started > lease.taken_at + _CLOCK_SLACK


def _process_started_at(pid: int) -> dt.datetime | None:
    """When process ``pid`` started, never later than it did, from Linux's ``/proc``; None where
    there is no ``/proc`` or the process is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        boot = next(line for line in Path("/proc/stat").read_text().splitlines() if line.startswith("btime "))
        ticks_per_second = os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, StopIteration):
        return None
    # Field 22 is the start in clock ticks after boot (whose time /proc/stat gives in whole seconds).
    # The command name, field 2, is in parentheses and may hold spaces: fields are counted after it.
    ticks = int(stat.rpartition(")")[2].split()[19])
    return dt.datetime.fromtimestamp(int(boot.split()[1]) + ticks / ticks_per_second, dt.UTC)


async def _take_lease(sessions: async_sessionmaker[AsyncSession], name: str, holder: str) -> bool:
    now, host = utcnow(), socket.gethostname()
    async with write_transaction(sessions) as session:
        held = (await session.execute(select(SourceLeaseRow).where(SourceLeaseRow.source == name))).scalar_one_or_none()
        if held is not None and not _gone(held, host, now):
            return False
        if held is not None:
            await session.execute(delete(SourceLeaseRow).where(SourceLeaseRow.source == name))
        await session.execute(
            insert(SourceLeaseRow.__table__).values(
                source=name, holder=holder, expires_at=now + LEASE_TTL, host=host, pid=os.getpid(), taken_at=now
            )
        )
    return True


class TextRead(Struct, frozen=True, kw_only=True):
    """One language version of a document as the tracker read it: from which file (the kept
    snapshot), by which reader, when, what it gave and what it could not place; or where it
    stopped (``fault``: ``fetch``, ``read`` or ``load``) and why."""

    document: str
    language: str
    state: str | None = None
    #: The source whose run read it, and that run.
    source: str | None = None
    run: int | None = None
    url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    snapshot: str | None = None
    reader: str | None = None
    #: The version of the reading code that read it: a fault is tried again when it changes.
    readers: str | None = None
    #: When this snapshot was read (or failed to be), and when the file was last looked at.
    read_at: dt.datetime
    checked_at: dt.datetime
    #: Records the reading gave, by type: ``{"document": 1, "recommendation": 163}``.
    counts: dict[str, int] = {}
    unplaced: int = 0
    #: The first lines it could not place.
    unplaced_lines: list[str] = []
    fault: str | None = None
    error: str | None = None


async def remember_texts(session: WriteSession, reads: Sequence[TextRead]) -> None:
    """Keep what a run read of each language version (one row per document and language, replaced)."""
    if not reads:
        return
    rows = [
        {
            "document": ids.slug(r.document),
            "language": r.language,
            "source": r.source,
            "run": r.run,
            "url": r.url,
            "etag": r.etag,
            "last_modified": r.last_modified,
            "snapshot": r.snapshot,
            "reader": r.reader,
            "readers": r.readers,
            "read_at": r.read_at,
            "checked_at": r.checked_at,
            "counts": dict(r.counts),
            "unplaced": r.unplaced,
            "unplaced_lines": list(r.unplaced_lines),
            "fault": r.fault,
            "error": r.error,
        }
        for r in reads
    ]
    keys = [(row["document"], row["language"]) for row in rows]
    await session.execute(delete(DocumentTextRow).where(tuple_(DocumentTextRow.document, DocumentTextRow.language).in_(keys)))
    await session.execute(insert(DocumentTextRow.__table__), rows)


async def texts_read(reader: Reader, *, state: str | None = None, document: str | None = None) -> list[TextRead]:
    """What was read of the documents' texts, by document symbol and language (``en`` before ``ru``);
    ``state`` and ``document`` (a symbol) narrow it."""
    query = (
        select(DocumentTextRow, DocumentRow.symbol, DocumentRow.state.label("document_state"))
        .join(DocumentRow, DocumentRow.id == DocumentTextRow.document)
        .order_by(DocumentRow.symbol, DocumentTextRow.language)
    )
    if state is not None:
        query = query.where(DocumentRow.state == state.upper())
    if document is not None:
        query = query.where(DocumentRow.symbol == document.strip())
    return [
        TextRead(
            document=row.symbol,
            language=row.language,
            state=row.document_state,
            source=row.source,
            run=row.run,
            url=row.url,
            etag=row.etag,
            last_modified=row.last_modified,
            snapshot=row.snapshot,
            reader=row.reader,
            readers=row.readers,
            read_at=row.read_at,
            checked_at=row.checked_at,
            counts=row.counts or {},
            unplaced=row.unplaced,
            unplaced_lines=row.unplaced_lines or [],
            fault=row.fault,
            error=row.error,
        )
        for row in (await reader.execute(query)).all()
    ]
