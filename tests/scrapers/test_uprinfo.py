"""The UPR Info database (Uwazi search JSON): recommendations keyed to the tracker's UPR reviews."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

import tracker
from tracker.domain import ids
from tracker.domain.enums import UprResponse
from tracker.records import RecommendationRecord, Record, decode_lines, encode_record
from tracker_scrapers.harvest import Harvest, ParseContext, ParseError
from tracker_scrapers.sources.uprinfo import RECOMMENDATIONS, Reports, UprInfo, derived_number, entity_url, text_key

FIXTURE = Path(__file__).parents[1] / "fixtures" / "scrapers" / "uprinfo" / "search-kaz.json"
BASE = "https://upr-info-database.uwazi.io"
REPORTS = Reports(by_review={("KAZ", 1): "A/HRC/14/10", ("KAZ", 3): "A/HRC/43/10", ("TJK", 1): "A/HRC/19/3"})


def parse(body: bytes | None = None, *, known: object = REPORTS, **params: str) -> Harvest:
    data = FIXTURE.read_bytes() if body is None else body
    return UprInfo().parse(io.BytesIO(data), ParseContext(params=params, known=known))


def by_entity(harvest: Harvest) -> dict[str, RecommendationRecord]:
    return {r.sources[0].url.rsplit("/", 1)[1]: r for r in harvest.records if isinstance(r, RecommendationRecord)}


def search_response(*entities: dict[str, Any]) -> bytes:
    return json.dumps({"rows": list(entities), "totalRows": len(entities)}).encode()


def kazakh_entity(shared_id: str, text: str, **metadata: list[dict[str, Any]]) -> dict[str, Any]:
    """An entity in the fixture's shape (values invented), of Kazakhstan's 3rd-cycle review."""
    return {
        "_id": f"id-{shared_id}",
        "sharedId": shared_id,
        "title": text[:40],
        "template": RECOMMENDATIONS,
        "language": "en",
        "metadata": {
            "recommendation": [{"value": text}],
            "state_under_review": [{"value": "9a1c2e4b-0000-4000-8000-00000000a001", "label": "Kazakhstan"}],
            "cycle": [{"value": "9a1c2e4b-0000-4000-8000-00000000e003", "label": "Cycle 3"}],
            **metadata,
        },
    }


def through_the_record_format(records: list[Record]) -> list[Record]:
    lines = [b'{"type":"meta","format":"tracker-records","version":1}', *map(encode_record, records)]
    return list(decode_lines(lines, name="harvest"))


def test_url_asks_for_a_page_of_recommendations_in_creation_order() -> None:
    url = UprInfo().url(
        BASE + "/", {"limit": "200", "offset": "400", "state_under_review": "5f1c0c2a-0000-4000-8000-000000000001"}
    )
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("upr-info-database.uwazi.io", "/api/search")
    assert {key: values[0] for key, values in parse_qs(parts.query).items()} == {
        "types": '["5d8ce04361cde0408222e9a8"]',
        "limit": "200",
        "from": "400",
        "order": "asc",
        "sort": "creationDate",
        "filters": '{"state_under_review":{"values":["5f1c0c2a-0000-4000-8000-000000000001"]}}',
    }
    assert " " not in url and '"' not in url


def test_url_has_a_default_page_and_refuses_a_page_that_is_not_a_number() -> None:
    assert "limit=500&from=0" in UprInfo().url(BASE, {"state": "KAZ"})
    with pytest.raises(ValueError):
        UprInfo().url(BASE, {"limit": "all"})


def test_each_recommendation_belongs_to_the_working_group_report_of_its_review() -> None:
    found = by_entity(parse())
    assert {shared: (r.document, r.cycle) for shared, r in found.items()} == {
        "kz3art174": ("A/HRC/43/10", 3),
        "kz3assembly": ("A/HRC/43/10", 3),
        "kz3ombuds": ("A/HRC/43/10", 3),
        "kz1r971": ("A/HRC/14/10", 1),
        "tj1usjourn": ("A/HRC/19/3", 1),
    }


def test_response_recommending_states_and_issues_are_read_from_the_labels() -> None:
    found = by_entity(parse())
    supported, noted = found["kz3art174"], found["kz3assembly"]
    assert (supported.response, supported.recommending_states) == (UprResponse.SUPPORTED, ["GBR"])
    assert supported.themes == ["Freedom of opinion and expression"]
    assert (noted.response, noted.recommending_states) == (UprResponse.NOTED, ["CZE", "CHE"])
    assert supported.text.startswith("Amend article 174 of the Criminal Code")
    assert supported.sources[0].url == entity_url("kz3art174")


def test_a_first_cycle_not_supported_is_noted() -> None:
    assert by_entity(parse())["tj1usjourn"].response is UprResponse.NOTED


def test_a_response_that_is_neither_supported_nor_noted_is_left_out_and_named() -> None:
    body = search_response(
        kazakh_entity("pending01", "Ratify the Optional Protocol", response=[{"value": "x", "label": "Pending"}])
    )
    (record,) = parse(body).records
    assert record.response is None
    assert "'Pending'" in (record.notes or "")


def test_an_entity_missing_cycle_response_issues_and_states_still_becomes_a_recommendation() -> None:
    ombudsman = by_entity(parse())["kz3ombuds"]
    assert (ombudsman.document, ombudsman.cycle) == ("A/HRC/43/10", 3)
    assert (ombudsman.response, ombudsman.themes, ombudsman.recommending_states) == (None, [], [])


def test_a_number_given_by_the_entity_keys_the_recommendation() -> None:
    assert by_entity(parse())["kz1r971"].paragraph == "97.1"
    body = search_response(kazakh_entity("numbered1", "120.45 Ratify the Optional Protocol to the Convention against Torture"))
    (record,) = parse(body).records
    assert (record.paragraph, record.text) == ("120.45", "Ratify the Optional Protocol to the Convention against Torture")
    assert record.notes is None


def test_without_a_number_the_key_is_derived_from_the_entity_outside_any_real_numbering() -> None:
    first, second = by_entity(parse())["kz3art174"], by_entity(parse())["kz3art174"]
    assert first.paragraph == second.paragraph == derived_number("kz3art174") == "6805.935"
    assert 1000 <= int(first.paragraph.split(".")[0]) <= 9999
    assert ids.normalize_upr_number(first.paragraph) == first.paragraph
    assert "derived" in (first.notes or "")


def test_entities_that_cannot_be_keyed_are_skipped_with_the_reason() -> None:
    harvest = parse()
    assert harvest.skipped == [
        "kz4safeg: the tracker holds no Working Group report for the UPR of KAZ, cycle 4",
        "emptyent01: no recommendation text",
    ]
    assert harvest.total == 7


def test_the_same_entity_twice_in_a_page_is_recorded_once() -> None:
    entity = kazakh_entity("twice0001", "Adopt a national action plan on human rights")
    harvest = parse(search_response(entity, entity))
    assert len(harvest.records) == 1
    assert len(harvest.skipped) == 1 and "taken by twice0001" in harvest.skipped[0]


def test_recommendations_of_other_states_are_left_out_when_the_source_names_a_state() -> None:
    assert "tj1usjourn" not in by_entity(parse(state="KAZ"))
    assert "kz3art174" in by_entity(parse(state="KAZ"))


def test_a_recommendation_held_from_another_source_is_left_as_it_is() -> None:
    harvest = parse(known=Reports(by_review=REPORTS.by_review, held_elsewhere=frozenset({"a-hrc-14-10-r97.1"})))
    assert "kz1r971" not in by_entity(harvest)
    assert harvest.context == 1


def test_a_recommendation_held_from_another_source_is_recognised_by_its_text_in_the_same_report() -> None:
    held = "Bring the laws on peaceful assembly and on public associations into line with international human rights standards. (Czechia) (Switzerland)"
    harvest = parse(known=Reports(by_review=REPORTS.by_review, held_texts=frozenset({("A/HRC/43/10", text_key(held))})))
    assert "kz3assembly" not in by_entity(harvest)
    assert harvest.context == 1
    elsewhere = parse(known=Reports(by_review=REPORTS.by_review, held_texts=frozenset({("A/HRC/28/10", text_key(held))})))
    assert "kz3assembly" in by_entity(elsewhere)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"rows": [', "not JSON"),
        (b"", "not JSON"),
        (b"<!DOCTYPE html><html><body>Sorry</body></html>", "not JSON"),
        (b"[]", "not an Uwazi search response"),
        (b'{"rows": {"_id": "x"}, "totalRows": 1}', "not an Uwazi search response"),
        (b'{"error": "ValidationError", "status": 400}', "not an Uwazi search response"),
    ],
)
def test_a_body_that_is_not_a_search_response_is_refused(body: bytes, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse(body)


async def test_prepare_reads_the_reports_of_the_bundled_reviews_and_the_items_held_elsewhere(seeded: tracker.Tracker) -> None:
    known = await UprInfo().prepare(seeded)
    assert known.by_review[("KAZ", 3)] == "A/HRC/43/10"
    assert ("KAZ", 4) not in known.by_review  # the 4th-cycle report is not in the bundled data
    assert "a-hrc-14-10-r95.5" in known.held_elsewhere
    # the eleven others the bundled 95.5 item follows together with it are held too, not to be doubled
    assert {"a-hrc-14-10-r95.6", "a-hrc-14-10-r95.33"} <= known.held_elsewhere
    assert "a-hrc-14-10-r97.1" not in known.held_elsewhere  # a group on the review, not an item


async def test_a_numbered_recommendation_stored_from_another_source_is_not_doubled(seeded: tracker.Tracker) -> None:
    await seeded.load(
        [
            RecommendationRecord(
                document="A/HRC/43/10",
                paragraph="120.45",
                response=UprResponse.NOTED,
                text="Bring the laws on peaceful assembly and on public associations into line with international human rights "
                "standards (Czechia) (Switzerland);",
            )
        ]
    )
    harvest = parse(known=await UprInfo().prepare(seeded), state="KAZ")
    assert "kz3assembly" not in by_entity(harvest)
    assert "kz3art174" in by_entity(harvest)


async def test_loading_into_the_bundled_data_is_idempotent_and_spares_the_bundled_items(seeded: tracker.Tracker) -> None:
    adapter = UprInfo()
    bundled = (await seeded.items.get("a-hrc-14-10-r95.5")).item
    harvest = parse(known=await adapter.prepare(seeded), state="KAZ")

    first = await seeded.load(through_the_record_format(harvest.records))
    assert first.counts["item"].created == 4  # 97.1 is only a number in a group of the bundled review
    item = (await seeded.items.get(ids.upr_recommendation_id("A/HRC/43/10", derived_number("kz3assembly")))).item
    assert (item.response, item.recommending_states, item.state) == (UprResponse.NOTED, ["CZE", "CHE"], "KAZ")
    assert (await seeded.items.get("a-hrc-14-10-r95.5")).item.text == bundled.text

    again = await seeded.load(through_the_record_format(harvest.records))
    assert (again.total("created"), again.total("updated")) == (0, 0)
    next_run = parse(known=await adapter.prepare(seeded), state="KAZ")
    rerun = await seeded.load(through_the_record_format(next_run.records))
    assert (rerun.total("created"), rerun.total("updated")) == (0, 0)
