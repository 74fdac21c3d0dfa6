"""A State briefing for a human-rights dialogue, built from the same rows as every other read."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select

from tracker.db.models import ActionItemRow, ActionRow, DecisionRow, DocumentRow, ItemRow, StateRow, StatusChangeRow
from tracker.db.reading import Reader, get_row
from tracker.domain.entities import Action, Briefing
from tracker.domain.enums import Body, ItemKind, Status, UprResponse
from tracker.domain.themes import BY_SLUG
from tracker.errors import InvalidInput, NotFound
from tracker.queries import convert
from tracker.queries.items import action_links

#: Statuses that need no more follow-up in a dialogue.
SETTLED = {Status.IMPLEMENTED, Status.CLOSED}


async def build_briefing(
    reader: Reader,
    code: str,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    themes: Sequence[str] = (),
    bodies: Sequence[Body] = (),
    as_of: dt.date | None = None,
) -> Briefing:
    """The briefing on State ``code`` for actions and status changes between ``since`` and ``until``."""
    as_of = as_of or dt.date.today()
    until = until or as_of
    if since is not None and since > until:
        raise InvalidInput("since is after until", field="since")
    unknown = [theme for theme in themes if theme not in BY_SLUG]
    if unknown:
        raise InvalidInput(f"unknown theme {unknown[0]!r} (known: {', '.join(BY_SLUG)})", field="themes")
    state_row = await get_row(reader, StateRow, code)
    if state_row is None:
        raise NotFound("State", code)

    raise NotImplementedError  # rebuilt below


async def _all_actions(reader: Reader, action_ids: set[str]) -> list[Action]:
    if not action_ids:
        return []
    rows = (await reader.execute(select(ActionRow).where(ActionRow.id.in_(action_ids)).order_by(ActionRow.date))).all()
    links = await action_links(reader, [r.id for r in rows])
    return [convert.action(r, links[r.id]) for r in rows]
