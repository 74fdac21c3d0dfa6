"""Sources from the library: a tracker opened with the adapters' check stores no source they cannot
run, whether it is added, edited or seeded; and one can be removed with or without its runs."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

import pytest

import tracker
from tracker.domain.source_urls import shown, shown_url
from tracker_scrapers.harvest import BadParams
from tracker_scrapers.registry import check_source


@pytest.fixture
async def checked(database_url: str) -> AsyncIterator[tracker.Tracker]:
    async with tracker.open(database_url, upgrade=True, check_source=check_source) as t:
        yield t


async def test_adding_a_source_with_a_bad_parameter_stores_nothing(checked: tracker.Tracker) -> None:
    with pytest.raises(BadParams) as refused:
        await checked.sources.add("cat-kaz", "undl-marcxml", "https://digitallibrary.un.org", params={"qeury": "CAT/C/KAZ"})
    assert refused.value.problems == [
        "unknown parameter `qeury` for adapter undl-marcxml: did you mean `query`?",
        "adapter undl-marcxml needs the parameter `query`: What to search for in the library, e.g. CAT/C/KAZ.",
    ]
    assert await checked.sources.list() == []
    with pytest.raises(tracker.InvalidInput, match="adapter: 'undl' is not one of"):
        await checked.sources.add("cat-kaz", "undl", "https://digitallibrary.un.org", params={"query": "CAT/C/KAZ"})

    added = await checked.sources.add("uhri", "uhri-export", "https://dataex.ohchr.org/uhri", params={"state": ["kaz", "TJK"]})
    assert added.params == {"state": "KAZ,TJK"}


async def test_editing_a_source_checks_new_parameters_and_changes_nothing_when_one_is_wrong(checked: tracker.Tracker) -> None:
    await checked.sources.add("news", "feed", "https://example.org/feed", params={"state": "KAZ"}, every="1d")
    with pytest.raises(BadParams, match="`unmatched` must be one of `drop`, `keep`, got `maybe`"):
        await checked.sources.edit("news", {"params": {"state": "KAZ", "unmatched": "maybe"}, "every_seconds": 3600})
    with pytest.raises(tracker.InvalidInput, match="enabeld"):
        await checked.sources.edit("news", {"enabeld": False})
    unchanged = await checked.sources.get("news")
    assert (unchanged.params, unchanged.every_seconds) == ({"state": "KAZ"}, 86400)

    edited = await checked.sources.edit(
        "news",
        tracker.SourceChanges(params={"state": "tjk"}, cron="0 3 * * *", enabled=False),
        if_match=tracker.etag_of(unchanged),
    )
    assert (edited.params, edited.cron, edited.every_seconds, edited.enabled) == ({"state": "TJK"}, "0 3 * * *", None, False)
    with pytest.raises(tracker.PreconditionFailed):
        await checked.sources.edit("news", {"enabled": True}, if_match=tracker.etag_of(unchanged))
    assert await checked.sources.edit("news", {"enabled": False}) == edited


async def test_seeding_checks_every_bundled_source_before_adding_any(database_url: str) -> None:
    refused: list[str] = []

    def refusing_feeds(adapter: str, url: str, params: Mapping[str, str]) -> dict[str, str]:
        if adapter == "feed":
            refused.append(url)
            raise BadParams([f"no feeds here: {url}"])
        return check_source(adapter, url, params)

    async with tracker.open(database_url, upgrade=True, check_source=refusing_feeds) as t:
        with pytest.raises(BadParams, match="no feeds here"):
            await t.sources.add_defaults()
        assert refused and await t.sources.list() == []
    async with tracker.open(database_url, check_source=check_source) as t:
        await t.seed()
        seeded = await t.sources.list()
        assert seeded and all(check_source(s.adapter, s.url, s.params) == s.params for s in seeded)


async def test_removing_a_source_says_whether_its_runs_were_kept(checked: tracker.Tracker) -> None:
    await checked.sources.add("news", "feed", "https://example.org/feed")
    kept = await checked.sources.remove("news", keep_runs=True)
    assert (kept.kept_runs, kept.runs, kept.source.name) == (True, 0, "news")
    await checked.sources.add("news", "feed", "https://example.org/feed")
    removed = await checked.sources.remove("news")
    assert (removed.kept_runs, removed.runs) == (False, 0)
    with pytest.raises(tracker.NotFound):
        await checked.sources.remove("news")


async def test_a_source_url_with_a_password_is_refused_and_its_secret_query_values_are_shown_masked(
    checked: tracker.Tracker,
) -> None:
    with pytest.raises(tracker.InvalidInput, match="user name or password") as refused:
        await checked.sources.add("news", "feed", "https://reader:hunter2@example.org/feed")
    assert refused.value.field == "url"
    assert await checked.sources.list() == []

    url = "https://example.org/feed?lang=en&Token=s3cret&api-key=k%2F1&keyword=torture"
    added = await checked.sources.add("news", "feed", url)
    assert added.url == url, "the runner reads the stored URL as it was given"
    assert shown(added).url == "https://example.org/feed?lang=en&Token=***&api-key=***&keyword=torture"
    assert shown_url("https://example.org/feed") == "https://example.org/feed"

    with pytest.raises(tracker.InvalidInput, match="user name or password"):
        await checked.sources.edit("news", {"url": "https://reader@example.org/feed"})
    with pytest.raises(tracker.InvalidInput, match=r"the URL's Token is \*\*\*, as the tracker shows it") as masked:
        await checked.sources.edit("news", {"url": shown(added).url})
    assert masked.value.field == "url"
    assert (await checked.sources.get("news")).url == url

    edited = await checked.sources.edit("news", {"enabled": False}, if_match=tracker.etag_of(shown(added)))
    assert (edited.enabled, edited.url) == (False, url)
