"""The Litestar plugin that opens the tracker database for the app's lifetime and guards every route."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar, Request
from litestar.config.app import AppConfig
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.plugins import InitPluginProtocol

import tracker
from tracker.config import Settings
from tracker_api.auth import Authorization, actor_of
from tracker_api.scraping import Scraping
from tracker_scrapers.registry import check_source


class TrackerPlugin(InitPluginProtocol):
    """Opens :class:`tracker.Tracker` on startup, closes it on shutdown, and injects it as ``tracker``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @asynccontextmanager
    async def _lifespan(self, app: Litestar) -> AsyncIterator[None]:
        async with tracker.open(self.settings.database_url, check=False, check_source=check_source) as opened:
            app.state.tracker = opened
            scraping = Scraping(opened, self.settings)
            app.state.scraping = scraping
            await scraping.start()
            try:
                yield
            finally:
                await scraping.stop()

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        app_config.lifespan.append(self._lifespan)
        # The sign-in page tells editors how long an idle session lasts.
        app_config.state.session_idle_minutes = self.settings.session_idle_minutes
        app_config.dependencies["tracker"] = Provide(_provide_tracker, sync_to_thread=False)
        # Not "actor": a dependency shares its name space with the body's fields, and actions have an `actor`.
        app_config.dependencies["writer"] = Provide(_provide_writer, sync_to_thread=False)
        authorization = Authorization(self.settings)
        app_config.guards.append(authorization.guard)
        return app_config


def _provide_tracker(state: State) -> tracker.Tracker:
    return state.tracker  # type: ignore[no-any-return]


def _provide_writer(request: Request[Any, Any, Any]) -> str:
    return actor_of(request)


#: How a route handler asks for the open tracker: ``tracker: TrackerDependency``.
TrackerDependency = NamedDependency[tracker.Tracker]
#: How a write handler learns whom to attribute the write to (``key:NAME``): ``writer: Writer``.
Writer = NamedDependency[str]
