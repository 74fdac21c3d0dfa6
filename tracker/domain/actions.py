"""Rules an action must satisfy before it is stored."""

from __future__ import annotations

import datetime as dt
import math

from tracker.domain.currencies import is_currency, why_not_currency
from tracker.domain.entities import Amounts, CourtRuling
from tracker.domain.enums import ADDRESSED_KINDS, AMOUNT_KINDS, COURT_KINDS, ActionKind, Body


def action_problems(
    kind: ActionKind,
    court: CourtRuling | None,
    amounts: Amounts | None,
    *,
    date: dt.date | None = None,
    addressed_to: Body | None = None,
) -> list[tuple[str, str]]:
    """Each broken rule as ``(field, message)``; an empty list means the action is acceptable."""
    problems: list[tuple[str, str]] = []
    if addressed_to is not None and kind not in ADDRESSED_KINDS:
        allowed = ", ".join(sorted(k.value for k in ADDRESSED_KINDS))
        problems.append(("addressed_to", f"only a State's communication ({allowed}) is addressed to a body, not {kind.value}"))
    if court is not None and kind not in COURT_KINDS:
        problems.append(("court", f"court details belong to a court ruling, not to {kind.value}"))
    if amounts is not None:
        if kind not in AMOUNT_KINDS:
            problems.append(("amounts", f"amounts belong to a court ruling or compensation payment, not to {kind.value}"))
        if not is_currency(amounts.currency, on=date):
            problems.append(("amounts.currency", why_not_currency(amounts.currency, on=date)))
        for name in ("claimed", "awarded", "recommended", "paid"):
            value = getattr(amounts, name)
            if value is not None and (not math.isfinite(value) or value < 0):
                problems.append((f"amounts.{name}", "an amount must be a non-negative number"))
    return problems
