"""A State briefing for a human-rights dialogue, built from the same rows as every other read.

It answers "what has this State done, and what is still open, since date X" in the order a
reader walks into a meeting with: a summary, what is new in the period, everything the State
did in it, the status changes dated in it, what is outstanding (each item once), and the
individual cases with a remedy still open. Every list is cut at :data:`LIST_LENGTH` and says
how long it is, so a briefing on a State with a quarter of a million items stays small.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, ColumnExpressionArgument, Row, and_, case, func, or_, select

from tracker.db.models import (
    ActionItemRow,
    ActionRow,
    AssessmentRow,
    DecisionRow,
    DocumentRow,
    ItemRow,
    StateRow,
    StatusChangeRow,
)
from tracker.db.reading import Reader, get_row
from tracker.domain.entities import (
    Briefing,
    BriefingAction,
    BriefingCase,
    BriefingChange,
    BriefingClaim,
    BriefingItem,
    BriefingLink,
    BriefingNew,
    BriefingSummary,
    Item,
)
from tracker.domain.enums import SETTLED, AssessorKind, Body, DatePrecision, ItemKind, Status, UprResponse, Verification
from tracker.domain.themes import BY_SLUG, themes_of
from tracker.domain.wording import action_detail, case_reference, change_cause, coverage_line, verification_line
from tracker.errors import InvalidInput, NotFound
from tracker.queries import convert
from tracker.queries.items import ITEM_ROWS, action_links, has_any_theme, item_labels, items_of, overdue_on

#: The most entries a briefing lists in one section; the rest are counted.
LIST_LENGTH = 60


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
    """The briefing on State ``code`` for the period from ``since`` to ``until`` (today by default),
    narrowed to items of ``themes`` (vocabulary slugs) and ``bodies`` when given."""
    as_of = as_of or dt.date.today()
    until = until or as_of
    if since is not None and since > until:
        raise InvalidInput("since is after until", field="since")
    unknown = [theme for theme in themes if theme not in BY_SLUG]
    if unknown:
        raise InvalidInput(f"unknown theme {unknown[0]!r} (known: {', '.join(BY_SLUG)})", field="theme")
    state_row = await get_row(reader, StateRow, code)
    if state_row is None:
        raise NotFound("State", code)
    start = since or dt.date.min
    scope = _item_scope(reader, code, themes, bodies)

    overdue = await reader.execute(select(ItemRow.kind, func.count()).where(scope, overdue_on(as_of)).group_by(ItemRow.kind))
    overdue_by_kind = {kind: count for kind, count in overdue}
    by_body: dict[str, dict[str, int]] = defaultdict(dict)
    for body, status, count in await reader.execute(
        select(ItemRow.body, ItemRow.status, func.count()).where(scope).group_by(ItemRow.body, ItemRow.status)
    ):
        by_body[body][status] = count
    by_status: dict[str, int] = defaultdict(int)
    for counts in by_body.values():
        for status, count in counts.items():
            by_status[status] += count

    new, new_recommendations = await _new_in_period(reader, code, scope, start, until)
    actions, actions_total = await _actions(reader, code, scope, themes, bodies, start, until)
    changes, changes_total = await _changes(reader, scope, start, until)
    recommendation = ItemRow.kind == ItemKind.RECOMMENDATION.value
    replies_overdue, replies_overdue_total = await _listed(
        reader, and_(scope, recommendation, overdue_on(as_of)), (ItemRow.due_date, ItemRow.id), as_of
    )
    open_recommendation = and_(
        scope,
        recommendation,
        ItemRow.status.not_in([s.value for s in SETTLED]),
        ~overdue_on(as_of),
        or_(ItemRow.response.is_(None), ItemRow.response != UprResponse.NOTED.value),
    )
    outstanding, outstanding_total = await _listed(
        reader, open_recommendation, (ItemRow.follow_up.desc(), ItemRow.due_date.is_(None), ItemRow.due_date, ItemRow.id), as_of
    )
    cases, cases_total = await _open_cases(reader, scope, as_of)
    unverified = await _unverified_claims(reader, scope, start, until)

    items_total = sum(by_status.values())
    unverified_actions = sum(a.verification is Verification.UNVERIFIED for a in actions)
    latest_document, latest_action = await _latest_records(reader, code)
    return Briefing(
        state=convert.state(state_row),
        since=since,
        until=until,
        as_of=as_of,
        themes=list(themes),
        bodies=list(bodies),
        summary=BriefingSummary(
            items=items_total,
            by_status={status.value: by_status.get(status.value, 0) for status in Status},
            by_body={body: dict(counts) for body, counts in sorted(by_body.items())},
            replies_overdue=sum(overdue_by_kind.values()),
            replies_overdue_on_remedies=overdue_by_kind.get(ItemKind.REMEDY.value, 0),
            new_recommendations=new_recommendations,
            coverage=coverage_line(
                sorted(by_body),
                as_of,
                latest_document,
                latest_action.date if latest_action else None,
                DatePrecision(latest_action.date_precision) if latest_action else DatePrecision.DAY,
            ),
            verification=verification_line(unverified_actions, len(unverified)),
            latest_document=latest_document,
            latest_action=latest_action.date if latest_action else None,
            latest_action_precision=DatePrecision(latest_action.date_precision) if latest_action else DatePrecision.DAY,
            unverified_actions=unverified_actions,
            unverified_assessments=len(unverified),
        ),
        new=new,
        actions=actions,
        actions_total=actions_total,
        changes=changes,
        changes_total=changes_total,
        replies_overdue=replies_overdue,
        replies_overdue_total=replies_overdue_total,
        outstanding=outstanding,
        outstanding_total=outstanding_total,
        cases=cases,
        cases_total=cases_total,
        unverified=unverified,
    )


def _item_scope(reader: Reader, code: str, themes: Sequence[str], bodies: Sequence[Body]) -> ColumnElement[bool]:
    conditions: list[ColumnExpressionArgument[bool]] = [ItemRow.state == code]
    if bodies:
        conditions.append(ItemRow.body.in_([b.value for b in bodies]))
    if themes:
        conditions.append(has_any_theme(list(themes), reader.dialect))
    return and_(*conditions)


def briefing_item(item: Item) -> BriefingItem:
    """An item as a briefing lists it."""
    return BriefingItem(
        id=item.id,
        label=item.label,
        body=item.body,
        kind=item.kind,
        status=item.status,
        status_rule=item.status_basis.rule,
        follow_up=item.follow_up,
        due_date=item.due_date,
        reply_date=item.reply_date,
        reply_precision=item.reply_precision,
        overdue=item.overdue,
        deadline_note=item.deadline_note,
        themes=[t for t in item.vocabulary_themes if t != "other"],
        awaiting_verification=item.awaiting_verification,
        verification=item.verification,
    )


async def _listed(
    reader: Reader, condition: ColumnElement[bool], order: tuple[Any, ...], as_of: dt.date
) -> tuple[list[BriefingItem], int]:
    total = (await reader.execute(select(func.count()).select_from(ItemRow).where(condition))).scalar_one()
    rows = (await reader.execute(ITEM_ROWS.where(condition).order_by(*order).limit(LIST_LENGTH))).all()
    return [briefing_item(item) for item in await items_of(reader, rows, as_of=as_of)], total


async def _new_in_period(
    reader: Reader, code: str, scope: ColumnElement[bool], start: dt.date, until: dt.date
) -> tuple[list[BriefingNew], int]:
    """Documents with recommendations and decisions adopted in the period, and how many recommendations they made."""
    new: list[BriefingNew] = []
    documents = await reader.execute(
        select(
            DocumentRow.id,
            DocumentRow.symbol,
            DocumentRow.body,
            DocumentRow.adopted_on,
            func.count(ItemRow.id),
            func.sum(case((ItemRow.follow_up.is_(True), 1), else_=0)),
        )
        .join(ItemRow, ItemRow.document == DocumentRow.id)
        .where(DocumentRow.state == code, DocumentRow.adopted_on >= start, DocumentRow.adopted_on <= until, scope)
        .group_by(DocumentRow.id, DocumentRow.symbol, DocumentRow.body, DocumentRow.adopted_on)
        .order_by(DocumentRow.adopted_on.desc(), DocumentRow.id)
    )
    recommendations = 0
    for doc_id, symbol, body, adopted, count, follow_up in documents:
        recommendations += count
        new.append(
            BriefingNew(id=doc_id, label=symbol, body=Body(body), adopted_on=adopted, items=count, follow_up=follow_up or 0)
        )
    decisions = await reader.execute(
        select(DecisionRow.id, DecisionRow.title, DecisionRow.body, DecisionRow.adopted_on, func.count(ItemRow.id))
        .outerjoin(ItemRow, and_(ItemRow.decision == DecisionRow.id, scope))
        .where(DecisionRow.state == code, DecisionRow.adopted_on >= start, DecisionRow.adopted_on <= until)
        .group_by(DecisionRow.id, DecisionRow.title, DecisionRow.body, DecisionRow.adopted_on)
        .order_by(DecisionRow.adopted_on.desc(), DecisionRow.id)
    )
    for decision_id, title, body, adopted, remedies in decisions:
        new.append(
            BriefingNew(
                id=decision_id,
                label=f"{title} ({case_reference(decision_id)})",
                body=Body(body),
                adopted_on=adopted,
                items=remedies,
            )
        )
    return new[:LIST_LENGTH], recommendations


async def _actions(
    reader: Reader,
    code: str,
    scope: ColumnElement[bool],
    themes: Sequence[str],
    bodies: Sequence[Body],
    start: dt.date,
    until: dt.date,
) -> tuple[list[BriefingAction], int]:
    """Every action dated in the period, linked to items or not, newest first.

    With a theme or body filter, an action counts when it bears on an item in scope; with a
    theme filter an unlinked action counts too when its own words speak of the theme.
    """
    in_period = and_(ActionRow.state == code, ActionRow.date >= start, ActionRow.date <= until)
    condition: Any = in_period
    if themes or bodies:
        bears_on_scope = ActionRow.id.in_(
            select(ActionItemRow.action).join(ItemRow, ItemRow.id == ActionItemRow.item).where(scope)
        )
        addressed = ActionRow.addressed_to.in_([b.value for b in bodies]) if bodies else None
        condition = and_(in_period, or_(bears_on_scope, addressed) if addressed is not None else bears_on_scope)
    newest_first = select(ActionRow).where(condition).order_by(ActionRow.date.desc(), ActionRow.id)
    if themes and not bodies:
        # Unlinked actions are matched to themes by their words, in Python: read them all.
        unlinked = (
            await reader.execute(select(ActionRow).where(in_period, ActionRow.id.not_in(select(ActionItemRow.action))))
        ).all()
        wanted = set(themes)
        rows: Sequence[Row[*tuple[Any, ...]]] = sorted(
            [
                *(await reader.execute(newest_first)).all(),
                *(r for r in unlinked if wanted & set(themes_of([r.title, r.description]))),
            ],
            key=lambda r: (-r.date.toordinal(), r.id),
        )
        total, rows = len(rows), rows[:LIST_LENGTH]
    else:
        total = (await reader.execute(select(func.count()).select_from(ActionRow).where(condition))).scalar_one()
        rows = (await reader.execute(newest_first.limit(LIST_LENGTH))).all()
    links = await action_links(reader, [r.id for r in rows])
    labels = await item_labels(reader, [link.item for r in rows for link in links[r.id]], until)
    listed = []
    for row in rows:
        action = convert.action(row, links[row.id])
        listed.append(
            BriefingAction(
                id=action.id,
                date=action.date,
                date_precision=action.date_precision,
                kind=action.kind,
                title=action.title,
                detail=action_detail(action.court, action.amounts, action.addressed_to),
                court=action.court,
                amounts=action.amounts,
                addressed_to=action.addressed_to,
                verification=action.verification,
                recorded_by=action.recorded_by,
                sources=action.sources,
                items=[
                    BriefingLink(item=link.item, label=labels.get(link.item, link.item), effect=link.effect)
                    for link in action.links
                ],
            )
        )
    return listed, total


async def _changes(
    reader: Reader, scope: ColumnElement[bool], start: dt.date, until: dt.date
) -> tuple[list[BriefingChange], int]:
    """Status changes whose event date falls in the period, latest first, each with the record behind it."""
    condition = and_(
        StatusChangeRow.occurred_on >= start,
        StatusChangeRow.occurred_on <= until,
        StatusChangeRow.item.in_(select(ItemRow.id).where(scope)),
    )
    total = (await reader.execute(select(func.count()).select_from(StatusChangeRow).where(condition))).scalar_one()
    rows = (
        await reader.execute(
            select(StatusChangeRow)
            .where(condition)
            .order_by(StatusChangeRow.occurred_on.desc(), StatusChangeRow.id)
            .limit(LIST_LENGTH)
        )
    ).all()
    labels = await item_labels(reader, [r.item for r in rows], until)
    action_ids = sorted({r.action for r in rows if r.action})
    assessment_ids = sorted({r.assessment for r in rows if r.assessment})
    actions = {a.id: a for a in await reader.execute(select(ActionRow).where(ActionRow.id.in_(action_ids)))} if action_ids else {}
    assessments = (
        {a.id: a for a in await reader.execute(select(AssessmentRow).where(AssessmentRow.id.in_(assessment_ids)))}
        if assessment_ids
        else {}
    )
    changes = []
    for row in rows:
        change = convert.status_change(row)
        action = convert.action_brief(actions[row.action]) if row.action in actions else None
        assessment = convert.assessment(assessments[row.assessment]) if row.assessment in assessments else None
        changes.append(
            BriefingChange(
                item=row.item,
                label=labels.get(row.item, row.item),
                on=change.on,
                precision=change.precision,
                from_=change.from_,
                to=change.to,
                basis=change.basis,
                action=action,
                assessment=assessment,
                because=change_cause(change.basis, action, assessment),
            )
        )
    return changes, total


async def _open_cases(reader: Reader, scope: ColumnElement[bool], as_of: dt.date) -> tuple[list[BriefingCase], int]:
    """Decisions with at least one remedy neither implemented nor closed, oldest first, with all their remedies."""
    open_remedy = and_(scope, ItemRow.kind == ItemKind.REMEDY.value, ItemRow.status.not_in([s.value for s in SETTLED]))
    decision_ids = select(ItemRow.decision).where(open_remedy).distinct()
    total = (await reader.execute(select(func.count()).select_from(decision_ids.subquery()))).scalar_one()
    decisions = (
        await reader.execute(
            select(DecisionRow)
            .where(DecisionRow.id.in_(decision_ids))
            .order_by(DecisionRow.adopted_on.is_(None), DecisionRow.adopted_on, DecisionRow.id)
            .limit(LIST_LENGTH)
        )
    ).all()
    remedies: dict[str, list[BriefingItem]] = defaultdict(list)
    if decisions:
        rows = (
            await reader.execute(ITEM_ROWS.where(scope, ItemRow.decision.in_([d.id for d in decisions])).order_by(ItemRow.id))
        ).all()
        for item in await items_of(reader, rows, as_of=as_of):
            remedies[item.decision or ""].append(briefing_item(item))
    cases = [
        BriefingCase(
            decision=d.id,
            label=f"{d.title} ({case_reference(d.id)})",
            symbol=d.symbol,
            adopted_on=d.adopted_on,
            remedies=remedies[d.id],
        )
        for d in decisions
    ]
    return cases, total


async def _unverified_claims(reader: Reader, scope: ColumnElement[bool], start: dt.date, until: dt.date) -> list[BriefingClaim]:
    """Unverified assessments dated in the period: shown, marked, never counted."""
    rows = (
        await reader.execute(
            select(AssessmentRow)
            .where(
                AssessmentRow.verification == Verification.UNVERIFIED.value,
                AssessmentRow.date >= start,
                AssessmentRow.date <= until,
                AssessmentRow.item.in_(select(ItemRow.id).where(scope)),
            )
            .order_by(AssessmentRow.date.desc(), AssessmentRow.id)
            .limit(LIST_LENGTH)
        )
    ).all()
    labels = await item_labels(reader, [r.item for r in rows], until)
    return [
        BriefingClaim(
            item=r.item,
            label=labels.get(r.item, r.item),
            date=r.date,
            assessor=r.assessor,
            assessor_kind=AssessorKind(r.assessor_kind),
            grade=r.grade,
            status=Status(r.status) if r.status else None,
            recorded_by=r.recorded_by,
        )
        for r in rows
    ]


async def _latest_records(reader: Reader, code: str) -> tuple[dt.date | None, Any]:
    """When the State's latest document was adopted and its latest action taken."""
    latest_document = (await reader.execute(select(func.max(DocumentRow.adopted_on)).where(DocumentRow.state == code))).scalar()
    latest_action = (
        await reader.execute(
            select(ActionRow.date, ActionRow.date_precision)
            .where(ActionRow.state == code)
            .order_by(ActionRow.date.desc())
            .limit(1)
        )
    ).first()
    return latest_document, latest_action
