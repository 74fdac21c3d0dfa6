"""The scheduler: runs each enabled source on its schedule (interval or cron, with jitter), in one process.

APScheduler 3 keeps its jobs in memory, so the schedules are read from the sources table and
read again every minute; the per-source lease keeps a second scheduler process harmless.
Stopping cancels the runs under way, which record themselves as ``cancelled``.

A discovery source (the UN Digital Library, the Treaty Body Database) that finds new or changed
documents queues a run of the enabled ``document-texts`` sources of the same State, so their texts
are read soon after, not only on those sources' own schedules.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

import tracker
from tracker.domain.entities import FetchRun, Source
from tracker.domain.enums import AdapterName, RunOutcome
from tracker_scrapers.http import Fetcher
from tracker_scrapers.runner import Busy, Runner

log = logging.getLogger("tracker_scrapers.scheduler")

#: Sources that learn that documents exist; their finds are read by the ``document-texts`` sources.
DISCOVERY = frozenset({AdapterName.UNDL_MARCXML, AdapterName.UNDL_RSS, AdapterName.TB_LISTING})


class Scheduler:
    """``scheduler = Scheduler(t, fetcher); await scheduler.start(); …; await scheduler.stop()``."""

    def __init__(
        self, opened: tracker.Tracker, fetcher: Fetcher, *, jitter: int = 120, refresh: int = 60, holder: str = "scheduler"
    ) -> None:
        self.tracker = opened
        self.runner = Runner(opened, fetcher, holder=holder)
        self.jitter = jitter
        self.refresh = refresh
        self._scheduler = AsyncIOScheduler(timezone=dt.UTC)
        self._schedules: dict[str, tuple[int | None, str | None]] = {}
        self._runs: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Schedule the enabled sources and start; the sources table is read again every ``refresh`` seconds."""
        await self.sync()
        self._scheduler.add_job(self.sync, IntervalTrigger(seconds=self.refresh), id="sources", coalesce=True, max_instances=1)
        self._scheduler.start()

    async def sync(self) -> None:
        """Bring the jobs in line with the sources table: new, changed, disabled and removed sources."""
        wanted = {
            source.name: source for source in await self.tracker.sources.list() if source.enabled and _trigger_of(source, 0)
        }
        for name in list(self._schedules):
            if name not in wanted or self._schedules[name] != (wanted[name].every_seconds, wanted[name].cron):
                self._scheduler.remove_job(f"source:{name}")
                del self._schedules[name]
        for name, source in wanted.items():
            if name in self._schedules:
                continue
            self._scheduler.add_job(
                self._run,
                _trigger_of(source, self.jitter),
                args=[name],
                id=f"source:{name}",
                coalesce=True,
                max_instances=1,
                misfire_grace_time=3600,
            )
            self._schedules[name] = (source.every_seconds, source.cron)
        log.info("scheduler: %d sources scheduled", len(self._schedules))

    @property
    def scheduled(self) -> list[str]:
        """The sources with a job, by name."""
        return sorted(self._schedules)

    async def _run(self, name: str) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._runs.add(task)  # type: ignore[arg-type]
        try:
            run = await self.runner.run(name, trigger="scheduler")
            await self._follow(run)
        except Busy as exc:
            log.info("scheduler: %s", exc)
        except tracker.NotFound:
            log.info("scheduler: source %s was removed", name)
        finally:
            self._runs.discard(task)  # type: ignore[arg-type]

    async def _follow(self, run: FetchRun) -> None:
        """After a discovery run that found new or changed documents, queue the State's texts runs."""
        if run.outcome is not RunOutcome.OK or not (run.created or run.updated):
            return
        found = await self.tracker.sources.get(run.source)
        if found.adapter not in DISCOVERY:
            return
        for name in following(found, await self.tracker.sources.list()):
            # One queued run per texts source: a second discovery run before it starts adds nothing.
            self._scheduler.add_job(self._run, args=[name], id=f"follow:{name}", replace_existing=True, misfire_grace_time=3600)
            log.info("scheduler: %s found documents; %s queued", run.source, name)

    async def stop(self) -> None:
        """Stop scheduling and cancel the runs under way (each records itself as ``cancelled``)."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        runs = list(self._runs)
        for run in runs:
            run.cancel()
        await asyncio.gather(*runs, return_exceptions=True)


def following(discovery: Source, sources: list[Source]) -> list[str]:
    """The enabled ``document-texts`` sources that read what ``discovery`` finds: those of its States
    (``state``, several joined by commas), or all of them when it names none."""
    states = {code for code in discovery.params.get("state", "").split(",") if code}
    return [
        source.name
        for source in sources
        if source.enabled
        and source.adapter is AdapterName.DOCUMENT_TEXTS
        and (not states or source.params.get("state") in states)
    ]


def _trigger_of(source: Source, jitter: int) -> BaseTrigger | None:
    if source.every_seconds:
        return IntervalTrigger(
            seconds=source.every_seconds, jitter=min(jitter, source.every_seconds // 10) or None, timezone=dt.UTC
        )
    if source.cron:
        return CronTrigger.from_crontab(source.cron, timezone=dt.UTC)
    return None
