"""Every answer carries a request id, and what is logged while a request is handled names it."""

from __future__ import annotations

import logging

from litestar import Litestar, get
from litestar.testing import AsyncTestClient

from tracker_api.request_ids import HEADER, RequestIds, WithRequestId


async def test_each_answer_has_its_own_id_and_a_clients_id_is_kept(client: AsyncTestClient) -> None:
    first = await client.get("/api/v1/items")
    second = await client.get("/api/v1/items")
    assert first.headers[HEADER] != second.headers[HEADER]
    assert len(first.headers[HEADER]) == 32
    assert (await client.get("/health", headers={HEADER: "proxy-7f3a:42"})).headers[HEADER] == "proxy-7f3a:42"
    replaced = await client.get("/health", headers={HEADER: "not <an> id\n"})
    assert replaced.headers[HEADER] != "not <an> id" and len(replaced.headers[HEADER]) == 32


class Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.addFilter(WithRequestId())
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


async def test_log_lines_written_during_a_request_name_its_id() -> None:
    log = logging.getLogger("tracker.test.request_ids")
    kept = Kept()
    log.addHandler(kept)

    @get("/work", sync_to_thread=False)
    def work() -> str:
        log.warning("working")
        return "done"

    try:
        async with AsyncTestClient(app=Litestar([work], middleware=[RequestIds()])) as client:
            answer = await client.get("/work", headers={HEADER: "req-1"})
        log.warning("outside")
    finally:
        log.removeHandler(kept)
    assert answer.headers[HEADER] == "req-1"
    assert {record.getMessage(): record.request_id for record in kept.records} == {"working": "req-1", "outside": "-"}  # type: ignore[attr-defined]
