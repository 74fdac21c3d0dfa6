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
    from tracker.config import Settings
    from tracker_api.app import create_app

    await opened.seed()
    app = create_app(Settings(database_url=database_url, snapshot_dir=str(tmp_path), with_scheduler=True))
    async with AsyncTestClient(app=app) as client:
        assert (await client.get("/health")).status_code == 200
        scheduled = app.state.scraping.scheduler.scheduled
    assert "undl-cat-kaz" in scheduled and len(scheduled) == len([s for s in await opened.sources.list() if s.enabled])
    without = create_app(Settings(database_url=database_url, snapshot_dir=str(tmp_path)))
    async with AsyncTestClient(app=without):
        assert without.state.scraping.scheduler is None


async def test_adding_a_source_checks_its_parameters_and_names_each_wrong_one(
    client: AsyncTestClient, opened: tracker.Tracker
) -> None:
    _, admin = await opened.keys.create("ops", "admin")
    headers = {"Authorization": f"Bearer {admin}"}
    body = {
        "name": "news-kaz",
        "adapter": "feed",
        "url": "https://example.org/feed",
        "params": {"sate": "KAZ", "unmatched": "maybe"},
    }
    refused = await client.post("/api/v1/sources", json=body, headers=headers)
    assert refused.status_code == 400
    errors = {e["field"]: e["message"] for e in refused.json()["errors"]}
    assert errors == {
        "params.sate": "unknown parameter `sate` for adapter feed: did you mean `state`?",
        "params.unmatched": "`unmatched` must be one of `drop`, `keep`, got `maybe`",
    }
    assert [s.name for s in await opened.sources.list()] == []

    added = await client.post("/api/v1/sources", json={**body, "params": {"state": "kaz"}}, headers=headers)
    assert added.status_code == 201 and added.json()["params"] == {"state": "KAZ"}
    assert (await client.post("/api/v1/sources", json={**body, "params": {}}, headers=headers)).status_code == 409
    assert (await client.post("/api/v1/sources", json={**body, "name": "other"})).status_code == 401


async def _admin(opened: tracker.Tracker) -> dict[str, str]:
    _, secret = await opened.keys.create("ops", "admin")
    return {"Authorization": f"Bearer {secret}"}


async def test_changing_a_source_checks_its_parameters_and_needs_the_version_read(
    client: AsyncTestClient, opened: tracker.Tracker
) -> None:
    headers = await _admin(opened)
    await opened.sources.add("news-kaz", "feed", "https://example.org/feed", params={"state": "KAZ"}, every="6h")
    read = await client.get("/api/v1/sources/news-kaz")
    tag = read.headers["etag"]

    assert (await client.patch("/api/v1/sources/news-kaz", json={"enabled": False}, headers=headers)).status_code == 428
    refused = await client.patch(
        "/api/v1/sources/news-kaz", json={"params": {"sate": "TJK"}}, headers={**headers, "If-Match": tag}
    )
    assert refused.status_code == 400
    assert [(e["field"], e["message"]) for e in refused.json()["errors"]] == [
        ("params.sate", "unknown parameter `sate` for adapter feed: did you mean `state`?")
    ]
    misspelt = await client.patch("/api/v1/sources/news-kaz", json={"enabeld": False}, headers={**headers, "If-Match": tag})
    assert misspelt.status_code == 400 and "enabeld" in misspelt.text
    assert (await opened.sources.get("news-kaz")).params == {"state": "KAZ"}

    changed = await client.patch(
        "/api/v1/sources/news-kaz",
        json={"params": {"state": "tjk"}, "cron": "0 6 * * 1", "enabled": False},
        headers={**headers, "If-Match": tag},
    )
    assert changed.status_code == 200
    body = changed.json()
    assert (body["params"], body["cron"], body["every_seconds"], body["enabled"]) == ({"state": "TJK"}, "0 6 * * 1", None, False)
    assert changed.headers["etag"] == (await client.get("/api/v1/sources/news-kaz")).headers["etag"] != tag
    stale = await client.patch("/api/v1/sources/news-kaz", json={"enabled": True}, headers={**headers, "If-Match": tag})
    assert stale.status_code == 412 and (await opened.sources.get("news-kaz")).enabled is False

    _, editor = await opened.keys.create("desk", "editor")
    assert (
        await client.patch(
            "/api/v1/sources/news-kaz", json={"enabled": True}, headers={"Authorization": f"Bearer {editor}", "If-Match": "*"}
        )
    ).status_code == 403
    assert (
        await client.patch("/api/v1/sources/nowhere", json={"enabled": True}, headers={**headers, "If-Match": "*"})
    ).status_code == 404


async def test_removing_a_source_keeps_its_runs_or_takes_them_and_says_which(
    client: AsyncTestClient, opened: tracker.Tracker
) -> None:
    import datetime as dt

    from tracker.domain.enums import RunOutcome
    from tracker.services.sources import record_run

    headers = await _admin(opened)
    await opened.sources.add("news", "feed", "https://example.org/feed")
    async with opened.writing() as session:
        await record_run(
            session,
            source="news",
            started_at=dt.datetime.now(dt.UTC),
            trigger="manual",
            outcome=RunOutcome.FAILED,
            error="timeout",
        )

    kept = await client.delete("/api/v1/sources/news", params={"keep_runs": "true"}, headers=headers)
    assert kept.status_code == 200
    assert (kept.json()["kept_runs"], kept.json()["runs"], kept.json()["source"]["name"]) == (True, 0, "news")
    assert (await client.get("/api/v1/sources/news")).status_code == 404

    await opened.sources.add("news", "feed", "https://example.org/feed")
    assert (await client.get("/api/v1/sources/news/runs")).json()["total"] == 1
    removed = await client.delete("/api/v1/sources/news", headers=headers)
    assert removed.status_code == 200 and (removed.json()["kept_runs"], removed.json()["runs"]) == (False, 1)
    await opened.sources.add("news", "feed", "https://example.org/feed")
    assert (await client.get("/api/v1/sources/news/runs")).json()["total"] == 0

    assert (await client.delete("/api/v1/sources/nowhere", headers=headers)).status_code == 404
    assert (await client.delete("/api/v1/sources/news", params={"keep_run": "true"}, headers=headers)).status_code == 400
    assert (await client.delete("/api/v1/sources/news")).status_code == 401
    assert [s.name for s in await opened.sources.list()] == ["news"]


async def test_a_source_url_keeps_its_secrets_from_readers_and_refuses_a_password(
    client: AsyncTestClient, opened: tracker.Tracker, fixture_site
) -> None:  # type: ignore[no-untyped-def]
    headers = await _admin(opened)
    fixture_site.put("/rss.xml", FEED, "application/rss+xml")
    secret_url = f"{fixture_site.url}/rss.xml?token=s3cret&lang=en"
    body = {"name": "news", "adapter": "feed", "url": secret_url.replace("http://", "http://reader:hunter2@")}
    refused = await client.post("/api/v1/sources", json=body, headers=headers)
    assert refused.status_code == 400
    assert [e["field"] for e in refused.json()["errors"]] == ["url"] and "user name or password" in refused.text
    assert await opened.sources.list() == []

    added = await client.post("/api/v1/sources", json={**body, "url": secret_url}, headers=headers)
    masked = f"{fixture_site.url}/rss.xml?token=***&lang=en"
    assert added.status_code == 201 and added.json()["url"] == masked
    assert (await client.post("/api/v1/sources/news/run", headers=headers)).status_code == 202
    for _ in range(100):
        if (await client.get("/api/v1/sources/news/runs")).json()["total"]:
            break
        await asyncio.sleep(0.1)
    (run,) = (await client.get("/api/v1/sources/news/runs")).json()["items"]
    assert run["outcome"] == "ok" and run["url"] == masked, "the runner fetched the real URL; readers see it masked"

    read = await client.get("/api/v1/sources/news")
    assert read.json()["url"] == masked and "s3cret" not in (await client.get("/api/v1/sources")).text
    copied = await client.patch(
        "/api/v1/sources/news", json={"url": masked}, headers={**headers, "If-Match": read.headers["etag"]}
    )
    assert copied.status_code == 400 and [e["field"] for e in copied.json()["errors"]] == ["url"]
    changed = await client.patch(
        "/api/v1/sources/news", json={"enabled": False}, headers={**headers, "If-Match": read.headers["etag"]}
    )
    assert changed.status_code == 200 and changed.json()["url"] == masked
    assert (await opened.sources.get("news")).url == secret_url
