"""Raw snapshots: every fetched body kept on disk under its SHA-256, so any parse can be re-run without the network."""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

from tracker_scrapers.harvest import ParseError


class BodyTooLarge(Exception):
    """A body over the fetcher's limit; nothing of it is kept."""


#: Seconds after its last write a partial body is taken for what a killed download left: a live
#: download writes at least once per read timeout (a minute), so ten minutes leaves a wide margin.
STALE_PARTIAL_SECONDS = 600


class SnapshotStore:
    """A directory of bodies named by their SHA-256 (``ab/abcdef…``); writing one is atomic.

    A body is written to a ``.partial-*`` file and renamed when complete; a download killed midway
    leaves its partial file, which the store deletes once stale: when it opens, and when a
    download starts."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.remove_stale_partials(within_folders=True)

    def remove_stale_partials(self, *, within_folders: bool = False, older_than: float = STALE_PARTIAL_SECONDS) -> int:
        """Delete the partial bodies not written to for ``older_than`` seconds and return how many.
        A younger one may be a download another process is making now, and stays. With
        ``within_folders``, also those in the digest folders (where earlier versions wrote them)."""
        pattern = "**/.partial-*" if within_folders else ".partial-*"
        deadline = time.time() - older_than
        removed = 0
        for partial in self.directory.glob(pattern):
            try:
                if partial.lstat().st_mtime < deadline:
                    partial.unlink()
                    removed += 1
            except FileNotFoundError:
                continue  # another process removed it or finished it first
        return removed

    def path(self, digest: str) -> Path:
        """Where the body with this digest is (or would be) kept."""
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ParseError(f"{digest!r} is not a snapshot hash (64 hexadecimal digits)")
        return self.directory / digest[:2] / digest

    def has(self, digest: str) -> bool:
        return self.path(digest).is_file()

    def discard(self, digests: Iterable[str]) -> int:
        """Delete the kept bodies with these digests (those nothing names any more); returns how many were here."""
        deleted = 0
        for digest in digests:
            if self.has(digest):
                self.path(digest).unlink()
                deleted += 1
        return deleted

    async def keep(self, chunks: AsyncIterator[bytes], *, limit: int) -> tuple[str, int]:
        """Write a streamed body; returns its digest and size. Over ``limit`` bytes raises
        :class:`BodyTooLarge` and keeps nothing."""
        self.directory.mkdir(parents=True, exist_ok=True)
        self.remove_stale_partials()
        digest = hashlib.sha256()
        size = 0
        handle, partial = tempfile.mkstemp(dir=self.directory, prefix=".partial-")
        try:
            with os.fdopen(handle, "wb") as out:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > limit:
                        raise BodyTooLarge(f"the body is over the limit of {limit:,} bytes")
                    digest.update(chunk)
                    out.write(chunk)
            target = self.path(digest.hexdigest())
            target.parent.mkdir(exist_ok=True)
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        return digest.hexdigest(), size

    def keep_bytes(self, body: bytes) -> str:
        """Keep a body already in memory; returns its digest."""
        digest = hashlib.sha256(body).hexdigest()
        target = self.path(digest)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            # A name of its own: another process may be keeping the same body right now.
            handle, partial = tempfile.mkstemp(dir=self.directory, prefix=".partial-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(body)
                os.replace(partial, target)
            except BaseException:
                Path(partial).unlink(missing_ok=True)
                raise
        return digest
