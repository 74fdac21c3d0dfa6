"""The fetching core: one shared ``httpx.AsyncClient``, polite and patient, that keeps what it fetches.

Timeouts, redirects, a descriptive User-Agent, retries with exponential backoff on connection
errors and 5xx, ``Retry-After`` honoured on 429 and 503, a delay between requests to one
host, a maximum body size, and conditional GET (``If-None-Match``, ``If-Modified-Since``).
Bodies stream straight into the :class:`~tracker_scrapers.snapshots.SnapshotStore`, so a 360 MB
export never sits in memory. Tests inject ``httpx.MockTransport``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import random
import ssl
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import httpx
from msgspec import Struct

import tracker
from tracker_scrapers.snapshots import BodyTooLarge, SnapshotStore

USER_AGENT = f"tracker/{tracker.__version__} (follow-up of UN human-rights recommendations; scheduled scraper)"


class FetchPolicy(Struct, frozen=True, kw_only=True):
    """How patient and how polite the fetcher is."""

    timeout: float = 60.0
    connect_timeout: float = 15.0
    #: Retries after the first attempt, on connection errors, 5xx, 429.
    retries: int = 3
    #: Seconds before the first retry; doubled each time, with jitter.
    backoff: float = 2.0
    #: The longest ``Retry-After`` the fetcher waits; a longer one fails the run instead.
    max_retry_after: float = 300.0
    #: Seconds between two requests to the same host.
    politeness: float = 1.0
    max_body: int = 1024 * 1024 * 1024
    user_agent: str = USER_AGENT


class Fetched(Struct, frozen=True, kw_only=True):
    """What a GET gave: the status, the address after redirects, the headers that matter, and the kept body."""

    status: int
    url: str
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    snapshot: str | None = None
    size: int = 0
    attempts: int = 1


class FetchError(Exception):
    """A fetch that failed for good (after its retries); ``status`` is the last HTTP status, if any."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class Fetcher:
    """One per process: ``async with Fetcher(store) as fetcher: await fetcher.get(url)``."""

    def __init__(
        self,
        store: SnapshotStore,
        *,
        policy: FetchPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        self.store = store
        self.policy = policy = policy or FetchPolicy()
        self._sleep = sleep
        self._transport = transport
        self._last_request: dict[str, float] = {}
        self._host_locks: dict[str, asyncio.Lock] = {}
        self.client = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(policy.timeout, connect=policy.connect_timeout),
            follow_redirects=True,
            max_redirects=5,
            headers={"User-Agent": policy.user_agent},
            verify=verify,
        )

    def trusting(self, ca_bundle: str) -> Fetcher:
        """A fetcher like this one that verifies servers against the certificates in ``ca_bundle`` (a
        PEM file) instead of the system's trust store: for a State's servers whose chain ends at a
        national root that common trust stores lack. Verification is never turned off. Close it after use."""
        try:
            context = ssl.create_default_context(cafile=ca_bundle)
        except (OSError, ssl.SSLError) as exc:
            raise FetchError(f"cannot read the CA bundle {ca_bundle}: {exc}") from None
        return Fetcher(self.store, policy=self.policy, transport=self._transport, sleep=self._sleep, verify=context)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self.client.aclose()

    async def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET ``url``, keeping the body as a snapshot; a 304 keeps nothing.

        Raises :class:`FetchError` when the server still fails after the retries, refuses, or
        sends more than ``max_body`` bytes.
        """
        conditional = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        return await self._fetch("GET", url, conditional)

    async def post_json(self, url: str, payload: Any) -> Fetched:
        """POST ``payload`` as JSON to ``url`` (a search interface that takes its query so), keeping
        the answer as a snapshot, with the retries and politeness of :meth:`get`."""
        return await self._fetch("POST", url, {}, json=payload)

    async def _fetch(self, method: str, url: str, headers: dict[str, str], json: Any = None) -> Fetched:
        policy = self.policy
        for attempt in range(policy.retries + 1):
            last = attempt == policy.retries
            await self._wait_turn(url)
            try:
                async with self.client.stream(method, url, headers=headers, json=json) as response:
                    status = response.status_code
                    if status == 304:
                        return Fetched(status=304, url=str(response.url), attempts=attempt + 1)
                    if status in (429, 503) or status >= 500:
                        wait = _retry_after(response) if status in (429, 503) else None
                        if wait is not None and wait > policy.max_retry_after:
                            raise FetchError(f"HTTP {status}: the server asks to retry in {wait:.0f} s", status=status)
                        if last:
                            raise FetchError(f"HTTP {status} after {attempt + 1} attempts", status=status)
                        await self._sleep(wait if wait is not None else self._backoff(attempt))
                        continue
                    if status >= 400:
                        raise FetchError(f"HTTP {status} {response.reason_phrase}".strip(), status=status)
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > policy.max_body:
                        raise FetchError(
                            f"the body ({int(declared):,} bytes) is over the limit of {policy.max_body:,}", status=status
                        )
                    digest, size = await self.store.keep(response.aiter_bytes(), limit=policy.max_body)
                    return Fetched(
                        status=status,
                        url=str(response.url),
                        content_type=response.headers.get("content-type"),
                        etag=response.headers.get("etag"),
                        last_modified=response.headers.get("last-modified"),
                        snapshot=digest,
                        size=size,
                        attempts=attempt + 1,
                    )
            except BodyTooLarge as exc:
                raise FetchError(str(exc)) from None
            except httpx.TooManyRedirects as exc:
                raise FetchError(f"too many redirects: {exc}") from None
            except httpx.TransportError as exc:
                if last:
                    raise FetchError(f"{_describe(exc)} after {attempt + 1} attempts") from None
                await self._sleep(self._backoff(attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int) -> float:
        return self.policy.backoff * (2**attempt) * random.uniform(0.8, 1.2)

    async def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc
        lock = self._host_locks.setdefault(host, asyncio.Lock())
        async with lock:
            since = time.monotonic() - self._last_request.get(host, float("-inf"))
            if since < self.policy.politeness:
                await self._sleep(self.policy.politeness - since)
            self._last_request[host] = time.monotonic()


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _describe(exc: httpx.TransportError) -> str:
    kind = {
        httpx.ConnectTimeout: "connection timed out",
        httpx.ReadTimeout: "read timed out",
        httpx.ConnectError: "cannot connect",
        httpx.RemoteProtocolError: "the server broke off the response",
    }
    for cls, text in kind.items():
        if isinstance(exc, cls):
            return f"{text} ({exc})" if str(exc) else text
    return f"{type(exc).__name__}: {exc}"
