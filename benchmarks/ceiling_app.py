"""The ceiling for the HTTP benchmark: a minimal Litestar app returning a constant small JSON body.

    uvicorn benchmarks.ceiling_app:app --host 127.0.0.1 --port 8765 --workers 1 --log-level warning

Same framework, server and machine as ``tracker serve``, but no database, no dependencies,
no middleware: what one worker (or N, under ``--workers N``) can do at best. ``bench_http``
measures it in every run, with the same wrk as the endpoints it reports as shares of it.
"""

from __future__ import annotations

from litestar import Litestar, get


@get("/")
async def status() -> dict[str, str]:
    return {"status": "ok"}


app = Litestar(route_handlers=[status])
