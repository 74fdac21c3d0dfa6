"""Raw snapshots: every fetched body kept on disk under its SHA-256, so any parse can be re-run without the network."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

from tracker_scrapers.harvest import ParseError


class BodyTooLarge(Exception):
    """A body over the fetcher's limit; nothing of it is kept."""


class SnapshotStore:
    """A directory of bodies named by their SHA-256 (``ab/abcdef…``); writing one is atomic."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

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
            partial = target.with_name(f".partial-{digest}")
            partial.write_bytes(body)
            os.replace(partial, target)
        return digest
