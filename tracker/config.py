"""Settings from ``TRACKER_*`` environment variables (nested fields with ``__``)."""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from typing import Annotated, Literal, get_args, get_origin, get_type_hints

import msgspec
from msgspec import Meta, Struct

from tracker.errors import InvalidInput

PREFIX = "TRACKER_"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///tracker.db"


class Settings(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Everything a deployment can set. The defaults give a working local install."""

    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: Annotated[int, Meta(ge=1, le=65535)] = 8000
    debug: bool = False
    log_level: Literal["critical", "error", "warning", "info", "debug", "trace"] = "info"
    #: How the service writes its log: ``text`` lines, or ``json``, one object per line.
    log_format: Literal["text", "json"] = "text"
    #: HTTP worker processes ``tracker serve`` starts over the same database.
    workers: Annotated[int, Meta(ge=1)] = 1
    #: Whether reads need no key; with ``false`` every read needs a key with the ``reader`` role.
    public_read: bool = True
    #: Writes each API key may make per minute (0: no limit).
    write_rate_limit: Annotated[int, Meta(ge=0)] = 120
    #: Where the scrapers keep every body they fetch, by SHA-256.
    snapshot_dir: str = "snapshots"
    #: Run the sources' schedules inside the HTTP service (``tracker serve --with-scheduler``).
    with_scheduler: bool = False
    #: Where the sessions of editors signed in on the pages are kept, one file each, with the writes
    #: each key made this minute: every worker process of the service on this machine reads the same
    #: directory.
    session_dir: str = "sessions"
    #: A signed-in editor who makes no request for this long is signed out.
    session_idle_minutes: Annotated[int, Meta(ge=1, le=7 * 24 * 60)] = 60
    #: Mark the session and form cookies ``Secure`` (sent over HTTPS only). Off by default because the
    #: default install serves plain http://127.0.0.1, where a browser would not send them back; set it
    #: to ``true`` wherever the service is reached over HTTPS.
    secure_cookies: bool = False
    #: The web origins whose pages may read the API from a browser (CORS), comma-separated; ``*``
    #: for any. Only reads are shared: GET and HEAD, never with cookies.
    cors_origins: str = "*"
    #: Megabytes of public reads each worker process keeps, encoded, until a write changes the data
    #: (0: none kept, every read runs its queries).
    response_cache_mb: Annotated[int, Meta(ge=0)] = 64


def _nest(flat: Mapping[str, str]) -> dict[str, object]:
    nested: dict[str, object] = {}
    for key, value in flat.items():
        target = nested
        *parents, leaf = key.split("__")
        for parent in parents:
            target = target.setdefault(parent, {})  # type: ignore[assignment]
        target[leaf] = value
    return nested


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from the environment; a bad value raises :class:`InvalidInput` naming the variable."""
    environ = os.environ if environ is None else environ
    known = set(Settings.__struct_fields__)
    _refuse_misspelt(environ, known)
    flat = {
        key[len(PREFIX) :].lower(): value
        for key, value in environ.items()
        if key.startswith(PREFIX) and key[len(PREFIX) :].lower().split("__")[0] in known
    }
    try:
        return msgspec.convert(_nest(flat), Settings, strict=False)
    except msgspec.ValidationError as exc:
        field = str(exc).rsplit("`$.", 1)[-1].rstrip("`") if "`$." in str(exc) else None
        variable = f"{PREFIX}{field.upper()}" if field else "a TRACKER_ variable"
        if field is not None and (allowed := _allowed(field)):
            raise InvalidInput(f"{variable}: must be one of {', '.join(allowed)}; got {flat[field]!r}", field=field) from None
        raise InvalidInput(f"{variable}: {exc}", field=field) from None


def _allowed(field: str) -> tuple[str, ...]:
    """The values a setting with a fixed few allows (none for the others)."""
    kind = get_type_hints(Settings).get(field)
    return get_args(kind) if get_origin(kind) is Literal else ()


def _refuse_misspelt(environ: Mapping[str, str], known: set[str]) -> None:
    """Refuse a ``TRACKER_`` variable that is not a setting but nearly spells one: set by mistake, it would be
    ignored and the default used without a word. Others (another program's, the tests' ``TRACKER_TEST_``) pass."""
    variables = [f"{PREFIX}{name.upper()}" for name in sorted(known)]
    for key in environ:
        name = key[len(PREFIX) :].lower().split("__")[0]
        if not key.startswith(PREFIX) or name in known or key.startswith(f"{PREFIX}TEST_"):
            continue
        close = difflib.get_close_matches(key, variables, n=1, cutoff=0.85)
        if close:
            raise InvalidInput(f"{key} is not a setting: did you mean {close[0]}?", field=name)
