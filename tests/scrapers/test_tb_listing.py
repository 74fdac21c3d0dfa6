"""The OHCHR Treaty Body Database listing: symbols, documents, and State follow-up replies as actions."""

from __future__ import annotations

import datetime as dt
import io
from importlib.resources import files
from pathlib import Path

import pytest

import tracker
from tracker.domain.entities import Document
from tracker.domain.enums import ActionKind, Body, DocumentKind, Effect
from tracker.records import ActionRecord, AssessmentRecord, DocumentRecord, Record, decode_lines, encode_record
from tracker_scrapers.harvest import Harvest, ParseContext, ParseError
from tracker_scrapers.sources.tb_listing import Known, TreatyBodyListing, download_url, state_code

FIXTURES = Path(__file__).parents[1] / "fixtures" / "scrapers" / "tb_listing"
BASE = "https://tbinternet.ohchr.org/_layouts/15/treatybodyexternal"
KAZ_FOLLOW_UP = {"cat-c-kaz-co-3-p8", "cat-c-kaz-co-3-p10", "cat-c-kaz-co-3-p13", "cat-c-kaz-co-3-p15"}
TJK_FOLLOW_UP = {"cat-c-tjk-co-3-p10", "cat-c-tjk-co-3-p18", "cat-c-tjk-co-3-p46"}


def parse(name: str, *, known: object = None, **params: str) -> Harvest:
    with (FIXTURES / f"{name}.html").open("rb") as body:
        return TreatyBodyListing().parse(body, ParseContext(params=params, known=known))


def documents(harvest: Harvest) -> dict[str, DocumentRecord]:
    return {r.symbol: r for r in harvest.records if isinstance(r, DocumentRecord)}


def actions(harvest: Harvest) -> list[ActionRecord]:
    return [r for r in harvest.records if isinstance(r, ActionRecord)]


def through_the_record_format(records: list[Record]) -> list[Record]:
    """The records as a file would give them back, so every constraint of the format is checked."""
    lines = [b'{"type":"meta","format":"tracker-records","version":1}', *map(encode_record, records)]
    return list(decode_lines(lines, name="harvest"))


async def load_bundled_data_without_actions(t: tracker.Tracker) -> None:
    """The bundled States, documents and items, but none of the recorded actions (replies among them)."""
    records: list[Record] = []
    for name in ("states.ndjson", "kaz-tjk.ndjson"):
        data = files("tracker.seed").joinpath(name).read_bytes()
        records += [r for r in decode_lines(data.splitlines(), name=name) if not isinstance(r, (ActionRecord, AssessmentRecord))]
    await t.load(records)


def test_url_asks_the_search_page_for_the_treaty_type_and_country() -> None:
    adapter = TreatyBodyListing()
    assert adapter.url(BASE, {"body": "CAT", "doc_type": "5", "country_id": "80"}) == (
        f"{BASE}/TBSearch.aspx?Lang=en&TreatyID=1&DocTypeID=5&CountryID=80"
    )
    assert adapter.url(BASE + "/", {"body": "ccpr", "state": "KAZ"}) == f"{BASE}/TBSearch.aspx?Lang=en&TreatyID=8"


def test_url_keeps_a_base_that_already_has_a_query() -> None:
    base = f"{BASE}/TBSearch.aspx?Lang=en&TreatyID=1&DocTypeID=5&CountryID=80"
    assert TreatyBodyListing().url(base, {"body": "CCPR"}) == base


@pytest.mark.parametrize("params", [{"body": "ICCPR"}, {"body": "CAT", "country_id": "KAZ"}])
def test_url_refuses_parameters_the_search_page_cannot_take(params: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        TreatyBodyListing().url(BASE, params)


def test_each_listed_symbol_becomes_a_document_of_its_kind_with_its_date_and_english_version() -> None:
    found = documents(parse("cat-kaz-tjk", body="CAT"))
    assert {symbol: (d.kind, d.state) for symbol, d in found.items()} == {
        "CAT/C/KAZ/CO/3": (DocumentKind.CONCLUDING_OBSERVATIONS, "KAZ"),
        "CAT/C/KAZ/CO/3/Add.1": (DocumentKind.FOLLOW_UP_REPLY, "KAZ"),
        "CAT/C/TJK/FCO/3": (DocumentKind.FOLLOW_UP_REPLY, "TJK"),
        "CAT/C/TJK/3": (DocumentKind.STATE_REPORT, "TJK"),
        "CAT/C/TJK/Q/4": (DocumentKind.LIST_OF_ISSUES, "TJK"),
        "INT_CAT_FUL_TJK_99999_E": (DocumentKind.FOLLOW_UP_LETTER, "TJK"),
    }
    co = found["CAT/C/KAZ/CO/3"]
    assert co.body is Body.CAT
    assert co.title == "Concluding observations on the third periodic report of Kazakhstan"
    assert co.published_on == dt.date(2014, 12, 12)
    assert [(v.language, v.url) for v in co.languages] == [
        (
            "en",
            "https://tbinternet.ohchr.org/_layouts/15/treatybodyexternal/Download.aspx?symbolno=CAT%2FC%2FKAZ%2FCO%2F3&Lang=en",
        )
    ]


def test_the_page_counter_gives_the_total() -> None:
    assert parse("cat-kaz-tjk").total == 6


def test_a_follow_up_reply_to_concluding_observations_the_tracker_lacks_is_a_document_only() -> None:
    harvest = parse("cat-kaz-tjk", body="CAT")
    assert actions(harvest) == []
    assert any(note.startswith("CAT/C/KAZ/CO/3/Add.1:") and "CAT/C/KAZ/CO/3" in note for note in harvest.skipped)


def test_rows_of_other_states_are_left_out_when_the_source_names_a_state() -> None:
    assert set(documents(parse("cat-kaz-tjk", body="CAT", state="KAZ"))) == {"CAT/C/KAZ/CO/3", "CAT/C/KAZ/CO/3/Add.1"}


def test_cells_are_found_by_header_link_and_date_when_the_columns_move() -> None:
    harvest = parse("shifted-columns", body="CAT")
    found = documents(harvest)
    assert set(found) == {"CAT/C/KAZ/CO/3", "CAT/C/51/D/441/2010", "CAT/C/SR.1998"}
    assert found["CAT/C/KAZ/CO/3"].title == "Concluding observations on the third periodic report of Kazakhstan"
    assert found["CAT/C/KAZ/CO/3"].published_on == dt.date(2014, 12, 12)
    decision = found["CAT/C/51/D/441/2010"]
    assert (decision.kind, decision.state, decision.published_on) == (DocumentKind.DECISION, "KAZ", dt.date(2013, 11, 5))
    assert found["CAT/C/SR.1998"].kind is DocumentKind.SUMMARY_RECORD
    assert harvest.skipped == ["row 4 (Annex to the replies of Kazakhstan): no document symbol"]


def test_a_stored_document_whose_symbol_is_written_otherwise_is_given_back_under_its_stored_symbol() -> None:
    stored = Document(
        id="cat-c-kaz-co-3-add-1", symbol="CAT/C/KAZ/CO/3/ADD.1", body=Body.CAT, state="KAZ", kind=DocumentKind.FOLLOW_UP_REPLY
    )
    found = documents(parse("cat-kaz-tjk", known=Known(documents={stored.id: stored}), body="CAT"))
    assert "CAT/C/KAZ/CO/3/ADD.1" in found
    assert "CAT/C/KAZ/CO/3/Add.1" not in found


def test_a_page_with_no_rows_is_an_empty_harvest() -> None:
    harvest = parse("no-results", body="CAT")
    assert (harvest.records, harvest.skipped, harvest.total) == ([], [], 0)


def _truncated() -> bytes:
    page = (FIXTURES / "cat-kaz-tjk.html").read_bytes()
    return page[: page.index(b"symbolno=CAT%2fC%2fTJK%2f3")]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ((FIXTURES / "error-page.html").read_bytes(), "not a Treaty Body Database listing"),
        (_truncated(), "truncated"),
        (b"", "empty"),
        ((FIXTURES / "no-results.html").read_text().encode("utf-16"), "UTF-16"),
        ("<html><body>Résultats</body></html>".encode("latin-1"), "not UTF-8"),
        (b'{"rows": []}', "not an HTML page"),
    ],
)
def test_a_body_that_is_not_a_listing_page_is_refused(body: bytes, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        TreatyBodyListing().parse(io.BytesIO(body), ParseContext())


def test_state_names_are_read_as_the_bundled_states_and_their_former_names() -> None:
    assert [state_code(n) for n in ("Kazakhstan", "Türkiye", "Turkey", "Bolivia", "Czech Republic", "Atlantis")] == [
        "KAZ",
        "TUR",
        "TUR",
        "BOL",
        "CZE",
        None,
    ]


async def test_a_follow_up_reply_becomes_an_action_on_the_follow_up_items_of_what_it_answers(opened: tracker.Tracker) -> None:
    await load_bundled_data_without_actions(opened)
    adapter = TreatyBodyListing()
    harvest = parse("cat-kaz-tjk", known=await adapter.prepare(opened), body="CAT")

    by_state = {a.state: a for a in actions(harvest)}
    kaz = by_state["KAZ"]
    assert kaz.kind is ActionKind.FOLLOW_UP_REPLY_SUBMITTED
    assert kaz.date == dt.date(2015, 11, 20)
    assert kaz.title == "Kazakhstan submits follow-up information on CAT/C/KAZ/CO/3 (CAT/C/KAZ/CO/3/Add.1)"
    assert [s.url for s in kaz.sources] == [download_url("CAT/C/KAZ/CO/3/Add.1")]
    assert {link.item for link in kaz.links} == KAZ_FOLLOW_UP
    assert {link.effect for link in kaz.links} == {Effect.NO_EFFECT}
    assert {link.item for link in by_state["TJK"].links} == TJK_FOLLOW_UP
    assert documents(harvest)["CAT/C/KAZ/CO/3/Add.1"].review == "cat-kaz-3"

    await opened.load(through_the_record_format(harvest.records))
    assert {(await opened.items.get(item)).item.reply_date for item in KAZ_FOLLOW_UP} == {dt.date(2015, 11, 20)}
    assert {(await opened.items.get(item)).item.reply_date for item in TJK_FOLLOW_UP} == {dt.date(2021, 12, 13)}

    again = await opened.load(through_the_record_format(harvest.records))
    assert (again.total("created"), again.total("updated")) == (0, 0)


async def test_a_reply_the_tracker_already_records_is_not_recorded_again(seeded: tracker.Tracker) -> None:
    replies_before = (await seeded.actions.list(kind="follow_up_reply_submitted", limit=500)).total
    harvest = parse("cat-kaz-tjk", known=await TreatyBodyListing().prepare(seeded), body="CAT")
    assert actions(harvest) == []

    first = await seeded.load(through_the_record_format(harvest.records))
    assert first.counts["action"].created == 0
    assert (await seeded.actions.list(kind="follow_up_reply_submitted", limit=500)).total == replies_before
    again = await seeded.load(through_the_record_format(harvest.records))
    assert (again.total("created"), again.total("updated")) == (0, 0)


async def test_a_document_the_tracker_holds_keeps_its_record_and_gains_the_listing_s_english_version(
    seeded: tracker.Tracker,
) -> None:
    harvest = parse("cat-kaz-tjk", known=await TreatyBodyListing().prepare(seeded), body="CAT")
    await seeded.load(through_the_record_format(harvest.records))

    stored = (await seeded.documents.get("CAT/C/KAZ/CO/3")).document
    assert stored.title == "CAT concluding observations on the third periodic report of Kazakhstan"
    assert (stored.review, stored.follow_up_due, stored.verification) == ("cat-kaz-3", dt.date(2015, 11, 28), "verified")
    assert [v.url for v in stored.languages] == [download_url("CAT/C/KAZ/CO/3")]
    assert (await seeded.items.get("cat-c-kaz-co-3-p8")).item.due_date == dt.date(2015, 11, 28)
