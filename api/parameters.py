"""What each route accepts in its query string, read from its handler's signature, and refusing the rest.

A misspelled filter must never be ignored: ``?overdu=true`` would otherwise list every item.
The names a route knows are those Litestar parses for it (its own parameters and its
dependencies'), so a route declares its parameters once, in its signature, and nowhere else.
"""

from __future__ import annotations

import difflib
import enum
import typing
import weakref
from dataclasses import dataclass
from typing import Any, Literal

from litestar import Request
from litestar.enums import ParamType
from litestar.handlers import HTTPRouteHandler

from tracker.errors import InvalidInput


@dataclass(frozen=True)
class QueryParameter:
    """One query parameter of a route: the name clients send, the argument it fills, whether it may repeat."""

    name: str
    argument: str
    repeatable: bool
    annotation: Any


#: Per handler (held weakly: tests build many apps) and set of path parameters, its query parameters.
_KNOWN: weakref.WeakKeyDictionary[HTTPRouteHandler, dict[frozenset[str], dict[str, QueryParameter]]] = weakref.WeakKeyDictionary()


def query_parameters(handler: HTTPRouteHandler, path_parameters: frozenset[str] = frozenset()) -> dict[str, QueryParameter]:
    """The query parameters ``handler`` reads, by the name clients send, with those of its dependencies."""
    try:
        known = _KNOWN.setdefault(handler, {})
    except TypeError:
        # Litestar's own OPTIONS handler cannot be held weakly; it reads no parameters, so nothing is kept.
        known = {}
    if path_parameters not in known:
        model = handler.create_kwargs_model(path_parameters=dict.fromkeys(path_parameters))  # type: ignore[arg-type]
        annotations = _annotations(handler)
        known[path_parameters] = {
            p.field_alias: QueryParameter(p.field_alias, p.field_name, p.is_sequence, annotations.get(p.field_name))
            for p in model.expected_query_params
            if p.param_type == ParamType.QUERY
        }
    return known[path_parameters]


def _annotations(handler: HTTPRouteHandler) -> dict[str, Any]:
    signatures = [handler.parsed_fn_signature, *(p.parsed_fn_signature for p in handler.resolve_dependencies().values())]
    return {name: field.annotation for signature in signatures for name, field in signature.parameters.items()}


def route_parameters(request: Request[Any, Any, Any]) -> dict[str, QueryParameter]:
    """The query parameters of the route ``request`` reached (none outside a route)."""
    handler = request.scope.get("route_handler")
    if not isinstance(handler, HTTPRouteHandler):
        return {}
    return query_parameters(handler, frozenset(request.scope.get("path_params", {})))


def check_query(request: Request[Any, Any, Any]) -> None:
    """Refuse a query parameter the route does not know, and a single-valued one given more than once.

    The error names the parameter and the closest known name (``overdu`` → ``overdue``,
    ``themes`` → ``theme``), or lists the known names when none is close.
    """
    known = route_parameters(request)
    for name in dict.fromkeys(request.query_params.keys()):
        if name not in known:
            raise InvalidInput(unknown_parameter(name, sorted(known)), field=name)
        if not known[name].repeatable and len(request.query_params.getall(name)) > 1:
            raise InvalidInput(f"`{name}` given {_times(len(request.query_params.getall(name)))}: it takes one value", field=name)


def unknown_parameter(name: str, known: list[str]) -> str:
    """The message for a query parameter the route does not know: the closest known name, else all of them."""
    message = f"unknown query parameter `{name}`"
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"{message}: did you mean `{close[0]}`?"
    if not known:
        return f"{message}: this address takes none"
    return f"{message}: the known ones are {', '.join(f'`{k}`' for k in known)}"


def _times(count: int) -> str:
    return "twice" if count == 2 else f"{count} times"


def choices(annotation: Any) -> list[str]:
    """The values an enum or ``Literal`` annotation allows (looking inside ``list[...]``, ``| None`` and ``Annotated``)."""
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(member.value) for member in annotation]
    if typing.get_origin(annotation) is Literal:
        return [str(value) for value in typing.get_args(annotation)]
    found: list[str] = []
    for inner in typing.get_args(annotation):
        found += [value for value in choices(inner) if value not in found]
    return found


__all__ = ["QueryParameter", "check_query", "choices", "query_parameters", "route_parameters", "unknown_parameter"]
