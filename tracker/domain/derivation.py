"""Everything an item's record of actions and assessments says about it, derived in one place.

The loader and the migrations that re-derive stored items both call :func:`derive_record`, so
an item reads the same however its record reached the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from msgspec import Struct

from tracker.domain.deadlines import first_reply, is_reply
from tracker.domain.entities import StatusChange
from tracker.domain.enums import NOT_BY_THE_STATE, Body, DatePrecision
from tracker.domain.status import AssessmentFact, DerivedStatus, LinkFact, derive_status, status_history

#: Finest first: of two replies on one date, the better known one dates it.
_PRECISION = (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR)


class RecordDerivation(Struct, frozen=True, kw_only=True):
    """What an item's record gives: its status and history, its first State reply, the latest
    thing the State did about it, and how many of its records await verification."""

    status: DerivedStatus
    history: list[StatusChange]
    reply_date: dt.date | None
    reply_precision: DatePrecision
    latest_action: str | None
    awaiting_verification: int


def derive_record(
    *, body: Body, adopted: dt.date | None, assessments: Sequence[AssessmentFact], links: Sequence[LinkFact]
) -> RecordDerivation:
    """Derive an item's status, history, reply date, latest State action and unverified count.

    Only verified records move the status and count as replies; unverified ones are counted so
    that they can be shown, marked, wherever the item is.
    """
    replies = [link for link in links if link.verified and is_reply(link.kind, link.addressed_to, body)]
    reply_date = first_reply([link.date for link in replies], since=adopted)
    reply_precision = min(
        (link.precision for link in replies if link.date == reply_date), key=_PRECISION.index, default=DatePrecision.DAY
    )
    by_the_state = [link for link in links if link.kind not in NOT_BY_THE_STATE]
    latest = max(by_the_state, key=lambda link: (link.date, link.action), default=None)
    return RecordDerivation(
        status=derive_status(assessments, links),
        history=status_history(assessments, links),
        reply_date=reply_date,
        reply_precision=reply_precision,
        latest_action=latest.action if latest else None,
        awaiting_verification=sum(not a.verified for a in assessments) + sum(not link.verified for link in links),
    )
