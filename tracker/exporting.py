"""A full dump of the database in the record format, which ``tracker import`` loads back."""

from __future__ import annotations

from collections.abc import AsyncIterator

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tracker.db.models import AssessmentRow, DecisionRow, DocumentRow, ItemRow, ReviewRow, StateRow
from tracker.db.models import ActionRow
from tracker.domain.enums import ItemKind
from tracker.queries import convert
from tracker.queries.items import action_links
from tracker.records import (
    ActionRecord,
    AssessmentRecord,
    DecisionRecord,
    DocumentRecord,
    MetaRecord,
    RecommendationRecord,
    Record,
    RemedyRecord,
    ReviewRecord,
    StateRecord,
)

BATCH = 1000


async def _rows(session: AsyncSession, query):  # type: ignore[no-untyped-def]
    result = await session.stream(query.execution_options(yield_per=BATCH))
    async for partition in result.partitions():
        for row in partition:
            yield row


async def export_records(session: AsyncSession, *, description: str | None = None) -> AsyncIterator[Record]:
    """Every stored record, in loading order, streamed; the first is the ``meta`` record."""
    yield MetaRecord(description=description)
    async for (row,) in _rows(session, select(StateRow).order_by(StateRow.code)):
        yield StateRecord(code=row.code, names=dict(row.names or {}), region=row.region)
    async for (row,) in _rows(session, select(ReviewRow).order_by(ReviewRow.id)):
        r = convert.review(row)
        yield ReviewRecord(
            id=r.id, body=r.body, state=r.state, cycle=r.cycle, reviewed_on=r.reviewed_on, adopted_on=r.adopted_on,
            session=r.session, document=r.document, summary=r.summary, counts=r.counts,
            recommendation_groups=r.recommendation_groups, sources=r.sources, verification=r.verification, notes=r.notes,
        )
    async for (row,) in _rows(session, select(DocumentRow).order_by(DocumentRow.id)):
        d = convert.document(row)
        yield DocumentRecord(
            id=d.id, symbol=d.symbol, body=d.body, state=d.state, kind=d.kind, title=d.title, adopted_on=d.adopted_on,
            published_on=d.published_on, session=d.session, review=d.review, follow_up_due=d.follow_up_due,
            follow_up_due_basis=d.follow_up_due_basis, languages=d.languages, library_ids=d.library_ids,
            summary=d.summary, sources=d.sources, verification=d.verification, notes=d.notes,
        )
    async for (row,) in _rows(session, select(DecisionRow).order_by(DecisionRow.id)):
        d = convert.decision(row)
        yield DecisionRecord(
            id=d.id, body=d.body, communication=d.communication, state=d.state, symbol=d.symbol, title=d.title,
            authors=d.authors, victims=d.victims, counsel=d.counsel, submitted_on=d.submitted_on,
            adopted_on=d.adopted_on, transmitted_on=d.transmitted_on, outcome=d.outcome,
            articles_violated=d.articles_violated, reply_days=d.reply_days, summary=d.summary,
            sources=d.sources, verification=d.verification, notes=d.notes,
        )
    items = select(ItemRow, DocumentRow.symbol).outerjoin(DocumentRow, DocumentRow.id == ItemRow.document).order_by(ItemRow.id)
    async for row, symbol in _rows(session, items):
        i = convert.item(row, document_symbol=symbol, as_of=row.updated_at.date())
        if i.kind is ItemKind.RECOMMENDATION:
            yield RecommendationRecord(
                id=i.id, document=symbol, paragraph=i.paragraph or "", title=i.title, text=i.text, language=i.language,
                themes=i.themes, affected_groups=i.affected_groups, follow_up=i.follow_up,
                due_date=row.stated_due_date, due_date_basis=row.stated_due_basis,
                recommending_states=i.recommending_states, response=i.response, cycle=i.cycle,
                sources=i.sources, verification=i.verification, notes=i.notes,
            )
        else:
            yield RemedyRecord(
                id=i.id, decision=i.decision or "", kind=i.remedy_kind, ordinal=i.ordinal or 1, title=i.title,
                text=i.text, language=i.language, themes=i.themes,
                due_date=row.stated_due_date, due_date_basis=row.stated_due_basis,
                sources=i.sources, verification=i.verification, notes=i.notes,
            )  # type: ignore[arg-type]
    actions = select(ActionRow).order_by(ActionRow.appeal_of.is_not(None), ActionRow.date, ActionRow.id)
    batch: list[ActionRow] = []
    async for (row,) in _rows(session, actions):
        batch.append(row)
        if len(batch) == BATCH:
            for record in await _action_records(session, batch):
                yield record
            batch = []
    for record in await _action_records(session, batch):
        yield record
    async for (row,) in _rows(session, select(AssessmentRow).order_by(AssessmentRow.item, AssessmentRow.date, AssessmentRow.id)):
        a = convert.assessment(row)
        yield AssessmentRecord(
            id=a.id, item=a.item, date=a.date, assessor_kind=a.assessor_kind, assessor=a.assessor, scale=a.scale,
            grade=a.grade, rationale=a.rationale, sources=a.sources, verification=a.verification,
        )


async def _action_records(session: AsyncSession, rows: list[ActionRow]) -> list[ActionRecord]:
    links = await action_links(session, [row.id for row in rows])
    records = []
    for row in rows:
        a = convert.action(row, links[row.id])
        records.append(
            ActionRecord(
                id=a.id, state=a.state, kind=a.kind, date=a.date, date_precision=a.date_precision, title=a.title,
                description=a.description, language=a.language, actor=a.actor, place=a.place,
                legal_reference=a.legal_reference, court=a.court, amounts=a.amounts, outcome=a.outcome,
                sources=a.sources, links=a.links, verification=a.verification, recorded_by=a.recorded_by, notes=a.notes,
            )
        )
    return records
