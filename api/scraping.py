"""Scraping inside the service: runs queued through the API, and the scheduler for a single-process install."""

from __future__ import annotations

import asyncio
import logging

import tracker
from tracker_scrapers.http import Fetcher
from tracker_scrapers.runner import Busy, Runner
from tracker_scrapers.scheduler import Scheduler
from tracker_scrapers.snapshots import SnapshotStore

log = logging.getLogger("tracker_api.scraping")


class Scraping:
    """One fetcher for the service's runs; ``queue`` starts a run in the background."""

    def __init__(self, opened: tracker.Tracker, settings: tracker.Settings) -> None:
        self.fetcher = Fetcher(SnapshotStore(settings.snapshot_dir))
        self.runner = Runner(opened, self.fetcher, holder="tracker serve")
        self.scheduler = Scheduler(opened, self.fetcher, holder="tracker serve") if settings.with_scheduler else None
        self._runs: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        if self.scheduler is not None:
            await self.scheduler.start()

    def queue(self, name: str) -> None:
        """Run a source now, in the background; the run records itself."""
        task = asyncio.create_task(self._run(name), name=f"source:{name}")
        self._runs.add(task)
        task.add_done_callback(self._runs.discard)

    async def _run(self, name: str) -> None:
        try:
            await self.runner.run(name, trigger="api")
        except Busy as exc:
            log.info("%s", exc)

    async def stop(self) -> None:
        """Cancel what runs (each run records itself as cancelled) and close the fetcher."""
        if self.scheduler is not None:
            await self.scheduler.stop()
        for task in list(self._runs):
            task.cancel()
        await asyncio.gather(*self._runs, return_exceptions=True)
        await self.fetcher.close()
