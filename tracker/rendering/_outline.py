"""What a briefing says, in order, before any format marks it up.

Every format renders this one outline, so Markdown, HTML and Word carry the same sections,
the same words and the same source numbers; a format only decides how text, links,
citations and marks look, and escapes user text its own way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, urlencode

from tracker.domain.entities import Briefing, BriefingAction, BriefingCase, BriefingItem, BriefingNew, SourceRef
from tracker.domain.enums import Status, Verification
from tracker.domain.wording import case_reference, on, words

#: Best news first, as people read a status count.
_STATUS_ORDER = (
    Status.IMPLEMENTED, Status.PARTIALLY_IMPLEMENTED, Status.NOT_IMPLEMENTED, Status.CONTRARY, Status.CLOSED,
    Status.NO_INFORMATION,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a line: plain text, a link, a citation of a numbered source, a mark the reader must not miss,
    or theme tags (which print smaller where the format allows)."""

    kind: Literal["text", "link", "cite", "mark", "tags"]
    text: str = ""
    url: str = ""
    number: int = 0
    #: A mark printed in square brackets, like ``[unverified — recorded by …]``.
    bracketed: bool = False


@dataclass(frozen=True, slots=True)
class Entry:
    """One list entry: its first row, rows continuing it (detail, what it bears on), and entries under it."""

    rows: tuple[tuple[Piece, ...], ...]
    children: tuple[Entry, ...] = ()
    #: An "and N more" line.
    more: bool = False


@dataclass(frozen=True, slots=True)
class Section:
    """A heading with its entries and sub-sections; never empty."""

    heading: str
    entries: tuple[Entry, ...] = ()
    subsections: tuple[Section, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    """A numbered source, numbered in order of first citation."""

    number: int
    url: str
    title: str | None = None
    publisher: str | None = None

    @property
    def caption(self) -> str:
        """Title and publisher, as far as known: "Law No. 1 of 2023. Adilet"."""
        return ". ".join(part.rstrip(".") for part in (self.title, self.publisher) if part)


@dataclass(frozen=True, slots=True)
class Outline:
    """A whole briefing: title, the lines under it, its sections in order, and its sources."""

    title: str
    state: str
    intro: tuple[str, ...]
    sections: tuple[Section, ...]
    sources: tuple[Source, ...]


def clean(text: str) -> str:
    """User text on one line: line breaks could start a heading or a list in Markdown, and control
    characters are not allowed in a Word document."""
    return _SPACES.sub(" ", _CONTROL.sub("", text))


def text(value: str) -> Piece:
    return Piece("text", text=clean(value))


def link(value: str, url: str) -> Piece:
    return Piece("link", text=clean(value).strip(), url=url)


def mark(value: str, *, bracketed: bool = True) -> Piece:
    return Piece("mark", text=clean(value).strip(), bracketed=bracketed)


class _Sources:
    """Unique URLs, numbered as first cited; a URL cited again keeps its first number."""

    def __init__(self) -> None:
        self._by_url: dict[str, Source] = {}

    def cite(self, url: str, title: str | None = None, publisher: str | None = None) -> Piece:
        source = self._by_url.get(url)
        if source is None:
            source = Source(
                number=len(self._by_url) + 1, url=url,
                title=clean(title or "").strip() or None, publisher=clean(publisher or "").strip() or None,
            )
            self._by_url[url] = source
        return Piece("cite", number=source.number)

    def cite_ref(self, ref: SourceRef) -> Piece:
        return self.cite(ref.url, ref.title, ref.publisher)

    def all(self) -> tuple[Source, ...]:
        return tuple(self._by_url.values())


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _status_words(key: str) -> str:
    try:
        return words(Status(key))
    except ValueError:
        return words(key)


def _summary(briefing: Briefing) -> tuple[Entry, ...]:
    summary = briefing.summary
    order = {status.value: index for index, status in enumerate(_STATUS_ORDER)}
    counts = sorted(
        ((key, count) for key, count in summary.by_status.items() if count),
        key=lambda pair: order.get(pair[0], len(order)),
    )
    line = _count(summary.items, "item", "items")
    if counts:
        line += ": " + ", ".join(f"{count} {_status_words(key)}" for key, count in counts)
    bodies = [(body, sum(by_status.values())) for body, by_status in summary.by_body.items()]
    lines = [line]
    if any(count for _, count in bodies):
        lines.append("By body: " + " · ".join(f"{words(body)} {count}" for body, count in bodies if count))
    overdue = f"State replies overdue: {summary.replies_overdue}"
    on_remedies = summary.replies_overdue_on_remedies
    if on_remedies:
        overdue += f" ({_count(on_remedies, 'remedy', 'remedies')} of individual decisions, under the cases below)"
    lines.append(f"{overdue} · New recommendations in the period: {summary.new_recommendations}")
    lines += [summary.coverage.strip(), summary.verification.strip()]
    return tuple(Entry(rows=((text(one),),)) for one in lines if one)


def _item_url(base_url: str, item: str) -> str:
    return f"{base_url}/items/{quote(item, safe='')}"


def _decision_url(base_url: str, decision: str) -> str:
    return f"{base_url}/decisions/{quote(decision, safe='')}"


def _new(entry: BriefingNew, base_url: str) -> Entry:
    # Decision ids read as "cat-433-2010"; documents are named by their symbols and have no page of their own.
    decision = case_reference(entry.id) != entry.id
    head = link(entry.label, _decision_url(base_url, entry.id)) if decision else text(entry.label)
    where = words(entry.body) + (f", adopted {on(entry.adopted_on)}" if entry.adopted_on else "")
    if decision:
        what = _count(entry.items, "remedy", "remedies")
    else:
        what = f"{_count(entry.items, 'recommendation', 'recommendations')}, {entry.follow_up} selected for follow-up"
    return Entry(rows=((head, text(f" ({where}) — {what}")),))


def _action(action: BriefingAction, base_url: str, sources: _Sources) -> Entry:
    first = [text(f"{on(action.date, action.date_precision)} — {words(action.kind)}: {action.title}")]
    for ref in action.sources:
        first += [text(" "), sources.cite_ref(ref)]
    if action.verification is Verification.UNVERIFIED:
        who = f" — recorded by {action.recorded_by}" if action.recorded_by else ""
        first += [text(" "), mark(f"unverified{who}")]
    rows: list[tuple[Piece, ...]] = [tuple(first)]
    if action.detail:
        rows.append((text(action.detail.strip()),))
    if action.items:
        bears: list[Piece] = [text("Bears on: ")]
        for index, one in enumerate(action.items):
            if index:
                bears.append(text("; "))
            bears += [link(one.label, _item_url(base_url, one.item)), text(f" ({words(one.effect)})")]
        rows.append(tuple(bears))
    return Entry(rows=tuple(rows))


def _item(item: BriefingItem, base_url: str, *, within: str = "") -> Entry:
    after = f" — {words(item.status)}"
    if item.deadline_note:
        after += f"; {item.deadline_note}"
    # Under its case, a remedy is named by what it asks, not by the case again.
    label = item.label.removeprefix(f"{within}: ") if within else item.label
    pieces = [link(label, _item_url(base_url, item.id))]
    if item.verification is Verification.UNVERIFIED:
        pieces += [text(" "), mark("unverified item")]
    pieces.append(text(after))
    if item.awaiting_verification:
        pieces += [text(" "), mark(f"({_count(item.awaiting_verification, 'record', 'records')} awaiting verification)", bracketed=False)]
    if item.themes:
        pieces += [text(" · "), Piece("tags", text="themes: " + ", ".join(words(theme) for theme in item.themes))]
    return Entry(rows=(tuple(pieces),))


def _case(case: BriefingCase, base_url: str) -> Entry:
    about = [part for part in (case.symbol, f"adopted {on(case.adopted_on)}" if case.adopted_on else None) if part]
    head = [link(case.label, _decision_url(base_url, case.decision))]
    if about:
        head.append(text(f" — {', '.join(about)}"))
    return Entry(rows=(tuple(head),), children=tuple(_item(remedy, base_url, within=case.label) for remedy in case.remedies))


def _more(shown: int, total: int) -> tuple[Entry, ...]:
    return (Entry(rows=((text(f"and {total - shown} more"),),), more=True),) if total > shown else ()


def _section(heading: str, entries: tuple[Entry, ...] = (), subsections: tuple[Section, ...] = ()) -> tuple[Section, ...]:
    return (Section(heading, entries, subsections),) if entries or subsections else ()


def outline(briefing: Briefing, *, base_url: str = "") -> Outline:
    """The briefing as the sections every format prints, in order, with empty sections left out.

    ``base_url`` (no trailing slash needed) prefixes the links to item and decision pages.
    """
    base_url = base_url.rstrip("/")
    state = clean(briefing.state.names.get("en") or briefing.state.code).strip()
    since = f"since {on(briefing.since)}" if briefing.since else "from the first record"
    intro = [f"Period: {since} to {on(briefing.until)} · statuses as of {on(briefing.as_of)}"]
    only = []
    if briefing.themes:
        only.append("themes " + ", ".join(words(theme) for theme in briefing.themes))
    if briefing.bodies:
        only.append("bodies " + ", ".join(words(body) for body in briefing.bodies))
    if only:
        intro.append("Only: " + "; ".join(only))

    sources = _Sources()
    actions = tuple(_action(action, base_url, sources) for action in briefing.actions)
    if briefing.actions_total > len(briefing.actions):
        query = {"state": briefing.state.code}
        if briefing.since:
            query["since"] = briefing.since.isoformat()
        query["until"] = briefing.until.isoformat()
        full = sources.cite(f"{base_url}/api/v1/actions?{urlencode(query)}", f"All actions of {state} in the period")
        actions += (Entry(rows=((text(f"Showing {len(briefing.actions)} of {briefing.actions_total}; the full list: "), full),), more=True),)
    changes = tuple(
        Entry(rows=((
            text(f"{on(change.on, change.precision)} — "),
            link(change.label, _item_url(base_url, change.item)),
            text(f": {words(change.from_)} → {words(change.to)} ({change.because})"),
        ),))
        for change in briefing.changes
    )
    outstanding = _section(
        "State replies overdue",
        tuple(_item(item, base_url) for item in briefing.replies_overdue)
        + _more(len(briefing.replies_overdue), briefing.replies_overdue_total),
    ) + _section(
        "Still open",
        tuple(_item(item, base_url) for item in briefing.outstanding) + _more(len(briefing.outstanding), briefing.outstanding_total),
    )
    claims = []
    for claim in briefing.unverified:
        grade = f"graded {claim.grade}" + (f" ({words(claim.status)})" if claim.status else "")
        who = f", recorded by {claim.recorded_by}" if claim.recorded_by else ""
        claims.append(Entry(rows=((
            link(claim.label, _item_url(base_url, claim.item)),
            text(f": {claim.assessor} ({words(claim.assessor_kind)}) {grade} on {on(claim.date)}{who} — "),
            mark("not counted until another editor verifies it", bracketed=False),
        ),)))
    sections = (
        _section("Summary", _summary(briefing))
        + _section("New in the period", tuple(_new(entry, base_url) for entry in briefing.new))
        + _section("What the State did", actions)
        + _section("Status changes", changes + _more(len(briefing.changes), briefing.changes_total))
        + _section("Outstanding", subsections=outstanding)
        + _section(
            "Individual cases with a remedy still open",
            tuple(_case(case, base_url) for case in briefing.cases) + _more(len(briefing.cases), briefing.cases_total),
        )
        + _section("Awaiting verification", tuple(claims))
    )
    return Outline(
        title=f"Briefing: {state}", state=briefing.state.code, intro=tuple(intro), sections=sections, sources=sources.all()
    )
