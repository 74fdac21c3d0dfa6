"""UPR Info database (an Uwazi instance): UPR recommendations with the State's response and issues.

``/api/search`` answers ``{"rows": [entity…], "totalRows": n}``; an entity's metadata values are
lists of ``{"value": …, "label": …}`` (docs/sources.md §6, from third-party code: any key may be
missing, empty or unexpected, and none of that stops the page).

The tracker keys a UPR recommendation by its Working Group report and its number
(``a-hrc-43-10-r120.45``). UPR Info names neither for certain, so:

- the report is the one the tracker holds for the State under review and the cycle (read by
  :meth:`UprInfo.prepare` from the stored ``upr_outcome`` documents and their reviews); the
  cycle comes from the ``cycle`` label or else from the session number (Working Group
  sessions 1–12 were cycle 1, 13–26 cycle 2, 27–40 cycle 3, 41–54 cycle 4);
- the number is taken from a metadata value shaped like ``120.45`` (no such key is known, so
  any key naming a number or paragraph is read) or from the head of the text. Where there is
  none, the recommendation gets a **derived key** ``pppp.q`` with ``pppp`` between 1000 and
  9999, computed from the entity's ``sharedId`` (stable across languages and edits). No Working
  Group report has a thousand paragraphs, so a derived key never takes a real number; the
  record's notes say it is derived. Two entities of one page that would share a key are not
  both recorded.

Responses: ``Supported`` → supported; ``Noted``, and ``Not Supported``/``Rejected`` of the first
cycle, → noted (the Council's vocabulary knows only the two); any other response is left out
and named in the notes. A recommendation the tracker already holds from another source (the
bundled data, the UHRI export) is left as it is, and counted as context: the loader would
replace it whole. It is found by its key or, since UPR Info rarely gives the number, by its text
in the same report (compared without case, punctuation or the recommending States in brackets
that OHCHR appends), so that the UHRI's numbered recommendation is not doubled by a derived key.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, BinaryIO
from urllib.parse import quote, urlencode

import msgspec
from msgspec import Meta, Struct

from tracker import every, item_filter
from tracker.domain import ids, symbols
from tracker.domain.entities import SourceRef
from tracker.domain.enums import DocumentKind, UprResponse
from tracker.domain.symbols import Form
from tracker.records import RecommendationRecord
from tracker_scrapers.harvest import Harvest, Params, ParseContext, ParseError, StateCode, Text, read_params
from tracker_scrapers.sources.tb_listing import state_code

#: The Uwazi template of UPR Info's recommendations.
RECOMMENDATIONS = "5d8ce04361cde0408222e9a8"
PUBLIC_BASE = "https://upr-info-database.uwazi.io"
PUBLISHER = "UPR Info"

_RESPONSES = {
    "supported": UprResponse.SUPPORTED,
    "accepted": UprResponse.SUPPORTED,
    "noted": UprResponse.NOTED,
    "not supported": UprResponse.NOTED,
    "rejected": UprResponse.NOTED,
}
#: Last Working Group session of each cycle.
_CYCLE_ENDS = ((12, 1), (26, 2), (40, 3), (54, 4))
_NUMBER = re.compile(r"\d{1,4}\.\d{1,4}")
_NUMBERED_TEXT = re.compile(r"^\s*(\d{1,4}\.\d{1,4})\.?\s+(?=\S)")


class Reports(Struct, frozen=True, kw_only=True):
    """What a parse needs from the tracker (read by :meth:`UprInfo.prepare`)."""

    #: The Working Group report of each UPR review, by (State, cycle).
    by_review: Mapping[tuple[str, int], str] = {}
    #: UPR items the tracker holds from other sources than UPR Info, not to be overwritten.
    held_elsewhere: frozenset[str] = frozenset()
    #: The same items by (report symbol, text key; see :func:`text_key`).
    held_texts: frozenset[tuple[str, str]] = frozenset()


class UprInfoParams(Params, frozen=True, kw_only=True):
    """The parameters of an ``uprinfo`` source."""

    limit: Annotated[int, Meta(ge=1, description="How many recommendations one page asks for.")] = 500
    offset: Annotated[int, Meta(ge=0, description="Where the page starts in the search results.")] = 0
    state_under_review: Annotated[
        Text | None, Meta(description=("The Uwazi id of a State (a UUID from /api/thesauris), to filter on UPR Info's server."))
    ] = None
    state: Annotated[StateCode | None, Meta(description="Keep only this State's recommendations.")] = None


class UprInfo:
    """UPR Info's recommendations, a page of its Uwazi search at a time.

    Parameters (:class:`UprInfoParams`): ``limit`` (default 500) and ``offset`` (default 0) of the page;
    ``state_under_review``, the Uwazi id of a State (a full UUID from ``/api/thesauris``), to
    filter on the server; ``state`` (ISO3) keeps only that State's recommendations.
    """

    name = "uprinfo"
    Params = UprInfoParams

    def url(self, base_url: str, params: Mapping[str, str]) -> str:
        """``{base}/api/search?types=["…"]&limit=…&from=…&order=asc&sort=creationDate`` and the filters."""
        read = read_params(UprInfoParams, params, adapter=self.name)
        query = {
            "types": json.dumps([RECOMMENDATIONS], separators=(",", ":")),
            "limit": str(read.limit),
            "from": str(read.offset),
            "order": "asc",
            "sort": "creationDate",
        }
        if read.state_under_review:
            query["filters"] = json.dumps({"state_under_review": {"values": [read.state_under_review]}}, separators=(",", ":"))
        return f"{base_url.rstrip('/')}/api/search?{urlencode(query, quote_via=quote)}"

    async def prepare(self, tracker: Any) -> Reports:
        """The stored Working Group reports by review, and the UPR items recorded from other sources."""
        by_review: dict[tuple[str, int], str] = {}
        async for document in every(tracker.documents.list, body="UPR", kind=DocumentKind.UPR_OUTCOME.value):
            cycle = re.search(r"-(\d+)$", document.review or "")
            if document.state and cycle:
                by_review[(document.state, int(cycle[1]))] = document.symbol
        held = [
            item
            async for item in tracker.items.each(item_filter(body="UPR"))
            if not any(source.publisher == PUBLISHER for source in item.sources)
        ]
        # A recommendation another item follows together with its own (``covers``) is held too.
        covered = {ids.upr_recommendation_id(item.document, number) for item in held if item.document for number in item.covers}
        return Reports(
            by_review=by_review,
            held_elsewhere=frozenset(item.id for item in held) | covered,
            held_texts=frozenset((item.document, text_key(item.text)) for item in held if item.document),
        )

    def parse(self, body: BinaryIO, context: ParseContext) -> Harvest:
        """Recommendations of one search page; ``totalRows`` is the harvest's total."""
        rows, total = _read_response(body.read())
        reports = context.known if isinstance(context.known, Reports) else Reports()
        wanted_state = read_params(UprInfoParams, context.params, adapter=self.name).state
        harvest = Harvest(total=total)
        taken: dict[str, str] = {}
        for number, entity in enumerate(rows, start=1):
            if not isinstance(entity, dict):
                harvest.skipped.append(f"row {number}: not an entity")
                continue
            name = str(entity.get("sharedId") or entity.get("_id") or f"row {number}")
            try:
                recommendation = _recommendation(entity, reports, wanted_state)
            except _Skip as skip:
                harvest.skipped.append(f"{name}: {skip}")
                continue
            if recommendation is None:
                continue
            item = ids.upr_recommendation_id(recommendation.document, recommendation.paragraph)
            if item in reports.held_elsewhere or (recommendation.document, text_key(recommendation.text)) in reports.held_texts:
                harvest.context += 1
                continue
            if item in taken:
                harvest.skipped.append(f"{name}: {item} is taken by {taken[item]} in this page")
                continue
            taken[item] = name
            harvest.records.append(recommendation)
        return harvest


class _Skip(Exception):
    """An entity that cannot become a recommendation, with the reason."""


def _read_response(data: bytes) -> tuple[list[Any], int | None]:
    try:
        response = msgspec.json.decode(data)
    except msgspec.DecodeError as exc:
        raise ParseError(f"not JSON: {exc}") from None
    if not isinstance(response, dict) or not isinstance(response.get("rows"), list):
        raise ParseError("not an Uwazi search response: no 'rows' list")
    total = response.get("totalRows")
    return response["rows"], total if isinstance(total, int) and not isinstance(total, bool) else None


def _entries(metadata: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    value = metadata.get(key)
    values = value if isinstance(value, list) else [value] if value is not None else []
    return [v if isinstance(v, dict) else {"value": v} for v in values if v is not None]


def _labels(metadata: Mapping[str, Any], key: str) -> list[str]:
    """Labels of a select or relationship field (or the values of a text field)."""
    found = (entry.get("label") or entry.get("value") for entry in _entries(metadata, key))
    return [" ".join(text.split()) for text in found if isinstance(text, str) and text.strip()]


def _first(metadata: Mapping[str, Any], key: str) -> str | None:
    labels = _labels(metadata, key)
    return labels[0] if labels else None


def _cycle(metadata: Mapping[str, Any]) -> int | None:
    stated = re.search(r"\d+", _first(metadata, "cycle") or "")
    if stated:
        return int(stated[0])
    session = re.match(r"\s*(\d+)", _first(metadata, "session") or "")
    if session:
        return next((cycle for last, cycle in _CYCLE_ENDS if int(session[1]) <= last), None)
    return None


def _recommendation(entity: Mapping[str, Any], reports: Reports, wanted_state: str | None) -> RecommendationRecord | None:
    """The entity as a recommendation; None for another State's; raises :class:`_Skip` with the reason."""
    metadata = entity.get("metadata") if isinstance(entity.get("metadata"), dict) else {}
    shared_id = entity.get("sharedId") or entity.get("_id")
    if not isinstance(shared_id, str) or not shared_id:
        raise _Skip("no sharedId to cite it by")
    text = _first(metadata, "recommendation") or (entity.get("title") if isinstance(entity.get("title"), str) else None)
    if not text or not text.strip():
        raise _Skip("no recommendation text")
    state_label = _first(metadata, "state_under_review")
    state = state_code(state_label) if state_label else wanted_state
    if state is None:
        raise _Skip(f"State under review {state_label!r} is not a known State" if state_label else "no State under review")
    if wanted_state and state != wanted_state:
        return None
    cycle = _cycle(metadata)
    report = _report(metadata, reports, state, cycle)
    notes: list[str] = []
    number, text = _number(metadata, text.strip())
    if number is None:
        number = derived_number(shared_id)
        notes.append(
            f"UPR Info gives no recommendation number: {number} is a key derived from its entity {shared_id}, "
            "not the report's numbering."
        )
    response_label = _first(metadata, "response")
    response = _RESPONSES.get(response_label.casefold()) if response_label else None
    if response_label and response is None:
        notes.append(f"UPR Info response {response_label!r} is neither supported nor noted.")
    recommending, unknown = _states(_labels(metadata, "recommending_state"))
    if unknown:
        notes.append(f"Recommending States not identified: {', '.join(unknown)}.")
    return RecommendationRecord(
        document=report,
        paragraph=number,
        text=text,
        themes=_labels(metadata, "issues"),
        recommending_states=recommending,
        response=response,
        cycle=cycle,
        sources=[SourceRef(url=entity_url(shared_id), publisher=PUBLISHER)],
        notes=" ".join(notes) or None,
    )


def _report(metadata: Mapping[str, Any], reports: Reports, state: str, cycle: int | None) -> str:
    """The Working Group report: one the entity names, if the tracker holds it for the State, else the review's."""
    held = {symbol for (held_state, _), symbol in reports.by_review.items() if held_state == state}
    named = {
        symbol
        for key in metadata
        for label in _labels(metadata, key)
        for symbol in symbols.find_symbols(label)
        if symbols.parse(symbol).form is Form.COUNCIL_REPORT
    }
    if named & held:
        return min(named & held)
    if cycle is None:
        raise _Skip(f"no cycle or session to tell which review of {state} it belongs to")
    report = reports.by_review.get((state, cycle))
    if report is None:
        raise _Skip(f"the tracker holds no Working Group report for the UPR of {state}, cycle {cycle}")
    return report


def _number(metadata: Mapping[str, Any], text: str) -> tuple[str | None, str]:
    """The recommendation's number, from a numbering field or the head of the text (then cut from it)."""
    for key in metadata:
        if "number" in key or "paragraph" in key:
            for label in _labels(metadata, key):
                if _NUMBER.fullmatch(label):
                    return ids.normalize_upr_number(label), text
    numbered = _NUMBERED_TEXT.match(text)
    if numbered:
        return ids.normalize_upr_number(numbered[1]), text[numbered.end() :]
    return None, text


def text_key(text: str) -> str:
    """A recommendation's text as compared across sources: no case, punctuation or trailing "(Norway) (Chile)"."""
    return ids.normalize_title(re.sub(r"(?:\s*\([^()]*\))+\W*$", "", text))


def derived_number(shared_id: str) -> str:
    """A stable ``pppp.q`` key (``pppp`` from 1000 to 9999) for a recommendation UPR Info does not number."""
    digest = int.from_bytes(hashlib.sha256(shared_id.encode()).digest()[:8], "big")
    return f"{1000 + digest % 9000}.{1 + digest // 9000 % 9999}"


def _states(labels: Iterable[str]) -> tuple[list[str], list[str]]:
    codes: list[str] = []
    unknown: list[str] = []
    for label in labels:
        code = state_code(label)
        if code is None:
            unknown.append(label)
        elif code not in codes:
            codes.append(code)
    return codes, unknown


def entity_url(shared_id: str) -> str:
    """The public page of a UPR Info entity."""
    return f"{PUBLIC_BASE}/entity/{quote(shared_id)}"
