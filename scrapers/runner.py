"""Running a source: lease, fetch, keep the snapshot, parse, and load everything in one transaction.

A run that fails anywhere (the network, the server, the body, a rule of the loader) writes
nothing of what it read; it is recorded as ``failed`` with the reason, the source's health
counts the failure, and the next run starts afresh. A run cancelled at shutdown is recorded
as ``cancelled``. An identical body is not parsed twice.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Iterable, Iterator
from typing import Any


import tracker
from scrapers.harvest import Harvest, ParseContext, ParseError
from scrapers.http import Fetcher, FetchError
from scrapers.registry import adapter_for
from scrapers.snapshots import SnapshotStore
from tracker.db.models import utcnow
from tracker.domain.entities import FetchRun, Source
from tracker.domain.enums import RunOutcome
from tracker.errors import TrackerError
from tracker.services.inbox import propose
from tracker.services.loading import LoadReport, load_records
from tracker.services.sources import record_run

log = logging.getLogger("scrapers")


class Busy(Exception):
    """Another runner holds the source's lease."""


class Runner:
    """Runs sources of one tracker with one fetcher: ``await Runner(t, fetcher).run("undl-cat-kaz")``."""

    def __init__(self, opened: tracker.Tracker, fetcher: Fetcher, *, holder: str | None = None) -> None:
        self.tracker = opened
        self.fetcher = fetcher
        self.store: SnapshotStore = fetcher.store
        self.holder = holder or f"{os.uname().nodename}:{os.getpid()}"

    async def run(self, name: str, *, trigger: str = "cli", replay: str | None = None) -> FetchRun:
        """Run one source now (or re-parse a kept snapshot with ``replay``); raises :class:`Busy` if
        another runner has it, :class:`~tracker.errors.NotFound` for an unknown source."""
        source = await self.tracker.sources.get(name)
        async with self.tracker.sources.lease(name, self.holder) as held:
            if not held:
                raise Busy(f"source {name!r} is being run by another runner")
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
                run = await self._record(source.name, started, trigger, RunOutcome.FAILED, f"unexpected {_reason(exc)}", **fetched)
            log.info("source %s: %s created=%d updated=%d unchanged=%d candidates=%d in %.1f s%s", name, run.outcome.value,
                     run.created, run.updated, run.unchanged, run.candidates, time.monotonic() - clock,
                     f" ({run.error})" if run.error else "")
            return run

    async def _run(self, source: Source, started: Any, trigger: str, replay: str | None, fetched: dict[str, Any]) -> FetchRun:
        adapter = adapter_for(source.adapter)
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
                return await self._record(source.name, started, trigger, RunOutcome.NOT_MODIFIED, None, **fetched,
                                          snapshot=source.last_snapshot)
            fetched["snapshot"] = response.snapshot
            if response.snapshot == source.last_snapshot:
                return await self._record(source.name, started, trigger, RunOutcome.NOT_MODIFIED, None, **fetched)
            digest, content_type = response.snapshot, response.content_type
            response_etag, response_last_modified = response.etag, response.last_modified
        context = ParseContext(
            params={**source.params, "source": source.name}, url=fetched["url"], content_type=content_type,
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
                    _merge(report, await load_records(session, harvest.records, fill_only=True))
                    candidates += len(await propose(session, harvest.candidates))
                    skipped += len(harvest.skipped)
                    harvest = await asyncio.to_thread(_next, harvests)
                return await record_run(
                    session, source=source.name, started_at=started, trigger=trigger, outcome=RunOutcome.OK,
                    created=report.total("created"), updated=report.total("updated"), unchanged=report.total("unchanged"),
                    candidates=candidates, skipped=skipped, etag=response_etag, last_modified=response_last_modified,
                    **{**fetched, "snapshot": digest},
                )

    async def _record(self, name: str, started: Any, trigger: str, outcome: RunOutcome, error: str | None,
                      **details: Any) -> FetchRun:
        async with self.tracker.writing() as session:
            return await record_run(session, source=name, started_at=started, trigger=trigger, outcome=outcome, error=error,
                                    **details)

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


def _merge(total: LoadReport, part: LoadReport) -> None:
    for kind, counts in part.counts.items():
        held = total.counts.setdefault(kind, type(counts)())
        held.created += counts.created
        held.updated += counts.updated
        held.unchanged += counts.unchanged


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if isinstance(exc, (FetchError, ParseError, TrackerError)) else f"{type(exc).__name__}: {text}"


__all__ = ["Busy", "Runner"]
