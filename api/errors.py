"""Every error is an RFC 9457 problem document with the same shape."""

from __future__ import annotations

import logging
import re
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from msgspec import Struct

from tracker.errors import Conflict, DatabaseBusy, DatabaseUnavailable, InvalidInput, NotAllowed, NotFound, PreconditionFailed

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("api")


class FieldError(Struct, kw_only=True):
    field: str | None
    message: str


class Problem(Struct, kw_only=True):
    """An error response (RFC 9457 problem details)."""

    status: int
    title: str
    detail: str
    errors: list[FieldError] = []


class ConflictProblem(Problem, kw_only=True):
    """A 409: the write clashes with a stored entity, named in ``existing`` where there is one."""

    existing: str | None = None


_TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
           409: "Conflict", 412: "Precondition failed", 413: "Payload too large", 415: "Unsupported media type",
           428: "Precondition required", 429: "Too many requests", 500: "Internal server error",
           503: "Service unavailable"}


def problem(
    status: int,
    detail: str,
    errors: list[FieldError] | None = None,
    *,
    headers: dict[str, str] | None = None,
) -> Response[Problem]:
    body = Problem(status=status, title=_TITLES.get(status, "Error"), detail=detail, errors=errors or [])
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _invalid_input(_: Request[Any, Any, Any], exc: InvalidInput) -> Response[Problem]:
    return problem(400, exc.message, [FieldError(field=exc.field, message=exc.message)] if exc.field else [])


def _not_found(_: Request[Any, Any, Any], exc: NotFound) -> Response[Problem]:
    return problem(404, str(exc), [FieldError(field=exc.field, message=str(exc))] if exc.field else [])


def _conflict(_: Request[Any, Any, Any], exc: Conflict) -> Response[ConflictProblem]:
    body = ConflictProblem(status=409, title=_TITLES[409], detail=exc.message, existing=exc.existing)
    return Response(body, status_code=409, media_type=PROBLEM_JSON)


def _not_allowed(_: Request[Any, Any, Any], exc: NotAllowed) -> Response[Problem]:
    return problem(403, str(exc))


def _precondition_failed(_: Request[Any, Any, Any], exc: PreconditionFailed) -> Response[Problem]:
    return problem(412, str(exc))


def _unavailable(_: Request[Any, Any, Any], exc: DatabaseUnavailable) -> Response[Problem]:
    return problem(503, str(exc))


def _public_names(request: Request[Any, Any, Any]) -> dict[str, str]:
    """Handler argument names mapped to the names clients use (``bodies`` → ``body``)."""
    handler = request.scope.get("route_handler")
    signatures = [getattr(handler, "parsed_fn_signature", None)]
    if handler is not None:
        signatures += [getattr(p, "parsed_fn_signature", None) for p in handler.resolve_dependencies().values()]
    names: dict[str, str] = {}
    for signature in signatures:
        for name, definition in getattr(signature, "parameters", {}).items():
            alias = getattr(definition.kwarg_definition, "name", None)
            if alias:
                names[name] = alias
    return names


def _validation(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Problem]:
    names = _public_names(request)
    errors = []
    for entry in exc.extra if isinstance(exc.extra, list) else []:
        if isinstance(entry, dict):
            key, message = entry.get("key"), str(entry.get("message", ""))
            errors.append(FieldError(field=_body_field(key, message) if entry.get("source") == "body" else names.get(key, key),
                                     message=message))
    named = ", ".join(e.field for e in errors if e.field)
    detail = f"invalid value for {named}" if named else str(exc.detail)
    return problem(400, detail, errors)


def _body_field(key: str | None, message: str) -> str | None:
    """The dotted path of the body field at fault: msgspec names an unknown or missing field
    in its message and the object holding it in the path (``data`` for the body itself)."""
    parent = None if key in (None, "data") else key
    named = re.search(r"(?:unknown|missing required) field `([^`]+)`", message)
    if named:
        return f"{parent}.{named.group(1)}" if parent else named.group(1)
    return parent


def _http(_: Request[Any, Any, Any], exc: HTTPException) -> Response[Problem]:
    return problem(exc.status_code, str(exc.detail), headers=dict(exc.headers) if exc.headers else None)


def _unreadable_body(_: Request[Any, Any, Any], exc: Exception) -> Response[Problem]:
    # Raised while decoding a body: bytes that are not UTF-8, or JSON nested too deeply to parse.
    return problem(400, "the body is not readable JSON (invalid UTF-8, or nested too deeply)")


def _busy(_: Request[Any, Any, Any], exc: DatabaseBusy) -> Response[Problem]:
    return problem(503, str(exc), headers={"Retry-After": "5"})


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Problem]:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(HTTP_500_INTERNAL_SERVER_ERROR, "an unexpected error occurred; it has been logged")


JSON_TYPES = ("application/json", "application/problem+json")


def check_request(request: Request[Any, Any, Any]) -> Response[Problem] | None:
    """Refuse what no route can use: a write body that is not JSON, a NUL character in the path or query."""
    if request.method in ("POST", "PATCH", "PUT"):
        media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media_type and media_type not in JSON_TYPES and not media_type.endswith("+json"):
            return problem(415, f"send the body as application/json, not {media_type}")
    return reject_nul_characters(request)


def reject_nul_characters(request: Request[Any, Any, Any]) -> Response[Problem] | None:
    """A NUL character in the path or the query is never meaningful (and PostgreSQL refuses it)."""
    if "\x00" in request.url.path or "%00" in request.url.path:
        return problem(400, "the path contains a NUL character")
    for name, value in request.query_params.multi_items():
        if "\x00" in value:
            return problem(400, f"{name} contains a NUL character", [FieldError(field=name, message="NUL character")])
    return None


EXCEPTION_HANDLERS = {
    InvalidInput: _invalid_input,
    NotFound: _not_found,
    Conflict: _conflict,
    PreconditionFailed: _precondition_failed,
    NotAllowed: _not_allowed,
    DatabaseBusy: _busy,
    DatabaseUnavailable: _unavailable,
    ValidationException: _validation,
    HTTPException: _http,
    UnicodeDecodeError: _unreadable_body,
    RecursionError: _unreadable_body,
    Exception: _unexpected,
}

__all__ = ["EXCEPTION_HANDLERS", "PROBLEM_JSON", "ConflictProblem", "FieldError", "Problem", "check_request", "problem", "reject_nul_characters"]
