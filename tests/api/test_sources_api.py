"""Sources over HTTP: their health, their runs, and running one now (admin)."""

from __future__ import annotations

import asyncio

from litestar.testing import AsyncTestClient

import tracker

FEED = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>News</title><link>http://x/</link>
<item><title>Compensation paid under communication 433/2010</title><link>http://news.test/433</link><guid>433</guid></item>
</channel></rss>"""


async def test_sources_show_their_health_and_runs(client: AsyncTestClient, opened: tracker.Tracker, fixture_site) -> None:  # type: ignore[no-untyped-def]
    await opened.sources.add("news", "feed", fixture_site.put("/rss.xml", FEED, "application/rss+xml"), every="6h")
    await opened.sources.add("gone", "feed", f"{fixture_site.url}/missing.xml")
    listed = (await client.get("/api/v1/sources")).json()
    assert [s["name"] for s in listed["items"]] == ["gone", "news"]
    assert listed["items"][1]["every_seconds"] == 21600 and listed["items"][1]["health"]["consecutive_failures"] == 0
    _, admin = await opened.keys.create("ops", "admin")
    headers = {"Authorization": f"Bearer {admin}"}
    for name in ("news", "gone"):
        queued = await client.post(f"/api/v1/sources/{name}/run", headers=headers)
        assert queued.status_code == 202 and queued.json()["runs"] == f"/api/v1/sources/{name}/runs"
    for _ in range(100):
        totals = [(await client.get(f"/api/v1/sources/{name}/runs")).json()["total"] for name in ("news", "gone")]
        if all(totals):
            break
        await asyncio.sleep(0.1)
    news = (await client.get("/api/v1/sources/news/runs")).json()["items"][0]
    assert (news["outcome"], news["trigger"], news["http_status"]) == ("ok", "api", 200)
    gone = (await client.get("/api/v1/sources/gone")).json()
    assert gone["health"]["consecutive_failures"] == 1 and "404" in gone["health"]["last_error"]
    assert (await client.get("/api/v1/sources/nowhere")).status_code == 404
    assert (await client.post("/api/v1/sources/nowhere/run", headers=headers)).status_code == 404


async def test_the_service_can_run_the_schedules_itself(opened: tracker.Tracker, database_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from api.app import create_app
    from tracker.config import Settings

    await opened.seed()
    app = create_app(Settings(database_url=database_url, snapshot_dir=str(tmp_path), with_scheduler=True))
    async with AsyncTestClient(app=app) as client:
        assert (await client.get("/health")).status_code == 200
        scheduled = app.state.scraping.scheduler.scheduled
    assert "undl-cat-kaz" in scheduled and len(scheduled) == len(await opened.sources.list())
    without = create_app(Settings(database_url=database_url, snapshot_dir=str(tmp_path)))
    async with AsyncTestClient(app=without):
        assert without.state.scraping.scheduler is None


async def test_adding_a_source_checks_its_parameters_and_names_each_wrong_one(client: AsyncTestClient, opened: tracker.Tracker) -> None:
    _, admin = await opened.keys.create("ops", "admin")
    headers = {"Authorization": f"Bearer {admin}"}
    body = {"name": "news-kaz", "adapter": "feed", "url": "https://example.org/feed", "params": {"sate": "KAZ", "unmatched": "maybe"}}
    refused = await client.post("/api/v1/sources", json=body, headers=headers)
    assert refused.status_code == 400
    errors = {e["field"]: e["message"] for e in refused.json()["errors"]}
    assert errors == {"params.sate": "unknown parameter `sate` for adapter feed: did you mean `state`?",
                      "params.unmatched": "`unmatched` must be one of `drop`, `keep`, got `maybe`"}
    assert [s.name for s in await opened.sources.list()] == []

    added = await client.post("/api/v1/sources", json={**body, "params": {"state": "kaz"}}, headers=headers)
    assert added.status_code == 201 and added.json()["params"] == {"state": "KAZ"}
    assert (await client.post("/api/v1/sources", json={**body, "params": {}}, headers=headers)).status_code == 409
    assert (await client.post("/api/v1/sources", json={**body, "name": "other"})).status_code == 401
