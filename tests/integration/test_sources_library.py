"""Sources from the library: a tracker opened with the adapters' check stores no source they cannot
run, whether it is added, edited or seeded; and one can be removed with or without its runs."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

import pytest

import tracker
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
