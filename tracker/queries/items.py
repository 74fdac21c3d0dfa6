"""Reading follow-up items: filtered, keyset-paginated lists and one item in full."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from msgspec import Struct, structs
from sqlalchemy import ColumnElement, Select, Text, and_, bindparam, cast, func, or_, select, text
from sqlalchemy.engine import Dialect, Row
from sqlalchemy.orm import aliased

from tracker.db.models import (
    ActionItemRow,
    ActionRow,
    AssessmentRow,
    DecisionRow,
    DocumentRow,
    ItemRow,
    StatusChangeRow,
)
from tracker.db.reading import Reader, get_row
from tracker.db.search import count_matches, is_common, matches, relevance
from tracker.domain.entities import Item, ItemDetail, ItemLink, Page, TimelineEntry
from tracker.domain.enums import SETTLED, Body, Effect, ItemKind, Status
from tracker.errors import InvalidInput, NotFound
from tracker.queries import convert
from tracker.queries.paging import check_limit, check_states, decode_cursor, encode_cursor


class ItemFilter(Struct, frozen=True, kw_only=True):
    """Which items to list. Several values of one filter mean any of them."""

    states: Sequence[str] = ()
    bodies: Sequence[Body] = ()
    kinds: Sequence[ItemKind] = ()
    statuses: Sequence[Status] = ()
    follow_up: bool | None = None
    overdue: bool | None = None
    document: str | None = None
    decision: str | None = None
    themes: Sequence[str] = ()
    due_before: dt.date | None = None
    due_after: dt.date | None = None
    updated_since: dt.datetime | None = None
    q: str | None = None


#: Orders a list of items can come in: by id, by deadline (soonest first, none last),
#: by last change (latest first), or by search relevance (needs ``q``).
SORTS = ("id", "due_date", "-updated_at", "relevance")


def overdue_on(as_of: dt.date) -> ColumnElement[bool]:
    """Items whose due date passed by ``as_of`` with no State reply recorded by then, and that
    are neither implemented nor closed."""
    return and_(
        ItemRow.due_date.is_not(None),
        ItemRow.due_date < as_of,
        or_(ItemRow.reply_date.is_(None), ItemRow.reply_date > as_of),
        ItemRow.status.not_in([s.value for s in SETTLED]),
    )


def filtered_items(query: Select, where: ItemFilter, *, as_of: dt.date, dialect: object, common_search: bool = False) -> Select:
    """``query`` (over items) narrowed by ``where``; ``common_search``: see :func:`tracker.db.search.matches`."""
    conditions = []
    if where.states:
        conditions.append(ItemRow.state.in_(list(where.states)))
    if where.bodies:
        conditions.append(ItemRow.body.in_([b.value for b in where.bodies]))
    if where.kinds:
        conditions.append(ItemRow.kind.in_([k.value for k in where.kinds]))
    if where.statuses:
        conditions.append(ItemRow.status.in_([s.value for s in where.statuses]))
    if where.follow_up is not None:
        conditions.append(ItemRow.follow_up.is_(where.follow_up))
    if where.overdue is not None:
        overdue = overdue_on(as_of)
        conditions.append(overdue if where.overdue else ~overdue)
    if where.document is not None:
        conditions.append(ItemRow.document.in_(select(DocumentRow.id).where(DocumentRow.symbol == where.document)))
    if where.decision is not None:
        conditions.append(ItemRow.decision == where.decision)
    if where.themes:
        conditions.append(has_any_theme(list(where.themes), dialect))  # type: ignore[arg-type]
    if where.due_before is not None:
        conditions.append(ItemRow.due_date < where.due_before)
    if where.due_after is not None:
        conditions.append(ItemRow.due_date > where.due_after)
    if where.updated_since is not None:
        conditions.append(ItemRow.updated_at >= where.updated_since)
    if where.q is not None:
        conditions.append(matches("items", where.q, dialect, common=common_search))  # type: ignore[arg-type]
    return query.where(*conditions)


def selects_everything(where: ItemFilter, *, but: str | None = None) -> bool:
    """Whether ``where`` sets no filter at all (apart from the one named ``but``)."""
    return all(
        value is None or (isinstance(value, Sequence) and not isinstance(value, str) and not value)
        for field, value in structs.asdict(where).items()
        if field != but
    )


def has_any_theme(themes: list[str], dialect: Dialect) -> ColumnElement[bool]:
    """Items with at least one of ``themes``, among their own themes or their vocabulary themes."""
    if dialect.name == "postgresql":
        return text(
            "(CAST(items.themes AS jsonb) ?| CAST(:themes AS text[])"
            " OR CAST(items.vocabulary_themes AS jsonb) ?| CAST(:themes AS text[]))"
        ).bindparams(themes=themes)
    return text(
        "(EXISTS (SELECT 1 FROM json_each(items.themes) WHERE json_each.value IN :themes)"
        " OR EXISTS (SELECT 1 FROM json_each(items.vocabulary_themes) WHERE json_each.value IN :themes))"
    ).bindparams(bindparam("themes", themes, expanding=True))


def _keyset(sort: str, cursor: str) -> ColumnElement[bool] | int:
    """The condition for rows after ``cursor`` in ``sort`` order (an offset for relevance)."""
    after = decode_cursor(cursor, sort)
    malformed = InvalidInput("cursor is malformed; use the next_cursor of a previous page", field="cursor")
    try:
        if sort == "id":
            return ItemRow.id > after
        key, _, last_id = after.rpartition("|")
        if sort == "relevance":
            return int(after)
        if sort == "due_date":
            if not key:
                return and_(ItemRow.due_date.is_(None), ItemRow.id > last_id)
            due = dt.date.fromisoformat(key)
            return or_(ItemRow.due_date > due, and_(ItemRow.due_date == due, ItemRow.id > last_id), ItemRow.due_date.is_(None))
        stamp = dt.datetime.fromisoformat(key)
        return or_(ItemRow.updated_at < stamp, and_(ItemRow.updated_at == stamp, ItemRow.id > last_id))
    except ValueError:
        raise malformed from None


def _cursor_after(sort: str, item: Item, offset: int) -> str:
    if sort == "id":
        return encode_cursor(sort, item.id)
    if sort == "relevance":
        return encode_cursor(sort, str(offset))
    if sort == "due_date":
        return encode_cursor(sort, f"{item.due_date.isoformat() if item.due_date else ''}|{item.id}")
    return encode_cursor(sort, f"{item.updated_at.isoformat() if item.updated_at else ''}|{item.id}")


async def list_items(
    reader: Reader,
    where: ItemFilter | None = None,
    *,
    limit: int = 50,
    cursor: str | None = None,
    as_of: dt.date | None = None,
    sort: str = "id",
    count: bool = True,
) -> Page[Item]:
    """Items matching ``where``, ``limit`` at a time, in one of :data:`SORTS`."""
    check_limit(limit)
    if sort not in SORTS:
        raise InvalidInput(f"sort must be one of {', '.join(SORTS)}", field="sort")
    if sort == "relevance" and not (where and where.q and where.q.strip()):
        raise InvalidInput("sort=relevance needs a full-text query q", field="sort")
    as_of = as_of or dt.date.today()
    where = where or ItemFilter()
    await check_states(reader, where.states)
    dialect = reader.dialect
    hits = None
    common = False
    if where.q and dialect.name == "sqlite" and sort != "relevance":
        hits = await count_matches(reader, "items", where.q)
        common = await is_common(reader, "items", hits)
    base = filtered_items(ITEM_ROWS, where, as_of=as_of, dialect=dialect, common_search=common)
    total_query = filtered_items(select(func.count()).select_from(ItemRow), where, as_of=as_of, dialect=dialect)
    order = {
        "id": (ItemRow.id,),
        "due_date": (ItemRow.due_date.is_(None), ItemRow.due_date, ItemRow.id),
        "-updated_at": (ItemRow.updated_at.desc(), ItemRow.id),
        "relevance": (relevance("items", where.q or "", dialect), ItemRow.id),
    }[sort]
    page_query = base.order_by(*order).limit(limit + 1)
    offset = 0
    if cursor is not None:
        after = _keyset(sort, cursor)
        if isinstance(after, int):
            offset = after
            page_query = page_query.offset(offset)
        else:
            page_query = page_query.where(after)
    rows = (await reader.execute(page_query)).all()
    if not count:
        total = -1
    elif hits is not None and selects_everything(where, but="q"):
        total = hits
    else:
        total = (await reader.execute(total_query)).scalar_one()
    items = await items_of(reader, rows[:limit], as_of=as_of)
    next_cursor = _cursor_after(sort, items[-1], offset + limit) if len(rows) > limit else None
    return Page(items=items, next_cursor=next_cursor, total=total)


def _stored(field: str) -> Any:
    # JSON columns are read as their text and decoded by convert: one C call instead of the driver's decoding and a copy.
    column = getattr(ItemRow, field)
    return cast(column, Text).label(field) if field in convert.ITEM_JSON_FIELDS else column


_LATEST = aliased(ActionRow, name="latest")
_LATEST_COLUMNS = (
    _LATEST.id,
    _LATEST.kind,
    _LATEST.date,
    _LATEST.date_precision,
    _LATEST.title,
    _LATEST.verification,
    cast(_LATEST.sources, Text),
)
_WIDTH = len(convert.ITEM_FIELDS)

#: Items with what they are shown with, in one row each: the stored fields of
#: :data:`tracker.queries.convert.ITEM_FIELDS`, the document's symbol, the decision's title, the
#: latest action's brief and the document's ID (rows for :func:`items_of`).
ITEM_ROWS = (
    select(
        *map(_stored, convert.ITEM_FIELDS),
        DocumentRow.symbol,
        DecisionRow.title.label("decision_title"),
        *(column.label(f"latest_{column.key}") for column in _LATEST_COLUMNS),
        ItemRow.document,
    )
    .outerjoin(DocumentRow, DocumentRow.id == ItemRow.document)
    .outerjoin(DecisionRow, DecisionRow.id == ItemRow.decision)
    .outerjoin(_LATEST, _LATEST.id == ItemRow.latest_action)
)


async def items_of(reader: Reader, rows: Sequence[Row[Any]], *, as_of: dt.date) -> list[Item]:
    """Rows of :data:`ITEM_ROWS` as items."""
    return [_item_of(tuple(row), as_of) for row in rows]


def _item_of(values: tuple[Any, ...], as_of: dt.date) -> Item:
    symbol, decision_title, *latest, _document = values[_WIDTH:]
    return convert.stored_item(
        values[:_WIDTH],
        document_symbol=symbol,
        decision_title=decision_title,
        latest_action=convert.stored_action_brief(*latest) if latest[0] is not None else None,
        as_of=as_of,
    )


async def item_labels(reader: Reader, item_ids: Sequence[str], as_of: dt.date) -> dict[str, str]:
    """The labels of the given items, by id (unknown ids are left out)."""
    if not item_ids:
        return {}
    rows = (await reader.execute(ITEM_ROWS.where(ItemRow.id.in_(sorted(set(item_ids)))))).all()
    return {row.id: _item_of(tuple(row), as_of).label for row in rows}


_ITEM = ITEM_ROWS.where(ItemRow.id == bindparam("item"))
_DOCUMENT = select(DocumentRow).where(DocumentRow.id == bindparam("document"))
_ASSESSMENTS = select(AssessmentRow).where(AssessmentRow.item == bindparam("item")).order_by(AssessmentRow.date, AssessmentRow.id)
_TIMELINE = (
    select(ActionRow, ActionItemRow.effect.label("link_effect"), ActionItemRow.note.label("link_note"))
    .join(ActionItemRow, ActionItemRow.action == ActionRow.id)
    .where(ActionItemRow.item == bindparam("item"))
    .order_by(ActionRow.date, ActionRow.id)
)
_HISTORY = (
    select(StatusChangeRow)
    .where(StatusChangeRow.item == bindparam("item"))
    .order_by(StatusChangeRow.occurred_on, StatusChangeRow.id)
)


async def get_item(reader: Reader, item_id: str, *, as_of: dt.date | None = None) -> ItemDetail:
    """One item with its document or decision, assessments, timeline of actions and history."""
    as_of = as_of or dt.date.today()
    key = {"item": item_id}
    row = (await reader.execute(_ITEM, key)).first()
    if row is None:
        raise NotFound("item", item_id)
    document_row = (await reader.execute(_DOCUMENT, {"document": row.document})).first() if row.document else None
    decision_row = await get_row(reader, DecisionRow, row.decision) if row.decision else None
    assessments = (await reader.execute(_ASSESSMENTS, key)).all()
    linked = (await reader.execute(_TIMELINE, key)).all()
    links = await action_links(reader, [r.id for r in linked])
    history = (await reader.execute(_HISTORY, key)).all()
    (item,) = await items_of(reader, [row], as_of=as_of)
    return ItemDetail(
        item=item,
        document=convert.document(document_row) if document_row else None,
        decision=convert.decision(decision_row) if decision_row else None,
        assessments=[convert.assessment(a) for a in assessments],
        timeline=[
            TimelineEntry(action=convert.action(r, links[r.id]), effect=Effect(r.link_effect), note=r.link_note) for r in linked
        ],
        history=[convert.status_change(h) for h in history],
    )


async def action_links(reader: Reader, action_ids: Sequence[str]) -> dict[str, list[ItemLink]]:
    """Every item link of the given actions, by action."""
    links: dict[str, list[ItemLink]] = defaultdict(list)
    if action_ids:
        rows = await reader.execute(
            select(ActionItemRow).where(ActionItemRow.action.in_(list(action_ids))).order_by(ActionItemRow.item)
        )
        for link in rows:
            links[link.action].append(ItemLink(item=link.item, effect=Effect(link.effect), note=link.note))
    return links
