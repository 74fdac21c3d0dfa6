"""What a source's URL may hold, and what readers are shown of it: never a password, never a secret's value.

The runner reads the URL as stored; everyone else sees it through :func:`shown_url`.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote_plus, urlsplit, urlunsplit

import msgspec

from tracker.domain.entities import FetchRun, Source
from tracker.errors import InvalidInput

#: Query parameters whose values are secrets for the source's server, by name
#: without regard to case, ``-`` read as ``_``: what the tracker shows of a source writes their values
#: as :data:`MASK`, and only the runner reads them.
SECRET_PARAMETERS = frozenset(
    {
        "token",
        "access_token",
        "auth",
        "key",
        "api_key",
        "apikey",
        "secret",
        "client_secret",
        "password",
        "passwd",
        "sig",
        "signature",
    }
)
#: What a secret's value is shown as.
MASK = "***"


def is_secret(parameter: str) -> bool:
    """Whether a query or source parameter of this name carries a secret (see :data:`SECRET_PARAMETERS`)."""
    return parameter.strip().lower().replace("-", "_") in SECRET_PARAMETERS


def check_source_url(url: str) -> str:
    """``url`` if a source may be read from it; raises :class:`InvalidInput` (``url``) for a user name or
    password in it, which every reader of the source would see, and for a secret given as :data:`MASK`
    (a URL copied from what the tracker shows, whose real value would be lost)."""
    parts = urlsplit(url)
    if "@" in parts.netloc:
        raise InvalidInput(
            "a source's URL may not carry a user name or password (user:password@host): every reader of the source sees its URL",
            field="url",
        )
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if is_secret(name) and value == MASK:
            raise InvalidInput(f"the URL's {name} is {MASK}, as the tracker shows it: give its real value", field="url")
    return url


def shown_url(url: str) -> str:
    """``url`` as the tracker shows it: the value of each secret query parameter replaced by :data:`MASK`."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    pieces = []
    for piece in parts.query.split("&"):
        name, equals, _ = piece.partition("=")
        pieces.append(f"{name}={MASK}" if equals and is_secret(unquote_plus(name)) else piece)
    return urlunsplit(parts._replace(query="&".join(pieces)))


def shown(source: Source) -> Source:
    """``source`` as readers see it: its URL's secrets masked (:func:`shown_url`). (Its parameters are
    the adapter's, none of them a secret.)"""
    return msgspec.structs.replace(source, url=shown_url(source.url))


def shown_run(run: FetchRun) -> FetchRun:
    """``run`` as readers see it: the URL it fetched with its secrets masked."""
    return run if run.url is None else msgspec.structs.replace(run, url=shown_url(run.url))
