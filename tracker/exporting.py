"""Dumps in the record format, which ``tracker import`` loads back: everything, or the items a
filter selects together with what they refer to."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

from sqlalchemy import Row, Select, or_, select

from tracker.db.models import (
    ActionItemRow,
    ActionRow,
    AssessmentRow,
    DecisionRow,
    DocumentRow,
    ItemRow,
    ReviewRow,
    StateRow,
)
from tracker.db.reading import Reader
from tracker.domain.entities import ItemLink
from tracker.domain.enums import Effect
from tracker.queries import convert
from tracker.queries.items import ItemFilter, filtered_items, selects_everything, stored_column
from tracker.records import (
    ActionRecord,
    AssessmentRecord,
    DecisionRecord,
    DocumentRecord,
    MetaRecord,
    Record,
    ReviewRecord,
    StateRecord,
)

BATCH = 1000


async def _rows(reader: Reader, query: Select[*tuple[Any, ...]]) -> AsyncIterator[Row[*tuple[Any, ...]]]:
    async for partition in reader.stream(query, BATCH):
        for row in partition:
            yield row


class _Urls:
    """Canonical URLs of exported records, when the export is made for the web."""

    def __init__(self, base: str | None) -> None:
        self.base = base.rstrip("/") if base else None

    def __call__(self, path: str) -> str | None:
        return f"{self.base}/{path}" if self.base else None


async def export_records(
    reader: Reader,
    *,
    where: ItemFilter | None = None,
    description: str | None = None,
    url_base: str | None = None,
    as_of: dt.date | None = None,
) -> AsyncIterator[Record]:
    """Stored records, streamed in loading order; the first is the ``meta`` record.

    With ``where``, only the items it selects, with the States, reviews, documents and
    decisions they refer to, the actions linked to them (links to other items left out) and
    their assessments. With ``url_base`` (``https://host/api/v1``), each record carries its
    canonical URL.
    """
    url = _Urls(url_base)
    selected = (
        None
        if where is None or selects_everything(where)
        else filtered_items(select(ItemRow.id), where, as_of=as_of or dt.date.today(), dialect=reader.dialect)
    )
    yield MetaRecord(description=description)

    states = select(StateRow).order_by(StateRow.code)
    reviews = select(ReviewRow).order_by(ReviewRow.id)
    documents = select(DocumentRow).order_by(DocumentRow.id)
    decisions = select(DecisionRow).order_by(DecisionRow.id)
    items = (
        select(*map(stored_column, convert.ITEM_RECORD_FIELDS), DocumentRow.symbol)
        .outerjoin(DocumentRow, DocumentRow.id == ItemRow.document)
        .order_by(ItemRow.id)
    )
    actions = select(ActionRow).order_by(ActionRow.date, ActionRow.id)
    assessments = select(AssessmentRow).order_by(AssessmentRow.item, AssessmentRow.date, AssessmentRow.id)
    if selected is not None:
        document_ids = select(ItemRow.document).where(ItemRow.id.in_(selected))
        linked_actions = select(ActionItemRow.action).where(ActionItemRow.item.in_(selected))
        # Rulings under appeal come along, so that every appeal_of resolves on import
        # (first instance → appeal → cassation → supreme court: three steps at most).
        reviewed = [select(ActionRow.appeal_of).where(ActionRow.id.in_(linked_actions))]
        for _ in range(2):
            reviewed.append(select(ActionRow.appeal_of).where(ActionRow.id.in_(reviewed[-1])))
        exported_actions = ActionRow.id.in_(linked_actions) | or_(*(ActionRow.id.in_(step) for step in reviewed))
        states = states.where(
            StateRow.code.in_(select(ItemRow.state).where(ItemRow.id.in_(selected)))
            | StateRow.code.in_(select(ActionRow.state).where(exported_actions))
        )
        reviews = reviews.where(ReviewRow.id.in_(select(DocumentRow.review).where(DocumentRow.id.in_(document_ids))))
        documents = documents.where(DocumentRow.id.in_(document_ids))
        decisions = decisions.where(DecisionRow.id.in_(select(ItemRow.decision).where(ItemRow.id.in_(selected))))
        items = items.where(ItemRow.id.in_(selected))
        actions = actions.where(exported_actions)
        assessments = assessments.where(AssessmentRow.item.in_(selected))

    async for row in _rows(reader, states):
        yield StateRecord(code=row.code, names=dict(row.names or {}), region=row.region)
    async for row in _rows(reader, reviews):
        r = convert.review(row)
        yield ReviewRecord(
            id=r.id,
            body=r.body,
            state=r.state,
            cycle=r.cycle,
            reviewed_on=r.reviewed_on,
            adopted_on=r.adopted_on,
            session=r.session,
            document=r.document,
            summary=r.summary,
            counts=r.counts,
            recommendation_groups=r.recommendation_groups,
            sources=r.sources,
            verification=r.verification,
            notes=r.notes,
        )
    async for row in _rows(reader, documents):
        d = convert.document(row)
        yield DocumentRecord(
            id=d.id,
            url=url(f"documents/{quote(d.symbol, safe='')}"),
            symbol=d.symbol,
            body=d.body,
            state=d.state,
            kind=d.kind,
            title=d.title,
            adopted_on=d.adopted_on,
            published_on=d.published_on,
            session=d.session,
            review=d.review,
            follow_up_due=d.follow_up_due,
            follow_up_due_basis=d.follow_up_due_basis,
            languages=d.languages,
            library_ids=d.library_ids,
            summary=d.summary,
            sources=d.sources,
            verification=d.verification,
            notes=d.notes,
        )
    async for row in _rows(reader, decisions):
        c = convert.decision(row)
        yield DecisionRecord(
            id=c.id,
            url=url(f"decisions/{c.id}"),
            body=c.body,
            communication=c.communication,
            state=c.state,
            symbol=c.symbol,
            title=c.title,
            authors=c.authors,
            victims=c.victims,
            counsel=c.counsel,
            submitted_on=c.submitted_on,
            adopted_on=c.adopted_on,
            transmitted_on=c.transmitted_on,
            outcome=c.outcome,
            articles_violated=c.articles_violated,
            reply_days=c.reply_days,
            summary=c.summary,
            sources=c.sources,
            verification=c.verification,
            notes=c.notes,
        )
    width = len(convert.ITEM_RECORD_FIELDS)
    async for row in _rows(reader, items):
        values = tuple(row)
        yield convert.item_record(values[:width], document_symbol=values[width], url=url(f"items/{values[0]}"))
    batch: list[Row[*tuple[Any, ...]]] = []
    async for row in _rows(reader, actions):
        batch.append(row)
        if len(batch) == BATCH:
            for record in await _action_records(reader, batch, selected, url):
                yield record
            batch = []
    for record in await _action_records(reader, batch, selected, url):
        yield record
    async for row in _rows(reader, assessments):
        a = convert.assessment(row)
        yield AssessmentRecord(
            id=a.id,
            item=a.item,
            date=a.date,
            assessor_kind=a.assessor_kind,
            assessor=a.assessor,
            scale=a.scale,
            grade=a.grade,
            rationale=a.rationale,
            sources=a.sources,
            verification=a.verification,
            recorded_by=a.recorded_by,
            verified_by=a.verified_by,
            verified_at=a.verified_at,
        )


async def _action_records(
    reader: Reader, rows: list[Row[*tuple[Any, ...]]], selected: Select[*tuple[Any, ...]] | None, url: _Urls
) -> list[ActionRecord]:
    if not rows:
        return []
    links_query = select(ActionItemRow).where(ActionItemRow.action.in_([row.id for row in rows])).order_by(ActionItemRow.item)
    if selected is not None:
        links_query = links_query.where(ActionItemRow.item.in_(selected))
    links: dict[str, list[ItemLink]] = {row.id: [] for row in rows}
    for link in (await reader.execute(links_query)).all():
        links[link.action].append(ItemLink(item=link.item, effect=Effect(link.effect), note=link.note))
    records = []
    for row in rows:
        a = convert.action(row, links[row.id])
        records.append(
            ActionRecord(
                id=a.id,
                url=url(f"actions/{a.id}"),
                state=a.state,
                kind=a.kind,
                date=a.date,
                date_precision=a.date_precision,
                title=a.title,
                description=a.description,
                language=a.language,
                actor=a.actor,
                place=a.place,
                legal_reference=a.legal_reference,
                court=a.court,
                amounts=a.amounts,
                outcome=a.outcome,
                addressed_to=a.addressed_to,
                sources=a.sources,
                links=a.links,
                verification=a.verification,
                recorded_by=a.recorded_by,
                verified_by=a.verified_by,
                verified_at=a.verified_at,
                notes=a.notes,
            )
        )
    return records
