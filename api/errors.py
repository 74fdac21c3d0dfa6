"""Every error is an RFC 9457 problem document with the same shape."""

from __future__ import annotations

import difflib
import logging
import re
import typing
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, MethodNotAllowedException, ValidationException
from litestar.routes import HTTPRoute
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from msgspec import Meta, Struct

from tracker.errors import Conflict, DatabaseBusy, DatabaseUnavailable, InvalidInput, NotAllowed, NotFound, PreconditionFailed
from tracker.records import field_of
from tracker_api.head import allow_header
from tracker_api.parameters import check_query, choices, route_parameters
from tracker_scrapers.harvest import BadParams

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("tracker_api")


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


_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed",
    413: "Payload too large",
    415: "Unsupported media type",
    428: "Precondition required",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}


def problem(
    status: int,
    detail: str,
    errors: list[FieldError] | None = None,
    *,
    headers: dict[str, str] | None = None,
) -> Response[Problem]:
    body = Problem(status=status, title=_TITLES.get(status, "Error"), detail=detail, errors=errors or [])
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _invalid_input(request: Request[Any, Any, Any], exc: InvalidInput) -> Response[Problem]:
    # The library names its arguments (``themes``); the client sent the route's parameter (``theme``).
    public = {p.argument: p.name for p in route_parameters(request).values()}
    field = public.get(exc.field, exc.field) if exc.field else None
    return problem(400, exc.message, [FieldError(field=field, message=exc.message)] if field else [])


def _bad_params(_: Request[Any, Any, Any], exc: BadParams) -> Response[Problem]:
    """Source parameters the adapter refuses: one error per parameter (``params.NAME``)."""
    return problem(
        400,
        "; ".join(exc.problems),
        [
            FieldError(field=f"params.{name}" if name else "params", message=message)
            for name, message in zip(exc.names, exc.problems, strict=True)
        ],
    )


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


def _validation(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Problem]:
    errors = validation_errors(request, exc)
    detail = "; ".join(e.message for e in errors) if errors else "the request is malformed"
    return problem(400, detail, errors)


def validation_errors(request: Request[Any, Any, Any], exc: ValidationException) -> list[FieldError]:
    """The fields a validation error is about, each with a sentence in words: never a regular
    expression, an exception or a type name of the code."""
    parameters = {p.argument: p for p in route_parameters(request).values()}
    body = _body_annotation(request)
    errors = []
    for entry in exc.extra if isinstance(exc.extra, list) else []:
        if not isinstance(entry, dict):
            continue
        key, message = entry.get("key"), str(entry.get("message", ""))
        if entry.get("source") == "body":
            field = _body_field(key, message)
            annotation = _field_annotation(body, field) if field else None
        else:
            parameter = parameters.get(str(key))
            field = parameter.name if parameter else key
            annotation = parameter.annotation if parameter else None
        text = in_words(field, message, annotation)
        if field and "unknown field" in message:
            text += _closest_field(body, field)
        errors.append(FieldError(field=field, message=text))
    return errors


def field_in_words(body: Any, exc: msgspec.ValidationError) -> tuple[str | None, str]:
    """The field of a write ``body`` (a Struct type) that a msgspec error names, and the error in words
    (as :func:`validation_errors` words it for an HTTP body)."""
    field = field_of(exc)
    annotation = _field_annotation(body, field) if field else None
    text = in_words(field, str(exc), annotation)
    if field and "unknown field" in str(exc):
        text += _closest_field(body, field)
    return field, text


def _body_field(key: str | None, message: str) -> str | None:
    """The dotted path of the body field at fault: msgspec names an unknown or missing field
    in its message and the object holding it in the path (``data`` for the body itself)."""
    parent = None if key in (None, "data") else key
    named = re.search(r"(?:unknown|missing required) field `([^`]+)`", message)
    if named:
        return f"{parent}.{named.group(1)}" if parent else named.group(1)
    return parent


def _body_annotation(request: Request[Any, Any, Any]) -> Any:
    handler = request.scope.get("route_handler")
    data = getattr(handler, "parsed_fn_signature", None)
    field = data.parameters.get("data") if data else None
    return field.annotation if field else None


def _field_annotation(root: Any, path: str) -> Any:
    """The annotation of the body field at ``path`` (``amounts.currency``, ``links[0].effect``), or None."""
    annotation = root
    for step in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        annotation = _container(annotation, list if step.startswith("[") else Struct)
        if annotation is None:
            return None
        if step.startswith("["):
            annotation = typing.get_args(annotation)[0] if typing.get_args(annotation) else None
        else:
            annotation = typing.get_type_hints(annotation, include_extras=True).get(step)
    return annotation


def _closest_field(body: Any, path: str) -> str:
    """``: did you mean `title`?`` for a misspelled body field, naming the fields of the object holding it."""
    parent, _, name = path.rpartition(".")
    holder = _container(_field_annotation(body, parent) if parent else body, Struct)
    known = sorted(typing.get_type_hints(holder)) if holder is not None else []
    close = difflib.get_close_matches(name, known, n=1)
    return f": did you mean `{close[0]}`?" if close else (f"; the fields are {', '.join(known)}" if known else "")


def _container(annotation: Any, kind: type) -> Any:
    """The ``Struct`` class or ``list[...]`` inside ``annotation`` (looking through ``Annotated`` and unions)."""
    origin = typing.get_origin(annotation)
    if kind is Struct and isinstance(annotation, type) and issubclass(annotation, Struct):
        return annotation
    if kind is list and origin is list:
        return annotation
    for inner in typing.get_args(annotation) if origin is not list else ():
        found = _container(inner, kind)
        if found is not None:
            return found
    return None


def _metas(annotation: Any) -> list[Meta]:
    found = [m for m in getattr(annotation, "__metadata__", ()) if isinstance(m, Meta)]
    for inner in typing.get_args(annotation) if typing.get_origin(annotation) is not list else ():
        found += _metas(inner)
    return found


#: What a pattern-checked field expects, by the description its type gives (or, for URLs, by its pattern).
EXPECTED_FORMS = {
    "ISO 3166-1 alpha-3 code": "a 3-letter ISO 3166-1 alpha-3 State code such as KAZ",
    "ISO 4217 currency code": "a 3-letter ISO 4217 currency code such as KZT",
    "ISO 639 language code": "a 2- or 3-letter ISO 639 language code in lower case, such as en",
    "lower-case letters, digits, '.', '_', '-'": "a name of lower-case letters, digits, '.', '_' and '-' (up to 80)",
    "^https?://": "a web address starting with http:// or https://",
}

_KINDS = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "null": "null",
    "object": "an object",
    "array": "a list",
    "date": "a date (YYYY-MM-DD)",
    "datetime": "a date and time (ISO 8601)",
    "time": "a time",
    "bytes": "bytes",
    "uuid": "a UUID",
    "decimal": "a number",
}
_BOUNDS = {">=": "at least", "<=": "at most", ">": "more than", "<": "less than"}


def in_words(field: str | None, message: str, annotation: Any = None) -> str:
    """A msgspec or Litestar validation message about ``field`` rewritten as a sentence for people."""
    name = f"`{field}`" if field else "the body"
    allowed = choices(annotation) if annotation is not None else []
    if match := re.match(r"Invalid (?:enum )?value (.*?)(?: - at .*)?$", message):
        got = match.group(1).strip("'\"")
        if allowed:
            return f"{name} must be one of: {', '.join(allowed)}; got `{got}`"
        return f"{name} does not allow the value `{got}`"
    if message.startswith("Object missing required field"):
        return f"{name} is required"
    if message.startswith("Object contains unknown field"):
        return f"{name} is not a field of this body"
    if re.match(r"Expected `\w+` matching regex", message):
        metas = _metas(annotation)
        forms = [EXPECTED_FORMS.get(m.description or "") or EXPECTED_FORMS.get(m.pattern or "") for m in metas]
        form = next((f for f in forms if f), None) or next((m.description for m in metas if m.description), None)
        return f"{name} must be {form}" if form else f"{name} does not have the expected form"
    if match := re.match(r"Expected `(\w+)` of length (>=|<=|>|<) (\d+)", message):
        nouns = ("character", "characters") if match.group(1) == "str" else ("entry", "entries")
        count = match.group(3)
        return f"{name} must have {_BOUNDS[match.group(2)]} {count} {nouns[count != '1']}"
    if match := re.match(r"Expected `(\w+)` (>=|<=|>|<) (\S+)", message):
        return f"{name} must be {_BOUNDS[match.group(2)]} {match.group(3)}"
    if match := re.match(r"Expected `(\w+)`, got `(\w+)`", message):
        return f"{name} must be {_kind(match.group(1))}, not {_kind(match.group(2))}"
    if match := re.match(r"Invalid RFC3339 encoded (\w+)", message):
        return f"{name} must be {_kind(match.group(1))}"
    if match := re.match(r"Expected `(\w+)`", message):
        return f"{name} must be {_kind(match.group(1))}"
    if "missing required" in message.lower():
        return f"{name} is required"
    return f"{name} is not valid"


def _kind(word: str) -> str:
    return _KINDS.get(word, "a value of another kind")


def _http(_: Request[Any, Any, Any], exc: HTTPException) -> Response[Problem]:
    headers = dict(exc.headers) if exc.headers else None
    if headers and isinstance(exc, MethodNotAllowedException):
        # Litestar lists the methods routed on the path, and HEAD is answered wherever GET is.
        headers = {name: allow_header(value.split(",")) if name.lower() == "allow" else value for name, value in headers.items()}
    return problem(exc.status_code, str(exc.detail), headers=headers)


def _unreadable_body(_: Request[Any, Any, Any], exc: Exception) -> Response[Problem]:
    # Raised while decoding a body: bytes that are not UTF-8, or JSON nested too deeply to parse.
    return problem(400, "the body is not readable JSON (invalid UTF-8, or nested too deeply)")


def _busy(_: Request[Any, Any, Any], exc: DatabaseBusy) -> Response[Problem]:
    return problem(503, str(exc), headers={"Retry-After": "5"})


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Problem]:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(HTTP_500_INTERNAL_SERVER_ERROR, "an unexpected error occurred; it has been logged")


JSON_TYPES = ("application/json", "application/problem+json")


async def check_request(request: Request[Any, Any, Any]) -> Response[Problem] | None:
    """Refuse what no route can use: a write body that is not JSON, a NUL character in the path or query,
    a query parameter the route does not know or a single-valued one given twice; answer OPTIONS."""
    if request.method == "OPTIONS":
        return allowed_methods(request)
    if request.method in ("POST", "PATCH", "PUT"):
        media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media_type and media_type not in JSON_TYPES and not media_type.endswith("+json"):
            return problem(415, f"send the body as application/json, not {media_type}")
    refused = reject_nul_characters(request)
    if refused is None:
        check_query(request)
    return refused


def allowed_methods(request: Request[Any, Any, Any]) -> Response[None]:
    """The answer to OPTIONS: ``Allow`` lists every method the path takes, HEAD wherever GET is.

    Litestar's own answer lists only the methods of the handler registered first on a path (its list is made
    before the others join), so ``/api/v1/actions`` would not say it takes POST.
    """
    template = request.scope.get("path_template")
    methods = {
        method
        for route in request.app.routes
        if isinstance(route, HTTPRoute) and route.path_format == template
        for method in route.methods
    }
    return Response(content=None, status_code=204, headers={"Allow": allow_header(methods)})


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
    BadParams: _bad_params,
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

__all__ = [
    "EXCEPTION_HANDLERS",
    "PROBLEM_JSON",
    "ConflictProblem",
    "FieldError",
    "Problem",
    "check_request",
    "field_in_words",
    "in_words",
    "problem",
    "reject_nul_characters",
    "validation_errors",
]
