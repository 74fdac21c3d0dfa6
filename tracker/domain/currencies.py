"""ISO 4217 currency codes and when each was legal tender, from the CLDR data Babel ships.

A court award or payment is checked against the currencies in use on the action's date, so the
Tajik ruble (``TJR``, 1995–2000) or Belarus's ``BYR`` (2000–2016) are accepted for their time and
refused after it. The data is CLDR's ``territory_currencies`` (which currency was legal tender where,
from when to when); non-tender codes such as ``XXX`` or fund codes such as ``USN`` are not currencies here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from typing import NamedTuple

from babel import Locale
from babel.core import get_global


class Tender(NamedTuple):
    """One period in which a currency was legal tender in one territory; ``None`` is an open end."""

    territory: str
    start: dt.date | None
    end: dt.date | None

    def includes(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def _day(value: tuple[int, int, int] | None) -> dt.date | None:
    return None if value is None else dt.date(*value)


@cache
def tender_periods() -> Mapping[str, tuple[Tender, ...]]:
    """Every currency code CLDR records as legal tender, with the periods and territories it was (built once)."""
    periods: dict[str, list[Tender]] = {}
    for territory, currencies in get_global("territory_currencies").items():
        for code, start, end, tender in currencies:
            if tender:
                periods.setdefault(code, []).append(Tender(territory, _day(start), _day(end)))
    return {code: tuple(found) for code, found in periods.items()}


def is_currency(code: str, *, on: dt.date | None = None) -> bool:
    """True for an ISO 4217 code that was legal tender somewhere on ``on`` (today by default):
    ``KZT`` on 2013-11-21, ``TJR`` on 1999-06-01, but not ``TJR`` on 2013-11-21."""
    day = on or dt.date.today()
    return any(period.includes(day) for period in tender_periods().get(code, ()))


def currencies_in(territory: str, *, on: dt.date) -> list[str]:
    """The currencies legal tender in a territory on a day, sorted."""
    return sorted(
        code for code, periods in tender_periods().items() if any(p.territory == territory and p.includes(on) for p in periods)
    )


def _territory_name(territory: str) -> str:
    return Locale("en").territories.get(territory, territory)


def _span(period: Tender) -> str:
    if period.start and period.end:
        return f"{period.start.isoformat()} to {period.end.isoformat()}"
    return f"from {period.start.isoformat()}" if period.start else f"until {period.end.isoformat() if period.end else '…'}"


#: How many territories a refusal names before it says "and N more".
SHOWN = 3


def why_not_currency(code: str, *, on: dt.date | None = None) -> str:
    """Why :func:`is_currency` refuses ``code`` on ``on``, in a sentence for the person who typed it:
    ``'TJR' was not in use on 2013-11-21 (legal tender in Tajikistan 1995-05-10 to 2000-10-25;
    in use then in Tajikistan: TJS)``."""
    periods = tender_periods().get(code)
    if not periods:
        hint = f" (codes are upper case: {code.upper()!r})" if code.upper() in tender_periods() else ""
        return f"{code!r} is not an ISO 4217 currency code{hint}"
    day = on or dt.date.today()
    when, then = (f"on {day.isoformat()}", "then") if on else ("today", "today")
    shown, more = periods[:SHOWN], len(periods) - SHOWN
    where = "; ".join(f"{_territory_name(p.territory)} {_span(p)}" for p in shown) + (f"; and {more} more" if more > 0 else "")
    instead = {_territory_name(p.territory): currencies_in(p.territory, on=day) for p in shown}
    used = "; ".join(f"{name}: {', '.join(codes)}" for name, codes in instead.items() if codes)
    return f"{code!r} was not in use {when} (legal tender in {where}" + (f"; in use {then} in {used})" if used else ")")
