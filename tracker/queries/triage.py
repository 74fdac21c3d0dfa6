"""Reading the triage inbox and the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from tracker.db.models import AuditRow, CandidateRow
from tracker.db.reading import Reader
from tracker.domain.entities import AuditEntry, Candidate, Page
from tracker.domain.enums import CandidateStatus
from tracker.errors import InvalidInput, NotFound
from tracker.queries import convert
from tracker.queries.paging import as_utc, check_limit, check_states, decode_cursor, encode_cursor


def _after(cursor: str | None, sort: str) -> int | None:
    if cursor is None:
        return None
    try:
        return int(decode_cursor(cursor, sort))
    except ValueError:
        raise InvalidInput("cursor is malformed; use the next_cursor of a previous page", field="cursor") from None


async def list_candidates(
    reader: Reader,
    *,
    statuses: Sequence[CandidateStatus] = (CandidateStatus.PENDING,),
    states: Sequence[str] = (),
    source: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[Candidate]:
    """Inbox candidates, oldest first (pending ones by default), filtered by State and source."""
    check_limit(limit)
    await check_states(reader, states)
    where: list[Any] = []
    if statuses:
        where.append(CandidateRow.status.in_([s.value for s in statuses]))
    if states:
        where.append(CandidateRow.state.in_(list(states)))
    if source is not None:
        where.append(CandidateRow.source == source)
    total = (await reader.execute(select(func.count()).select_from(CandidateRow).where(*where))).scalar_one()
    after = _after(cursor, "inbox")
    if after is not None:
        where.append(CandidateRow.id > after)
    rows = (await reader.execute(select(CandidateRow).where(*where).order_by(CandidateRow.id).limit(limit + 1))).all()
    found = [convert.candidate(row) for row in rows[:limit]]
    next_cursor = encode_cursor("inbox", str(found[-1].id)) if len(rows) > limit else None
    return Page(items=found, next_cursor=next_cursor, total=total)


async def get_candidate(reader: Reader, candidate_id: int) -> Candidate:
    """One inbox candidate, whatever its status."""
    row = (await reader.execute(select(CandidateRow).where(CandidateRow.id == candidate_id))).first()
    if row is None:
        raise NotFound("inbox candidate", str(candidate_id))
    return convert.candidate(row)


async def list_audit(
    reader: Reader,
    *,
    actor: str | None = None,
    entity: str | None = None,
    entity_id: str | None = None,
    operation: str | None = None,
    states: Sequence[str] = (),
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[AuditEntry]:
    """Audit entries, latest first, filtered by who, what and when."""
    check_limit(limit)
    await check_states(reader, states)
    where: list[Any] = [
        column == value
        for column, value in (
            (AuditRow.actor, actor),
            (AuditRow.entity, entity),
            (AuditRow.entity_id, entity_id),
            (AuditRow.operation, operation),
        )
        if value is not None
    ]
    if states:
        where.append(AuditRow.state.in_(list(states)))
    if since is not None:
        where.append(AuditRow.at >= as_utc(since, "since"))
    if until is not None:
        where.append(AuditRow.at < as_utc(until, "until"))
    total = (await reader.execute(select(func.count()).select_from(AuditRow).where(*where))).scalar_one()
    after = _after(cursor, "audit")
    if after is not None:
        where.append(AuditRow.id < after)
    rows = (await reader.execute(select(AuditRow).where(*where).order_by(AuditRow.id.desc()).limit(limit + 1))).all()
    found = [convert.audit_entry(row) for row in rows[:limit]]
    next_cursor = encode_cursor("audit", str(found[-1].id)) if len(rows) > limit else None
    return Page(items=found, next_cursor=next_cursor, total=total)
