"""Running a source: lease, fetch, keep the snapshot, parse, and load everything in one transaction.

A run that fails anywhere (the network, the server, the body, a rule of the loader) writes
nothing of what it read; it is recorded as ``failed`` with the reason, the source's health
counts the failure, and the next run starts afresh. A run cancelled at shutdown is recorded
as ``cancelled``. An identical body is not parsed twice.

Most sources are one address and one body. A :class:`GatheringAdapter` (the documents' texts)
fetches many files in a run: it fetches and reads them through the same fetcher before the
transaction, then loads them in it, where a fault of one document stops that document only.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable, Iterator
from typing import Any, Protocol, runtime_checkable

from msgspec import Struct
from sqlalchemy.ext.asyncio import AsyncSession

import tracker
from tracker import LoadReport
from tracker.domain.entities import FetchRun, Source
from tracker.domain.enums import RunOutcome
from tracker.errors import TrackerError
from tracker.ingest import load_records, propose, record_run, utcnow
from tracker_scrapers.harvest import BadParams, Harvest, ParseContext, ParseError
from tracker_scrapers.http import Fetcher, FetchError
from tracker_scrapers.registry import adapter_for
from tracker_scrapers.snapshots import SnapshotStore

log = logging.getLogger("tracker_scrapers")


class Busy(Exception):
    """Another runner holds the source's lease."""


class Loaded(Struct, kw_only=True):
    """What a gathering adapter loaded in a run: the counts, and the faults that stopped part of it."""

    report: LoadReport
    #: One line per fault: what it stopped, and why.
    faults: list[str] = []
    #: False when nothing was new (every file as before): the run is ``not_modified``.
    changed: bool = True
    #: Candidates proposed to the inbox.
    candidates: int = 0
    #: Where a paged register was read up to, kept on the source once the run is recorded as successful.
    cursor: str | None = None


@runtime_checkable
class GatheringAdapter(Protocol):
    """A source that fetches many files in one run: ``gather`` fetches (through the runner's fetcher,
    so politeness, retries and snapshots apply) and reads them before the transaction; ``load``
    loads them in the run's transaction, and ``remember`` keeps what the run did, once it is recorded."""

    name: str

    def url(self, base_url: str, params: dict[str, str]) -> str:
        """The address the run is recorded under; checks the parameters."""
        ...

    async def gather(self, opened: tracker.Tracker, fetcher: Fetcher, source: Source) -> Any:
        """Fetch and read; nothing is written."""
        ...

    async def load(self, session: AsyncSession, gathered: Any) -> Loaded:
        """Load what was gathered, in the run's transaction."""
        ...

    async def remember(self, session: AsyncSession, gathered: Any, run: FetchRun) -> None:
        """Keep what the run did, in the same transaction, once the run is recorded."""
        ...


class Runner:
    """Runs sources of one tracker with one fetcher: ``await Runner(t, fetcher).run("undl-cat-kaz")``."""

    def __init__(self, opened: tracker.Tracker, fetcher: Fetcher, *, holder: str = "runner") -> None:
        self.tracker = opened
        self.fetcher = fetcher
        self.store: SnapshotStore = fetcher.store
        #: Who the leases it takes name (their process and host are recorded with them).
        self.holder = holder

    async def run(self, name: str, *, trigger: str = "cli", replay: str | None = None) -> FetchRun:
        """Run one source now (or re-parse a kept snapshot with ``replay``); raises :class:`Busy` if
        another runner has it, :class:`~tracker.errors.NotFound` for an unknown source."""
        source = await self.tracker.sources.get(name)
        async with self.tracker.sources.lease(name, self.holder) as held:
            if not held:
                holder = await self.tracker.sources.lease_holder(name)
                raise Busy(f"source {name!r} is being run by {holder or 'another runner'}")
            started = utcnow()
            clock = time.monotonic()
            # What is known of the fetch so far, for the record of a run that fails later.
            fetched: dict[str, Any] = {}
            try:
                run = await self._run(source, started, trigger, replay, fetched)
            except asyncio.CancelledError:
                await asyncio.shield(
                    self._record(source.name, started, trigger, RunOutcome.CANCELLED, "cancelled at shutdown", **fetched)
                )
                raise
            except (FetchError, ParseError, TrackerError, OSError, UnicodeError, ValueError) as exc:
                if isinstance(exc, FetchError):
                    fetched["http_status"] = exc.status
                run = await self._record(source.name, started, trigger, RunOutcome.FAILED, _reason(exc), **fetched)
            except Exception as exc:  # a parser's bug must not stop the other sources
                log.exception("source %s: unexpected error", name)
                run = await self._record(
                    source.name, started, trigger, RunOutcome.FAILED, f"unexpected {_reason(exc)}", **fetched
                )
            log.info(
                "source %s: %s created=%d updated=%d unchanged=%d candidates=%d in %.1f s%s",
                name,
                run.outcome.value,
                run.created,
                run.updated,
                run.unchanged,
                run.candidates,
                time.monotonic() - clock,
                f" ({run.error})" if run.error else "",
            )
            return run

    async def _run(self, source: Source, started: Any, trigger: str, replay: str | None, fetched: dict[str, Any]) -> FetchRun:
        adapter = adapter_for(source.adapter)
        if isinstance(adapter, GatheringAdapter):
            return await self._gather(adapter, source, started, trigger, replay, fetched)
        url = adapter.url(source.url, source.params)
        fetched["url"] = url
        response_etag = response_last_modified = None
        if replay is not None:
            if not self.store.has(replay):
                raise ParseError(f"no snapshot {replay} in {self.store.directory}")
            digest, content_type = replay, None
            fetched["snapshot"] = replay
        else:
            known = source.last_snapshot is not None and self.store.has(source.last_snapshot)
            response = await self.fetcher.get(
                url, etag=source.etag if known else None, last_modified=source.last_modified if known else None
            )
            fetched.update(url=response.url, http_status=response.status, bytes=response.size)
            if response.status == 304:
                return await self._record(
                    source.name, started, trigger, RunOutcome.NOT_MODIFIED, None, **fetched, snapshot=source.last_snapshot
                )
            fetched["snapshot"] = response.snapshot
            if response.snapshot == source.last_snapshot:
                return await self._record(source.name, started, trigger, RunOutcome.NOT_MODIFIED, None, **fetched)
            digest, content_type = response.snapshot, response.content_type
            response_etag, response_last_modified = response.etag, response.last_modified
        context = ParseContext(
            params=source.params,
            source=source.name,
            url=fetched["url"],
            content_type=content_type,
            known=await adapter.prepare(self.tracker),
        )
        path = self.store.path(digest)  # type: ignore[arg-type]
        batches = getattr(adapter, "batches", None)
        with path.open("rb") as body:
            harvests: Iterator[Harvest] = batches(body, context) if batches else iter([adapter.parse(body, context)])
            first = await asyncio.to_thread(_next, harvests)
            async with self.tracker.writing() as session:
                report, candidates, skipped = LoadReport(), 0, 0
                harvest = first
                while harvest is not None:
                    merge_reports(report, await load_records(session, harvest.records, fill_only=True))
                    candidates += len(await propose(session, harvest.candidates))
                    skipped += len(harvest.skipped)
                    harvest = await asyncio.to_thread(_next, harvests)
                return await record_run(
                    session,
                    source=source.name,
                    started_at=started,
                    trigger=trigger,
                    outcome=RunOutcome.OK,
                    created=report.total("created"),
                    updated=report.total("updated"),
                    unchanged=report.total("unchanged"),
                    candidates=candidates,
                    skipped=skipped,
                    etag=response_etag,
                    last_modified=response_last_modified,
                    **{**fetched, "snapshot": digest},
                )

    async def _gather(
        self, adapter: GatheringAdapter, source: Source, started: Any, trigger: str, replay: str | None, fetched: dict[str, Any]
    ) -> FetchRun:
        if replay is not None:
            raise ParseError(f"a {adapter.name} run reads many files, not one snapshot: run {source.name} without --replay")
        fetched["url"] = adapter.url(source.url, source.params)
        gathered = await adapter.gather(self.tracker, self.fetcher, source)
        async with self.tracker.writing() as session:
            loaded = await adapter.load(session, gathered)
            report = loaded.report
            run = await record_run(
                session,
                source=source.name,
                started_at=started,
                trigger=trigger,
                outcome=RunOutcome.OK if loaded.changed else RunOutcome.NOT_MODIFIED,
                created=report.total("created"),
                updated=report.total("updated"),
                unchanged=report.total("unchanged"),
                candidates=loaded.candidates,
                skipped=len(loaded.faults),
                error=_faults(loaded.faults),
                bytes=getattr(gathered, "bytes", None),
                cursor=loaded.cursor,
                **fetched,
            )
            await adapter.remember(session, gathered, run)
            return run

    async def _record(
        self, name: str, started: Any, trigger: str, outcome: RunOutcome, error: str | None, **details: Any
    ) -> FetchRun:
        async with self.tracker.writing() as session:
            return await record_run(
                session, source=name, started_at=started, trigger=trigger, outcome=outcome, error=error, **details
            )

    async def run_many(self, names: Iterable[str], *, trigger: str = "cli") -> list[FetchRun | Busy]:
        """Run sources one after the other; one failing (or busy) does not stop the others."""
        results: list[FetchRun | Busy] = []
        for name in names:
            try:
                results.append(await self.run(name, trigger=trigger))
            except Busy as exc:
                results.append(exc)
        return results


def _next(harvests: Iterator[Harvest]) -> Harvest | None:
    return next(harvests, None)


def merge_reports(total: LoadReport, part: LoadReport) -> None:
    """Add the counts of ``part`` to ``total``."""
    for kind, counts in part.counts.items():
        held = total.counts.setdefault(kind, type(counts)())
        held.created += counts.created
        held.updated += counts.updated
        held.unchanged += counts.unchanged


#: How many faults a run's record names; the others are counted.
_FAULTS_NAMED = 5


def _faults(faults: list[str]) -> str | None:
    if not faults:
        return None
    named = "; ".join(faults[:_FAULTS_NAMED])
    more = f"; and {len(faults) - _FAULTS_NAMED} more" if len(faults) > _FAULTS_NAMED else ""
    return f"{len(faults)} not read: {named}{more}"


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if isinstance(exc, (FetchError, ParseError, TrackerError, BadParams)) else f"{type(exc).__name__}: {text}"


__all__ = ["Busy", "GatheringAdapter", "Loaded", "Runner", "merge_reports"]
