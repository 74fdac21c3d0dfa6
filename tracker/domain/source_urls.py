"""What a source's URL may hold, and what readers are shown of it: never a password, never a secret's value.

The runner reads the URL as stored; everyone else sees it through :func:`shown_url`, and every
other URL the tracker stores (sources cited, language versions of documents, candidates found by
the scrapers) through :func:`shown_urls`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, TypeVar
from urllib.parse import unquote_plus, urlsplit, urlunsplit

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
#: A query parameter, its name and its value, in a URL that cannot be split.
_QUERY_PARAMETER = re.compile(r"([?&])([^=&#]+)=([^&#]*)")

T = TypeVar("T")


def is_secret(parameter: str) -> bool:
    """Whether a query or source parameter of this name carries a secret (see :data:`SECRET_PARAMETERS`)."""
    return parameter.strip().lower().replace("-", "_") in SECRET_PARAMETERS


def check_source_url(url: str) -> str:
    """``url`` if a source may be read from it; raises :class:`InvalidInput` (``url``) for a user name or
    password in it, which every reader of the source would see, and for a secret given as :data:`MASK`
    (a URL copied from what the tracker shows, whose real value would be lost)."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # a stray "[" or "]" in the host, say
        raise InvalidInput(f"a source's URL must be a URL: {exc}", field="url") from None
    if "@" in parts.netloc:
        raise InvalidInput(
            "a source's URL may not carry a user name or password (user:password@host): every reader of the source sees its URL",
            field="url",
        )
    _refuse_masked(url, field="url")
    return url


def _masked_parameter(url: str) -> str | None:
    """The name of a secret query parameter that ``url`` gives as :data:`MASK`, if any."""
    for match in _QUERY_PARAMETER.finditer(url):
        name = unquote_plus(match[2])
        if unquote_plus(match[3]) == MASK and is_secret(name):
            return name
    return None


def _refuse_masked(url: str, *, field: str) -> None:
    if (name := _masked_parameter(url)) is not None:
        raise InvalidInput(f"the URL's {name} is {MASK}, as the tracker shows it: give its real value", field=field)


def refuse_masked_urls(value: object, encoded: bytes | None = None) -> None:
    """Raise :class:`InvalidInput` if a URL in ``value`` (a record, an action, an assessment to
    store; ``encoded``, its JSON if at hand) gives a secret as :data:`MASK`: it was copied from
    what the tracker shows, and storing it would lose the real value for good."""
    if _MASKED_VALUE.search(encoded if encoded is not None else msgspec.json.encode(value)):
        for url in _urls(value):
            _refuse_masked(url, field="url")


#: A query parameter's value that reads as :data:`MASK`, percent-encoded or not, inside encoded JSON.
_MASKED_VALUE = re.compile(rb"=(?:\*|%2a){3}(?:[&#\"]|$)", re.IGNORECASE)


def _urls(value: Any) -> Iterator[str]:
    if isinstance(value, msgspec.Struct):
        for name in _url_fields(type(value)):
            field = getattr(value, name)
            if name == "url" and isinstance(field, str):
                yield field
            else:
                yield from _urls(field)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _urls(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _urls(item)


def shown_url(url: str) -> str:
    """``url`` as the tracker shows it: the value of each secret query parameter replaced by :data:`MASK`."""
    try:
        parts = urlsplit(url)
    except ValueError:
        # Not a URL Python can split (stored before it was checked, or not a source's): mask by pattern.
        return _QUERY_PARAMETER.sub(lambda m: f"{m[1]}{m[2]}={MASK}" if is_secret(unquote_plus(m[2])) else m[0], url)
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


#: A query parameter's name, as it appears in a URL inside encoded JSON.
_PARAMETER_NAME = re.compile(rb"[?&]([^=&\"#\s]{1,64})=")


def may_hold_secrets(encoded: bytes) -> bool:
    """Whether JSON bytes might hold a URL with a secret query parameter (see :func:`shown_urls`); when
    not, they can be sent as they are without walking the value they were encoded from."""
    if b"?" not in encoded:
        return False
    return any(is_secret(unquote_plus(name.decode("utf-8", "replace"))) for name in _PARAMETER_NAME.findall(encoded))


def shown_urls(value: T) -> T:
    """``value`` as readers see it: the ``url`` of every Struct in it (a source cited, a language
    version, a candidate, a source, a run) shown as :func:`shown_url` shows it, through Structs,
    lists and dicts. What holds no secret is returned as it is, not copied."""
    return _shown(value)


def _shown(value: Any) -> Any:
    if value is None:
        return value
    if isinstance(value, msgspec.Struct):
        changes = {}
        for name in _url_fields(type(value)):
            field = getattr(value, name)
            shown_field = shown_url(field) if name == "url" and isinstance(field, str) else _shown(field)
            if shown_field is not field and shown_field != field:
                changes[name] = shown_field
        return msgspec.structs.replace(value, **changes) if changes else value
    if isinstance(value, list):
        shown_items = None
        for index, item in enumerate(value):
            if (shown_item := _shown(item)) is not item:
                shown_items = shown_items or list(value)
                shown_items[index] = shown_item
        return value if shown_items is None else shown_items
    if isinstance(value, dict):
        shown_values = {key: _shown(item) for key, item in value.items()}
        return value if all(shown_values[key] is item for key, item in value.items()) else shown_values
    return value


#: Per Struct type, the fields that may hold a URL to show masked (None while being worked out).
_URL_FIELDS: dict[type, tuple[str, ...] | None] = {}
_SCALARS = (
    msgspec.inspect.NoneType,
    msgspec.inspect.BoolType,
    msgspec.inspect.IntType,
    msgspec.inspect.FloatType,
    msgspec.inspect.StrType,
    msgspec.inspect.BytesType,
    msgspec.inspect.DateTimeType,
    msgspec.inspect.DateType,
    msgspec.inspect.TimeType,
    msgspec.inspect.TimeDeltaType,
    msgspec.inspect.DecimalType,
    msgspec.inspect.UUIDType,
    msgspec.inspect.EnumType,
    msgspec.inspect.LiteralType,
)


def _url_fields(cls: type) -> tuple[str, ...]:
    # Walking only these fields keeps a page of items from costing more to mask than to encode.
    if cls not in _URL_FIELDS:
        _URL_FIELDS[cls] = None
        info = msgspec.inspect.type_info(cls)
        assert isinstance(info, msgspec.inspect.StructType)
        _URL_FIELDS[cls] = tuple(field.name for field in info.fields if field.name == "url" or _may_hold_urls(field.type))
    return _URL_FIELDS[cls] or ()


def _may_hold_urls(kind: msgspec.inspect.Type) -> bool:
    if isinstance(kind, msgspec.inspect.Metadata):
        return _may_hold_urls(kind.type)
    if isinstance(kind, msgspec.inspect.StructType):
        if kind.cls in _URL_FIELDS and _URL_FIELDS[kind.cls] is None:
            return True  # a Struct that holds itself, met while its own fields are being worked out
        return bool(_url_fields(kind.cls))
    if isinstance(
        kind, msgspec.inspect.ListType | msgspec.inspect.SetType | msgspec.inspect.FrozenSetType | msgspec.inspect.VarTupleType
    ):
        return _may_hold_urls(kind.item_type)
    if isinstance(kind, msgspec.inspect.TupleType):
        return any(_may_hold_urls(item) for item in kind.item_types)
    if isinstance(kind, msgspec.inspect.DictType):
        return _may_hold_urls(kind.value_type)
    if isinstance(kind, msgspec.inspect.UnionType):
        return any(_may_hold_urls(member) for member in kind.types)
    return not isinstance(kind, _SCALARS)
