"""The triage inbox: scrapers propose what they found, an editor accepts it as an action or rejects it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

import msgspec
from msgspec import UNSET
from sqlalchemy import insert, select, update

from tracker.db.models import CandidateRow, ItemRow, SourceRow, utcnow
from tracker.db.writing import WriteSession
from tracker.domain.entities import Action, Candidate, SourceRef
from tracker.domain.enums import OFFICIAL_REGISTERS, CandidateStatus
from tracker.domain.writes import Acceptance, NewAction, NewCandidate, Rejection
from tracker.errors import Conflict, NotFound
from tracker.queries import convert
from tracker.services.audit import record_audit
from tracker.services.recording import record_action, verify_action
from tracker.services.writing import parse


def entry_key(source: str, entry: str) -> str:
    """The key that tells an entry already proposed by a source."""
    return hashlib.sha256(f"{source}\n{entry}".encode()).hexdigest()


async def propose(session: WriteSession, candidates: Iterable[NewCandidate]) -> list[int]:
    """Add candidates to the inbox, skipping entries their source proposed before (whatever
    became of them); returns the IDs of the new ones."""
    wanted: dict[str, NewCandidate] = {}
    for candidate in candidates:
        wanted.setdefault(entry_key(candidate.source, candidate.entry), candidate)
    if not wanted:
        return []
    seen = set((await session.execute(select(CandidateRow.entry_key).where(CandidateRow.entry_key.in_(list(wanted))))).scalars())
    items = {match.item for c in wanted.values() for match in c.matches}
    known = set((await session.execute(select(ItemRow.id).where(ItemRow.id.in_(sorted(items))))).scalars())
    if items - known:
        raise NotFound("item", min(items - known), field="matches.item")
    created = []
    now = utcnow()
    for key, c in wanted.items():
        if key in seen:
            continue
        result = await session.execute(
            insert(CandidateRow.__table__).values(
                source=c.source,
                entry_key=key,
                url=c.url,
                title=c.title,
                published_on=c.published_on,
                excerpt=c.excerpt,
                language=c.language,
                state=c.state,
                status=CandidateStatus.PENDING.value,
                found_at=now,
                matches=msgspec.to_builtins(sorted(c.matches, key=lambda m: -m.score)),
                kind=c.kind.value if c.kind else None,
                legal_reference=c.legal_reference,
                titles=dict(c.titles) or None,
            )
        )
        created.append(result.inserted_primary_key[0])  # type: ignore[attr-defined]  # an INSERT/DELETE gives a CursorResult; the stubs say Result
    return created


async def _pending(session: WriteSession, candidate_id: int) -> Candidate:
    row = (await session.execute(select(CandidateRow).where(CandidateRow.id == candidate_id))).scalar()
    if row is None:
        raise NotFound("inbox candidate", str(candidate_id))
    candidate = convert.candidate(row)
    if candidate.status is not CandidateStatus.PENDING:
        raise Conflict(
            f"candidate {candidate_id} was {candidate.status.value} by {candidate.decided_by} already",
            existing=candidate.action,
        )
    return candidate


async def _decide(session: WriteSession, before: Candidate, *, by: str, operation: str, **values: Any) -> Candidate:
    table = CandidateRow.__table__
    await session.execute(update(table).where(table.c.id == before.id).values(decided_at=utcnow(), decided_by=by, **values))
    row = (
        await session.execute(select(CandidateRow).where(CandidateRow.id == before.id).execution_options(populate_existing=True))
    ).scalar_one()
    after = convert.candidate(row)
    await record_audit(
        session,
        actor=by,
        operation=operation,
        entity="candidate",
        entity_id=str(before.id),
        state=after.state,
        before=before,
        after=after,
    )
    return after


async def accept(session: WriteSession, candidate_id: int, acceptance: Acceptance, *, by: str) -> tuple[Candidate, Action]:
    """Record the action an editor made of a candidate and mark the candidate accepted.

    The action's State, date, title and source default to the candidate's, and so do its kind and
    legal reference where the candidate proposes them. A candidate from a State's official register
    of legal acts (:data:`~tracker.domain.enums.OFFICIAL_REGISTERS`) is the State's own publication:
    its action is verified by that source, with the links the editor confirmed. A candidate
    already accepted or rejected raises :class:`Conflict`.
    """
    candidate = await _pending(session, candidate_id)
    fields = {name: value for name, value in msgspec.structs.asdict(acceptance).items() if value is not UNSET}
    defaults = {
        "kind": candidate.kind,
        "legal_reference": candidate.legal_reference,
        "state": candidate.state,
        "date": candidate.published_on,
        "title": candidate.title,
        "language": candidate.language or "en",
        "sources": [
            SourceRef(url=candidate.url, title=candidate.title, date=candidate.published_on, language=candidate.language)
        ],
    }
    new = parse(NewAction, {**{k: v for k, v in defaults.items() if v is not None}, **fields})
    action = await record_action(session, new, by=by)
    if await _from_official_register(session, candidate.source):
        action = await verify_action(session, action.id, by=candidate.source)
    accepted = await _decide(
        session, candidate, by=by, operation="accept", status=CandidateStatus.ACCEPTED.value, action=action.id
    )
    return accepted, action


async def _from_official_register(session: WriteSession, source: str) -> bool:
    adapter = (await session.execute(select(SourceRow.adapter).where(SourceRow.name == source))).scalar()
    return adapter in {register.value for register in OFFICIAL_REGISTERS}


async def reject(session: WriteSession, candidate_id: int, rejection: Rejection, *, by: str) -> Candidate:
    """Mark a candidate rejected, with the reason; it is not proposed again."""
    candidate = await _pending(session, candidate_id)
    return await _decide(
        session, candidate, by=by, operation="reject", status=CandidateStatus.REJECTED.value, reason=rejection.reason
    )
