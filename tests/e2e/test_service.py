"""`make run` in small: upgrade, seed, serve as a real process, and ask it what a user would."""

from __future__ import annotations

import httpx


def test_the_kazakhstan_cat_follow_up_items_and_their_deadline(service: str) -> None:
    response = httpx.get(f"{service}/api/v1/items", params={"state": "KAZ", "body": "CAT", "follow_up": "true"})
    assert response.status_code == 200
    items = response.json()["items"]
    assert all(i["kind"] == "recommendation" and i["follow_up"] for i in items)
    co3 = {i["id"]: i for i in items if i["document"] == "CAT/C/KAZ/CO/3"}
    assert sorted(co3) == ["cat-c-kaz-co-3-p10", "cat-c-kaz-co-3-p13", "cat-c-kaz-co-3-p15", "cat-c-kaz-co-3-p8"]
    assert {i["due_date"] for i in co3.values()} == {"2015-11-28"}
    assert not any(i["overdue"] for i in co3.values())


def test_the_gerasimov_compensation_remedy_shows_both_rulings(service: str) -> None:
    detail = httpx.get(f"{service}/api/v1/items/cat-433-2010-compensation").json()
    rulings = [e["action"] for e in detail["timeline"] if e["action"]["kind"] == "court_ruling"]
    assert len(rulings) == 2
    award, appeal = rulings
    assert award["date_precision"] == "month" and award["date"].startswith("2013-11")
    assert award["amounts"]["awarded"] == 2_000_000 and award["amounts"]["currency"] == "KZT"
    assert appeal["date"] == "2014-01-23" and appeal["court"]["appeal_of"] == award["id"]
    assert all(r["sources"] for r in rulings)


def test_a_bad_filter_value_is_a_400_naming_the_parameter(service: str) -> None:
    response = httpx.get(f"{service}/api/v1/items", params={"status": "finished"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "status"


def test_the_openapi_document_is_served(service: str) -> None:
    assert httpx.get(f"{service}/schema/openapi.json").json()["info"]["title"] == "tracker"
