"""What every adapter shares: the context a parse gets, and the harvest it returns.

An adapter turns one fetched body into tracker records, inbox candidates and context. Its
parse is a pure function of the bytes (read from a file-like object, so that a 360 MB
export is never held in memory whole) and of the source's parameters; fetching, storing
the snapshot and loading the harvest are the runner's business.
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Annotated, Any, BinaryIO, Protocol, TypeVar

import msgspec
import msgspec.inspect as inspect
from msgspec import Meta, Struct

from tracker.domain.enums import Body
from tracker.domain.writes import NewCandidate
from tracker.records import Record
from tracker_scrapers.states import is_state


class ParseError(Exception):
    """A body that cannot be read as the adapter's format: malformed, truncated, wrong charset."""


class ParseContext(Struct, frozen=True, kw_only=True):
    """What a parse may use beside the bytes.

    ``params`` are the source's parameters as stored (``state``, ``body``, ``query`` …; the
    adapter reads them through its :class:`Params`); ``source`` is the source's name; ``url`` is
    the address the body came from; ``known`` is what the adapter's ``prepare`` read from the
    database (for instance the index that matches feed entries to items), or None.
    """

    params: Mapping[str, str] = {}
    source: str | None = None
    url: str | None = None
    content_type: str | None = None
    known: Any = None


class Harvest(Struct, kw_only=True):
    """What one body yields."""

    #: Records to load (documents, decisions, remedies, recommendations, actions …), idempotently.
    records: list[Record] = []
    #: Things a person must confirm before they become actions.
    candidates: list[NewCandidate] = []
    #: Entries read and kept only as context (observations and concerns that are not items).
    context: int = 0
    #: How many entries the source says it holds, where it says so (MARCXML's total).
    total: int | None = None
    #: Entries that could not be read, each with the reason; the rest of the body still counts.
    skipped: list[str] = []


class Params(Struct, frozen=True, kw_only=True):
    """The parameters a source of one adapter may set, declared as fields: the type says what a
    parameter takes, the default what a source that leaves it out gets, and ``Meta(description=…)``
    what it does. A tuple field takes several values (``state=KAZ`` repeated, or ``state=KAZ,TJK``).

    Sources store parameters as text (``{"state": "KAZ,TJK", "rows": "50"}``); :func:`read_params`
    reads them into an adapter's declaration and names every problem at once.
    """


class BadParams(ValueError):
    """Parameters a source cannot run with; ``problems`` says what is wrong, one line each, and
    ``names`` the parameter each is about (None for a problem of the whole source)."""

    def __init__(self, problems: Sequence[str], names: Sequence[str | None] | None = None) -> None:
        self.problems = list(problems)
        self.names = list(names) if names is not None else [None] * len(self.problems)
        super().__init__("; ".join(self.problems))


#: A State named by its ISO code; a parameter of this type is read in capitals and must be a State the tracker knows.
StateCode = Annotated[
    str,
    Meta(pattern=r"^[A-Z]{3}$", extra={"must": "an ISO 3166-1 alpha-3 code of a known State", "capitals": True, "state": True}),
]
#: A treaty body, the UPR or the special procedures, by code (``CAT``, ``CCPR``, ``UPR`` …).
BodyCode = Annotated[Body, Meta(extra={"capitals": True})]
#: Text that may not be empty.
Text = Annotated[str, Meta(min_length=1, extra={"must": "text that is not empty"})]

P = TypeVar("P", bound=Params)


class ParamInfo(Struct, frozen=True, kw_only=True):
    """One parameter an adapter takes, as ``tracker sources adapters`` shows it."""

    name: str
    #: ``text``, ``whole number``, ``State code`` or ``choice``.
    type: str
    #: Whether it takes several values (repeat it, or separate them with commas).
    several: bool = False
    required: bool = False
    #: The value a source that leaves it out gets, as text; None when there is none.
    default: str | None = None
    #: The values it allows, for a choice.
    allowed: tuple[str, ...] = ()
    help: str = ""
    #: What a value must be, as error messages say it.
    must: str = ""
    capitals: bool = False
    state: bool = False


def _describe(field: inspect.Field) -> ParamInfo:
    help_text, extra, several, kind = "", {}, False, field.type
    while True:
        if isinstance(kind, inspect.Metadata):
            help_text = help_text or (kind.extra_json_schema or {}).get("description", "")
            extra = {**(kind.extra or {}), **extra}
            kind = kind.type
        elif isinstance(kind, inspect.UnionType):
            kind = next(t for t in kind.types if not isinstance(t, inspect.NoneType))
        elif isinstance(kind, (inspect.VarTupleType, inspect.ListType)):
            several, kind = True, kind.item_type
        else:
            break
    allowed: tuple[str, ...] = ()
    if isinstance(kind, (inspect.LiteralType, inspect.EnumType)):
        values = kind.values if isinstance(kind, inspect.LiteralType) else [member.value for member in kind.cls]
        type_name, allowed = "choice", tuple(str(v) for v in values)
        must = "one of " + ", ".join(f"`{v}`" for v in allowed)
    elif isinstance(kind, inspect.IntType):
        type_name = "whole number"
        must = "a whole number" + (f" of at least {kind.ge}" if kind.ge is not None else "")
    else:
        type_name = "State code" if extra.get("state") else "text"
        must = extra.get("must", "text")
    default = None
    if not field.required and field.default is not msgspec.NODEFAULT and field.default not in (None, ()):
        default = (
            ",".join(map(str, field.default))
            if isinstance(field.default, tuple)
            else str(getattr(field.default, "value", field.default))
        )
    return ParamInfo(
        name=field.encode_name,
        type=type_name,
        several=several,
        required=field.required,
        default=default,
        allowed=allowed,
        help=help_text,
        must=extra.get("must", must),
        capitals=bool(extra.get("capitals")),
        state=bool(extra.get("state")),
    )


@cache
def describe_params(declared: type[Params]) -> tuple[ParamInfo, ...]:
    """The parameters a declaration takes, in the order it declares them."""
    info = inspect.type_info(declared)
    assert isinstance(info, inspect.StructType)
    return tuple(_describe(field) for field in info.fields)


def _read(declared: type[P], params: Mapping[str, str | Sequence[str]], adapter: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The values of ``params`` by field, and their text as a source stores it; raises :class:`BadParams`."""
    infos = {info.name: info for info in describe_params(declared)}
    hints = typing.get_type_hints(declared, include_extras=True)
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}
    stored: dict[str, str] = {}
    for key, given in params.items():
        info = infos.get(key)
        if info is None:
            problems[key] = _unknown(key, list(infos), adapter)
            continue
        texts = [given] if isinstance(given, str) else list(given)
        if info.several:
            texts = [part.strip() for text in texts for part in text.split(",") if part.strip()]
        elif len(texts) != 1:
            problems[key] = f"`{key}` takes one value for adapter {adapter}, got {len(texts)}: {', '.join(texts)}"
            continue
        else:
            texts = [texts[0].strip()]
        if info.capitals:
            texts = [text.upper() for text in texts]
        value = _converted(texts if info.several else texts[0], hints[key])
        wrong = [
            text
            for text in texts
            if (value is None and _converted([text] if info.several else text, hints[key]) is None)
            or (info.state and not is_state(text))
        ] or ([""] if value is None else [])
        if wrong:
            problems[key] = f"`{key}` must be {info.must}, got `{wrong[0]}`"
            continue
        values[key] = value
        stored[key] = ",".join(texts)
    for info in infos.values():
        if info.required and info.name not in params:
            problems[info.name] = f"adapter {adapter} needs the parameter `{info.name}`: {info.help or info.must}"
    if problems:
        raise BadParams(list(problems.values()), list(problems))
    return values, stored


def _converted(value: Any, kind: Any) -> Any:
    """``value`` as a ``kind``, or None when it cannot be one."""
    try:
        return msgspec.convert(value, kind, strict=False)
    except msgspec.ValidationError:
        return None


def _unknown(key: str, names: list[str], adapter: str) -> str:
    if not names:
        return f"unknown parameter `{key}` for adapter {adapter}: it takes no parameters"
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    hint = f"did you mean `{close[0]}`?" if close else "it takes " + ", ".join(f"`{n}`" for n in names)
    return f"unknown parameter `{key}` for adapter {adapter}: {hint}"


def read_params(declared: type[P], params: Mapping[str, str | Sequence[str]], *, adapter: str) -> P:
    """A source's parameters as the adapter's declaration; raises :class:`BadParams` naming every
    unknown name, bad value and missing required parameter."""
    values, _ = _read(declared, params, adapter)
    return declared(**values)


def stored_params(declared: type[Params], params: Mapping[str, str | Sequence[str]], *, adapter: str) -> dict[str, str]:
    """``params`` checked and written as a source stores them: several values joined by commas,
    State codes in capitals; raises :class:`BadParams` like :func:`read_params`."""
    return _read(declared, params, adapter)[1]


class Adapter(Protocol):
    """One kind of source: where to fetch, and how to read what comes back."""

    #: The name sources use for it: ``undl-marcxml``, ``feed`` …
    name: str
    #: The parameters a source of it may set.
    Params: type[Params]

    def url(self, base_url: str, params: Mapping[str, str]) -> str:
        """The address to fetch for a source with this base URL and these parameters."""
        ...

    async def prepare(self, tracker: Any) -> Any:
        """What the parse needs from the database (passed as ``ParseContext.known``), or None."""
        ...

    def parse(self, body: BinaryIO, context: ParseContext) -> Harvest:
        """Read a fetched body; raises :class:`ParseError` when it is not in the adapter's format."""
        ...


class BatchingAdapter(Adapter, Protocol):
    """An adapter for bodies too large to hold as one harvest (the UHRI export): the runner loads
    its batches in order, in the run's one transaction."""

    def batches(self, body: BinaryIO, context: ParseContext) -> Iterator[Harvest]:
        """The harvest of ``body`` a part at a time; a part may rely on records of the parts before it."""
        ...
