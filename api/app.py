"""The Litestar application factory."""

from __future__ import annotations

from pathlib import Path

from litestar import Litestar, Router
from litestar.config.compression import CompressionConfig
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import RedocRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.plugins.prometheus import PrometheusConfig, PrometheusController
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

import tracker
from tracker.config import Settings, load_settings
from tracker.domain.enums import Role
from tracker_api.auth import (
    SESSION_STORE,
    WRITE_RATE_STORE,
    Authorization,
    form_protection,
    session_config,
    session_store,
    write_rate_store,
)
from tracker_api.controllers.actions import ActionController
from tracker_api.controllers.assessments import AssessmentController
from tracker_api.controllers.briefings import get_briefing
from tracker_api.controllers.changes import changes_feed, list_changes
from tracker_api.controllers.export import export_items
from tracker_api.controllers.health import health, ready
from tracker_api.controllers.items import ItemController
from tracker_api.controllers.resources import DecisionController, DocumentController, StateController
from tracker_api.controllers.sources import SourceController
from tracker_api.controllers.triage import AuditController, InboxController
from tracker_api.errors import EXCEPTION_HANDLERS, check_request
from tracker_api.head import answer_head_as_get
from tracker_api.logs import logging_config
from tracker_api.pages import TEMPLATE_DIRECTORY, PagesController, configure_engine
from tracker_api.pages.editing import EditingController
from tracker_api.plugin import TrackerPlugin
from tracker_api.request_ids import RequestIds
from tracker_api.response_cache import CACHED, CachedReads, ResponseCache
from tracker_api.security_headers import SecurityHeaders

#: The files the service serves itself, such as the API reference's renderer.
STATIC_DIRECTORY = Path(__file__).parent / "static"

#: The head of ``/schema`` beyond Redoc's script: Redoc's own logo would come from its CDN, so the page
#: lets images come only from the service (the logo then hides itself) and the reference works offline.
OFFLINE_REFERENCE_HEAD = (
    """<meta http-equiv="Content-Security-Policy" content="img-src 'self' data:">"""
    "<style>body{margin:0;padding:0}</style>"
)

#: Responses smaller than this are sent as they are: compressing them saves less than it costs.
COMPRESS_FROM_BYTES = 500

#: Brotli 4 and gzip 6 instead of Litestar's 5 and 9: on a list of 50 items (86 KB), 0.8 ms instead
#: of 1.2 ms for 10 % more bytes, and 1.4 ms instead of 2.0 ms for 1 % more. Answers are made per
#: request, not once for many, so compressing them harder costs more than the bytes it saves.
BROTLI_QUALITY = 4
GZIP_LEVEL = 6

#: Request bodies larger than this are refused with 413 before they are read in full.
MAX_BODY_BYTES = 1024 * 1024


#: The JSON API: every route of it lives under ``/api/v1``.
API_V1 = Router(
    path="/api/v1",
    route_handlers=[
        ItemController,
        StateController,
        DocumentController,
        DecisionController,
        ActionController,
        AssessmentController,
        export_items,
        list_changes,
        get_briefing,
        InboxController,
        AuditController,
        SourceController,
    ],
    # Reads that need a key, and every write, are never kept (see tracker_api.response_cache).
    opt={CACHED: True},
)

#: The pages every reader sees alike (an editor's are never kept) and the Atom feed of changes.
PUBLIC_PAGES = Router(path="/", route_handlers=[PagesController, changes_feed], opt={CACHED: True})


class Metrics(PrometheusController):
    """Prometheus metrics of the service's requests (any API key: they show the traffic)."""

    opt = {"role": Role.READER}
    include_in_schema = False


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the service. Settings come from ``TRACKER_*`` variables unless given;
    the app opens the database on startup and closes it on shutdown."""
    settings = settings or load_settings()
    metrics = PrometheusConfig(app_name="tracker", prefix="tracker", group_path=True, exclude=["/metrics"])
    cache = ResponseCache(max_bytes=settings.response_cache_mb * 1024 * 1024)
    middleware = [RequestIds(), SecurityHeaders(), metrics.middleware, session_config(settings).middleware]
    if settings.response_cache_mb:
        middleware.append(CachedReads(cache, Authorization(settings)))
    app = Litestar(
        route_handlers=[
            health,
            ready,
            API_V1,
            PUBLIC_PAGES,
            EditingController,
            Metrics,
            create_static_files_router("/static", directories=[STATIC_DIRECTORY]),
        ],
        plugins=[TrackerPlugin(settings)],
        stores={SESSION_STORE: session_store(settings), WRITE_RATE_STORE: write_rate_store(settings)},
        middleware=middleware,
        state=State({"response_cache": cache}),
        csrf_config=form_protection(settings),
        template_config=TemplateConfig(
            directory=TEMPLATE_DIRECTORY, engine=JinjaTemplateEngine, engine_callback=configure_engine
        ),
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        before_request=check_request,
        openapi_config=OpenAPIConfig(
            title="tracker",
            version=tracker.__version__,
            description=(
                "Follow-up of UN treaty-body and UPR recommendations and individual decisions.\n\n"
                "Every route is strict with its query string: a parameter it does not know (a misspelling, an old"
                " plural such as `themes`) is a 400 naming it and the closest known name; a parameter that takes one"
                " value given twice is a 400; a filter repeated (`state=KAZ&state=TJK`) means any of its values."
                " Filters have one spelling everywhere: `state`, `body`, `kind`, `status`, `theme`, `item`."
            ),
            path="/schema",
            render_plugins=[
                RedocRenderPlugin(
                    js_url="/static/redoc/redoc.standalone.js",
                    google_fonts=False,
                    favicon="",
                    style=OFFLINE_REFERENCE_HEAD,
                )
            ],
            use_handler_docstrings=True,
            components=Components(
                security_schemes={
                    "apiKey": SecurityScheme(type="http", scheme="bearer", description="An API key from `tracker keys create`"),
                }
            ),
        ),
        request_max_body_size=MAX_BODY_BYTES,
        compression_config=CompressionConfig(
            backend="brotli",
            brotli_gzip_fallback=True,
            minimum_size=COMPRESS_FROM_BYTES,
            brotli_quality=BROTLI_QUALITY,
            gzip_compress_level=GZIP_LEVEL,
        ),
        cors_config=CORSConfig(
            allow_origins=[origin.strip() for origin in settings.cors_origins.split(",") if origin.strip()],
            allow_methods=["GET", "HEAD"],
            allow_headers=["If-None-Match", "Accept", "Accept-Language"],
            expose_headers=["ETag", "Content-Language", "Retry-After"],
            allow_credentials=False,
            max_age=3600,
        ),
        logging_config=logging_config(settings),
        debug=settings.debug,
    )
    return answer_head_as_get(app)
