"""The documented error responses of the routes, and the security requirement of those that need a key."""

from __future__ import annotations

from typing import Annotated

from litestar.openapi.datastructures import ResponseSpec
from litestar.params import HeaderParameter

from tracker_api.errors import ConflictProblem, Problem

PROBLEM_JSON = "application/problem+json"


def problem_spec(description: str) -> ResponseSpec:
    """An error response: an RFC 9457 problem, sent as ``application/problem+json``."""
    return ResponseSpec(data_container=Problem, description=description, media_type=PROBLEM_JSON)


BAD_REQUEST = problem_spec("A query parameter is unknown, given twice or malformed; `errors` names it and says what is expected")
NOT_FOUND = problem_spec("Nothing has this code or id")

UNAUTHORIZED = problem_spec("No API key, or an unknown or revoked one")
FORBIDDEN = problem_spec("The key's role does not allow this")
BAD_BODY = problem_spec("The body is malformed or breaks a rule; `errors` names the field")
WRITE_NOT_FOUND = problem_spec("The id in the path, or an item the body names, does not exist")
CONFLICT = ResponseSpec(
    data_container=ConflictProblem,
    description="The write clashes with what is stored; `existing` names it",
    media_type=PROBLEM_JSON,
)
TOO_LARGE = problem_spec("The body is over 1 MiB")
TOO_MANY = problem_spec("The key made too many writes this minute; `Retry-After` says when to retry")

WRITE_PROBLEMS = {
    400: BAD_BODY,
    401: UNAUTHORIZED,
    403: FORBIDDEN,
    404: WRITE_NOT_FOUND,
    409: CONFLICT,
    413: TOO_LARGE,
    429: TOO_MANY,
}


#: The ``If-Match`` header a change must carry, as documented; the handler reads it with ``if_match`` and
#: answers 428 itself when it is missing, so the argument may be None.
IfMatch = Annotated[
    str | None,
    HeaderParameter(name="If-Match", required=True, description="The ETag of the version you read; without it the answer is 428"),
]


#: The OpenAPI security requirement of the routes that need a key.
NEEDS_KEY = [{"apiKey": []}]
