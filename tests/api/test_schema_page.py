"""The API reference at ``/schema`` works with no network: everything it loads comes from the service itself."""

from __future__ import annotations

import re

from litestar.testing import AsyncTestClient


async def test_the_api_reference_loads_nothing_from_another_host(client: AsyncTestClient) -> None:
    response = await client.get("/schema")
    assert response.status_code == 200
    page = response.text
    assert '<script src="/static/redoc/redoc.standalone.js"' in page
    assert not re.findall(r"(?:https?:)?//[\w.-]+\.\w+", page.replace("</", "")), "the page names another host"


async def test_the_renderer_of_the_api_reference_is_served_from_the_package(client: AsyncTestClient) -> None:
    response = await client.get("/static/redoc/redoc.standalone.js")
    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]
    assert response.content.startswith(b"/*! For license information please see redoc.standalone.js.LICENSE.txt */")
