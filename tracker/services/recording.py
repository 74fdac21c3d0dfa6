"""Recording what States do and how items are judged: actions, their corrections, assessments.

Every write goes through the loader, so it meets the same rules as an import, re-derives the
status of the items it touches and appends to the change log, all in the caller's
transaction; each is also entered in the audit trail under the name of whoever made it.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import msgspec
from msgspec import UNSET
from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError

from tracker.db.models import ActionRow, AssessmentRow, ItemRow, utcnow
from tracker.db.writing import WriteSession
from tracker.domain import ids
from tracker.domain.entities import Action, Assessment
from tracker.domain.enums import Verification
from tracker.domain.source_urls import shown_urls
from tracker.domain.versions import etag_of
from tracker.domain.writes import ActionChanges, NewAction, NewAssessment
from tracker.errors import Conflict, InvalidInput, NotAllowed, NotFound, PreconditionFailed
from tracker.queries.resources import get_action, get_assessment
from tracker.records import ActionRecord, AssessmentRecord
from tracker.services.audit import record_audit
from tracker.services.changes import append_changes
from tracker.services.loading import free_action_id, load_records
from tracker.services.writing import parse, reader_of

#: The look-ups of recording, built once.
_ACTION_HELD = select(ActionRow.id).where(
    ActionRow.state == bindparam("state"),
    ActionRow.date_key == bindparam("date_key"),
    ActionRow.kind == bindparam("kind"),
    ActionRow.title_key == bindparam("title_key"),
)
_ACTION_IDS_TAKEN = select(ActionRow.id).where((ActionRow.id == bindparam("derived")) | ActionRow.id.like(bindparam("numbered")))
_ITEM_STATE = select(ItemRow.state).where(ItemRow.id == bindparam("item"))
_ASSESSMENT_HELD = select(AssessmentRow.id).where(AssessmentRow.id == bindparam("assessment"))


async def record_action(session: WriteSession, new: NewAction, *, by: str) -> Action:
    """Store a new action with its sources and item links; the linked items' statuses follow.

    Raises :class:`Conflict` if an action with the same State, date, kind and title is stored,
    and :class:`~tracker.errors.InvalidInput` if it is sent as verified: someone else confirms it.
    """
    _refuse_self_verification(new.verification)
    date_key = ids.partial_date(new.date, new.date_precision)
    natural_key = {"state": new.state, "date_key": date_key, "kind": new.kind.value, "title_key": ids.normalize_title(new.title)}
    held = (await session.execute(_ACTION_HELD, natural_key)).scalar()
    if held is not None:
        raise Conflict(f"this action is already recorded as {held!r}", existing=held)
    derived = ids.action_id(new.state, new.date, new.date_precision, new.kind.value, new.title)
    # The derived ID can be held by an action whose title was corrected after it was stored.
    taken = set((await session.execute(_ACTION_IDS_TAKEN, {"derived": derived, "numbered": f"{derived}-%"})).scalars())
    action_id = free_action_id(derived, taken)
    record = ActionRecord(id=action_id, recorded_by=by, **msgspec.structs.asdict(new))
    try:
        await load_records(session, [record])
    except IntegrityError:
        raise Conflict("the same action was recorded at the same moment by another request; read it and retry") from None
    action = await get_action(await reader_of(session), action_id)
    await record_audit(
        session, actor=by, operation="create", entity="action", entity_id=action_id, state=action.state, after=action
    )
    return action


async def update_action(
    session: WriteSession, action_id: str, changes: ActionChanges, *, by: str, if_match: Collection[str] | None = None
) -> Action:
    """Change the given fields of a stored action; it keeps its ID.

    With ``if_match`` (ETags, or ``*``), raises :class:`PreconditionFailed` unless the stored
    action is still the version one of them names (as stored or as readers see it), so two editors
    cannot overwrite each other.
    """
    reader = await reader_of(session)
    before = await get_action(reader, action_id)
    if if_match is not None and "*" not in if_match and not {etag_of(before), etag_of(shown_urls(before))} & set(if_match):
        raise PreconditionFailed(f"action {action_id!r} has changed since that version was read; read it again")
    given = {name: value for name, value in msgspec.structs.asdict(changes).items() if value is not UNSET}
    if "verification" in given:
        _refuse_self_verification(given["verification"])
    stored = msgspec.to_builtins(before)
    merged: dict[str, Any] = {**stored, **msgspec.to_builtins(given)}
    if merged != stored:
        # What was confirmed is not what is stored any more: it waits for a second editor again.
        merged.update(verification=Verification.UNVERIFIED.value, verified_by=None, verified_at=None)
    await load_records(session, [parse(ActionRecord, merged)])
    after = await get_action(reader, action_id)
    if after.links != before.links and msgspec.structs.replace(after, links=before.links) == before:
        # Links are not columns of the action, so the loader left the row as it was; the change log must still say it changed.
        stamp = utcnow()
        await session.execute(update(ActionRow).where(ActionRow.id == action_id).values(updated_at=stamp))
        await append_changes(session, stamp)
    if after != before:
        await record_audit(
            session,
            actor=by,
            operation="update",
            entity="action",
            entity_id=action_id,
            state=after.state,
            before=before,
            after=after,
        )
    return after


async def assess_item(session: WriteSession, item_id: str, new: NewAssessment, *, by: str) -> Assessment:
    """Add an assessment of one item; the normalized status is derived from the grade.

    Raises :class:`NotFound` for an unknown item, :class:`~tracker.errors.InvalidInput` for a
    grade that is not on the scale, and :class:`Conflict` if the assessor already judged the
    item on that date.
    """
    _refuse_self_verification(new.verification)
    state = (await session.execute(_ITEM_STATE, {"item": item_id})).scalar()
    if state is None:
        raise NotFound("item", item_id)
    assessment_id = ids.assessment_id(item_id, new.assessor, new.date)
    if (await session.execute(_ASSESSMENT_HELD, {"assessment": assessment_id})).first() is not None:
        raise Conflict(f"{new.assessor} already assessed {item_id} on {new.date.isoformat()}", existing=assessment_id)
    record = AssessmentRecord(item=item_id, recorded_by=by, **msgspec.structs.asdict(new))
    try:
        await load_records(session, [record])
    except IntegrityError:
        raise Conflict("the same assessment was recorded at the same moment by another request") from None
    assessment = await get_assessment(await reader_of(session), assessment_id)
    await record_audit(
        session, actor=by, operation="create", entity="assessment", entity_id=assessment_id, state=state, after=assessment
    )
    return assessment


def _refuse_self_verification(verification: Verification) -> None:
    if verification is Verification.VERIFIED:
        raise InvalidInput(
            "a record is stored unverified; another editor or an admin confirms it"
            " (POST /api/v1/actions/{id}/verify or /api/v1/assessments/{id}/verify, or verify() in the library)",
            field="verification",
        )


def _check_verifier(
    what: str, record_id: str, verification: Verification, recorded_by: str | None, verified_by: str | None, by: str
) -> None:
    if verification is Verification.VERIFIED:
        raise Conflict(
            f"{what} {record_id!r} is verified already" + (f" (by {verified_by})" if verified_by else ""), existing=record_id
        )
    if recorded_by is not None and recorded_by == by:
        raise NotAllowed(f"{what} {record_id!r} was recorded by {by}; someone else must verify it")


async def verify_action(session: WriteSession, action_id: str, *, by: str) -> Action:
    """Confirm an action someone else recorded: from now on it counts toward its items' status.

    Raises :class:`NotFound`, :class:`NotAllowed` for the one who recorded it, and
    :class:`Conflict` if it is verified already.
    """
    before = await get_action(await reader_of(session), action_id)
    _check_verifier("action", action_id, before.verification, before.recorded_by, before.verified_by, by)
    record = {
        **msgspec.to_builtins(before),
        "verification": Verification.VERIFIED.value,
        "verified_by": by,
        "verified_at": msgspec.to_builtins(utcnow()),
    }
    await load_records(session, [parse(ActionRecord, record)])
    after = await get_action(await reader_of(session), action_id)
    await record_audit(
        session, actor=by, operation="verify", entity="action", entity_id=action_id, state=after.state, before=before, after=after
    )
    return after


async def verify_assessment(session: WriteSession, assessment_id: str, *, by: str) -> Assessment:
    """Confirm an assessment someone else recorded: from now on it counts toward the item's status.

    Raises :class:`NotFound`, :class:`NotAllowed` for the one who recorded it, and
    :class:`Conflict` if it is verified already.
    """
    before = await get_assessment(await reader_of(session), assessment_id)
    _check_verifier("assessment", assessment_id, before.verification, before.recorded_by, before.verified_by, by)
    fields = msgspec.to_builtins(before)
    record = {name: fields[name] for name in AssessmentRecord.__struct_fields__ if name in fields}
    record.update(verification=Verification.VERIFIED.value, verified_by=by, verified_at=msgspec.to_builtins(utcnow()))
    await load_records(session, [parse(AssessmentRecord, record)])
    after = await get_assessment(await reader_of(session), assessment_id)
    state = (await session.execute(_ITEM_STATE, {"item": after.item})).scalar()
    await record_audit(
        session,
        actor=by,
        operation="verify",
        entity="assessment",
        entity_id=assessment_id,
        state=state,
        before=before,
        after=after,
    )
    return after
