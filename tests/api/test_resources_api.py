"""States, documents, decisions and actions over HTTP."""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient


async def test_states_list_the_tracked_ones_and_their_counts_add_up(client: AsyncTestClient) -> None:
    body = (await client.get("/api/v1/states")).json()
    assert [s["state"]["code"] for s in body["items"]] == ["KAZ", "TJK"]
    for overview in body["items"]:
        code = overview["state"]["code"]
        listed = (await client.get("/api/v1/items", params={"state": code})).json()["total"]
        assert overview["items"] == listed == sum(overview["by_status"].values())
        overdue = (await client.get("/api/v1/items", params={"state": code, "overdue": "true"})).json()["total"]
        assert overview["overdue"] == overdue


async def test_a_state_summary_counts_by_body_and_lists_overdue_items_and_latest_actions(client: AsyncTestClient) -> None:
    summary = (await client.get("/api/v1/states/KAZ")).json()
    assert summary["state"]["names"]["ru"] == "Казахстан"
    assert summary["by_body"]["CAT"]["partially_implemented"] == 1
    assert sum(sum(c.values()) for c in summary["by_body"].values()) == summary["items"] == 5
    assert [i["id"] for i in summary["overdue_items"]] == ["cat-433-2010-compensation", "cat-433-2010-investigation"]
    assert summary["overdue"] == 2
    assert [a["date"] for a in summary["latest_actions"]] == ["2015-11-20", "2013-11-21"]
    assert (await client.get("/api/v1/states/kaz")).json()["items"] == 5


async def test_an_unknown_state_is_a_404(client: AsyncTestClient) -> None:
    response = await client.get("/api/v1/states/XYZ")
    assert response.status_code == 404 and response.json()["status"] == 404


@pytest.mark.parametrize(
    "path", ["/api/v1/documents/CAT%2FC%2FKAZ%2FCO%2F3", "/api/v1/documents/CAT/C/KAZ/CO/3", "/api/v1/documents/cat-c-kaz-co-3"]
)
async def test_a_document_by_encoded_symbol_plain_symbol_or_id_has_its_items(client: AsyncTestClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    detail = response.json()
    assert detail["document"]["symbol"] == "CAT/C/KAZ/CO/3"
    assert [i["id"] for i in detail["items"]] == ["cat-c-kaz-co-3-p10", "cat-c-kaz-co-3-p20", "cat-c-kaz-co-3-p8"]


async def test_documents_filter_and_page(client: AsyncTestClient) -> None:
    first = (await client.get("/api/v1/documents", params={"body": "CAT", "limit": "1"})).json()
    assert first["total"] == 2 and len(first["items"]) == 1
    second = (await client.get("/api/v1/documents", params={"body": "CAT", "limit": "1", "cursor": first["next_cursor"]})).json()
    assert [d["symbol"] for d in first["items"] + second["items"]] == ["CAT/C/KAZ/CO/3", "CAT/C/TJK/CO/3"]
    assert second["next_cursor"] is None
    assert (await client.get("/api/v1/documents", params={"state": "TJK"})).json()["total"] == 1
    assert (await client.get("/api/v1/documents/CAT%2FC%2FXYZ%2FCO%2F1")).status_code == 404


async def test_a_decision_has_its_remedies_with_their_status(client: AsyncTestClient) -> None:
    detail = (await client.get("/api/v1/decisions/cat-433-2010")).json()
    assert detail["decision"]["title"] == "Gerasimov v. Kazakhstan"
    assert {r["id"]: r["status"] for r in detail["remedies"]} == {
        "cat-433-2010-compensation": "partially_implemented",
        "cat-433-2010-investigation": "no_information",
    }
    linked = (await client.get("/api/v1/actions", params={"state": "KAZ"})).json()["items"]
    on_remedies = [a for a in linked if {link["item"] for link in a["links"]} & set(detail_remedies(detail))]
    assert on_remedies and [a["id"] for a in detail["actions"]] == [
        a["id"] for a in sorted(on_remedies, key=lambda a: (a["date"], a["id"]))
    ]
    listed = (await client.get("/api/v1/decisions", params={"state": "KAZ"})).json()
    assert [d["id"] for d in listed["items"]] == ["cat-433-2010"]
    assert (await client.get("/api/v1/decisions/cat-1-1999")).status_code == 404


def detail_remedies(detail: dict) -> list[str]:
    return [remedy["id"] for remedy in detail["remedies"]]


async def test_decisions_are_found_by_words_of_their_title_number_and_names(client: AsyncTestClient) -> None:
    for query in ("gerasim", "433/2010", '"gerasimov v"'):
        found = (await client.get("/api/v1/decisions", params={"q": query})).json()
        assert [d["id"] for d in found["items"]] == ["cat-433-2010"] and found["total"] == 1, query
    assert (await client.get("/api/v1/decisions", params={"q": "gerasimov -kazakhstan"})).json()["total"] == 0


async def test_actions_filter_by_kind_item_dates_and_text(client: AsyncTestClient) -> None:
    everything = (await client.get("/api/v1/actions")).json()
    assert [a["date"] for a in everything["items"]] == ["2015-11-20", "2013-11-21"]
    rulings = (await client.get("/api/v1/actions", params={"kind": "court_ruling"})).json()
    assert [a["amounts"]["awarded"] for a in rulings["items"]] == [2000000]
    linked = (await client.get("/api/v1/actions", params={"item": "cat-c-kaz-co-3-p8"})).json()
    assert [a["kind"] for a in linked["items"]] == ["follow_up_reply_submitted"]
    in_2015 = (await client.get("/api/v1/actions", params={"since": "2015-01-01", "until": "2015-12-31"})).json()
    assert in_2015["total"] == 1
    found = (await client.get("/api/v1/actions", params={"q": "Kostanay"})).json()
    assert [a["title"] for a in found["items"]] == ["Kostanay city court awards Gerasimov 2,000,000 tenge"]


async def test_action_pages_follow_the_date_order(client: AsyncTestClient) -> None:
    first = (await client.get("/api/v1/actions", params={"limit": "1"})).json()
    second = (await client.get("/api/v1/actions", params={"limit": "1", "cursor": first["next_cursor"]})).json()
    assert [a["date"] for a in first["items"] + second["items"]] == ["2015-11-20", "2013-11-21"]
    assert second["next_cursor"] is None


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/documents", {"state": "XYZ"}, "state"),
        ("/api/v1/documents", {"kind": "novel"}, "kind"),
        ("/api/v1/decisions", {"body": "NOPE"}, "body"),
        ("/api/v1/actions", {"kind": "miracle"}, "kind"),
        ("/api/v1/actions", {"since": "2015-02-30"}, "since"),
        ("/api/v1/actions", {"since": "2016-01-01", "until": "2015-01-01"}, "since"),
        ("/api/v1/actions", {"cursor": "bm90IGEgY3Vyc29y"}, "cursor"),
        ("/api/v1/actions", {"limit": "1000"}, "limit"),
    ],
)
async def test_bad_parameters_of_every_resource_are_a_400_naming_them(
    client: AsyncTestClient, path: str, params: dict, field: str
) -> None:
    response = await client.get(path, params=params)
    assert response.status_code == 400
    assert field in [e["field"] for e in response.json()["errors"]]
