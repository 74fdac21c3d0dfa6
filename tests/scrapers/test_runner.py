"""Running sources end to end against httpx.MockTransport: one transaction per run, faults recorded, idempotent."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from sqlalchemy import insert

import tracker
from tracker.db.models import SourceLeaseRow, utcnow
from tracker.services.sources import LEASE_TTL
from tracker_scrapers.http import Fetcher, FetchPolicy
from tracker_scrapers.runner import Busy, Runner
from tracker_scrapers.snapshots import SnapshotStore

BASE = "https://library.test"


FRENCH = '<datafield tag="856" ind1="4" ind2=" "><subfield code="u">https://digitallibrary.un.org/record/{recid}/files/{file}-FR.pdf</subfield><subfield code="y">Français</subfield></datafield>'


def marcxml(*records: tuple[str, ...], total: int | None = None) -> bytes:
    """A MARCXML search response in the UN Digital Library's shape: (recid, symbol, date, title[, "fr"]) per record."""
    body = "".join(
        f"""<record>
  <controlfield tag="001">{recid}</controlfield>
  <datafield tag="191" ind1=" " ind2=" "><subfield code="a">{symbol}</subfield></datafield>
  <datafield tag="245" ind1="1" ind2="0"><subfield code="a">{title}</subfield></datafield>
  <datafield tag="269" ind1=" " ind2=" "><subfield code="a">{date}</subfield></datafield>
  <datafield tag="856" ind1="4" ind2=" "><subfield code="u">https://digitallibrary.un.org/record/{recid}/files/{symbol.replace("/", "_")}-EN.pdf</subfield><subfield code="y">English</subfield></datafield>
  {FRENCH.format(recid=recid, file=symbol.replace("/", "_")) if "fr" in extra else ""}
</record>
"""
        for recid, symbol, date, title, *extra in records
    )
    count = len(records) if total is None else total
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- Search-Engine-Total-Number-Of-Results: {count} -->\n'
        f'<collection xmlns="http://www.loc.gov/MARC21/slim">\n{body}</collection>\n'
    ).encode()


CO4 = ("9000001", "CAT/C/KAZ/CO/4", "2023-06-08", "Concluding observations on the fourth periodic report of Kazakhstan")
FCO4 = (
    "9000002",
    "CAT/C/KAZ/FCO/4",
    "2024-06-20",
    "Information received from Kazakhstan on follow-up to the concluding observations",
)
GOOD = marcxml(CO4, FCO4)


class Server:
    """What the mock library answers next, and what it was asked."""

    def __init__(self) -> None:
        self.answer: Callable[[httpx.Request], httpx.Response] = lambda request: httpx.Response(
            200, content=GOOD, headers={"Content-Type": "application/xml; charset=utf-8", "ETag": '"v1"'}
        )
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answer(request)


@pytest.fixture
async def sources(seeded: tracker.Tracker) -> tracker.Tracker:
    await seeded.sources.add("library-kaz", "undl-marcxml", BASE, params={"query": "CAT/C/KAZ", "state": "KAZ"}, every="1d")
    await seeded.sources.add("library-tjk", "undl-marcxml", BASE, params={"query": "CAT/C/TJK", "state": "TJK"}, every="1d")
    return seeded


@pytest.fixture
def server() -> Server:
    return Server()


@pytest.fixture
async def runner(sources: tracker.Tracker, server: Server, tmp_path: Path):  # type: ignore[no-untyped-def]
    async def no_wait(seconds: float) -> None:
        return None

    policy = FetchPolicy(retries=1, backoff=0.0, politeness=0.0, max_body=200_000)
    async with Fetcher(
        SnapshotStore(tmp_path / "snapshots"), policy=policy, transport=httpx.MockTransport(server), sleep=no_wait
    ) as f:
        yield Runner(sources, f, holder="test")


async def _state(t: tracker.Tracker) -> tuple[int, int]:
    documents = (await t.documents.list(state="KAZ", limit=500)).total
    latest = (await t.changes.list(latest_first=True, limit=1)).items[0].id
    return documents, latest


async def test_a_run_loads_the_documents_and_a_second_run_creates_nothing(
    runner: Runner, sources: tracker.Tracker, server: Server
) -> None:
    first = await runner.run("library-kaz")
    assert first.outcome is tracker.RunOutcome.OK, first.error
    assert (first.http_status, first.created >= 1, first.bytes) == (200, True, len(GOOD))
    assert {d.symbol for d in (await sources.documents.list(state="KAZ", limit=500)).items} >= {
        "CAT/C/KAZ/CO/4",
        "CAT/C/KAZ/FCO/4",
    }
    same_body = await runner.run("library-kaz")
    assert same_body.outcome is tracker.RunOutcome.NOT_MODIFIED and same_body.created == 0
    assert server.requests[-1].headers["if-none-match"] == '"v1"'
    server.answer = lambda request: httpx.Response(304)
    unchanged = await runner.run("library-kaz")
    assert unchanged.outcome is tracker.RunOutcome.NOT_MODIFIED and unchanged.http_status == 304
    source = await sources.sources.get("library-kaz")
    assert source.health.consecutive_failures == 0 and source.health.last_success_at is not None
    assert [r.outcome.value for r in (await sources.sources.runs("library-kaz")).items] == ["not_modified", "not_modified", "ok"]


async def test_a_changed_record_upstream_is_updated_in_place_and_logged(
    runner: Runner, sources: tracker.Tracker, server: Server
) -> None:
    await runner.run("library-kaz")
    before = await _state(sources)
    in_french_too = (*FCO4, "fr")
    server.answer = lambda request: httpx.Response(200, content=marcxml(CO4, in_french_too), headers={"ETag": '"v2"'})
    run = await runner.run("library-kaz")
    assert (run.outcome, run.created, run.updated) == (tracker.RunOutcome.OK, 0, 1), run
    documents, latest = await _state(sources)
    assert documents == before[0] and latest > before[1]
    change = (await sources.changes.list(latest_first=True, limit=1)).items[0]
    assert (change.entity, change.entity_id, change.kind) == ("document", "cat-c-kaz-fco-4", "updated")
    languages = (await sources.documents.get("CAT/C/KAZ/FCO/4")).document.languages
    assert [(v.language, v.label) for v in languages] == [("en", "English"), ("fr", "Français")]


def _fault(
    status: int = 200, body: bytes = GOOD, headers: dict[str, str] | None = None, error: Exception | None = None
) -> Callable[[httpx.Request], httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        if error is not None:
            raise error
        return httpx.Response(status, content=body, headers=headers or {})

    return answer


FAULTS = {
    "timeout": (_fault(error=httpx.ReadTimeout("no answer")), "read timed out"),
    "server error": (_fault(503), "HTTP 503"),
    "rate limited for a day": (_fault(429, headers={"Retry-After": "86400"}), "retry in 86400 s"),
    "malformed XML": (_fault(body=b"<collection xmlns='http://www.loc.gov/MARC21/slim'><record><controlfield"), ""),
    "truncated XML": (_fault(body=GOOD[: len(GOOD) // 2]), ""),
    "wrong charset": (
        _fault(
            body=marcxml((CO4[0], CO4[1], CO4[2], "Заключительные замечания"), FCO4).replace(
                "Заключительные замечания".encode(), "Заключительные замечания".encode("cp1251")
            ),
            headers={"Content-Type": "application/xml; charset=utf-8"},
        ),
        "",
    ),
    "not MARCXML": (_fault(body=b"<html><body>Service unavailable</body></html>", headers={"Content-Type": "text/html"}), ""),
    "empty body": (_fault(body=b""), ""),
    "oversized body": (_fault(body=b"<collection/>" + b" " * 300_000), "over the limit"),
}


@pytest.mark.parametrize("fault", FAULTS)
async def test_a_fault_is_recorded_writes_nothing_and_the_next_run_recovers(
    runner: Runner, sources: tracker.Tracker, server: Server, fault: str
) -> None:
    before = await _state(sources)
    server.answer, reason = FAULTS[fault]
    failed = await runner.run("library-kaz")
    assert failed.outcome is tracker.RunOutcome.FAILED and failed.error and reason in failed.error, failed
    assert await _state(sources) == before
    health = (await sources.sources.get("library-kaz")).health
    assert health.consecutive_failures == 1 and health.last_error == failed.error
    server.answer = Server().answer
    recovered = await runner.run("library-kaz")
    assert recovered.outcome is tracker.RunOutcome.OK and recovered.created >= 1, recovered
    assert (await sources.sources.get("library-kaz")).health.consecutive_failures == 0


async def test_one_failing_source_does_not_stop_the_others(runner: Runner, server: Server) -> None:
    server.answer = lambda request: (
        httpx.Response(500)
        if "KAZ" in str(request.url)
        else httpx.Response(200, content=marcxml(("9000003", "CAT/C/TJK/CO/4", "2024-01-01", "TJK CO")))
    )
    kaz, tjk = await runner.run_many(["library-kaz", "library-tjk"])
    assert not isinstance(kaz, Busy) and not isinstance(tjk, Busy)
    assert (kaz.outcome, tjk.outcome) == (tracker.RunOutcome.FAILED, tracker.RunOutcome.OK)


async def test_a_failure_after_the_records_are_loaded_rolls_the_whole_run_back(
    runner: Runner, sources: tracker.Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = await _state(sources)

    async def refuse(session: object, candidates: object) -> list[int]:
        raise tracker.NotFound("item", "cat-c-kaz-co-9-p1", field="matches.item")

    monkeypatch.setattr("tracker_scrapers.runner.propose", refuse)
    run = await runner.run("library-kaz")
    assert run.outcome is tracker.RunOutcome.FAILED and "cat-c-kaz-co-9-p1" in (run.error or ""), run
    assert await _state(sources) == before
    assert "CAT/C/KAZ/FCO/4" not in {d.symbol for d in (await sources.documents.list(state="KAZ", limit=500)).items}


async def test_a_kept_snapshot_can_be_parsed_again_without_the_network(
    runner: Runner, sources: tracker.Tracker, server: Server
) -> None:
    first = await runner.run("library-kaz")
    server.answer = lambda request: httpx.Response(500)
    replayed = await runner.run("library-kaz", replay=first.snapshot)
    assert replayed.outcome is tracker.RunOutcome.OK and replayed.created == 0 and replayed.snapshot == first.snapshot
    assert len(server.requests) == 1
    missing = await runner.run("library-kaz", replay="0" * 64)
    assert missing.outcome is tracker.RunOutcome.FAILED and "no snapshot" in (missing.error or "")


async def test_two_runners_never_run_one_source_at_once(runner: Runner, sources: tracker.Tracker, server: Server) -> None:
    release = asyncio.Event()

    async def slow(request: httpx.Request) -> httpx.Response:
        await release.wait()
        return httpx.Response(200, content=GOOD)

    server.answer = None  # type: ignore[assignment]
    transport = httpx.MockTransport(slow)
    async with Fetcher(runner.store, policy=FetchPolicy(politeness=0.0), transport=transport) as other_fetcher:
        first = asyncio.create_task(Runner(sources, other_fetcher, holder="scheduler-1").run("library-kaz"))
        await asyncio.sleep(0.2)
        with pytest.raises(Busy):
            await Runner(sources, other_fetcher, holder="scheduler-2").run("library-kaz")
        release.set()
        assert (await first).outcome is tracker.RunOutcome.OK
    assert (await sources.sources.runs("library-kaz")).total == 1


async def test_a_run_cancelled_mid_fetch_is_recorded_and_writes_nothing(runner: Runner, sources: tracker.Tracker) -> None:
    async def hang(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    before = await _state(sources)
    async with Fetcher(runner.store, policy=FetchPolicy(politeness=0.0), transport=httpx.MockTransport(hang)) as hanging:
        task = asyncio.create_task(Runner(sources, hanging, holder="scheduler").run("library-kaz", trigger="scheduler"))
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    (run,) = (await sources.sources.runs("library-kaz")).items
    assert (run.outcome, run.trigger, run.error) == (tracker.RunOutcome.CANCELLED, "scheduler", "cancelled at shutdown")
    assert await _state(sources) == before
    assert (await Runner(sources, runner.fetcher, holder="next").run("library-kaz")).outcome is tracker.RunOutcome.OK


async def _leave_lease(t: tracker.Tracker, source: str, *, pid: int, host: str, taken: dt.datetime) -> None:
    """A lease row as a runner leaves it when it is killed before it can let go."""
    async with t.engine.begin() as connection:
        await connection.execute(
            insert(SourceLeaseRow.__table__).values(
                source=source, holder="tracker scrape", host=host, pid=pid, taken_at=taken, expires_at=utcnow() + LEASE_TTL
            )
        )


async def test_a_lease_left_by_a_dead_process_of_this_host_is_taken_over(runner: Runner, sources: tracker.Tracker) -> None:
    if sources.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's advisory locks go with the connection of the process that held them")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    await _leave_lease(sources, "library-kaz", pid=dead.pid, host=socket.gethostname(), taken=utcnow())
    assert (await runner.run("library-kaz")).outcome is tracker.RunOutcome.OK
    assert await sources.sources.lease_holder("library-kaz") is None


async def test_a_lease_of_a_live_process_or_another_host_is_refused_naming_its_holder(
    runner: Runner, sources: tracker.Tracker
) -> None:
    if sources.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's advisory locks keep no row naming the holder")
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    taken = utcnow()  # after the process started, as its own lease would be
    try:
        await _leave_lease(sources, "library-kaz", pid=alive.pid, host=socket.gethostname(), taken=taken)
        with pytest.raises(Busy) as busy:
            await runner.run("library-kaz")
        assert str(busy.value) == (
            f"source 'library-kaz' is being run by tracker scrape (process {alive.pid} on {socket.gethostname()})"
            f" since {taken:%Y-%m-%d %H:%M:%S} UTC"
        )
    finally:
        alive.kill()
        alive.wait()
    await _leave_lease(
        sources, "library-tjk", pid=alive.pid, host="elsewhere", taken=dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)
    )
    with pytest.raises(Busy, match=r"process \d+ on elsewhere"):
        await runner.run("library-tjk")
    assert (await sources.sources.runs("library-kaz")).total == (await sources.sources.runs("library-tjk")).total == 0


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="process start times are read from Linux's /proc")
async def test_a_lease_whose_pid_now_belongs_to_a_process_started_after_it_is_taken_over(
    runner: Runner, sources: tracker.Tracker
) -> None:
    if sources.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's advisory locks go with the connection of the process that held them")
    # The holder died an hour ago and its pid went to a process started since.
    reused = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        taken = utcnow() - dt.timedelta(minutes=55)
        await _leave_lease(sources, "library-kaz", pid=reused.pid, host=socket.gethostname(), taken=taken)
        assert (await runner.run("library-kaz")).outcome is tracker.RunOutcome.OK
        assert await sources.sources.lease_holder("library-kaz") is None
    finally:
        reused.kill()
        reused.wait()
