"""Date arguments of the library's reads are a datetime.date or "YYYY-MM-DD", and nothing else."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

import tracker
import tracker.library as library

Read = Callable[[tracker.Tracker, Any], Awaitable[Any]]


async def _each(t: tracker.Tracker, value: Any) -> list[Any]:
    return [item async for item in t.items.each(as_of=value)]


#: Every date argument of a read, as (the field it is, a call passing it the value).
READS: list[tuple[str, Read]] = [
    pytest.param("as_of", lambda t, v: t.items.list(state="KAZ", as_of=v), id="items.list-as_of"),
    pytest.param("due_before", lambda t, v: t.items.list(due_before=v), id="items.list-due_before"),
    pytest.param("due_after", lambda t, v: t.items.list(due_after=v), id="items.list-due_after"),
    pytest.param("as_of", _each, id="items.each-as_of"),
    pytest.param("as_of", lambda t, v: t.items.get("cat-433-2010-compensation", as_of=v), id="items.get-as_of"),
    pytest.param("as_of", lambda t, v: t.states.list(as_of=v), id="states.list-as_of"),
    pytest.param("as_of", lambda t, v: t.states.get("KAZ", as_of=v), id="states.get-as_of"),
    pytest.param("as_of", lambda t, v: t.documents.get("CAT/C/KAZ/CO/3", as_of=v), id="documents.get-as_of"),
    pytest.param("as_of", lambda t, v: t.decisions.get("cat-433-2010", as_of=v), id="decisions.get-as_of"),
    pytest.param("since", lambda t, v: t.actions.list(since=v), id="actions.list-since"),
    pytest.param("until", lambda t, v: t.actions.list(until=v), id="actions.list-until"),
    pytest.param("since", lambda t, v: t.briefings.get("KAZ", since=v), id="briefings.get-since"),
    pytest.param("until", lambda t, v: t.briefings.get("KAZ", until=v), id="briefings.get-until"),
    pytest.param("as_of", lambda t, v: t.briefings.get("KAZ", as_of=v), id="briefings.get-as_of"),
]

NOT_DATES = [
    pytest.param("2023", id="year-only"),
    pytest.param("2023-06", id="month-only"),
    pytest.param("20230601", id="basic-format"),
    pytest.param("2023-W22-4", id="week-date"),
    pytest.param("2023-06-01T00:00:00", id="timestamp"),
    pytest.param("2023-06-01\n", id="trailing-newline"),
    pytest.param(" 2023-06-01", id="leading-space"),
    pytest.param("01/06/2023", id="day-first"),
    pytest.param("2023-02-30", id="no-such-day"),
    pytest.param("", id="empty"),
    pytest.param(2023, id="int"),
    pytest.param(dt.datetime(2023, 6, 1, 12, 0), id="datetime"),
    pytest.param(dt.datetime(2023, 6, 1, tzinfo=dt.UTC), id="aware-datetime"),
]


@pytest.mark.parametrize("value", ["2023", dt.datetime(2023, 6, 1, 12, 0)], ids=["year-only", "datetime"])
@pytest.mark.parametrize(("field", "read"), READS)
async def test_every_date_argument_that_is_not_a_date_is_refused_naming_the_field(
    opened: tracker.Tracker, field: str, read: Read, value: Any
) -> None:
    with pytest.raises(tracker.InvalidInput) as raised:
        await read(opened, value)
    assert raised.value.field == field
    assert str(raised.value).startswith(f"{field}: {value!r} ")
    assert "YYYY-MM-DD" in str(raised.value)


@pytest.mark.parametrize("value", NOT_DATES)
async def test_only_the_form_yyyy_mm_dd_is_taken_from_a_string(opened: tracker.Tracker, value: Any) -> None:
    with pytest.raises(tracker.InvalidInput) as raised:
        await opened.actions.list(since=value)
    assert raised.value.field == "since"
    assert "YYYY-MM-DD" in str(raised.value)


async def test_a_year_alone_no_longer_selects_every_action(seeded: tracker.Tracker) -> None:
    with pytest.raises(tracker.InvalidInput) as raised:
        await seeded.actions.list(since="2023")
    assert raised.value.field == "since"
    assert str(raised.value) == "since: '2023' is not a date; use YYYY-MM-DD or a datetime.date"


async def test_a_datetime_is_refused_with_the_way_to_a_date(seeded: tracker.Tracker) -> None:
    with pytest.raises(tracker.InvalidInput) as raised:
        await seeded.actions.list(until=dt.datetime(2014, 1, 1, 9, 30))
    assert raised.value.field == "until"
    assert "is a datetime, not a date" in str(raised.value) and ".date()" in str(raised.value)


@pytest.mark.parametrize(
    "arguments",
    [{"since": "2013-11-21"}, {"until": "2013-12-31"}, {"since": "2013-01-01", "until": "2014-12-31"}],
    ids=["since", "until", "both"],
)
async def test_actions_by_an_iso_string_are_the_actions_by_its_date(seeded: tracker.Tracker, arguments: dict[str, str]) -> None:
    by_string = await seeded.actions.list(**arguments, limit=500)
    by_date = await seeded.actions.list(**{name: dt.date.fromisoformat(value) for name, value in arguments.items()}, limit=500)
    everything = await seeded.actions.list(limit=500)
    assert by_string == by_date
    assert 0 < by_string.total < everything.total


async def test_states_as_of_an_iso_string_are_the_states_as_of_its_date(seeded: tracker.Tracker) -> None:
    assert await seeded.states.list(as_of="2016-01-01") == await seeded.states.list(as_of=dt.date(2016, 1, 1))


#: Each read, and where its date goes: the query it calls and the keyword the date reaches it by.
PASSED_ON: list[Any] = [
    pytest.param(lambda t, v: t.items.get("x", as_of=v), "get_item", "as_of", id="items.get"),
    pytest.param(lambda t, v: t.items.list(as_of=v), "list_items", "as_of", id="items.list"),
    pytest.param(_each, "list_items", "as_of", id="items.each"),
    pytest.param(lambda t, v: t.states.get("KAZ", as_of=v), "resources.state_summary", "as_of", id="states.get"),
    pytest.param(lambda t, v: t.documents.get("CAT/C/KAZ/CO/3", as_of=v), "resources.get_document", "as_of", id="documents.get"),
    pytest.param(lambda t, v: t.decisions.get("cat-433-2010", as_of=v), "resources.get_decision", "as_of", id="decisions.get"),
    pytest.param(lambda t, v: t.briefings.get("KAZ", since=v, until=v, as_of=v), "build_briefing", "since", id="briefings.get"),
]


@pytest.mark.parametrize(("read", "query", "keyword"), PASSED_ON)
async def test_an_iso_string_reaches_the_query_as_the_date_it_names(
    opened: tracker.Tracker, monkeypatch: pytest.MonkeyPatch, read: Read, query: str, keyword: str
) -> None:
    received: list[Any] = []

    async def recording(*args: Any, **kwargs: Any) -> Any:
        received.append(kwargs)
        return tracker.Page(items=[], next_cursor=None, total=0) if "list" in query else None

    owner = library.resources if query.startswith("resources.") else library
    monkeypatch.setattr(owner, query.removeprefix("resources."), recording)
    await read(opened, "2016-01-01")
    await read(opened, dt.date(2016, 1, 1))
    assert [call[keyword] for call in received] == [dt.date(2016, 1, 1)] * 2
    assert received[0] == received[1]


def test_an_item_filter_takes_due_dates_as_iso_strings() -> None:
    assert library.item_filter(due_before="2015-11-28", due_after="2015-01-01") == library.item_filter(
        due_before=dt.date(2015, 11, 28), due_after=dt.date(2015, 1, 1)
    )
