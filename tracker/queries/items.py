"""Reading follow-up items: filtered, keyset-paginated lists and one item in full."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from msgspec import Struct, structs
from sqlalchemy import (
    ColumnElement,
    ColumnExpressionArgument,
    Date,
    Select,
    String,
    Text,
    TextClause,
    and_,
    bindparam,
    cast,
    func,
    or_,
    select,
    text,
)
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
    UTCDateTime,
)
from tracker.db.reading import Prepared, Reader
from tracker.db.search import count_matches, is_common, matches, relevance, sqlite_match_values
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


def filtered_items(query: Select, where: ItemFilter, *, as_of: dt.date, dialect: Dialect, common_search: bool = False) -> Select:
    """``query`` (over items) narrowed by ``where``; ``common_search``: see :func:`tracker.db.search.matches`.

    Values are bound under the names of :func:`_filter_values` (``as_of`` for ``overdue``): the
    statement can be run again with other values of the same filters.
    """
    conditions: list[ColumnExpressionArgument[bool]] = []
    if where.states:
        conditions.append(ItemRow.state.in_(bindparam("states", list(where.states), expanding=True)))
    if where.bodies:
        conditions.append(ItemRow.body.in_(bindparam("bodies", [b.value for b in where.bodies], expanding=True)))
    if where.kinds:
        conditions.append(ItemRow.kind.in_(bindparam("kinds", [k.value for k in where.kinds], expanding=True)))
    if where.statuses:
        conditions.append(ItemRow.status.in_(bindparam("statuses", [s.value for s in where.statuses], expanding=True)))
    if where.follow_up is not None:
        conditions.append(ItemRow.follow_up.is_(where.follow_up))
    if where.overdue is not None:
        overdue = overdue_on(bindparam("as_of", as_of, type_=Date))  # type: ignore[arg-type]
        conditions.append(overdue if where.overdue else ~overdue)
    if where.document is not None:
        symbol = bindparam("document", where.document, type_=String)
        conditions.append(ItemRow.document.in_(select(DocumentRow.id).where(DocumentRow.symbol == symbol)))
    if where.decision is not None:
        conditions.append(ItemRow.decision == bindparam("decision", where.decision, type_=String))
    if where.themes:
        conditions.append(has_any_theme(list(where.themes), dialect))
    if where.due_before is not None:
        conditions.append(ItemRow.due_date < bindparam("due_before", where.due_before, type_=Date))
    if where.due_after is not None:
        conditions.append(ItemRow.due_date > bindparam("due_after", where.due_after, type_=Date))
    if where.updated_since is not None:
        conditions.append(ItemRow.updated_at >= bindparam("updated_since", where.updated_since, type_=UTCDateTime))
    if where.q is not None:
        conditions.append(matches("items", where.q, dialect, common=common_search))
    return query.where(*conditions)


def _filter_values(where: ItemFilter, as_of: dt.date) -> dict[str, Any]:
    """The values :func:`filtered_items` binds for ``where``, by name (those of ``q`` and ``themes`` apart)."""
    values: dict[str, Any] = {"as_of": as_of}
    if where.states:
        values["states"] = list(where.states)
    if where.bodies:
        values["bodies"] = [b.value for b in where.bodies]
    if where.kinds:
        values["kinds"] = [k.value for k in where.kinds]
    if where.statuses:
        values["statuses"] = [s.value for s in where.statuses]
    for name in ("document", "decision", "due_before", "due_after", "updated_since"):
        if (value := getattr(where, name)) is not None:
            values[name] = value
    return values


def selects_everything(where: ItemFilter, *, but: str | None = None) -> bool:
    """Whether ``where`` sets no filter at all (apart from the one named ``but``)."""
    return all(
        value is None or (isinstance(value, Sequence) and not isinstance(value, str) and not value)
        for field, value in structs.asdict(where).items()
        if field != but
    )


def has_any_theme(themes: list[str], dialect: Dialect) -> TextClause:
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


def _keyset(sort: str, cursor: str) -> tuple[str, dict[str, Any]] | int:
    """Which rows come after ``cursor`` in ``sort`` order: the name of a :data:`_AFTER` condition
    and its values (an offset for relevance)."""
    after = decode_cursor(cursor, sort)
    malformed = InvalidInput("cursor is malformed; use the next_cursor of a previous page", field="cursor")
    try:
        if sort == "id":
            return "id", {"after_id": after}
        key, _, last_id = after.rpartition("|")
        if sort == "relevance":
            return int(after)
        if sort == "due_date":
            if not key:
                return "undated", {"after_id": last_id}
            return "due_date", {"after_due": dt.date.fromisoformat(key), "after_id": last_id}
        return "-updated_at", {"after_stamp": dt.datetime.fromisoformat(key), "after_id": last_id}
    except ValueError:
        raise malformed from None


_AFTER_ID = bindparam("after_id", type_=String)
_AFTER_DUE = bindparam("after_due", type_=Date)
_AFTER_STAMP = bindparam("after_stamp", type_=UTCDateTime)
#: The rows after a cursor's last row, by the kind of cursor (see :func:`_keyset`).
_AFTER = {
    "id": lambda: ItemRow.id > _AFTER_ID,
    "undated": lambda: and_(ItemRow.due_date.is_(None), ItemRow.id > _AFTER_ID),
    "due_date": lambda: or_(
        ItemRow.due_date > _AFTER_DUE, and_(ItemRow.due_date == _AFTER_DUE, ItemRow.id > _AFTER_ID), ItemRow.due_date.is_(None)
    ),
    "-updated_at": lambda: or_(
        ItemRow.updated_at < _AFTER_STAMP, and_(ItemRow.updated_at == _AFTER_STAMP, ItemRow.id > _AFTER_ID)
    ),
}
#: The orders of :data:`SORTS` but relevance.
_ORDERS = {
    "id": (ItemRow.id,),
    "due_date": (ItemRow.due_date.is_(None), ItemRow.due_date, ItemRow.id),
    "-updated_at": (ItemRow.updated_at.desc(), ItemRow.id),
}


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
    offset = 0
    after = None
    values: dict[str, Any] = {}
    if cursor is not None:
        keyset = _keyset(sort, cursor)
        if isinstance(keyset, int):
            offset = keyset
        else:
            after, values = keyset
    # The full-text SQL is the same for every query on SQLite; on PostgreSQL it follows the query's terms.
    searched: dict[str, str] | None = {}
    if where.q is not None:
        searched = sqlite_match_values("items", where.q) if dialect.name == "sqlite" else None
    page_query: Select | Prepared
    total_query: Select | Prepared
    if not where.themes and searched is not None and not offset:
        page_query, total_query = _statements(where, sort, after, limit, dialect, common)
        values.update(_filter_values(where, as_of), **searched)
    else:
        # Themes and those full-text queries shape the SQL by their values: built for each call.
        page_query, total_query = _built(where, sort, after, limit, dialect, common, as_of)
        page_query = page_query.offset(offset or None)
    rows = (await reader.execute(page_query, values)).all()
    if not count:
        total = -1
    elif hits is not None and selects_everything(where, but="q"):
        total = hits
    else:
        total = (await reader.execute(total_query, values)).scalar_one()
    items = await items_of(reader, rows[:limit], as_of=as_of)
    next_cursor = _cursor_after(sort, items[-1], offset + limit) if len(rows) > limit else None
    return Page(items=items, next_cursor=next_cursor, total=total)


def _shape(where: ItemFilter) -> tuple[Any, ...]:
    """What decides the statement of a list filtered by ``where`` (but ``q`` and ``themes``):
    which filters are set, and the values of the yes/no ones."""
    return tuple(
        (name, value if isinstance(value, bool) else None)
        for name, value in structs.asdict(where).items()
        if value is not None and not (isinstance(value, Sequence) and not isinstance(value, str) and not value)
    )


#: Page and count statements by what shapes them, built once: SQLAlchemy then reuses their
#: compiled SQL without working out again what they are (most of a statement's cost on SQLite).
_STATEMENTS: dict[tuple[Any, ...], tuple[Prepared, Prepared]] = {}


def _built(
    where: ItemFilter, sort: str, after: str | None, limit: int, dialect: Dialect, common: bool, as_of: dt.date
) -> tuple[Select, Select]:
    """The page and count statements for ``where``, with its values bound under the names of
    :func:`_filter_values` and :func:`tracker.db.search.sqlite_match_values` (and those of
    :func:`_keyset` after a cursor, given with each call)."""
    order = _ORDERS[sort] if sort != "relevance" else (relevance("items", where.q or "", dialect), ItemRow.id)
    page = filtered_items(ITEM_ROWS, where, as_of=as_of, dialect=dialect, common_search=common).order_by(*order).limit(limit + 1)
    if after is not None:
        page = page.where(_AFTER[after]())
    return page, filtered_items(select(func.count()).select_from(ItemRow), where, as_of=as_of, dialect=dialect)


def _statements(
    where: ItemFilter, sort: str, after: str | None, limit: int, dialect: Dialect, common: bool
) -> tuple[Prepared, Prepared]:
    """:func:`_built` once for every list of the same shape as ``where``: each call gives its values."""
    key = (_shape(where), sort, after, limit, dialect.name, common)
    found = _STATEMENTS.get(key)
    if found is None:
        if len(_STATEMENTS) >= 1024:
            _STATEMENTS.clear()
        page, total = _built(where, sort, after, limit, dialect, common, dt.date.min)
        found = _STATEMENTS[key] = (Prepared(page), Prepared(total))
    return found


def stored_column(field: str) -> Any:
    """The item column of this name as :mod:`tracker.queries.convert` takes it (JSON ones as their text)."""
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
        *map(stored_column, convert.ITEM_FIELDS),
        DocumentRow.symbol,
        DecisionRow.title.label("decision_title"),
        *(column.label(f"latest_{column.key}") for column in _LATEST_COLUMNS),
        ItemRow.document,
    )
    .outerjoin(DocumentRow, DocumentRow.id == ItemRow.document)
    .outerjoin(DecisionRow, DecisionRow.id == ItemRow.decision)
    .outerjoin(_LATEST, _LATEST.id == ItemRow.latest_action)
)


async def items_of(reader: Reader, rows: Sequence[Row[*tuple[Any, ...]]], *, as_of: dt.date) -> list[Item]:
    """Rows of :data:`ITEM_ROWS` as items."""
    return [item_of(tuple(row), as_of) for row in rows]


def item_of(values: Sequence[Any], as_of: dt.date) -> Item:
    """One row of :data:`ITEM_ROWS` (as a tuple; columns added after them are left alone) as an item."""
    latest = values[_WIDTH + 2 : _WIDTH + 2 + len(_LATEST_COLUMNS)]
    return convert.stored_item(
        values[:_WIDTH],
        document_symbol=values[_WIDTH],
        decision_title=values[_WIDTH + 1],
        latest_action=convert.stored_action_brief(*latest) if latest[0] is not None else None,
        as_of=as_of,
    )


async def item_labels(reader: Reader, item_ids: Sequence[str], as_of: dt.date) -> dict[str, str]:
    """The labels of the given items, by id (unknown ids are left out)."""
    if not item_ids:
        return {}
    rows = (await reader.execute(ITEM_ROWS.where(ItemRow.id.in_(sorted(set(item_ids)))))).all()
    return {row.id: item_of(tuple(row), as_of).label for row in rows}


_DOCUMENT_COLUMNS = tuple(select(DocumentRow).selected_columns)
_DECISION_COLUMNS = tuple(select(DecisionRow).selected_columns)
#: An item's row of :data:`ITEM_ROWS` followed by its document's and its decision's columns.
_ITEM = Prepared(
    ITEM_ROWS.add_columns(
        *(column.label(f"document_{column.key}") for column in _DOCUMENT_COLUMNS),
        *(column.label(f"decision_{column.key}") for column in _DECISION_COLUMNS),
    ).where(ItemRow.id == bindparam("item"))
)
_ASSESSMENTS = Prepared(
    select(AssessmentRow).where(AssessmentRow.item == bindparam("item")).order_by(AssessmentRow.date, AssessmentRow.id)
)
_TIMELINE = Prepared(
    select(ActionRow, ActionItemRow.effect.label("link_effect"), ActionItemRow.note.label("link_note"))
    .join(ActionItemRow, ActionItemRow.action == ActionRow.id)
    .where(ActionItemRow.item == bindparam("item"))
    .order_by(ActionRow.date, ActionRow.id)
)
_HISTORY = Prepared(
    select(StatusChangeRow)
    .where(StatusChangeRow.item == bindparam("item"))
    .order_by(StatusChangeRow.occurred_on, StatusChangeRow.id)
)


def _joined(values: Sequence[Any], start: int, columns: Sequence[Any]) -> SimpleNamespace | None:
    """The row of ``columns`` read from ``values[start:]`` in one joined row, or None when the outer join found none."""
    mine = values[start : start + len(columns)]
    return SimpleNamespace(**{c.key: v for c, v in zip(columns, mine, strict=True)}) if mine[0] is not None else None


async def get_item(reader: Reader, item_id: str, *, as_of: dt.date | None = None) -> ItemDetail:
    """One item with its document or decision, assessments, timeline of actions and history."""
    as_of = as_of or dt.date.today()
    key = {"item": item_id}
    row = (await reader.execute(_ITEM, key)).first()
    if row is None:
        raise NotFound("item", item_id)
    values = tuple(row)
    documents_at = len(ITEM_ROWS.selected_columns)
    document_row = _joined(values, documents_at, _DOCUMENT_COLUMNS)
    decision_row = _joined(values, documents_at + len(_DOCUMENT_COLUMNS), _DECISION_COLUMNS)
    assessments = (await reader.execute(_ASSESSMENTS, key)).all()
    linked = (await reader.execute(_TIMELINE, key)).all()
    links = await action_links(reader, [r.id for r in linked])
    history = (await reader.execute(_HISTORY, key)).all()
    return ItemDetail(
        item=item_of(values, as_of),
        document=convert.document(document_row) if document_row else None,  # type: ignore[arg-type]
        decision=convert.decision(decision_row) if decision_row else None,  # type: ignore[arg-type]
        assessments=[convert.assessment(a) for a in assessments],
        timeline=[
            TimelineEntry(action=convert.action(r, links[r.id]), effect=Effect(r.link_effect), note=r.link_note) for r in linked
        ],
        history=[convert.status_change(h) for h in history],
    )


_LINKS = select(ActionItemRow).where(ActionItemRow.action.in_(bindparam("actions", expanding=True))).order_by(ActionItemRow.item)


async def action_links(reader: Reader, action_ids: Sequence[str]) -> dict[str, list[ItemLink]]:
    """Every item link of the given actions, by action."""
    links: dict[str, list[ItemLink]] = defaultdict(list)
    if action_ids:
        for link in await reader.execute(_LINKS, {"actions": list(action_ids)}):
            links[link.action].append(ItemLink(item=link.item, effect=Effect(link.effect), note=link.note))
    return links
