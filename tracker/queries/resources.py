"""Reading States, documents, decisions and actions, each with what a reader needs beside it."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, select

from tracker.db.models import ActionItemRow, ActionRow, AssessmentRow, DecisionRow, DocumentRow, ItemRow, StateRow
from tracker.db.reading import Reader, get_row
from tracker.db.search import Term, matches, parse_query
from tracker.domain.entities import (
    Action,
    Assessment,
    Decision,
    DecisionDetail,
    Document,
    DocumentDetail,
    Item,
    Page,
    StateOverview,
    StateSummary,
)
from tracker.domain.enums import ActionKind, Body, DocumentKind, Status
from tracker.errors import InvalidInput, NotFound
from tracker.queries import convert
from tracker.queries.items import ITEM_ROWS, action_links, items_of, overdue_on
from tracker.queries.paging import check_limit, check_states, decode_cursor, encode_cursor

SUMMARY_LENGTH = 10
_WORD = re.compile(r"\w+")


def _zeroed(counts: dict[str, int]) -> dict[str, int]:
    return {status.value: counts.get(status.value, 0) for status in Status}


async def list_states(reader: Reader, *, as_of: dt.date | None = None) -> list[StateOverview]:
    """The States that have follow-up items, with counts by status and overdue."""
    as_of = as_of or dt.date.today()
    by_status: dict[str, dict[str, int]] = defaultdict(dict)
    for code, status, count in await reader.execute(
        select(ItemRow.state, ItemRow.status, func.count()).group_by(ItemRow.state, ItemRow.status)
    ):
        by_status[code][status] = count
    overdue = dict(
        (await reader.execute(select(ItemRow.state, func.count()).where(overdue_on(as_of)).group_by(ItemRow.state))).all()
    )
    states = (await reader.execute(select(StateRow).where(StateRow.code.in_(list(by_status))).order_by(StateRow.code))).all()
    return [
        StateOverview(
            state=convert.state(row),
            items=sum(by_status[row.code].values()),
            overdue=overdue.get(row.code, 0),
            by_status=_zeroed(by_status[row.code]),
        )
        for row in states
    ]


async def state_summary(reader: Reader, code: str, *, as_of: dt.date | None = None) -> StateSummary:
    """One State: counts by body × status, overdue items, the next deadlines, the latest actions."""
    as_of = as_of or dt.date.today()
    row = await get_row(reader, StateRow, code)
    if row is None:
        raise NotFound("State", code)
    by_body: dict[str, dict[str, int]] = defaultdict(dict)
    for body, status, count in await reader.execute(
        select(ItemRow.body, ItemRow.status, func.count()).where(ItemRow.state == code).group_by(ItemRow.body, ItemRow.status)
    ):
        by_body[body][status] = count
    by_status: dict[str, int] = defaultdict(int)
    for counts in by_body.values():
        for status, count in counts.items():
            by_status[status] += count
    items = ITEM_ROWS
    overdue_rows = (
        await reader.execute(items.where(ItemRow.state == code, overdue_on(as_of)).order_by(ItemRow.due_date, ItemRow.id))
    ).all()
    upcoming_rows = (
        await reader.execute(
            items.where(ItemRow.state == code, ItemRow.due_date >= as_of)
            .order_by(ItemRow.due_date, ItemRow.id)
            .limit(SUMMARY_LENGTH)
        )
    ).all()
    action_rows = (
        await reader.execute(
            select(ActionRow).where(ActionRow.state == code).order_by(ActionRow.date.desc(), ActionRow.id).limit(SUMMARY_LENGTH)
        )
    ).all()
    links = await action_links(reader, [a.id for a in action_rows])
    return StateSummary(
        state=convert.state(row),
        items=sum(by_status.values()),
        overdue=len(overdue_rows),
        by_status=_zeroed(by_status),
        by_body={body: _zeroed(counts) for body, counts in sorted(by_body.items())},
        overdue_items=await items_of(reader, overdue_rows, as_of=as_of),
        upcoming_deadlines=await items_of(reader, upcoming_rows, as_of=as_of),
        latest_actions=[convert.action(a, links[a.id]) for a in action_rows],
    )


async def _items_where(reader: Reader, condition: object, as_of: dt.date) -> list[Item]:
    rows = (await reader.execute(ITEM_ROWS.where(condition).order_by(ItemRow.id))).all()  # type: ignore[arg-type]
    return await items_of(reader, rows, as_of=as_of)


async def list_documents(
    reader: Reader,
    *,
    states: Sequence[str] = (),
    bodies: Sequence[Body] = (),
    kinds: Sequence[DocumentKind] = (),
    limit: int = 50,
    cursor: str | None = None,
) -> Page[Document]:
    """Documents in ID order, filtered by State, body and kind."""
    check_limit(limit)
    await check_states(reader, states)
    conditions = []
    if states:
        conditions.append(DocumentRow.state.in_(list(states)))
    if bodies:
        conditions.append(DocumentRow.body.in_([b.value for b in bodies]))
    if kinds:
        conditions.append(DocumentRow.kind.in_([k.value for k in kinds]))
    total = (await reader.execute(select(func.count()).select_from(DocumentRow).where(*conditions))).scalar_one()
    query = select(DocumentRow).where(*conditions).order_by(DocumentRow.id).limit(limit + 1)
    if cursor is not None:
        query = query.where(DocumentRow.id > decode_cursor(cursor, "document"))
    rows = (await reader.execute(query)).all()
    documents = [convert.document(r) for r in rows[:limit]]
    next_cursor = encode_cursor("document", documents[-1].id) if len(rows) > limit else None
    return Page(items=documents, next_cursor=next_cursor, total=total)


async def get_document(reader: Reader, symbol: str, *, as_of: dt.date | None = None) -> DocumentDetail:
    """A document, by symbol (``CAT/C/KAZ/CO/3``) or ID (``cat-c-kaz-co-3``), with its items."""
    row = (await reader.execute(select(DocumentRow).where((DocumentRow.symbol == symbol) | (DocumentRow.id == symbol)))).first()
    if row is None:
        raise NotFound("document", symbol)
    items = await _items_where(reader, ItemRow.document == row.id, as_of or dt.date.today())
    return DocumentDetail(document=convert.document(row), items=items)


def _term_in(term: Term, words: Sequence[str]) -> bool:
    """Whether ``words`` hold the term: its words in a row, the last one as the start of a word."""
    *leading, last = term.words
    size = len(term.words)
    return any(
        list(words[at : at + size - 1]) == leading and words[at + size - 1].startswith(last)
        for at in range(len(words) - size + 1)
    )


def decision_matches(decision: Decision, query: str) -> bool:
    """Whether ``query`` (the syntax of full-text search: words, ``"phrases"``, ``OR``, ``-word``)
    finds the decision by its title, communication number, symbol, authors or victims. A word
    matches the start of a word (``gerasim`` finds "Gerasimov"), in any case."""
    text = " ".join([decision.title, decision.communication, decision.symbol or "", *decision.authors, *decision.victims])
    words = _WORD.findall(text.lower())
    return any(all(_term_in(term, words) != term.negated for term in group) for group in parse_query(query))


async def list_decisions(
    reader: Reader,
    *,
    states: Sequence[str] = (),
    bodies: Sequence[Body] = (),
    q: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[Decision]:
    """Individual decisions in ID order, filtered by State, body and a query (see :func:`decision_matches`)."""
    check_limit(limit)
    await check_states(reader, states)
    conditions = []
    if states:
        conditions.append(DecisionRow.state.in_(list(states)))
    if bodies:
        conditions.append(DecisionRow.body.in_([b.value for b in bodies]))
    after = decode_cursor(cursor, "decision") if cursor is not None else None
    if q is not None:
        # Decisions are a few hundred: the query is matched here, on both databases alike.
        rows = (await reader.execute(select(DecisionRow).where(*conditions).order_by(DecisionRow.id))).all()
        found = [decision for decision in map(convert.decision, rows) if decision_matches(decision, q)]
        rest = [decision for decision in found if after is None or decision.id > after]
        next_cursor = encode_cursor("decision", rest[limit - 1].id) if len(rest) > limit else None
        return Page(items=rest[:limit], next_cursor=next_cursor, total=len(found))
    total = (await reader.execute(select(func.count()).select_from(DecisionRow).where(*conditions))).scalar_one()
    query = select(DecisionRow).where(*conditions).order_by(DecisionRow.id).limit(limit + 1)
    if after is not None:
        query = query.where(DecisionRow.id > after)
    rows = (await reader.execute(query)).all()
    decisions = [convert.decision(r) for r in rows[:limit]]
    next_cursor = encode_cursor("decision", decisions[-1].id) if len(rows) > limit else None
    return Page(items=decisions, next_cursor=next_cursor, total=total)


async def _actions_on(reader: Reader, item_ids: Sequence[str]) -> list[Action]:
    """Every action linked to one of the items, oldest first, each once."""
    if not item_ids:
        return []
    rows = (
        await reader.execute(
            select(ActionRow)
            .where(ActionRow.id.in_(select(ActionItemRow.action).where(ActionItemRow.item.in_(list(item_ids)))))
            .order_by(ActionRow.date, ActionRow.id)
        )
    ).all()
    links = await action_links(reader, [r.id for r in rows])
    return [convert.action(r, links[r.id]) for r in rows]


async def _details(reader: Reader, rows: Sequence[Any], as_of: dt.date) -> list[DecisionDetail]:
    """The decisions of ``rows`` with their remedies and the actions on them, read in three queries."""
    remedies = await _items_where(reader, ItemRow.decision.in_([r.id for r in rows]), as_of)
    actions = await _actions_on(reader, [remedy.id for remedy in remedies])
    decision_of = {remedy.id: remedy.decision for remedy in remedies}
    remedies_of: dict[str, list[Item]] = defaultdict(list)
    for remedy in remedies:
        remedies_of[remedy.decision or ""].append(remedy)
    actions_of: dict[str, list[Action]] = defaultdict(list)
    for action in actions:
        for decision in dict.fromkeys(decision_of[link.item] for link in action.links if link.item in decision_of):
            actions_of[decision or ""].append(action)
    return [
        DecisionDetail(decision=convert.decision(row), remedies=remedies_of[row.id], actions=actions_of[row.id]) for row in rows
    ]


async def get_decision(reader: Reader, decision_id: str, *, as_of: dt.date | None = None) -> DecisionDetail:
    """A decision with its remedies, each with its status and deadline, and the actions on them."""
    row = await get_row(reader, DecisionRow, decision_id)
    if row is None:
        raise NotFound("decision", decision_id)
    (detail,) = await _details(reader, [row], as_of or dt.date.today())
    return detail


async def decision_details(
    reader: Reader, *, states: Sequence[str] = (), bodies: Sequence[Body] = (), as_of: dt.date | None = None
) -> list[DecisionDetail]:
    """Every decision of the States and bodies given, in ID order, each with its remedies and the actions on them."""
    await check_states(reader, states)
    conditions = []
    if states:
        conditions.append(DecisionRow.state.in_(list(states)))
    if bodies:
        conditions.append(DecisionRow.body.in_([b.value for b in bodies]))
    rows = (await reader.execute(select(DecisionRow).where(*conditions).order_by(DecisionRow.id))).all()
    return await _details(reader, rows, as_of or dt.date.today())


async def get_action(reader: Reader, action_id: str) -> Action:
    """One action with its item links."""
    row = await get_row(reader, ActionRow, action_id)
    if row is None:
        raise NotFound("action", action_id)
    links = await action_links(reader, [row.id])
    return convert.action(row, links[row.id])


async def get_assessment(reader: Reader, assessment_id: str) -> Assessment:
    """One assessment by ID."""
    row = await get_row(reader, AssessmentRow, assessment_id)
    if row is None:
        raise NotFound("assessment", assessment_id)
    return convert.assessment(row)


def _action_cursor(action: Action) -> str:
    return encode_cursor("action", f"{action.date.isoformat()}|{action.id}")


async def list_actions(
    reader: Reader,
    *,
    states: Sequence[str] = (),
    kinds: Sequence[ActionKind] = (),
    items: Sequence[str] = (),
    since: dt.date | None = None,
    until: dt.date | None = None,
    q: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[Action]:
    """Actions, latest first, filtered by State, kind, linked items (any of them), date range and full text."""
    check_limit(limit)
    await check_states(reader, states)
    if since is not None and until is not None and since > until:
        raise InvalidInput("since is after until", field="since")
    conditions: list[ColumnElement[bool]] = []
    if states:
        conditions.append(ActionRow.state.in_(list(states)))
    if kinds:
        conditions.append(ActionRow.kind.in_([k.value for k in kinds]))
    if items:
        conditions.append(ActionRow.id.in_(select(ActionItemRow.action).where(ActionItemRow.item.in_(list(items)))))
    if since is not None:
        conditions.append(ActionRow.date >= since)
    if until is not None:
        conditions.append(ActionRow.date <= until)
    if q is not None:
        conditions.append(matches("actions", q, reader.dialect))
    total = (await reader.execute(select(func.count()).select_from(ActionRow).where(*conditions))).scalar_one()
    query = select(ActionRow).where(*conditions).order_by(ActionRow.date.desc(), ActionRow.id).limit(limit + 1)
    if cursor is not None:
        last_date, _, last_id = decode_cursor(cursor, "action").partition("|")
        try:
            date = dt.date.fromisoformat(last_date)
        except ValueError:
            raise InvalidInput("cursor is malformed; use the next_cursor of a previous page", field="cursor") from None
        query = query.where((ActionRow.date < date) | ((ActionRow.date == date) & (ActionRow.id > last_id)))
    rows = (await reader.execute(query)).all()
    links = await action_links(reader, [r.id for r in rows[:limit]])
    actions = [convert.action(r, links[r.id]) for r in rows[:limit]]
    next_cursor = _action_cursor(actions[-1]) if len(rows) > limit else None
    return Page(items=actions, next_cursor=next_cursor, total=total)
