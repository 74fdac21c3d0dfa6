"""What every adapter shares: the context a parse gets, and the harvest it returns.

An adapter turns one fetched body into tracker records, inbox candidates and context. Its
parse is a pure function of the bytes (read from a file-like object, so that a 360 MB
export is never held in memory whole) and of the source's parameters; fetching, storing
the snapshot and loading the harvest are the runner's business.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO, Protocol

from msgspec import Struct

from tracker.domain.writes import NewCandidate
from tracker.records import Record


class ParseError(Exception):
    """A body that cannot be read as the adapter's format: malformed, truncated, wrong charset."""


class ParseContext(Struct, frozen=True, kw_only=True):
    """What a parse may use beside the bytes.

    ``params`` are the source's parameters (``state``, ``body``, ``states`` …); ``url`` is the
    address the body came from; ``known`` is what the adapter's ``prepare`` read from the
    database (for instance the index that matches feed entries to items), or None.
    """

    params: Mapping[str, str] = {}
    url: str | None = None
    content_type: str | None = None
    known: Any = None


class Harvest(Struct, kw_only=True):
    """What one body yields."""

    #: Records to load (documents, decisions, remedies, recommendations, actions …), idempotently.
    records: list[Record] = []
    #: Things a person must confirm before they become actions.
    candidates: list[NewCandidate] = []
    #: Entries read and kept only as context (observations and concerns that are not items).
    context: int = 0
    #: How many entries the source says it holds, where it says so (MARCXML's total).
    total: int | None = None
    #: Entries that could not be read, each with the reason; the rest of the body still counts.
    skipped: list[str] = []


class Adapter(Protocol):
    """One kind of source: where to fetch, and how to read what comes back."""

    #: The name sources use for it: ``undl-marcxml``, ``feed`` …
    name: str

    def url(self, base_url: str, params: Mapping[str, str]) -> str:
        """The address to fetch for a source with this base URL and these parameters."""
        ...

    async def prepare(self, tracker: Any) -> Any:
        """What the parse needs from the database (passed as ``ParseContext.known``), or None."""
        ...

    def parse(self, body: BinaryIO, context: ParseContext) -> Harvest:
        """Read a fetched body; raises :class:`ParseError` when it is not in the adapter's format."""
        ...


class BatchingAdapter(Adapter, Protocol):
    """An adapter for bodies too large to hold as one harvest (the UHRI export): the runner loads
    its batches in order, in the run's one transaction."""

    def batches(self, body: BinaryIO, context: ParseContext) -> Iterator[Harvest]:
        """The harvest of ``body`` a part at a time; a part may rely on records of the parts before it."""
        ...
