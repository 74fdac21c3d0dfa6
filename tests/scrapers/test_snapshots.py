"""Snapshots on disk: a download killed midway leaves a partial file, which goes once stale and
never while another process may still be writing it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tracker_scrapers.snapshots import STALE_PARTIAL_SECONDS, SnapshotStore

#: Keeps a body that never ends, telling when its first bytes are written, until killed.
ENDLESS_DOWNLOAD = """
import asyncio, sys
from tracker_scrapers.snapshots import SnapshotStore

async def body():
    yield b"first bytes of a long body"
    print("writing", flush=True)
    await asyncio.Event().wait()

asyncio.run(SnapshotStore(sys.argv[1]).keep(body(), limit=10**9))
"""


def partials(directory: Path) -> list[Path]:
    return sorted(directory.glob("**/.partial-*"))


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_download_killed_midway_leaves_a_partial_that_goes_once_stale(tmp_path: Path) -> None:
    directory = tmp_path / "snapshots"
    download = subprocess.Popen([sys.executable, "-c", ENDLESS_DOWNLOAD, str(directory)], stdout=subprocess.PIPE, text=True)
    assert download.stdout is not None
    with download.stdout:
        assert download.stdout.readline() == "writing\n"
        download.send_signal(signal.SIGKILL)
        download.wait(timeout=30)
    (left,) = partials(directory)

    SnapshotStore(directory)
    assert partials(directory) == [left], "a partial written just now may be another process's download"

    age(left, STALE_PARTIAL_SECONDS + 60)
    store = SnapshotStore(directory)
    assert partials(directory) == []
    assert store.keep_bytes(b"a body") and partials(directory) == []


async def test_a_download_starting_removes_stale_partials_and_keeps_young_ones(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path)
    stale, young = tmp_path / ".partial-killed", tmp_path / ".partial-running"
    stale.write_bytes(b"half")
    young.write_bytes(b"still coming")
    age(stale, STALE_PARTIAL_SECONDS + 60)
    age(young, STALE_PARTIAL_SECONDS - 60)
    # Where earlier versions wrote partial bodies: removed when a store opens.
    older = tmp_path / "ab" / ".partial-abcdef"
    older.parent.mkdir()
    older.write_bytes(b"half")
    age(older, STALE_PARTIAL_SECONDS + 60)

    async def body():  # type: ignore[no-untyped-def]
        yield b"a whole body"

    digest, size = await store.keep(body(), limit=1000)
    assert store.path(digest).read_bytes() == b"a whole body" and size == 12
    assert set(partials(tmp_path)) == {older, young}
    SnapshotStore(tmp_path)
    assert partials(tmp_path) == [young]
