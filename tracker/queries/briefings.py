"""A State briefing for a human-rights dialogue, built from the same rows as every other read."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select

from tracker.db.models import ActionItemRow, ActionRow, DecisionRow, DocumentRow, ItemRow, StateRow, StatusChangeRow
from tracker.db.reading import Reader, get_row
from tracker.domain.entities import (
    Action,
    Briefing,
    BriefingCase,
    BriefingStatusChange,
    BriefingTheme,
    Item,
)
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

    query = select(ItemRow, DocumentRow.symbol).outerjoin(DocumentRow, DocumentRow.id == ItemRow.document).where(ItemRow.state == code)
    if bodies:
        query = query.where(ItemRow.body.in_([b.value for b in bodies]))
    items = [convert.item(r, document_symbol=r.symbol, as_of=as_of) for r in await reader.execute(query.order_by(ItemRow.id))]
    by_theme: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        for theme in item.vocabulary_themes:
            by_theme[theme].append(item)

    start = since or dt.date.min
    action_rows = (
        await reader.execute(
            select(ActionRow).where(ActionRow.state == code, ActionRow.date >= start, ActionRow.date <= until)
            .order_by(ActionRow.date, ActionRow.id)
        )
    ).all()
    links = await action_links(reader, [a.id for a in action_rows])
    actions = [convert.action(a, links[a.id]) for a in action_rows]
    changes = (
        await reader.execute(
            select(StatusChangeRow).join(ItemRow, ItemRow.id == StatusChangeRow.item)
            .where(ItemRow.state == code).order_by(StatusChangeRow.changed_at, StatusChangeRow.id)
        )
    ).all()
    in_period = [c for c in changes if start <= c.changed_at.date() <= until]

    sections = []
    for slug in themes or [slug for slug in BY_SLUG if slug in by_theme]:
        members = by_theme.get(slug, [])
        ids = {item.id for item in members}
        sections.append(BriefingTheme(
            theme=slug,
            label=BY_SLUG[slug].label,
            outstanding=[i for i in members if i.status not in SETTLED and i.response is not UprResponse.NOTED
                         and (i.kind is ItemKind.REMEDY or i.follow_up or i.overdue or i.body is not Body.UPR)],
            upr_supported=[i for i in members if i.body is Body.UPR and i.response is UprResponse.SUPPORTED],
            actions=[a for a in actions if any(link.item in ids for link in a.links)],
            status_changes=[BriefingStatusChange(item=c.item, at=c.changed_at, status=Status(c.status))
                            for c in in_period if c.item in ids],
        ))

    decisions = (await reader.execute(select(DecisionRow).where(DecisionRow.state == code).order_by(DecisionRow.id))).all()
    cases = []
    for decision in decisions:
        remedies = [i for i in items if i.decision == decision.id]
        remedy_ids = {i.id for i in remedies}
        case_action_ids = set((await reader.execute(
            select(ActionItemRow.action).where(ActionItemRow.item.in_(remedy_ids))
        )).scalars()) if remedy_ids else set()
        case_actions = await _all_actions(reader, case_action_ids)
        cases.append(BriefingCase(decision=convert.decision(decision), remedies=remedies, actions=case_actions))

    return Briefing(
        state=convert.state(state_row), since=since, until=until, as_of=as_of,
        overdue=sum(1 for i in items if i.overdue), themes=sections, cases=cases,
    )


async def _all_actions(reader: Reader, action_ids: set[str]) -> list[Action]:
    if not action_ids:
        return []
    rows = (await reader.execute(select(ActionRow).where(ActionRow.id.in_(action_ids)).order_by(ActionRow.date))).all()
    links = await action_links(reader, [r.id for r in rows])
    return [convert.action(r, links[r.id]) for r in rows]
