"""Server-rendered HTML pages for advocates: overview, State dashboards, items, decisions,
briefings and search, read through the same library calls as the JSON API."""

from __future__ import annotations

from pathlib import Path

from tracker_api.pages.controller import PagesController, configure_engine

#: Where the Jinja templates of the pages live (shipped as package data).
TEMPLATE_DIRECTORY = Path(__file__).parent / "templates"

__all__ = ["TEMPLATE_DIRECTORY", "PagesController", "configure_engine"]
