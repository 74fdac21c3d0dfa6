"""HEAD through the HTTP server the service runs on: the GET's headers only, and the connection stays usable."""

from __future__ import annotations

import httpx

SAME = ("content-type", "content-disposition", "content-encoding", "vary", "x-content-type-options")


def test_head_of_the_export_sends_its_headers_and_leaves_the_connection_usable(service: str) -> None:
    with httpx.Client(base_url=service) as client:
        got = client.get("/api/v1/export", params={"format": "csv"})
        exported = client.head("/api/v1/export", params={"format": "csv"})
        assert exported.status_code == 200
        assert exported.headers["content-type"].startswith("text/csv")
        assert [exported.headers.get(name) for name in SAME] == [got.headers.get(name) for name in SAME]
        assert exported.content == b""
        # A stray byte of the export after the headers would be read as the start of this answer.
        assert client.get("/health").json()["status"] == "ok"
        assert client.head("/api/v1/items", params={"state": "KAZ"}).headers["content-type"] == "application/json"
