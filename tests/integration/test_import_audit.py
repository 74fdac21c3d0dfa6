"""Each import of a records file, and each seed, is one entry in the audit trail, written with the load."""

from __future__ import annotations

from pathlib import Path

import pytest

import tracker
from tests.conftest import SAMPLE


async def test_an_import_is_one_audit_entry_naming_who_the_file_and_the_counts(opened: tracker.Tracker, tmp_path: Path) -> None:
    path = tmp_path / "kaz-2014.ndjson"
    path.write_text(SAMPLE)
    report = await opened.import_file(path, by="cli:aigerim")
    (entry,) = (await opened.audit.list()).items
    assert (entry.actor, entry.operation, entry.entity, entry.entity_id) == ("cli:aigerim", "import", "file", "kaz-2014.ndjson")
    assert entry.after is not None and entry.after["files"] == ["kaz-2014.ndjson"]
    assert entry.after["counts"]["item"] == {"created": 6, "updated": 0, "unchanged": 0}
    assert entry.after["counts"] == {
        kind: {"created": c.created, "updated": c.updated, "unchanged": c.unchanged} for kind, c in report.counts.items()
    }

    await opened.import_file(path)
    latest = (await opened.audit.list(operation="import")).items
    assert len(latest) == 2 and latest[0].actor.startswith("library")
    assert latest[0].after is not None and latest[0].after["counts"]["item"] == {"created": 0, "updated": 0, "unchanged": 6}


async def test_an_import_refused_leaves_no_audit_entry(opened: tracker.Tracker, tmp_path: Path) -> None:
    path = tmp_path / "broken.ndjson"
    path.write_text(SAMPLE.replace('"state":"TJK","kind"', '"state":"XYZ","kind"'))
    with pytest.raises(tracker.InvalidInput):
        await opened.import_file(path)
    assert (await opened.audit.list()).total == 0
    assert (await opened.items.list()).total == 0


async def test_a_seed_is_one_audit_entry_naming_the_bundled_files(opened: tracker.Tracker) -> None:
    report = await opened.seed(by="cli:deployer")
    assert report is not None
    (entry,) = (await opened.audit.list(operation="seed")).items
    assert (entry.actor, entry.entity) == ("cli:deployer", "file")
    assert entry.after is not None and entry.after["files"] == ["states.ndjson", "kaz-tjk.ndjson"]
    assert entry.after["counts"]["item"]["created"] == report.counts["item"].created > 0
    assert await opened.seed(only_if_empty=True) is None
    assert (await opened.audit.list(operation="seed")).total == 1
